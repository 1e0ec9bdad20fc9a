"""The one way the site writes CSV and XLSX files.

Anything users typed may end up in a spreadsheet cell, and a cell that starts
with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is run as a
formula by Excel and LibreOffice ("CSV injection"). In CSV such a cell is
prefixed with an apostrophe; in XLSX every cell is stored as text, so values
read back exactly. CSV starts with a UTF-8 byte-order mark so that Excel reads
Arabic, Chinese and Russian text correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def formula_safe(value) -> str:
    """``value`` as text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class CsvWriter:
    """A ``csv.writer`` whose rows are made formula-safe; write to any text file."""

    def __init__(self, stream, *, bom: bool = True):
        if bom:
            stream.write(BOM)
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([formula_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def to_csv(header: Sequence, rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def to_xlsx(header: Sequence, rows: Iterable[Iterable], *, title: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = str(title)[:31]  # Excel's limit for sheet names
    sheet.append([str(cell) for cell in header])
    for row in rows:
        sheet.append(["" if cell is None else cell for cell in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
