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
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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


def xlsx_value(value):
    """A cell's value: text without the control characters XLSX cannot hold
    (openpyxl refuses them), numbers as numbers, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return value


def to_xlsx(header: Sequence, rows: Iterable[Iterable], *, title: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = str(title)[:31]  # Excel's limit for sheet names
    sheet.append([xlsx_value(cell) for cell in header])
    for row in rows:
        sheet.append([xlsx_value(cell) for cell in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def guard_wagtail_exports() -> None:
    """Wagtail's own admin exports (reports, listings: ``SpreadsheetExportMixin``)
    write through the same guard: CSV cells formula-safe after a UTF-8 BOM, XLSX
    text without the control characters it cannot hold (Wagtail already keeps
    XLSX formulas as text). Called once, from ``ForumSiteConfig.ready``."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_forum_guarded", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    stream_csv = SpreadsheetExportMixin.stream_csv

    def guarded_preprocess(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return formula_safe(value)
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    def guarded_stream_csv(self, queryset):
        yield BOM
        yield from stream_csv(self, queryset)

    SpreadsheetExportMixin.preprocess_field_value = guarded_preprocess
    SpreadsheetExportMixin.stream_csv = guarded_stream_csv
    SpreadsheetExportMixin._forum_guarded = True
