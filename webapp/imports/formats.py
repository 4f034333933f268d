"""Which format a file is in, and opening it: total count, encoding and items to import."""
from dataclasses import dataclass, field
from typing import Any

from . import annotations, claim_rows, readers, zips
from .decoding import DecodeError, decode
from .encodings import by_key
from .readers import FormatError

FORMATS = {"jsonl": "JSON Lines", "csv": "CSV", "zip": "Zip of .txt/.html files",
           "annotations": "W3C Web Annotations"}
CLAIMS = {"annotations", "claims-jsonl", "claims-csv"}   # what the file is read as: claims
READ_AS = {**FORMATS, "claims-jsonl": "JSON Lines of claims", "claims-csv": "CSV of claims"}
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".csv": "csv",
              ".tsv": "csv", ".zip": "zip", ".json": "annotations",
              ".jsonld": "annotations"}


def detect(filename: str, chosen: str = "") -> str:
    """The format chosen in the form, or the one the file name says."""
    if chosen in FORMATS:
        return chosen
    name = filename.lower()
    for extension, fmt in EXTENSIONS.items():
        if name.endswith(extension):
            return fmt
    raise FormatError("Cannot tell the format from the file name: name it .jsonl, .csv, .zip "
                      "or .json (Web Annotations), or choose the format.")


@dataclass
class Opened:
    fmt: str                         # what it is read as: a key of READ_AS
    total: int
    items: Any                       # callable(start) -> iterator of items
    summary: dict = field(default_factory=dict)   # what the report says about the file
    preview: list[str] = field(default_factory=list)   # lines with non-ASCII text, as decoded


def open_input(fmt: str, data: bytes, zip_limits: zips.Limits | None = None,
               encoding: str = "") -> Opened:
    """Open the file for import, read in ``encoding`` if one was chosen (a key of
    ``encodings.BY_KEY``); ``FormatError`` (nothing imported) when it cannot be read."""
    if fmt == "zip":
        archive = zips.ZipArchive(data, zip_limits or zips.Limits())
        summary = {"Format": FORMATS[fmt]}
        if encoding:
            summary["Encoding"] = f"{by_key(encoding).name} (chosen for every file of the zip)"
        return Opened(fmt, archive.total, archive.items, summary)
    try:
        decoded = decode(data, encoding, "chosen for this import")
    except DecodeError as exc:
        raise FormatError(exc.message) from None
    summary = {"Format": FORMATS[fmt], "Encoding": decoded.described}
    text = decoded.text.removeprefix("\ufeff")
    if fmt == "jsonl" and claim_rows.jsonl_is_claims(text):
        rows = claim_rows.ClaimJsonl(text)
        return Opened("claims-jsonl", rows.total, rows.items, {**summary, "Format": READ_AS[
            "claims-jsonl"]}, decoded.preview)
    if fmt == "csv" and claim_rows.is_claims(readers.csv_header(text)):
        table = claim_rows.ClaimCsv(text)
        return Opened("claims-csv", table.total, table.items, {**summary, "Format": READ_AS[
            "claims-csv"]}, decoded.preview)
    if fmt == "jsonl":
        rows = readers.JsonlFile(text)
        if rows.ignored:
            summary["Keys ignored"] = readers.ignored_fields(rows.ignored)[:600]
        return Opened(fmt, rows.total, rows.items, summary, decoded.preview)
    if fmt == "csv":
        table = readers.CsvFile(text)
        if table.ignored:
            summary["Columns ignored"] = readers.ignored_fields(table.ignored)[:600]
        return Opened(fmt, table.total, table.items, summary, decoded.preview)
    if fmt == "annotations":
        found = annotations.parse(text)
        return Opened(fmt, len(found), lambda start=0: annotations.items(found, start), summary,
                      decoded.preview)
    raise FormatError(f"Unknown format {fmt!r}.")
