"""The responses' CSV and XLSX exports read back as a spreadsheet would:
formulas neutralised (in answers, choices and organisation names), the six UN languages
intact in answers, organisation names and questions."""

import pytest
from django.urls import reverse

from consultations.models import Consent
from consultations.tests.conftest import submit
from forum_site.tests.spreadsheet_checks import (
    FORMULA,
    FORMULA_IN_CSV,
    UN_TEXTS,
    assert_text_intact,
    read_csv,
    read_xlsx,
)

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"text": "Tell us more", "kind": "text", "max_length": 500},
    {"text": "Pick many", "kind": "multiple", "choices": "=1+1\n-2\nB"},
]


@pytest.fixture
def consultation(make_consultation, make_org, ministry, people):
    orgs = [make_org(name) for name in [*UN_TEXTS.values(), FORMULA]]
    page = make_consultation(ministry, invited=orgs, questions=QUESTIONS)
    for org, text in zip(orgs, [*UN_TEXTS.values(), "+CMD|' /C calc'!A0"], strict=True):
        submit(page, org, {"Tell us more": text, "Pick many": ["=1+1", "-2"]}, Consent.ATTRIBUTED)
    return page


def export(client, people, page, kind):
    client.force_login(people["owner"])
    response = client.get(reverse(f"consultations:export_{kind}", args=[page.pk]))
    assert response.status_code == 200
    return response


def test_csv_reads_back(client, people, consultation):
    header, *rows = read_csv(export(client, people, consultation, "csv").content)
    assert header[-2:] == ["Q1. Tell us more", "Q2. Pick many"]
    assert_text_intact(row[0] for row in rows)  # organisation names
    assert_text_intact(row[-2] for row in rows)  # answers
    assert FORMULA_IN_CSV in {row[0] for row in rows}
    assert "'+CMD|' /C calc'!A0" in {row[-2] for row in rows}
    assert {row[-1] for row in rows} == {"'=1+1; -2"}


def test_xlsx_reads_back_without_formulas(client, people, consultation):
    header, *rows = read_xlsx(export(client, people, consultation, "xlsx").content)
    assert header[-2:] == ["Q1. Tell us more", "Q2. Pick many"]
    assert_text_intact(row[0] for row in rows)
    assert_text_intact(row[-2] for row in rows)
    assert FORMULA in {row[0] for row in rows}
    assert {row[-1] for row in rows} == {"=1+1; -2"}
