"""Reading the site's CSV and XLSX files back, as a spreadsheet program would.

Shared by every app's export tests: ``read_csv`` insists on the UTF-8 BOM
(Excel's cue for UTF-8) and parses with the ``csv`` module; ``read_xlsx``
opens the workbook with openpyxl and insists that no cell is a formula.
``UN_TEXTS`` holds text in the six UN languages and ``FORMULA`` a title that
a spreadsheet would run.
"""

import csv
import io

from openpyxl import load_workbook

UN_TEXTS = {
    "en": "Housing first for newcomers",
    "fr": "Hébergement d'urgence à Genève : élèves, façade, œuvre",
    "es": "Vivienda para niños y familias en Bogotá, ¿por qué?",
    "ar": "السكن للمهاجرين في عمّان",
    "zh": "为移民提供住房与语言课程",
    "ru": "Жильё и языковые курсы для мигрантов",
}
FORMULA = '=HYPERLINK("http://x","y")'
# What a CSV cell holds for FORMULA: an apostrophe makes it text.
FORMULA_IN_CSV = "'" + FORMULA


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV without a UTF-8 BOM"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_csv_dicts(content: bytes) -> list[dict[str, str]]:
    header, *rows = read_csv(content)
    return [dict(zip(header, row, strict=True)) for row in rows]


def read_xlsx(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"formula in {cell.coordinate}: {cell.value!r}"
    return [["" if cell.value is None else cell.value for cell in row] for row in sheet.iter_rows()]


def read_xlsx_dicts(content: bytes) -> list[dict]:
    header, *rows = read_xlsx(content)
    return [dict(zip(header, row, strict=True)) for row in rows]


def assert_text_intact(cells, texts=None) -> None:
    """Every text (the six UN languages by default) appears as a whole cell:
    not garbled, not prefixed."""
    texts = UN_TEXTS.values() if texts is None else texts
    values = {str(cell) for cell in cells}
    missing = [text for text in texts if text not in values]
    assert not missing, f"not found intact: {missing}"
