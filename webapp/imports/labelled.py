"""Decoding a fetched page whose encoding is declared: the ``Content-Type`` header's charset and
the page's ``<meta charset>``, which may disagree.

The rules, in order, each giving its reason in words:
1. An encoding the person chose is used, strictly. A byte-order mark decides.
2. The labels that name an encoding are tried strictly; "ISO-8859-1", "ASCII" and
   "Windows-1252" all mean Western, and where bytes 0x80–0x9F stand chooses between the two.
3. One label, or labels that read the page alike: used. Labels that disagree: the one whose
   reading is valid, or whose words look like text (``evidence.judge``); if both do, and they
   differ, the page is refused with a line in each and the person chooses.
4. No label reads the page: the bytes decide (``decoding.decode``), and the reason says the
   label was wrong.
"""
import codecs

from .decoding import BOMS, DecodeError, Decoded, checked, decode, where
from .encodings import BY_KEY, LATIN_1, WINDOWS_1252, Encoding
from .evidence import judge

WESTERN = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
           "windows-1252", "cp1252", "x-cp1252"}


def decode_labelled(data: bytes, labels: list[tuple[str, str]], encoding: str = "") -> Decoded:
    """``labels``: (who says it, the charset), e.g. ("the Content-Type header", "utf-8")."""
    if encoding or data.startswith(tuple(bom for bom, _codec, _name in BOMS)):
        return decode(data, encoding, "chosen on the form")
    said = [(who, _encoding(label)) for who, label in labels if label and _encoding(label)]
    readings = []
    for who, encoding_ in said:
        codec = "latin_1" if encoding_ is WINDOWS_1252 else encoding_.codec   # see _western
        try:
            readings.append((who, encoding_, data.decode(codec)))
        except UnicodeDecodeError as exc:
            readings.append((who, encoding_, exc))
    valid = [r for r in readings if isinstance(r[2], str)]
    if not valid:
        return _by_the_bytes(data, readings)
    return _among(data, valid, readings)


def _encoding(label: str) -> Encoding | None:
    label = label.strip().lower()
    if label in WESTERN:
        return WINDOWS_1252
    known = BY_KEY.get(label) or next((e for e in BY_KEY.values() if _same(e.codec, label)), None)
    if known is not None:
        return known
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    return Encoding(label, info.name, label.upper(), "")


def _same(codec: str, label: str) -> bool:
    try:
        return codecs.lookup(codec).name == codecs.lookup(label).name
    except LookupError:
        return False


def _among(data: bytes, valid: list, readings: list) -> Decoded:
    texts = {text for _who, _e, text in valid}
    if len(texts) > 1:
        looking = [r for r in valid if judge(r[2], r[1].script).passes]
        valid = looking if len(looking) == 1 else valid
        if len({text for _who, _e, text in valid}) > 1:
            _refuse_disagreement(data, valid)
    who, encoding, text = valid[0]
    if encoding is WINDOWS_1252:
        return _western(data, who, text)
    return checked(Decoded(text, encoding.name, _reason(who, encoding, readings)))


def _western(data: bytes, who: str, text: str) -> Decoded:
    """ISO-8859-1 or Windows-1252 (a Latin-1 label means either), as bytes 0x80–0x9F say."""
    from .guessing import C1_BYTE, first_difference, western_choice, western_reason
    if not C1_BYTE.search(data):
        return checked(Decoded(text, LATIN_1.name, f"{who} says Latin-1 or Windows-1252, which read "
                                                   "this page alike"))
    choice = western_choice(data)
    if choice is None:
        number, (latin, windows) = first_difference(data, ["latin_1", "cp1252"])
        raise DecodeError(f"{who[0].upper() + who[1:]} says Latin-1 or Windows-1252, and the page "
                          f"reads differently in each: line {number} as ISO-8859-1: “{latin}”; as "
                          f"Windows-1252: “{windows}”. Choose the encoding on the form and fetch it again.")
    text = text if choice is LATIN_1 else data.decode("cp1252")
    return checked(Decoded(text, choice.name, f"{who} says Latin-1 or Windows-1252; "
                                               f"{western_reason(data, choice)}"))


def _reason(who: str, encoding: Encoding, readings: list) -> str:
    others = [(w, e, t) for w, e, t in readings if e != encoding]
    if not others:
        agree = " and ".join(w for w, _e, _t in readings)
        return f"{agree} say{'s' if len(readings) == 1 else ''} so"
    other_who, other, text = others[0]
    wrong = "makes garbled words of it" if isinstance(text, str) else "cannot read every byte"
    return f"{who} says so; {other_who} says {other.name}, which {wrong}"


def _by_the_bytes(data: bytes, readings: list) -> Decoded:
    decoded = decode(data)
    if readings:
        who, encoding, error = readings[0]
        decoded.reason = (f"{who} says {encoding.name}, but {where(data, error.start)} is not valid "
                          f"in it; {decoded.reason}")
    return decoded


def _refuse_disagreement(data: bytes, valid: list) -> None:
    from .guessing import first_difference
    number, lines = first_difference(data, [e.codec for _w, e, _t in valid])
    said = " and ".join(f"{who} says {e.name}" for who, e, _t in valid)
    shown = "; ".join(f"as {e.name}: “{line}”" for (_w, e, _t), line in zip(valid, lines))
    raise DecodeError(f"The page's encoding cannot be told for sure: {said}, and the page reads "
                      f"as text in each, differently. Line {number} {shown}. Choose the encoding on "
                      "the form and fetch it again.")
