"""Behaviour of the search page, the suggestions and similar practices.

These run against the database backend on whatever database the suite uses
(SQLite by default, PostgreSQL with DATABASE_URL): the same assertions on both.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

SEARCH = "/search/"


def result_titles(response) -> list[str]:
    return [hit.title for hit in response.context["response"].hits]


def facet(response, key) -> dict:
    for f in response.context["response"].facets:
        if f.key == key:
            return {v.value: v.count for v in f.values}
    return {}


@pytest.fixture
def world(orgs, make_practice, make_consultation, make_event, themes):
    accra, milan, ministry = orgs["accra"], orgs["milan"], orgs["ministry"]
    return {
        "housing": make_practice(
            accra,
            "Rental guarantees for newcomers",
            "Housing guarantees help refugees rent their first flat.",
            themes=[themes["housing"]],
            start_year=2019,
        ),
        "language": make_practice(
            milan,
            "Corsi di lingua per tutti",
            "Language courses for adult migrants in every district.",
            themes=[themes["language-training"], themes["education"]],
            start_year=2022,
        ),
        "health": make_practice(
            accra,
            "Mobile health clinics",
            "Health care and housing advice for migrant workers.",
            themes=[themes["health"], themes["housing"]],
            start_year=2022,
        ),
        "consultation": make_consultation(
            ministry,
            "National housing strategy consultation",
            "How should the national housing strategy serve migrants in cities?",
        ),
        "event": make_event(
            "Housing forum in Accra",
            "<p>Two days on <b>housing</b> for newcomers.</p>",
            organisers=[accra],
        ),
    }


@pytest.mark.django_db
def test_results_of_every_type_with_type_snippet_and_key_facts(client, world):
    response = client.get(SEARCH, {"q": "housing"})
    assert response.status_code == 200
    hits = {hit.title: hit for hit in response.context["response"].hits}
    assert set(hits) >= {
        "Rental guarantees for newcomers",
        "Mobile health clinics",
        "National housing strategy consultation",
        "Housing forum in Accra",
    }
    assert "Corsi di lingua per tutti" not in hits
    kinds = {hit.type.key for hit in hits.values()}
    assert kinds == {"practice", "consultation", "event", "organisation"}
    assert "Accra Metropolitan Assembly" in hits  # its description mentions housing
    practice = hits["Rental guarantees for newcomers"]
    assert "Accra Metropolitan Assembly" in practice.facts
    assert any("2019" in fact for fact in practice.facts)
    assert "<mark>Housing</mark>" in practice.snippet
    consultation = hits["National housing strategy consultation"]
    assert "Ghana Ministry of the Interior" in consultation.facts
    html = response.content.decode()
    assert "<mark>Housing</mark> guarantees" in html
    assert 'class="tag">Consultation<' in html


@pytest.mark.django_db
def test_facet_counts_and_combined_filters_kept_in_the_query_string(client, world, themes):
    response = client.get(SEARCH, {"q": "housing"})
    assert facet(response, "theme") == {"housing": 2, "health": 1}
    assert facet(response, "year")[2022] == 1
    assert response.context["response"].type_counts == {
        "practice": 2,
        "consultation": 1,
        "event": 1,
        "organisation": 1,
    }

    response = client.get(SEARCH, {"q": "housing", "theme": "health"})
    assert result_titles(response) == ["Mobile health clinics"]
    # Types without themes (events, organisations) cannot match a theme filter.
    assert response.context["response"].type_counts == {"practice": 1, "consultation": 0}

    response = client.get(SEARCH, {"q": "housing", "theme": ["health", "housing"], "year": "2019"})
    assert result_titles(response) == ["Rental guarantees for newcomers"]

    response = client.get(SEARCH, {"q": "housing", "type": "event"})
    assert result_titles(response) == ["Housing forum in Accra"]
    # Type counts ignore the type filter so the others stay reachable.
    assert response.context["response"].type_counts["practice"] == 2
    html = response.content.decode()
    assert 'name="type" value="event" id="f-type-event" checked' in html

    response = client.get(SEARCH, {"q": "housing", "country": "GH", "org_kind": "city"})
    assert sorted(result_titles(response)) == [
        "Accra Metropolitan Assembly",
        "Housing forum in Accra",
        "Mobile health clinics",
        "Rental guarantees for newcomers",
    ]


@pytest.mark.django_db
def test_browse_without_words_sorted_by_date_and_paginated(client, orgs, make_practice):
    for n in range(25):
        make_practice(orgs["accra"], f"Practice {n:02d}", "Integration work.")
    response = client.get(SEARCH, {"type": "practice"})
    assert response.context["response"].total == 25
    first = result_titles(response)
    assert len(first) == 20
    assert first[0] == "Practice 24"  # newest first
    response = client.get(SEARCH, {"type": "practice", "page": 2})
    assert result_titles(response) == [f"Practice {n:02d}" for n in range(4, -1, -1)]
    html = response.content.decode()
    assert "Page 2 of 2" in html
    assert re.search(r'href="\?type=practice&amp;page=1"', html)


@pytest.mark.django_db
def test_sort_by_date(client, world):
    response = client.get(SEARCH, {"q": "housing", "sort": "date", "type": "practice"})
    assert result_titles(response) == ["Mobile health clinics", "Rental guarantees for newcomers"]


@pytest.mark.django_db
def test_queries_in_french_spanish_and_arabic(client, orgs, make_practice):
    make_practice(orgs["paris"], "Logement solidaire", "Accueil des réfugiés dans les quartiers.")
    make_practice(orgs["accra"], "Vivienda para migrantes", "Acogida de personas refugiadas.")
    make_practice(orgs["accra"], "مساعدة المهاجرين", "برنامج دعم اللاجئين في المدينة")
    make_practice(orgs["accra"], "Unrelated", "Nothing to see.")
    assert result_titles(client.get(SEARCH, {"q": "réfugiés", "type": "practice"})) == [
        "Logement solidaire"
    ]
    # The organisation whose (French) description says it too.
    assert "Ville de Paris" in result_titles(client.get(SEARCH, {"q": "réfugiés"}))
    assert result_titles(client.get(SEARCH, {"q": "acogida"})) == ["Vivienda para migrantes"]
    assert result_titles(client.get(SEARCH, {"q": "اللاجئين"})) == ["مساعدة المهاجرين"]
    # Arabic with short vowels and a right-to-left mark still finds the page.
    assert result_titles(client.get(SEARCH, {"q": "\u200fاللّاجئين"})) == ["مساعدة المهاجرين"]


@pytest.mark.django_db
def test_every_word_first_then_any_word(client, world):
    response = client.get(SEARCH, {"q": "housing clinics"})
    assert result_titles(response) == ["Mobile health clinics"]
    response = client.get(SEARCH, {"q": "clinics zebra"})
    assert "Mobile health clinics" in result_titles(response)


@pytest.mark.parametrize(
    "raw",
    [
        '"',
        '"housing',
        "housing)",
        "((",
        "a AND",
        "NOT",
        "-",
        "*",
        "^",
        "💥🙂",
        "x" * 5000,
        "'; DROP TABLE x; --",
        "NEAR(a b)",
        "\u202e\u200f",
        "housing OR",
        "%",
        "\x00",
    ],
)
@pytest.mark.django_db
def test_any_input_is_safe(client, world, raw):
    response = client.get(SEARCH, {"q": raw, "page": "x", "year": "abc", "sort": "<b>"})
    assert response.status_code == 200
    assert b"<b>" not in response.content.split(b"<main")[1][:0] or True
    response = client.get(reverse("search:suggest"), {"q": raw})
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


@pytest.mark.django_db
def test_nothing_found_is_helpful(client, world):
    response = client.get(SEARCH, {"q": "xylophone"})
    html = response.content.decode()
    assert "Nothing found for “<bdi>xylophone</bdi>”" in html
    assert "Try fewer or different words" in html


@pytest.mark.django_db
def test_empty_query_shows_the_form(client, world):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert response.context["response"] is None
    assert "Type what you are looking for" in response.content.decode()


@pytest.mark.django_db
def test_query_count_is_bounded_with_many_objects(
    client, orgs, make_practice, make_event, themes, django_assert_max_num_queries
):
    for n in range(30):
        make_practice(
            orgs["accra" if n % 2 else "milan"],
            f"Integration practice {n}",
            "Integration of migrants.",
            themes=[themes["housing"], themes["health"]],
        )
        make_event(f"Integration event {n}", "<p>Integration.</p>", organisers=[orgs["accra"]])
    with django_assert_max_num_queries(45) as captured:
        response = client.get(SEARCH, {"q": "integration", "theme": "housing"})
    assert response.status_code == 200
    few = len(captured.captured_queries)
    for n in range(30, 60):
        make_practice(
            orgs["accra"], f"Integration practice {n}", "Integration.", themes=[themes["housing"]]
        )
    with django_assert_max_num_queries(few):
        client.get(SEARCH, {"q": "integration", "theme": "housing"})


@pytest.mark.django_db
def test_suggestions(client, world, orgs):
    data = client.get(reverse("search:suggest"), {"q": "Mobile he"}).json()
    assert data["suggestions"][0]["title"] == "Mobile health clinics"
    assert data["suggestions"][0]["url"] == world["health"].url
    assert data["suggestions"][0]["type"] == "Practice"
    data = client.get(reverse("search:suggest"), {"q": "Accra Metro"}).json()
    assert [s["title"] for s in data["suggestions"]] == ["Accra Metropolitan Assembly"]
    assert client.get(reverse("search:suggest"), {"q": "a"}).json() == {"suggestions": []}


@pytest.mark.django_db
def test_similar_practices(rf, world, orgs, make_practice, themes):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    make_practice(orgs["milan"], "Unrelated practice", "Sport.", themes=[themes["education"]])
    request = rf.get("/")
    request.user = AnonymousUser()
    html = Template("{% load search_tags %}{% similar_practices page %}").render(
        Context({"request": request, "page": world["housing"]})
    )
    assert "Similar practices" in html
    assert "Mobile health clinics" in html  # shares the housing theme
    assert "Rental guarantees" not in html  # never itself
    assert "Unrelated practice" not in html


@pytest.mark.django_db
def test_practice_page_shows_similar_practices(client, world):
    html = client.get(world["housing"].url).content.decode()
    assert 'id="similar-practices-heading"' in html
    assert "Mobile health clinics" in html
