"""CSV export: RFC 4180 quoting, and text cells a spreadsheet would run as a formula are
neutralised with a leading apostrophe (OWASP "CSV Injection"; numbers stay numbers)."""
import csv
import io
from collections.abc import Iterable, Iterator

from .rows import COLUMNS

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _evidence_cell(items: list[dict]) -> str:
    return "\n".join(f"[{e['stance']}] {e['url'] or e['reference']}"
                     + (f" — {e['summary']}" if e["summary"] else "") for e in items)


def stream_csv(rows: Iterable[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        row = {**row, "evidence": _evidence_cell(row["evidence"])}
        writer.writerow([neutralise(row[c]) for c in COLUMNS])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
