"""CSV export: RFC 4180 quoting, and text cells a spreadsheet would run as a formula are
neutralised with a leading apostrophe (OWASP "CSV Injection"; numbers stay numbers)."""
import csv
import io
from collections.abc import Iterable, Iterator
from itertools import repeat
from operator import itemgetter

from ..corroboration.figures import describe
from .json_stream import CHUNK
from .rows import COLUMNS, NUMBER_COLUMNS

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
_EVIDENCE, _FIGURES = COLUMNS.index("evidence"), COLUMNS.index("structured_figures")
_cells_in_order = itemgetter(*COLUMNS)
_text_cells = itemgetter(*(i for i, name in enumerate(COLUMNS) if name not in NUMBER_COLUMNS))


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _evidence_cell(items: list[dict]) -> str:
    return "\n".join(f"[{e['stance']}] {e['url'] or e['reference']}"
                     + (f" — {e['summary']}" if e["summary"] else "") for e in items)


def figures_cell(figures: list[dict], vague_terms: dict[str, int] | None = None) -> str:
    """One figure a line, as the claim page reads it ("at least 26 · killed · combatants"); a
    vague quantity with the number the project's table codes it as ("dozens (12) · injured ·
    unknown"), which a claim import reads back (``webapp.imports.claim_rows``)."""
    return "\n".join(describe(figure, vague_terms) for figure in figures)


def _cells(row: dict, vague_terms: dict[str, int]) -> list:
    """The row's cells in ``COLUMNS`` order, neutralised. Few rows have a cell to neutralise:
    one pass over the text cells in C tells whether this one has, and only then does each
    cell go through ``neutralise`` (a Python call per cell of every row costs more)."""
    cells = list(_cells_in_order(row))
    cells[_EVIDENCE] = _evidence_cell(row["evidence"])
    cells[_FIGURES] = figures_cell(row["structured_figures"], vague_terms)
    if any(map(str.startswith, _text_cells(cells), repeat(FORMULA_TRIGGERS))):
        return [neutralise(value) for value in cells]
    return cells


def stream_csv(rows: Iterable[dict], vague_terms: dict[str, int] | None = None) -> Iterator[str]:
    """``vague_terms``: the project's table of vague quantities (term → number)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(_cells(row, vague_terms or {}))
        if buffer.tell() > CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
