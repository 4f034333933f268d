"""Files of claims, one a row: Claimtrail's own CSV (or an XLSX saved as CSV) and JSON Lines
exports, or a file made like them. A file is one of claims when it has ``article_url`` and
``quote`` and no ``text`` (a file of articles has ``text``).

A row becomes an ``Incoming`` claim: its target is the article at ``article_url`` with the
span ``quote`` (``prefix``, ``suffix``) at ``start``–``end``, as an annotation's would be. What
is read, as the exports write it:

- JSON Lines: ``structured_figures`` (a list of figures as data, as ``figures.KEYS``), and
  ``chain`` (a list of hops: ``name``, ``kind``, ``relation``), or failing it the one-line
  ``attribution_chain``; the list fields by ``codes`` (else as labels).
- CSV: the ``structured_figures`` column, one figure a line as ``figures.describe`` writes
  them ("at least 26 · killed · combatants", "dozens (12) · injured · unknown"), and
  ``attribution_chain`` in ``chains.chain_text``'s form ("Islamic Invitation Turkey
  (republished) → original outlet not named (citing) → …"). A cell the export neutralised
  against formulas ("'=26") is read without the apostrophe.

Both: ``figures`` (the free-text note), ``chain_note`` (the chain's note), ``statement``,
``hedging``, ``attribution_text``, ``kind``, ``source_type``, ``named``, ``party``, ``access``.
A file without ``structured_figures`` has its ``figures`` read as figures where every line reads
as one. Other columns (ids, status, people, dates, clusters) are not imported.
"""
from collections.abc import Iterator
from dataclasses import dataclass

from ..corroboration.chains import hops_from_text
from ..corroboration.figures import read_description
from ..exports.csv_export import FORMULA_TRIGGERS
from ..services.errors import Invalid
from .items import Incoming, refused
from .readers import CsvFile, FormatError, csv_header, json_line, jsonl_lines

FIELDS = ("statement", "kind", "source_type", "named", "party", "access", "hedging",
          "attribution_text", "figures")
COLUMNS = ("article_url", "quote", "prefix", "suffix", "start", "end", "structured_figures",
           "attribution_chain", "chain", "chain_note", "codes", *FIELDS)


def is_claims(names) -> bool:
    """Whether a header (or a first JSON object's keys) is one of a file of claims."""
    return "quote" in names and "article_url" in names and "text" not in names


@dataclass
class ClaimRow:
    where: str
    row: dict
    spreadsheet: bool = False       # CSV: every cell text, figures and chain in one-line forms
    problem: str = ""

    def incoming(self) -> Incoming:
        row = {k: _unneutralised(v) for k, v in self.row.items()} if self.spreadsheet else self.row
        url = row.get("article_url")
        if not isinstance(url, str) or not url.strip():
            raise Invalid({"article_url": "article_url is empty: it names the claim's article."})
        codes = row.get("codes") if isinstance(row.get("codes"), dict) else {}
        fields = {name: codes.get(name, row.get(name)) for name in FIELDS
                  if isinstance(codes.get(name, row.get(name)), str)}
        if isinstance(row.get("chain_note"), str):
            fields["attribution_chain"] = row["chain_note"]
        hops, chain_name = _hops(row)
        return Incoming(_target(url.strip(), row), fields, self._figures(row), hops,
                        names={"figures": "structured_figures", "chain": chain_name})

    def _figures(self, row: dict):
        """The figures as data (a spreadsheet's lines read), or None: the file has none."""
        cell = row.get("structured_figures")
        if cell is None or not self.spreadsheet:
            return cell
        figures = []
        for number, line in enumerate((t for t in cell.splitlines() if t.strip()), 1):
            figure = read_description(line)
            if figure is None:
                raise Invalid({"structured_figures": (
                    f"structured_figures: Figure {number} (“{line[:80]}”) is not written as the "
                    "export writes a figure: “at least 26 · killed · combatants”, “10–15 · killed "
                    "· civilians”, “dozens (12) · injured · unknown”.")})
            figures.append({**figure, "text": line.strip()})
        return figures


def _hops(row: dict) -> tuple[object, str]:
    """The chain's hops as given (None: none), and the field that gave them."""
    if "chain" in row and not isinstance(row["chain"], str):
        return row["chain"], "chain"
    text = row.get("attribution_chain")
    return (hops_from_text(text) if isinstance(text, str) and text.strip() else None,
            "attribution_chain")


def _target(url: str, row: dict) -> dict:
    """The row's span as an annotation's target (the position as a hint, the quote decides)."""
    selectors = []
    if isinstance(row.get("quote"), str) and row["quote"]:
        selectors.append({"type": "TextQuoteSelector", "exact": row["quote"],
                          **{k: row[k] for k in ("prefix", "suffix") if isinstance(row.get(k), str)}})
    start, end = (_number(row.get(k)) for k in ("start", "end"))
    if start is not None and end is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    return {"source": url, "selector": selectors}


def _number(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _unneutralised(value):
    """A cell as it was before the CSV export put an apostrophe before a formula's first sign."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class ClaimCsv(CsvFile):
    """A CSV file of claims: a header row with ``article_url`` and ``quote``."""
    columns = COLUMNS

    def _header(self) -> list[str]:
        header = csv_header(self.text, self.delimiter)
        if not is_claims(header):
            raise FormatError("A CSV file of claims needs article_url and quote columns.")
        return header

    def _item(self, where: str, row: dict[str, str]) -> ClaimRow:
        return ClaimRow(where, row, spreadsheet=True)


class ClaimJsonl:
    """A JSON Lines file of claims, read once: a row a line."""

    def __init__(self, text: str):
        self.rows = [_jsonl_row(number, line) for number, line in jsonl_lines(text)]
        self.total = len(self.rows)

    def items(self, start: int = 0) -> Iterator:
        yield from self.rows[start:]


def _jsonl_row(number: int, line: str):
    row = json_line(line, "the claim's article_url and quote")
    if isinstance(row, str):
        return refused(f"line {number}", row)
    return ClaimRow(f"line {number}", row)


def jsonl_is_claims(text: str) -> bool:
    """Whether the first line that is a JSON object is a claim's."""
    for _number_, line in jsonl_lines(text):
        row = json_line(line)
        if isinstance(row, dict):
            return is_claims(row)
    return False
