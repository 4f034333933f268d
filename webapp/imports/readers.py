"""JSON Lines and CSV files of articles: one article per line (or CSV record), numbered.

Each article is ``text`` plus the provenance fields ``title``, ``site_name``,
``original_outlet``, ``url``, ``author`` and ``published_on`` (YYYY-MM-DD). A line that cannot
be read (malformed JSON, a field far too long for the CSV reader) becomes a refused item with
its line number; reading goes on with the next line. Keys (or columns) that are none of these
are named in the report, with the field probably meant.
"""
import csv
import difflib
import io
import json
from collections.abc import Iterable, Iterator

from .items import Item, refused

PROVENANCE = ("title", "site_name", "original_outlet", "url", "author", "published_on")
COLUMNS = ("text", *PROVENANCE)
# The csv module refuses fields over 131 072 characters by default; an article may have up to
# MAX_ARTICLE_CHARS (1 000 000), so the limit is raised deliberately, a little above that, to
# let the article check give the clear message.
CSV_FIELD_LIMIT = 1_048_576


# What other tools and scrapers call our fields (compared in lower case, "_" for spaces and "-").
SYNONYMS = {
    "outlet": ("original_outlet", "site_name"), "source": ("original_outlet", "site_name"),
    "agency": ("original_outlet",), "newspaper": ("original_outlet",),
    "publisher": ("site_name",), "site": ("site_name",), "website": ("site_name",),
    "domain": ("site_name",), "sitename": ("site_name",),
    "published": ("published_on",), "date": ("published_on",), "published_at": ("published_on",),
    "publication_date": ("published_on",), "pubdate": ("published_on",),
    "date_published": ("published_on",), "datepublished": ("published_on",),
    "link": ("url",), "href": ("url",), "uri": ("url",), "permalink": ("url",),
    "source_url": ("url",), "headline": ("title",), "name": ("title",),
    "byline": ("author",), "authors": ("author",), "writer": ("author",), "creator": ("author",),
    "body": ("text",), "content": ("text",), "article": ("text",), "full_text": ("text",),
    "article_text": ("text",),
}


def ignored_fields(names: Iterable[str]) -> str:
    """The ignored keys or columns for the report, each with the field probably meant:
    ``outlet (probably original_outlet or site_name), notes``."""
    return ", ".join(f"{name} (probably {' or '.join(meant)})" if (meant := probably_meant(name))
                     else name for name in names)


def probably_meant(name: str) -> tuple[str, ...]:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    if key in COLUMNS:
        return (key,)                   # "Title", "Site Name": the field, written otherwise
    if key in SYNONYMS:
        return SYNONYMS[key]
    return tuple(difflib.get_close_matches(key, COLUMNS, n=1, cutoff=0.75))


class FormatError(ValueError):
    """The whole file cannot be read as what it claims to be; nothing is imported."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- JSON Lines ----------------------------------------------------------------------------

def jsonl_lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines with their numbers (1-based). Only "\\n" ends a line: U+2028 and
    friends may stand unescaped inside a JSON string."""
    return [(n, line) for n, line in enumerate(text.split("\n"), 1) if line and not line.isspace()]


class JsonlFile:
    """A JSON Lines file, read once: its items in order, and the keys that no field takes."""

    def __init__(self, text: str):
        self.rows = [_jsonl_item(number, line) for number, line in jsonl_lines(text)]
        self.total = len(self.rows)
        seen: dict[str, None] = {}
        for _item, keys in self.rows:
            seen.update(dict.fromkeys(k for k in keys if k not in COLUMNS))
        self.ignored = list(seen)

    def items(self, start: int = 0) -> Iterator[Item]:
        for item, _keys in self.rows[start:]:
            yield item


def json_line(line: str, wanted: str = "a \"text\" field"):
    """The line's JSON object, or the reason it is not one (a string)."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"Not valid JSON ({exc.msg} at column {exc.colno})."
    except RecursionError:
        return "Not valid JSON (nested too deeply)."
    return row if isinstance(row, dict) else f"Each line must be a JSON object with {wanted}."


def _jsonl_item(number: int, line: str) -> tuple[Item, list[str]]:
    """The line's item, and its keys."""
    where = f"line {number}"
    row = json_line(line)
    if isinstance(row, str):
        return refused(where, row), []
    return _row_item(where, row), list(row)


def _row_item(where: str, row: dict) -> Item:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return refused(where, "The \"text\" field is missing or empty.")
    fields = {}
    for name in PROVENANCE:
        value = row.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            return refused(where, f"The \"{name}\" field must be text.")
        fields[name] = value
    return Item(where=where, text=text, fields=fields)


# --- CSV -------------------------------------------------------------------------------------

class CsvFile:
    """A CSV file with a header row naming its columns (``text`` required; others optional)."""
    columns = COLUMNS

    def __init__(self, text: str):
        csv.field_size_limit(CSV_FIELD_LIMIT)
        self.text = text.removeprefix("\ufeff")
        self.delimiter = _delimiter(text)
        self.header = self._header()
        self.ignored = [c for c in self.header if c and c not in self.columns]
        self.records = list(self._records())    # read once: counted now, imported later
        self.total = len(self.records)

    def _reader(self):
        return csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)

    def _header(self) -> list[str]:
        header = csv_header(self.text, self.delimiter)
        if "text" not in header:
            raise FormatError("The CSV file needs a header row with a \"text\" column (and "
                              f"optionally {', '.join(PROVENANCE)}).")
        return header

    def _records(self) -> Iterator[tuple[int, list[str] | None, str]]:
        """(first line number, fields or None, reason) per record after the header."""
        reader = self._reader()
        try:
            next(reader)
        except csv.Error:
            return
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, None, f"Cannot be read as CSV ({exc})."
                continue
            if any(field.strip() for field in record):
                yield start, record, ""

    def items(self, start: int = 0) -> Iterator:
        for line, record, reason in self.records[start:]:
            where = f"line {line}"
            if record is None:
                yield refused(where, reason)
            elif len(record) > len(self.header):
                yield refused(where, f"The row has {len(record)} fields; the header has "
                                     f"{len(self.header)} (a quote not closed?).")
            else:
                yield self._item(where, {name: value for name, value in zip(self.header, record)
                                         if name in self.columns})

    def _item(self, where: str, row: dict[str, str]):
        return _row_item(where, {k: v for k, v in row.items() if v != "" or k == "text"})


def csv_header(text: str, delimiter: str = "") -> list[str]:
    """The column names of a CSV file's header row, in lower case with "_" for spaces."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or _delimiter(text))
    try:
        first = next(reader, [])
    except csv.Error as exc:
        raise FormatError(f"The header row cannot be read as CSV ({exc}).") from None
    return [c.strip().lower().replace(" ", "_") for c in first]


def _delimiter(text: str) -> str:
    """Comma, unless the header row clearly uses semicolons (European Excel) or tabs."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","
