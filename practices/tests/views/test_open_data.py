"""Open data a tool can rely on: the practices' CSV, XLSX and JSON exports read
back (formulas neutralised, the six UN languages intact), the same fields and
values in the exports and the API, API filters that take the values the API
outputs, and absolute URLs from SITE_URL."""

import json

import pytest
from django.test import override_settings

from forum_site.api_filters import declared_filters
from forum_site.taxonomy.models import SDG, TargetGroup
from forum_site.tests.spreadsheet_checks import (
    FORMULA,
    FORMULA_IN_CSV,
    UN_TEXTS,
    assert_text_intact,
    read_csv_dicts,
    read_xlsx,
    read_xlsx_dicts,
)
from practices.models import OPEN_DATA_API_META, OPEN_DATA_FIELDS, Adoption, PracticePage

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"
API_LIST = API + "?type=practices.PracticePage&fields=*"


def practices_api(client, headers=None, **params):
    query = {"type": "practices.PracticePage", "fields": "*", **params}
    return client.get(API, query, headers=headers)


@pytest.fixture
def multilingual(city, make_practice, themes):
    pages = [
        make_practice(
            city, text, themes=[themes["housing"]], summary=text, cities=text.replace(",", "")
        )
        for text in UN_TEXTS.values()
    ]
    pages.append(
        make_practice(city, FORMULA, themes=[themes["housing"]], summary="@SUM(A1)", cities="-1")
    )
    return pages


@pytest.fixture
def full_practice(city, other_city, make_org, make_practice, themes):
    """A practice with every open-data field filled, in two regions."""
    page = make_practice(
        city,
        "Welcome desks",
        themes=[themes["housing"], themes["education"]],
        partners=[other_city, make_org("Zeta Association", kind="civil_society")],
        target_groups=list(TargetGroup.objects.all()[:2]),
        sdgs=list(SDG.objects.filter(number__in=[10, 4])),
        countries=["GH", "IT", "FR"],
        cities="Accra, Rome , Lyon",
        people_reached=1200,
        end_year=2024,
        status="completed",
        budget_band="10k-100k",
        funding_sources="Municipal budget",
        original_language="fr",
    )
    Adoption.objects.create(practice=page, organisation=other_city)
    return page


class TestExportsReadBack:
    def test_csv_neutralises_formulas_and_keeps_every_language(self, client, multilingual):
        response = client.get("/practices/export.csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = read_csv_dicts(response.content)
        assert_text_intact(row["title"] for row in rows)
        assert_text_intact(row["summary"] for row in rows)
        assert_text_intact(
            (row["cities"] for row in rows), [t.replace(",", "") for t in UN_TEXTS.values()]
        )
        formula_row = next(row for row in rows if row["title"] == FORMULA_IN_CSV)
        assert formula_row["summary"] == "'@SUM(A1)"
        assert formula_row["cities"] == "'-1"

    def test_xlsx_cells_are_text_and_keep_every_language(self, client, multilingual):
        response = client.get("/practices/export.xlsx")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="practices.xlsx"'
        rows = read_xlsx_dicts(response.content)  # fails on any formula cell
        assert_text_intact(row["title"] for row in rows)
        assert_text_intact(row["summary"] for row in rows)
        formula_row = next(row for row in rows if row["title"] == FORMULA)
        assert formula_row["summary"] == "@SUM(A1)"

    def test_json_keeps_every_language_unescaped(self, client, multilingual):
        response = client.get("/practices/export.json")
        text = response.content.decode("utf-8")
        for value in UN_TEXTS.values():
            assert json.dumps(value, ensure_ascii=False)[1:-1] in text
        titles = [p["title"] for p in json.loads(text)["practices"]]
        assert_text_intact(titles, [*UN_TEXTS.values(), FORMULA])

    def test_xlsx_follows_the_filters(self, client, practice, city, make_practice, themes):
        make_practice(city, "Housing desk", themes=[themes["housing"]])
        rows = read_xlsx_dicts(client.get("/practices/export.xlsx?theme=education").content)
        assert [row["title"] for row in rows] == [practice.title]


class TestOneShape:
    def test_every_format_has_the_same_fields(self, client, full_practice):
        api_item = client.get(API_LIST).json()["items"][0]
        api_fields = (set(api_item) - {"meta", "body"}) | set(OPEN_DATA_API_META)
        assert api_fields == set(OPEN_DATA_FIELDS)
        assert set(api_item["meta"]) >= set(OPEN_DATA_API_META.values())
        exported = json.loads(client.get("/practices/export.json").content)["practices"][0]
        assert list(exported) == list(OPEN_DATA_FIELDS)
        csv_rows = read_csv_dicts(client.get("/practices/export.csv").content)
        assert list(csv_rows[0]) == list(OPEN_DATA_FIELDS)
        assert read_xlsx(client.get("/practices/export.xlsx").content)[0] == list(OPEN_DATA_FIELDS)

    def test_the_api_and_the_json_export_give_the_same_values(self, client, full_practice):
        api_item = client.get(API_LIST).json()["items"][0]
        exported = json.loads(client.get("/practices/export.json").content)["practices"][0]
        for field in OPEN_DATA_FIELDS:
            if field in OPEN_DATA_API_META:
                api_value = api_item["meta"][OPEN_DATA_API_META[field]]
            else:
                api_value = api_item[field]
            assert exported[field] == api_value, field
        # The values are the filled ones, not empty lists that happen to agree.
        assert exported["countries"] == ["GH", "IT", "FR"]
        assert exported["country_names"] == ["Ghana", "Italy", "France"]
        assert exported["regions"] == ["002", "150"]
        assert exported["region_names"] == ["Africa", "Europe"]
        assert exported["cities"] == ["Accra", "Rome", "Lyon"]
        assert exported["partners"] == ["City of Otherton", "Zeta Association"]
        assert exported["sdgs"] == [4, 10]
        assert exported["adoptions"] == 1
        assert len(exported["target_groups"]) == 2

    def test_the_tables_join_lists_with_semicolons(self, client, full_practice):
        row = read_csv_dicts(client.get("/practices/export.csv").content)[0]
        assert row["countries"] == "GH; IT; FR"
        assert row["region_names"] == "Africa; Europe"
        assert row["adoptions"] == "1"


class TestApiFilters:
    def test_themes_by_slug(self, client, practice, full_practice):
        response = client.get(API_LIST + "&themes=housing")
        assert response.status_code == 200, response.content
        assert [i["title"] for i in response.json()["items"]] == ["Welcome desks"]
        both = client.get(API_LIST + "&themes=housing,education").json()
        assert both["meta"]["total_count"] == 2

    def test_every_filter_takes_the_values_the_api_outputs(self, client, practice, full_practice):
        item = next(i for i in client.get(API_LIST).json()["items"] if i["id"] == full_practice.pk)
        filters = declared_filters(PracticePage)
        assert {"themes", "sdgs", "countries", "regions", "organisation_slug"} <= set(filters)
        for name in filters:
            value = item[name]
            for one in value if isinstance(value, list) else [value]:
                response = practices_api(client, **{name: str(one)})
                assert response.status_code == 200, (name, one, response.content)
                ids = [i["id"] for i in response.json()["items"]]
                assert full_practice.pk in ids, (name, one)

    def test_filters_narrow_the_list(self, client, practice, full_practice):
        def titles(**params):
            return [i["title"] for i in practices_api(client, **params).json()["items"]]

        assert titles(regions="150") == ["Welcome desks"]
        assert titles(countries="it") == ["Welcome desks"]
        assert titles(sdgs="10") == ["Welcome desks"]
        assert titles(cities="rome") == ["Welcome desks"]
        assert titles(partners="Zeta Association") == ["Welcome desks"]
        assert sorted(titles(organisation="City of Testville")) == sorted(
            [practice.title, "Welcome desks"]
        )
        assert titles(status="completed") == ["Welcome desks"]

    @pytest.mark.parametrize(
        "name",
        ["themes", "sdgs", "target_groups", "countries", "regions", "organisation_slug"],
    )
    def test_an_unknown_value_is_a_400_that_lists_the_accepted_ones(self, client, practice, name):
        response = practices_api(client, **{name: "no-such-value"})
        assert response.status_code == 400
        message = response.json()["message"]
        assert f"unknown value for {name}: no-such-value" in message.lower()
        assert "accepted:" in message

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ({"status": "bogus"}, "unknown value for status"),
            ({"start_year": "x"}, "not a valid value for start_year"),
            ({"start_year": str(2**64)}, "out of range for start_year"),
            ({"themes": ""}, "themes needs a value"),
            ({"themes": ",,"}, "themes needs a value"),
            ({"adoptions": "1"}, "adoptions cannot be used as a filter"),
            ({"country_names": "Ghana"}, "not an operation or a recognised field"),
            ({"order": "adoptions"}, "cannot order by 'adoptions'"),
            ({"first_published_at": "yesterday"}, "not a valid value for first_published_at"),
        ],
    )
    def test_bad_values_are_a_400_with_a_message(self, client, practice, query, message):
        response = practices_api(client, **query)
        assert response.status_code == 400
        assert message in response.json()["message"]

    @pytest.mark.parametrize("value", ["\x00", "'", '"', str(2**63), "-1", "a" * 5000, "%"])
    def test_no_filter_answers_500(self, client, practice, value):
        names = [*declared_filters(PracticePage), "status", "start_year", "slug", "title", "id"]
        for name in names:
            response = practices_api(client, **{name: value})
            assert response.status_code in (200, 400), (name, value, response.status_code)

    def test_filters_combine_with_search(self, client, practice, full_practice):
        response = practices_api(client, themes="housing", search="Welcome")
        assert response.status_code == 200, response.content
        assert [i["title"] for i in response.json()["items"]] == ["Welcome desks"]

    def test_a_call_for_practices_is_filtered_by_its_theme_slug(self, client):
        response = client.get(
            "/api/v2/pages/", {"type": "practices.CallForPracticesPage", "theme": "housing"}
        )
        assert response.status_code == 200, response.content
        bad = client.get(
            "/api/v2/pages/", {"type": "practices.CallForPracticesPage", "theme": "nope"}
        )
        assert bad.status_code == 400


SITE = "https://forum.example.org"


@override_settings(
    SITE_URL=SITE, WAGTAILAPI_BASE_URL=SITE, ALLOWED_HOSTS=["evil.example", "testserver"]
)
def test_absolute_urls_come_from_site_url(client, full_practice):
    path = "/practices/welcome-desks/"
    api = practices_api(client, headers={"host": "evil.example"})
    item = api.json()["items"][0]
    assert item["meta"]["html_url"] == SITE + path
    assert item["meta"]["detail_url"] == f"{SITE}/api/v2/pages/{full_practice.pk}/"
    detail = client.get(f"/api/v2/pages/{full_practice.pk}/", HTTP_HOST="evil.example").json()
    assert detail["meta"]["parent"]["meta"]["html_url"] == SITE + "/practices/"
    exported = client.get("/practices/export.json", HTTP_HOST="evil.example")
    assert json.loads(exported.content)["practices"][0]["url"] == SITE + path
    for response in (api, exported, client.get("/practices/export.csv", HTTP_HOST="evil.example")):
        text = response.content.decode()
        assert "evil.example" not in text and "localhost" not in text
