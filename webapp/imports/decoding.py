"""Bytes of an uploaded file → text, with the encoding it was read in, or a clear refusal.

Byte-order marks decide first (UTF-8, UTF-16, UTF-32); then strict UTF-8; then
charset-normalizer guesses. Its guess is steered towards Windows-1252 when that reads the bytes
just as cleanly: spreadsheets on Windows write it, and for Western text charset-normalizer
often ties it with Central European code pages (cp1250 would turn "à" into "ŕ"). Bytes that
no encoding reads as text (a binary file, say) are refused, never decoded into mojibake.
"""
import codecs
import re
from dataclasses import dataclass


BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (with byte-order mark)"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
NAMES = {"cp1252": "Windows-1252", "latin_1": "ISO-8859-1 (Latin-1)", "utf_8": "UTF-8",
         "utf_16_le": "UTF-16 LE", "utf_16_be": "UTF-16 BE", "utf_32_le": "UTF-32 LE",
         "utf_32_be": "UTF-32 BE"}
WESTERN = ("cp1252", "latin_1")
C1_BYTE = re.compile(rb"[\x80-\x9f]")
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")   # not tab, newlines, form feed
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f])   # CONTROLS in UTF-8: a byte,
C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")                            # or \xc2 and one (U+0080-9F)
WIDE_NULS = 0.2                 # share of NUL bytes that says "UTF-16/32, not UTF-8"
MAX_CONTROL_SHARE = 0.001       # a few stray control characters pass; a binary file does not
SAMPLE_BYTES = 1 << 18          # charset-normalizer guesses from the first 256 KB of a big file


class DecodeError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Decoded:
    text: str
    encoding: str      # for people: "UTF-8", "Windows-1252", ...


def decode(data: bytes) -> Decoded:
    """The text of ``data`` and the encoding it was read in; ``DecodeError`` if it is not text."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            return _strict(data, codec, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _checked(_guess(data))
    if data.count(0) > len(data) * WIDE_NULS:   # UTF-16 without a mark also "reads" as UTF-8
        return _checked(_guess(data))
    return _checked(Decoded(text, "UTF-8"), _utf8_controls(data))


def _strict(data: bytes, codec: str, name: str) -> Decoded:
    try:
        return _checked(Decoded(data.decode(codec), name))
    except UnicodeDecodeError as exc:
        raise DecodeError(f"The file starts with a {name} byte-order mark but is not valid {name} "
                          f"(bad bytes at position {exc.start}).") from None


def _guess(data: bytes) -> Decoded:
    """charset-normalizer's guess from a sample (it decodes its input once per candidate
    encoding: a third of a second for 6 MB), read over the whole file; the whole file guessed
    when the rest of it does not read in the sample's encoding."""
    sample = _sample(data)
    try:
        return _guess_from(sample, data)
    except UnicodeDecodeError:
        return _guess_from(data, data)


def _sample(data: bytes) -> bytes:
    """The first ``SAMPLE_BYTES``, cut after a line feed so that no character is cut in two
    (0x0A is never part of a multibyte character in the ASCII-compatible encodings). UTF-16/32
    without a byte-order mark (many NULs) is guessed whole."""
    end = data.rfind(b"\n", 0, SAMPLE_BYTES) + 1
    if len(data) <= SAMPLE_BYTES or not end or data.count(0, 0, end) > end * WIDE_NULS:
        return data
    return data[:end]


def _guess_from(sample: bytes, data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # only for files that are not UTF-8: not at start-up
    matches = list(from_bytes(sample))
    if not matches:
        raise DecodeError("The file's encoding could not be recognised: it does not read as text in "
                          "any encoding (is it a binary file?). Save it as UTF-8 and try again.")
    least_chaos = min(m.chaos for m in matches)
    for match in matches:
        if match.chaos <= least_chaos + 0.01:
            western = [c for c in WESTERN if c in match.could_be_from_charset]
            if western:
                return _western(data)
    best = matches[0]
    if best.encoding.startswith("utf_") and data.count(0) <= len(data) * WIDE_NULS:
        # UTF-16/32 with no byte-order mark is only believable with the NULs that Latin text
        # has in it; otherwise it is a guess that turns bytes into random ideographs.
        raise DecodeError("The file's encoding could not be recognised (is it a binary file?). "
                          "Save it as UTF-8 and try again.")
    return Decoded(str(best) if sample is data else data.decode(best.encoding), _name(best.encoding))


def _name(codec: str) -> str:
    if codec in NAMES:
        return NAMES[codec]
    if re.fullmatch(r"cp125\d", codec):
        return "Windows-" + codec[2:]
    return codec.upper().replace("_", "-")


def _western(data: bytes) -> Decoded:
    """Windows-1252 if it reads every byte; ISO-8859-1 when no byte needs Windows-1252 (they
    agree there) or a byte Windows-1252 leaves undefined is present."""
    if not C1_BYTE.search(data):
        return Decoded(data.decode("latin_1"), NAMES["latin_1"])
    try:
        return Decoded(data.decode("cp1252"), NAMES["cp1252"])
    except UnicodeDecodeError:
        return Decoded(data.decode("latin_1"), NAMES["latin_1"])


def _utf8_controls(data: bytes) -> int:
    """How many ``CONTROLS`` valid UTF-8 bytes hold, counted in the bytes: several times faster
    than scanning the decoded text of a big file (a string of 4-byte code points with emoji)."""
    return len(data) - len(data.translate(None, CONTROL_BYTES)) + len(C1_IN_UTF8.findall(data))


def _checked(decoded: Decoded, controls: int | None = None) -> Decoded:
    text = decoded.text
    if controls is None:
        controls = sum(1 for _ in CONTROLS.finditer(text))
    if controls > max(2, len(text) * MAX_CONTROL_SHARE):
        raise DecodeError(f"The file read as {decoded.encoding} is full of control characters: it "
                          "looks like a binary file, not text. Nothing was imported.")
    return decoded
