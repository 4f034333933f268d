"""Which encoding a file that is not UTF-8 is in: decided by evidence, or refused.

Each encoding of ``encodings.DETECTED`` reads a sample (the lines that hold non-ASCII bytes);
``evidence.judge`` keeps the readings that look like text, and identical readings count once.
One left: the file is read in it, strictly, whole. ISO-8859-1 and Windows-1252 both left: where
the bytes 0x80–0x9F stand decides (``_western``). None, or several that differ: ``DecodeError``
with a line in each, so the person sees the candidates and chooses.
"""
import re
from dataclasses import dataclass

from .decoding import CHOOSE, DecodeError, Decoded, checked, where
from .encodings import DETECTED, LABELS, LATIN_1, WINDOWS_1252, Encoding
from .evidence import Verdict, judge
from .preview import excerpt

SAMPLE_BYTES = 1 << 15
LONG_LINE = 4096
HIGH = re.compile(rb"[\x80-\xff]")
UNDEFINED_IN_1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
C1_BYTE = re.compile(rb"[\x80-\x9f]")
C1_BYTES = bytes(range(0x80, 0xA0))
LETTER_BYTE = rb"[A-Za-z\xaa\xb5\xba\xc0-\xd6\xd8-\xf6\xf8-\xff]"
# Windows-1252 signs that make no sense between two letters (a bullet, quotes, €, ™ ...);
# apostrophes, dashes and the letters Š Œ Ž š œ ž Ÿ ƒ may stand there.
SIGNS = rb"[\x80\x82\x84-\x89\x8b\x93-\x95\x98\x99\x9b]"
C1_IN_WORD = re.compile(rb"%s(?<=%s%s)(?=%s)" % (SIGNS, LETTER_BYTE, SIGNS, LETTER_BYTE))
HIGH_RUN = re.compile(rb"[\x80-\xff]+")


@dataclass
class Reading:
    encoding: Encoding
    text: str
    verdict: Verdict


def guess(data: bytes, first_bad: int = 0, whole: bool = False) -> Decoded:
    """``data`` (not UTF-8 from ``first_bad`` on) read in the one encoding the evidence leaves,
    or ``DecodeError``."""
    sample = data if whole else _sample(data)
    _refuse_mostly_utf8(data, sample, first_bad)
    readings = _readings(sample)
    passing = _distinct([r for r in readings if r.verdict.passes])
    if {r.encoding for r in passing} >= {LATIN_1, WINDOWS_1252}:
        passing = _western(data, passing)
    if len(passing) == 1:
        return _whole(data, sample, passing[0], readings)
    if not passing:
        raise DecodeError("The file is not UTF-8, and no encoding offered here reads it as text "
                          f"for certain. {_lines(data, _distinct(readings)[:2], show_why=True)} {CHOOSE} "
                          "Nothing was imported.")
    names = " and ".join(r.encoding.name for r in passing[:3])
    raise DecodeError(f"The file's encoding cannot be told for sure: it is not UTF-8, and it reads "
                      f"as text both in {names}, differently. {_lines(data, passing[:3])} {CHOOSE} "
                      "Nothing was imported.")


def _refuse_mostly_utf8(data: bytes, sample: bytes, first_bad: int) -> None:
    """Refuse a file in which most runs of non-ASCII bytes are UTF-8 characters and some are not
    (counted in the sample, and the line of the first that is not)."""
    start = data.rfind(b"\n", 0, first_bad) + 1
    valid = invalid = 0
    for run in HIGH_RUN.findall(sample + b"\n" + data[start:data.find(b"\n", first_bad) % (len(data) + 1)]):
        try:
            run.decode("utf-8")
            valid += 1
        except UnicodeDecodeError:
            invalid += 1
    if valid > invalid:
        places = "one place is" if invalid == 1 else f"{invalid:,} places are"
        raise DecodeError(f"The file is mostly UTF-8 ({valid:,} places read as UTF-8), but {places} not: "
                          f"{where(data, first_bad)}. It may have been joined from two files or "
                          f"damaged; no single encoding reads all of it right. Nothing was imported: "
                          f"save it again as UTF-8, or {CHOOSE[0].lower() + CHOOSE[1:]}")


def _readings(sample: bytes) -> list[Reading]:
    readings = []
    for encoding in DETECTED:
        try:
            text = sample.decode(encoding.codec)
        except UnicodeDecodeError:
            continue
        readings.append(Reading(encoding, text, judge(text, encoding.script)))
    return readings


def _distinct(readings: list[Reading]) -> list[Reading]:
    seen, kept = set(), []
    for reading in readings:
        if reading.text not in seen:
            seen.add(reading.text)
            kept.append(reading)
    return kept


def _whole(data: bytes, sample: bytes, reading: Reading, readings: list[Reading]) -> Decoded:
    """The whole file in the reading's encoding; guessed again whole if the rest is not valid in it."""
    try:
        text = data.decode(reading.encoding.codec)
    except UnicodeDecodeError:
        if sample is data:
            raise DecodeError(f"The file is not valid {reading.encoding.name} either. {CHOOSE}") from None
        return guess(data, whole=True)
    return checked(Decoded(text, reading.encoding.name, _reason(data, reading, readings)))


def _sample(data: bytes) -> bytes:
    """Up to ``SAMPLE_BYTES`` of the lines that hold non-ASCII bytes, from the start, the middle
    quarters, the end and the first line with a byte 0x80–0x9F, so that a file whose text
    changes on the way is seen (a long line: the part around them, cut at spaces, which no
    multibyte character holds)."""
    if len(data) <= SAMPLE_BYTES:
        return data
    parts, c1 = [], C1_BYTE.search(data)
    ends = [data.rfind(b"\n", 0, data.rfind(b"\n", 0, -SAMPLE_BYTES // 6)) + 1]
    for offset in (0, len(data) // 4, len(data) // 2, len(data) * 3 // 4, c1.start() if c1 else None):
        if offset is not None:
            ends.append(data.rfind(b"\n", 0, offset) + 1)
    for position in ends[1:] + ends[:1]:
        parts += _lines_from(data, position, SAMPLE_BYTES // 6)
    return b"".join(dict.fromkeys(parts))


def _lines_from(data: bytes, position: int, size: int) -> list[bytes]:
    parts, taken = [], 0
    for start, end in _high_lines(data, position):
        if end - start > LONG_LINE:
            at = HIGH.search(data, start).start()
            start = max(start, data.rfind(b" ", start, max(start, at - LONG_LINE // 2)) + 1)
            cut = data.find(b" ", min(end, at + LONG_LINE // 2), end)
            end = end if cut < 0 else cut
        parts.append(data[start:end] + b"\n")
        taken += end - start + 1
        if taken >= size:
            break
    return parts


def _high_lines(data: bytes, position: int = 0):
    """(start, end) of each line from ``position`` on that holds a non-ASCII byte, in order."""
    while (match := HIGH.search(data, position)) is not None:
        start = data.rfind(b"\n", 0, match.start()) + 1
        end = data.find(b"\n", match.start())
        end = len(data) if end < 0 else end
        yield start, end
        position = end + 1


def _western(data: bytes, passing: list[Reading]) -> list[Reading]:
    """The readings left once ``western_choice`` has chosen between ISO-8859-1 and Windows-1252."""
    choice = western_choice(data)
    if choice is None:
        return passing
    dropped = WINDOWS_1252 if choice is LATIN_1 else LATIN_1
    return [r for r in passing if r.encoding is not dropped]


def western_choice(data: bytes) -> Encoding | None:
    """ISO-8859-1 or Windows-1252 (they differ in 0x80–0x9F only), or None when unclear: a byte
    Windows-1252 leaves undefined means ISO-8859-1; signs between letters (“avu•olu”) mean the
    bytes are C1 controls, so ISO-8859-1; anywhere else they are Windows-1252's punctuation."""
    if UNDEFINED_IN_1252.search(data):
        return LATIN_1
    inside, elsewhere = _c1_places(data)
    if not inside:
        return WINDOWS_1252
    return None if elsewhere else LATIN_1


def western_reason(data: bytes, encoding: Encoding) -> str:
    """Why ``western_choice`` chose ``encoding``, in words."""
    if encoding is LATIN_1 and (undefined := UNDEFINED_IN_1252.search(data)):
        return (f"{where(data, undefined.start())} is undefined in Windows-1252, so ISO-8859-1, "
                "whose bytes 0x80–0x9F are control characters, kept as they are")
    if encoding is LATIN_1:
        return ("its bytes 0x80–0x9F stand inside words, where Windows-1252 would put signs such "
                "as “•”: ISO-8859-1, those bytes kept as control characters")
    return "its bytes 0x80–0x9F stand where Windows-1252's punctuation (“ ” ’ – — … €) makes sense"


def _c1_places(data: bytes) -> tuple[int, int]:
    """How many bytes 0x80–0x9F stand between two letters where Windows-1252 would put a sign
    there, and how many elsewhere."""
    inside = len(C1_IN_WORD.findall(data))
    return inside, len(data) - len(data.translate(None, C1_BYTES)) - inside


def _reason(data: bytes, reading: Reading, readings: list[Reading]) -> str:
    encoding, verdict = reading.encoding, reading.verdict
    if encoding is WINDOWS_1252 or (encoding is LATIN_1 and C1_BYTE.search(data)):
        return f"not UTF-8; {western_reason(data, encoding)}"
    script = "Latin" if encoding.script == "latin" else LABELS[encoding.script]
    words = f"its words with non-ASCII letters read as {script} words"
    if encoding is LATIN_1:
        words += ", and no byte is in 0x80–0x9F, where Windows-1252 would differ"
    rejected = next((r for r in readings if not r.verdict.passes and r.verdict.example), None)
    if rejected is not None:
        words += f" ({rejected.encoding.name} would give “{rejected.verdict.example}”)"
    return f"not UTF-8; {words}"


def _lines(data: bytes, readings: list[Reading], show_why: bool = False) -> str:
    """The first line where the readings differ, as each reads it."""
    if not readings:
        return ""
    number, lines = first_difference(data, [r.encoding.codec for r in readings])
    shown = "; ".join(f"as {r.encoding.name}: “{line}”" + (f" ({r.verdict.why})" if show_why and
                                                            r.verdict.why else "")
                      for r, line in zip(readings, lines))
    return f"Line {number} {shown}."


def first_difference(data: bytes, codecs: list[str], most: int = 10_000) -> tuple[int, list[str]]:
    """The number of the first line that the codecs read differently, and their readings."""
    first = None
    for count, (start, end) in enumerate(_high_lines(data)):
        lines = [data[start:end].decode(codec, "replace") for codec in codecs]
        first = first or (start, lines)
        if len(set(lines)) > 1 or len(codecs) == 1 or count >= most:
            first = (start, lines)
            break
    start, lines = first or (0, [""] * len(codecs))
    at = next((i for i, chars in enumerate(zip(*lines)) if len(set(chars)) > 1), 0)
    if len(codecs) == 1:
        at = HIGH.search(data, start).start() - start if HIGH.search(data, start) else 0
    return data.count(b"\n", 0, start) + 1, [excerpt(line, at, 80) for line in lines]
