"""The participants CSV read back as a spreadsheet would: UTF-8 BOM, formulas
neutralised, names in the six UN languages intact."""

import pytest

from events.registration import register
from forum_site.tests.spreadsheet_checks import (
    FORMULA,
    FORMULA_IN_CSV,
    UN_TEXTS,
    assert_text_intact,
    read_csv_dicts,
)

pytestmark = pytest.mark.django_db


def test_participants_csv_reads_back_in_every_language(client, make_event, make_org, make_user):
    org = make_org(FORMULA)
    editor = make_user("organiser", org=org, role="editor")
    event = make_event(organisers=[org])
    for n, name in enumerate([*UN_TEXTS.values(), "@SUM(A1)"]):
        register(make_user(f"u{n}", org=org, first_name=name), event, org)
    client.force_login(editor)
    response = client.get(f"/events/{event.slug}/participants.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv_dicts(response.content)
    assert len(rows) == len(UN_TEXTS) + 1
    assert_text_intact(row["Name"] for row in rows)
    assert "'@SUM(A1)" in {row["Name"] for row in rows}
    assert {row["Organisation"] for row in rows} == {FORMULA_IN_CSV}
