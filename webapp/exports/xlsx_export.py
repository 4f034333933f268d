"""XLSX export: the CSV's columns in one sheet, written row by row with XlsxWriter's
constant-memory mode (memory stays flat whatever the number of claims).

Formula injection (SECURITY.md T32, Appendix A.3): every text cell is written as a string
cell with ``write_string`` and the workbook is opened with formulas, URLs and numbers never
guessed from strings, so no cell is a formula (no ``<f>`` element in the sheet) and a claim
reads exactly as marked. The numeric columns (ids, offsets, version) are number cells.
"""
from collections.abc import Callable, Iterable
from pathlib import Path

import xlsxwriter

from .csv_export import _evidence_cell, figures_cell
from .rows import COLUMNS, NUMBER_COLUMNS

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
           "strings_to_numbers": False}
PROGRESS_EVERY = 1000


def write_xlsx(rows: Iterable[dict], path: Path,
               on_progress: Callable[[int], None] | None = None,
               vague_terms: dict[str, int] | None = None) -> int:
    """Write the rows into a workbook at ``path``; returns how many were written.
    ``vague_terms``: the project's table, which codes the vague figures (as in the CSV)."""
    workbook = xlsxwriter.Workbook(str(path), OPTIONS)
    try:
        sheet = workbook.add_worksheet("Claims")
        header = workbook.add_format({"bold": True})
        for col, name in enumerate(COLUMNS):
            sheet.write_string(0, col, name, header)
        sheet.freeze_panes(1, 0)
        written = 0
        for written, row in enumerate(rows, 1):
            _write_row(sheet, written, row, vague_terms or {})
            if on_progress and written % PROGRESS_EVERY == 0:
                on_progress(written)
    finally:
        workbook.close()
    return written


def _write_row(sheet, number: int, row: dict, vague_terms: dict[str, int]) -> None:
    for col, name in enumerate(COLUMNS):
        value = _evidence_cell(row["evidence"]) if name == "evidence" else \
            figures_cell(row[name], vague_terms) if name == "structured_figures" else row[name]
        if name in NUMBER_COLUMNS and isinstance(value, int):
            sheet.write_number(number, col, value)
        elif value not in (None, ""):
            sheet.write_string(number, col, str(value))
