"""The API schema (/api/v2/schema/) agrees with what the practices' API
answers: every field of a filled practice with its type, and every filter it
lists is one the API accepts."""

import pytest

from forum_site.tests.test_api_schema import check

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/v2/schema/").json()


def test_practice_responses_match_the_schema(schema, client, city, other_city, make_practice):
    from forum_site.taxonomy.models import SDG, Theme

    page = make_practice(
        city,
        "Welcome desks",
        themes=list(Theme.objects.all()[:2]),
        sdgs=list(SDG.objects.all()[:2]),
        partners=[other_city],
        countries=["GH", "FR"],
        cities="Accra, Lyon",
    )
    practice = schema["components"]["schemas"]["practices.PracticePage"]
    listing = client.get("/api/v2/pages/", {"type": "practices.PracticePage", "fields": "*"})
    for item in listing.json()["items"]:
        check(item, practice, "listing item")
    check(client.get(f"/api/v2/pages/{page.pk}/").json(), practice, "detail")
    assert practice["properties"]["sdgs"]["items"]["type"] == "integer"
    assert practice["properties"]["themes"]["items"]["type"] == "string"


def test_the_listed_filters_are_the_ones_the_api_accepts(schema, client, practice):
    practice_filters = schema["components"]["schemas"]["practices.PracticePage"]["x-filters"]
    assert {"themes", "sdgs", "countries", "regions", "organisation_slug"} <= set(practice_filters)
    assert "adoptions" not in practice_filters and "country_names" not in practice_filters
    for name in practice_filters:
        response = client.get("/api/v2/pages/", {"type": "practices.PracticePage", name: "zz"})
        assert response.status_code in (200, 400), name
        if response.status_code == 400:
            assert "not an operation or a recognised field" not in response.json()["message"]
            assert "cannot be used as a filter" not in response.json()["message"]
    listed = {p["name"] for p in schema["paths"]["/api/v2/pages/"]["get"]["parameters"]}
    assert listed >= set(practice_filters)
