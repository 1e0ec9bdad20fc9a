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


def test_xlsx_header_cells_are_text_too():
    data = spreadsheets.to_xlsx(["=1+1", "Q1. ok"], [["a", "b"]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "=1+1" and sheet["A1"].data_type == "s"


def test_xlsx_drops_control_characters_it_cannot_hold_and_keeps_numbers():
    data = spreadsheets.to_xlsx(["Name", "Count"], [["a\x01b\x0bc", 3], [None, 2.5]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        ["abc", 3],
        [None, 2.5],
    ]


@pytest.mark.django_db
def test_wagtail_admin_exports_write_through_the_guard(client, make_user):
    """Wagtail's own report exports (here: locked pages) get the BOM and the formula guard."""
    from django.utils import timezone
    from wagtail.models import Page

    from forum_site.tests.spreadsheet_checks import (
        FORMULA,
        FORMULA_IN_CSV,
        read_csv,
        read_xlsx,
    )

    admin = make_user("admin", is_staff=True, is_superuser=True)
    home = Page.objects.get(depth=2)
    home.title = FORMULA
    home.locked, home.locked_by, home.locked_at = True, admin, timezone.now()
    home.save()
    client.force_login(admin)
    csv_response = client.get("/admin/reports/locked/", {"export": "csv"})
    assert csv_response.status_code == 200
    content = b"".join(csv_response.streaming_content)
    assert FORMULA_IN_CSV in [row[0] for row in read_csv(content)]
    xlsx_response = client.get("/admin/reports/locked/", {"export": "xlsx"})
    rows = read_xlsx(b"".join(xlsx_response.streaming_content))
    assert FORMULA in [row[0] for row in rows]
