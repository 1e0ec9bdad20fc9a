import csv
import io

import pytest
from openpyxl import load_workbook

from forum_site import spreadsheets

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_prefixes_are_neutralised(value):
    assert spreadsheets.formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Accra", "a=b", "", "مرحبا", "你好", "Привет"])
def test_ordinary_text_is_unchanged(value):
    assert spreadsheets.formula_safe(value) == value


def test_none_and_numbers_become_text():
    assert spreadsheets.formula_safe(None) == ""
    assert spreadsheets.formula_safe(-3) == "'-3"
    assert spreadsheets.formula_safe(7) == "7"


def test_csv_has_a_bom_and_reads_back_in_every_script():
    rows = [["=1+1", "مدينة عمّان"], ["你好", "Привет"]]
    text = spreadsheets.to_csv(["Name", "City"], rows)
    assert text.startswith("\ufeff")
    read = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert read == [["Name", "City"], ["'=1+1", "مدينة عمّان"], ["你好", "Привет"]]


def test_xlsx_cells_are_text_never_formulas():
    data = spreadsheets.to_xlsx(["Name", "Score"], [["=1+1", "@x"], ["مرحبا", "5"]], title="R" * 40)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "R" * 31
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [["Name", "Score"], ["=1+1", "@x"], ["مرحبا", "5"]]
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row)
