"""Bytes of an uploaded file → text, the encoding it was read in and why, or a clear refusal.

The decision, in order; each step says in words why it decided:
1. An encoding the person chose is used, strictly: bytes not valid in it refuse the file.
2. A byte-order mark decides (UTF-8, UTF-16, UTF-32); a file whose every second byte is NUL is
   UTF-16 without one. A file full of control bytes is binary, and refused.
3. Valid UTF-8 is UTF-8 (plain ASCII too). A file that is mostly UTF-8 with a few bytes that are
   not is refused: it was joined from two files or damaged, and no one reading is right.
4. Otherwise every encoding of ``encodings.DETECTED`` reads the bytes, and ``evidence.judge``
   keeps the readings whose words look like text. One distinct reading is used. ISO-8859-1 and
   Windows-1252 differ only in bytes 0x80–0x9F: a byte Windows-1252 leaves undefined (0x81)
   means ISO-8859-1; otherwise where those bytes stand decides (``_western``). Several
   readings, or none, refuse the file with a line in each, and the person chooses.
No detector's guess is ever taken on trust: a file is read right, or refused.
"""
import codecs
import re
from dataclasses import dataclass, field

from . import encodings
from .encodings import LATIN_1, UTF8, UTF16, Encoding
from .preview import excerpt, preview

BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE"),
)
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")   # not tab, newlines, form feed
C1 = re.compile(r"[\x80-\x9f]")
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f])
C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
WIDE_NULS = 0.2                 # share of NUL bytes that says "UTF-16/32, not UTF-8"
MAX_CONTROL_SHARE = 0.001       # a few stray control characters pass; a binary file does not
MAX_C1_SHARE = 0.01             # C1 controls (U+0080–U+009F) in Unicode text
CHOOSE = "Choose the file's encoding on the form (or with --encoding) and import it again."


class DecodeError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Decoded:
    text: str
    encoding: str                  # for people: "UTF-8", "Windows-1252", ...
    reason: str = ""               # how it was decided, in words
    preview: list[str] = field(default_factory=list)   # lines with non-ASCII characters

    @property
    def described(self) -> str:
        """"Windows-1252 (chosen on the form)": for the report."""
        return f"{self.encoding} ({self.reason})" if self.reason else self.encoding


def decode(data: bytes, encoding: str = "", chosen_where: str = "chosen") -> Decoded:
    """The text of ``data``, read in ``encoding`` (a key of ``encodings.BY_KEY``) or in the one
    the bytes show; ``DecodeError`` when they are not text or do not show it for certain."""
    if encoding:
        return decode_as(data, _offered(encoding), chosen_where)
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            return _strict(data, codec, name, f"it starts with a {name.split()[0]} byte-order mark")
    if data.count(0) > len(data) * WIDE_NULS:
        return _wide(data)
    _refuse_control_bytes(data)
    if data.isascii():
        return Decoded(data.decode("ascii"), UTF8.name, "plain ASCII, the same in every encoding")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from .guessing import guess   # the evidence's tables load only for files that need them
        return guess(data, first_bad=exc.start)
    _refuse_c1(text, len(C1_IN_UTF8.findall(data)), UTF8.name)
    return Decoded(text, UTF8.name, "every byte is valid UTF-8", preview(text))


def decode_as(data: bytes, encoding: Encoding, reason: str) -> Decoded:
    """``data`` read strictly in ``encoding``; ``DecodeError`` naming the first byte it cannot read."""
    try:
        text = data.decode(encoding.codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"The file is not valid {encoding.name}: {where(data, exc.start)} cannot be "
                          f"read in it. Nothing was imported: choose another encoding.") from None
    return checked(Decoded(text.removeprefix("\ufeff"), encoding.name, reason))


def where(data: bytes, position: int) -> str:
    """"the byte 0xe9 on line 3 (“caf\\xe9 au lait”)": a place in the file, for a message."""
    line = data.count(b"\n", 0, position) + 1
    start = data.rfind(b"\n", 0, position) + 1
    end = data.find(b"\n", position)
    shown = data[start:end if end >= 0 else len(data)].decode("utf-8", "backslashreplace")
    at = len(data[start:position].decode("utf-8", "backslashreplace"))
    return f"the byte 0x{data[position]:02x} on line {line} (“{excerpt(shown, at, 60)}”)"


def checked(decoded: Decoded) -> Decoded:
    """The decoded text with its preview, unless control characters say it is not text."""
    text = decoded.text
    controls = len(CONTROLS.findall(text))
    if controls > max(2, len(text) * MAX_CONTROL_SHARE):
        raise DecodeError(f"The file read as {decoded.encoding} is full of control characters: it "
                          "looks like a binary file, not text. Nothing was imported.")
    if decoded.encoding != LATIN_1.name:     # ISO-8859-1 keeps its C1 bytes as characters
        _refuse_c1(text, len(C1.findall(text)), decoded.encoding)
    decoded.preview = preview(text)
    return decoded


def _offered(key: str) -> Encoding:
    try:
        return encodings.by_key(key)
    except KeyError:
        raise DecodeError(f"{key[:40]!r} is not an encoding offered here.") from None


def _strict(data: bytes, codec: str, name: str, reason: str) -> Decoded:
    try:
        return checked(Decoded(data.decode(codec), name, reason))
    except UnicodeDecodeError as exc:
        raise DecodeError(f"The file starts with a {name} byte-order mark but is not valid {name} "
                          f"(bad bytes at position {exc.start}).") from None


def _wide(data: bytes) -> Decoded:
    """UTF-16 without a byte-order mark, told by where its NULs are (Latin text has one in every
    character); otherwise the NULs say binary."""
    for encoding, nuls in ((UTF16[0], data[1::2]), (UTF16[1], data[0::2])):
        if nuls.count(0) > len(nuls) * 0.9 and len(data) % 2 == 0:
            try:
                return decode_as(data, encoding, f"every second byte is NUL, as in {encoding.name} "
                                                  "without a byte-order mark")
            except DecodeError:
                break
    raise DecodeError("The file is full of NUL bytes: it looks like a binary file, not text. "
                      "Nothing was imported.")


def _refuse_control_bytes(data: bytes) -> None:
    controls = len(data) - len(data.translate(None, CONTROL_BYTES))
    if controls > max(2, len(data) * MAX_CONTROL_SHARE):
        raise DecodeError("The file is full of control characters: it looks like a binary file, not "
                          "text. Nothing was imported.")


def _refuse_c1(text: str, count: int, name: str) -> None:
    if count > max(8, len(text) * MAX_C1_SHARE):
        raise DecodeError(f"The file read as {name} is full of control characters: it looks like "
                          "a binary file, not text. Nothing was imported.")
