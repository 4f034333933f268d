"""A zip of .txt and .html files, read in memory under limits (SECURITY.md T25).

Before anything is decompressed, the central directory is checked: the number of entries and
their total size as declared (the whole zip is refused past the limits), then each member on
its own (name, duplicates, encryption, compression ratio, size): a member that breaks a rule
is refused with its reason and the others are read. Declared sizes are not trusted: members
are read with a cap, and the total actually read is counted too. Nothing is ever written to
disk, so a member name like ``../../x.txt`` can do no harm; it is refused all the same.
"""
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from .items import Item, refused
from .readers import FormatError

ARTICLE_EXTENSIONS = (".txt", ".html", ".htm")
ARCHIVE_EXTENSIONS = (".zip", ".jar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar")
UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    entries: int = 10_000
    total_bytes: int = 1 << 30          # 1 GB uncompressed, all members together
    ratio: int = 100                    # uncompressed : compressed, per member
    member_bytes: int = 20 * 1024 * 1024


class ZipArchive:
    def __init__(self, data: bytes, limits: Limits = Limits()):
        self.limits = limits
        _check_entry_count(data, limits)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise FormatError("This is not a zip file (or it is damaged).") from None
        _refuse_count(len(self.zip.infolist()), limits)
        self.infos = [i for i in self.zip.infolist() if not i.is_dir()]
        declared = sum(i.file_size for i in self.infos)
        if declared > limits.total_bytes:
            raise FormatError(f"The zip would unpack to {declared:,} bytes; at most "
                              f"{limits.total_bytes:,} are accepted. Nothing was imported.")
        self.total = len(self.infos)
        self.read_bytes = 0

    def items(self, start: int = 0) -> Iterator[Item]:
        seen: set[str] = set()
        for index, info in enumerate(self.infos):
            where = f"file {display_name(info)}"
            problem = self._problem(info, seen)   # before the start too: duplicates are counted
            if index < start:
                continue
            yield refused(where, problem) if problem else self._read(info, where)

    def _problem(self, info: zipfile.ZipInfo, seen: set[str]) -> str:
        name = info.filename.replace("\\", "/")
        key = name.lower()
        duplicate = key in seen
        seen.add(key)
        if info.flag_bits & 0x800 == 0 and not name.isascii() and not _utf8_in_cp437(name):
            return "The file name is not UTF-8; rename it and zip again."
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
            return "The file name points outside the zip (absolute path or \"..\"); refused."
        if duplicate:
            return "Another file in the zip has the same name."
        if info.flag_bits & 0x1:
            return "The file is encrypted."
        if name.lower().endswith(ARCHIVE_EXTENSIONS):
            return "An archive inside the zip is not opened."
        if not name.lower().endswith(ARTICLE_EXTENSIONS):
            return "Only .txt and .html files are imported."
        if info.file_size > self.limits.member_bytes:
            return f"The file unpacks to {info.file_size:,} bytes; at most {self.limits.member_bytes:,}."
        if info.file_size > self.limits.ratio * max(info.compress_size, 1):
            return (f"The file is compressed more than {self.limits.ratio}:1 (a zip bomb?); "
                    "it was not unpacked.")
        return ""

    def _read(self, info: zipfile.ZipInfo, where: str) -> Item:
        cap = min(info.file_size, self.limits.member_bytes, self.limits.total_bytes - self.read_bytes)
        chunks, size = [], 0
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(min(CHUNK, cap + 1 - size)):
                    size += len(chunk)
                    chunks.append(chunk)
                    if size > cap:
                        return refused(where, "The file is larger than its zip entry says, or than "
                                              "the limits allow; it was not imported.")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
                NotImplementedError, ValueError) as exc:
            return refused(where, f"The file could not be unpacked ({_short(exc)}).")
        finally:
            self.read_bytes += size
        data = b"".join(chunks)
        if data.startswith(b"PK\x03\x04"):
            return refused(where, "An archive inside the zip is not opened.")
        return Item(where=where, filename=info.filename.replace("\\", "/"), data=data)


def display_name(info: zipfile.ZipInfo) -> str:
    """The member's name for the report (control and direction characters taken out)."""
    return UNSAFE_NAME.sub("", info.filename)[:300] or "(no name)"


def _utf8_in_cp437(name: str) -> bool:
    """A name stored as UTF-8 by a tool that forgot the UTF-8 flag (zipfile read it as cp437)."""
    try:
        name.encode("cp437").decode("utf-8")
        return True
    except UnicodeError:
        return False


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__)[:200]


def _check_entry_count(data: bytes, limits: Limits) -> None:
    """Read the entry count from the end record before zipfile builds a list of them all."""
    try:
        end = zipfile._EndRecData(io.BytesIO(data))  # noqa: SLF001 - the count, nothing more
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        end = None
    if not end:
        raise FormatError("This is not a zip file (or it is damaged).")
    count = end[zipfile._ECD_ENTRIES_TOTAL]  # noqa: SLF001
    # The end record may lie: count the central directory's entry signatures as well.
    offset, size = end[zipfile._ECD_OFFSET], end[zipfile._ECD_SIZE]  # noqa: SLF001
    count = max(count, data[offset:offset + size].count(b"PK\x01\x02"))
    _refuse_count(count, limits)


def _refuse_count(count: int, limits: Limits) -> None:
    if count > limits.entries:
        raise FormatError(f"The zip has {count:,} entries; at most {limits.entries:,} are accepted. "
                          "Nothing was imported.")
