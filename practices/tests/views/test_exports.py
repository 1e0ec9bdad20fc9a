"""CSV/JSON exports with the current filters, and the Wagtail API v2: no contact data."""

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zanele Fictional"
SECRET_EMAIL = "zanele.secret@example.org"


@pytest.fixture
def practices(city, other_city, make_practice, themes):
    return [
        make_practice(
            city,
            "Language café",
            themes=[themes["language-training"]],
            contact_name=SECRET_NAME,
            contact_email=SECRET_EMAIL,
            contact_role="Coordinator",
            people_reached=300,
        ),
        make_practice(
            other_city,
            "Housing desk",
            themes=[themes["housing"]],
            contact_name=SECRET_NAME,
            contact_email=SECRET_EMAIL,
        ),
        make_practice(city, "Unpublished idea", publish=False),
    ]


def test_csv_parses_and_follows_filters(client, practices):
    response = client.get("/practices/export.csv?theme=language-training")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["title"] for r in rows] == ["Language café"]
    assert rows[0]["themes"] == "language-training"
    assert rows[0]["people_reached"] == "300"
    assert rows[0]["countries"] == "GH"
    assert rows[0]["url"].startswith("http")
    assert SECRET_NAME not in text and SECRET_EMAIL not in text and "Coordinator" not in text
    assert not any("contact" in column for column in rows[0])


def test_json_validates_and_follows_filters(client, practices):
    response = client.get("/practices/export.json?country=IT")
    data = json.loads(response.content)
    assert data["count"] == 1
    assert data["practices"][0]["title"] == "Housing desk"
    assert data["filters"] == {"country": "IT"}
    assert set(data["practices"][0]) >= {"id", "title", "summary", "organisation", "themes"}
    assert SECRET_EMAIL not in response.content.decode()


def test_exports_ignore_bad_filters_and_never_list_drafts(client, practices):
    data = json.loads(client.get("/practices/export.json?theme=nope&page=x").content)
    assert sorted(p["title"] for p in data["practices"]) == ["Housing desk", "Language café"]
    rows = list(csv.DictReader(io.StringIO(client.get("/practices/export.csv").content.decode())))
    assert "Unpublished idea" not in [r["title"] for r in rows]


def test_export_links_keep_current_filters(client, practices):
    html = client.get("/practices/?theme=housing").content.decode()
    assert "/practices/export.csv?theme=housing" in html
    assert "/practices/export.json?theme=housing" in html


def test_api_lists_practices_with_public_fields_only(client, practices):
    response = client.get("/api/v2/pages/?type=practices.PracticePage&fields=*")
    assert response.status_code == 200, response.content[:500]
    data = response.json()
    assert data["meta"]["total_count"] == 2
    item = next(i for i in data["items"] if i["title"] == "Language café")
    assert item["themes"] == ["language-training"]
    assert item["countries"] == ["GH"]
    assert item["country_names"] == ["Ghana"] and item["regions"] == ["002"]
    assert item["organisation"] == practices[0].organisation.name
    text = response.content.decode()
    assert SECRET_EMAIL not in text and SECRET_NAME not in text
    detail = client.get(f"/api/v2/pages/{practices[0].pk}/").json()
    assert "contact_email" not in detail and detail["summary"] == practices[0].summary
    assert client.get(f"/api/v2/pages/{practices[2].pk}/").status_code == 404
    bad = client.get("/api/v2/pages/?type=practices.PracticePage&fields=contact_email")
    assert bad.status_code == 400


def test_csv_cells_are_never_run_as_formulas(client, city, make_practice):
    make_practice(city, "=HYPERLINK(“http://evil.example”)", summary="+1 for everyone")
    text = client.get("/practices/export.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["title"].startswith("'=HYPERLINK")
    assert rows[0]["summary"] == "'+1 for everyone"
