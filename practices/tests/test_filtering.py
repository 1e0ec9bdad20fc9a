"""Browsing /practices/: filters, counts, notices, sorting, pagination, query counts,
and the text box (the search service through the ``text_search`` hook)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum_site.taxonomy.models import SDG, GCMObjective, TargetGroup
from practices import filtering
from practices.models import Adoption

pytestmark = pytest.mark.django_db
URL = "/practices/"


@pytest.fixture
def library(city, other_city, make_org, make_practice, themes):
    """Four practices with known classifications."""
    region = make_org("Region of Andes", kind="local_government", country="EC")
    health, housing, youth = themes["health"], themes["housing"], themes["youth"]
    refugees = TargetGroup.objects.get(slug="refugees-asylum-seekers")
    women = TargetGroup.objects.get(slug="women-girls")
    obj15 = GCMObjective.objects.get(number=15)
    sdg10 = SDG.objects.get(number=10)
    practices = {
        "clinic": make_practice(
            city,
            "Mobile clinic for newcomers",
            themes=[health],
            target_groups=[refugees],
            gcm_objectives=[obj15],
            sdgs=[sdg10],
            status="ongoing",
            start_year=2018,
        ),
        "shelter": make_practice(
            city,
            "Shelter network for women",
            themes=[housing, health],
            target_groups=[women],
            status="completed",
            start_year=2012,
            end_year=2015,
        ),
        "youth": make_practice(
            other_city,
            "Youth mentors programme",
            themes=[youth],
            status="ongoing",
            start_year=2021,
        ),
        "andes": make_practice(
            region,
            "Andean housing cooperative",
            themes=[housing],
            target_groups=[refugees],
            status="planned",
            start_year=2025,
            summary="Cooperative housing built with returnees in the mountains.",
        ),
    }
    return practices


def titles(response):
    return [p.title for p in response.context["practices"]]


def counts(response, facet):
    for f in response.context["facets"]:
        if f.name == facet:
            return {o.value: o.count for o in f.options}
    raise AssertionError(facet)


def test_lists_all_live_practices_with_counts(client, library):
    response = client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == 4
    assert counts(response, "theme")["health"] == 2
    assert counts(response, "theme")["housing"] == 2
    assert counts(response, "status") == {
        "planned": 1,
        "ongoing": 2,
        "completed": 1,
        "discontinued": 0,
    }
    assert counts(response, "region") == {"002": 2, "019": 1, "142": 0, "150": 1, "009": 0}
    assert counts(response, "country") == {"GH": 2, "IT": 1, "EC": 1}
    assert (
        counts(response, "kind")["city"] == 3 and counts(response, "kind")["local_government"] == 1
    )


def test_one_filter_and_counts_given_the_others(client, library):
    response = client.get(URL + "?theme=housing")
    assert sorted(titles(response)) == ["Andean housing cooperative", "Shelter network for women"]
    # The theme facet ignores its own filter: values show what choosing them would give.
    assert counts(response, "theme")["health"] == 2
    # Other facets count within housing practices only.
    assert counts(response, "status")["ongoing"] == 0
    assert counts(response, "target")["refugees-asylum-seekers"] == 1
    assert counts(response, "country") == {"GH": 1, "EC": 1}


def test_values_of_one_facet_are_or_ed_and_facets_and_ed(client, library):
    response = client.get(URL + "?theme=youth&theme=health")
    assert len(titles(response)) == 3
    response = client.get(URL + "?theme=youth&theme=health&status=ongoing&country=gh")
    assert titles(response) == ["Mobile clinic for newcomers"]
    assert counts(response, "theme") == {**counts(response, "theme"), "health": 1, "youth": 0}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("gcm=15", ["Mobile clinic for newcomers"]),
        ("sdg=10", ["Mobile clinic for newcomers"]),
        ("target=women-girls", ["Shelter network for women"]),
        ("region=019", ["Andean housing cooperative"]),
        ("kind=local_government", ["Andean housing cooperative"]),
        ("q=returnees", ["Andean housing cooperative"]),
        ("q=SHELTER+women", ["Shelter network for women"]),
        ("q=Otherton", ["Youth mentors programme"]),
        ("year_to=2016", ["Shelter network for women"]),
        ("year_from=2016&year_to=2019", ["Mobile clinic for newcomers"]),
        (
            "year_from=2024",
            [
                "Andean housing cooperative",
                "Mobile clinic for newcomers",
                "Youth mentors programme",
            ],
        ),  # noqa: E501
        ("target=refugees-asylum-seekers&theme=health", ["Mobile clinic for newcomers"]),
        ("theme=youth&region=002", []),
    ],
)
def test_filter_combinations(client, library, query, expected):
    response = client.get(f"{URL}?{query}&sort=title")
    assert titles(response) == expected
    assert not response.context["result"].notices


@pytest.mark.parametrize(
    "query,fragment",
    [
        ("theme=nonsense", "nonsense"),
        ("gcm=99", "99"),
        ("gcm=abc", "abc"),
        ("region=mars", "mars"),
        ("country=ZZ", "ZZ"),
        ("status=sleeping", "sleeping"),
        ("year_from=yesterday", "yesterday"),
        ("year_to=12345", "12345"),
        ("sort=random", "random"),
        ("page=9999", "9999"),
        ("page=abc", "abc"),
    ],
)
def test_malformed_values_are_ignored_with_a_visible_notice(client, library, query, fragment):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert len(titles(response)) == 4  # the bad filter was ignored
    notices = response.context["result"].notices
    assert any(fragment in notice for notice in notices)
    assert fragment in response.content.decode()


def test_bad_value_does_not_spoil_good_ones(client, library):
    response = client.get(URL + "?theme=nonsense&theme=youth")
    assert titles(response) == ["Youth mentors programme"]
    assert response.context["result"].notices


def test_reversed_year_range_is_swapped(client, library):
    response = client.get(URL + "?year_from=2019&year_to=2016&sort=title")
    assert titles(response) == ["Mobile clinic for newcomers"]


def test_quotes_and_odd_characters_in_text_do_not_fail(client, library):
    response = client.get(URL + "?q=%22clinic%22+%00+%27")
    assert response.status_code == 200
    assert titles(response) == ["Mobile clinic for newcomers"]


def test_sorting(client, library, make_org):
    adopters = [make_org(f"Adopter {i}", kind="city") for i in range(3)]
    for org in adopters:
        Adoption.objects.create(practice=library["youth"], organisation=org)
    Adoption.objects.create(practice=library["andes"], organisation=adopters[0])
    assert titles(client.get(URL + "?sort=adopted"))[:2] == [
        "Youth mentors programme",
        "Andean housing cooperative",
    ]
    assert titles(client.get(URL + "?sort=title")) == sorted(p.title for p in library.values())
    newest = titles(client.get(URL))
    assert newest[0] == "Andean housing cooperative"  # published last


def test_drafts_and_private_practices_are_not_listed(client, city, make_practice):
    make_practice(city, "A draft practice", publish=False)
    response = client.get(URL)
    assert titles(response) == []
    assert all(o.count == 0 for f in response.context["facets"] for o in f.options)


def test_pagination_keeps_filters(client, city, make_practice, themes):
    for i in range(23):
        make_practice(city, f"Practice {i:02}", themes=[themes["health"]])
    response = client.get(URL + "?theme=health&sort=title")
    assert len(titles(response)) == 20
    html = response.content.decode()
    assert "page=2" in html and "theme=health" in html
    page2 = client.get(URL + "?theme=health&sort=title&page=2")
    assert titles(page2) == ["Practice 20", "Practice 21", "Practice 22"]
    assert titles(client.get(URL + "?theme=health&sort=title&page=99")) == titles(page2)


def test_filter_form_is_accessible_without_javascript(client, library):
    html = client.get(URL).content.decode()
    assert '<form method="get"' in html
    assert 'for="filter-q"' in html and "<legend" in html
    assert 'name="theme" value="health"' in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_listing_query_count_is_bounded_with_200_practices(
    client, city, other_city, make_practice, themes, django_assert_max_num_queries, make_user
):
    theme_list = list(themes.values())
    for i in range(10):
        make_practice(city if i % 2 else other_city, themes=[theme_list[i % 20]])
    small = _queries(client, URL + "?theme=health&status=ongoing")
    for i in range(190):
        make_practice(
            city if i % 2 else other_city,
            themes=[theme_list[i % 20], theme_list[(i + 3) % 20]],
            gcm_objectives=[GCMObjective.objects.get(number=1 + i % 23)],
        )
    with django_assert_max_num_queries(small):
        client.get(URL + "?theme=health&status=ongoing")
    with django_assert_max_num_queries(30):
        response = client.get(URL + "?sort=adopted")
    assert response.context["page_obj"].paginator.count == 200
    client.force_login(make_user("reader", org=city))
    # 37: one for the page's translations ("Also available in", base.html) and one for
    # the locales content_lang compares (forum_site/content_language.py, once per request).
    with django_assert_max_num_queries(37):
        client.get(URL + "?theme=health&gcm=3&q=Practice&year_from=2000")


@pytest.mark.parametrize(
    "query",
    ["clinic", "housing", "Otherton", "returnees", "shelter women", "women newcomers", '"', 'x"'],
)
def test_text_box_finds_what_search_finds(client, library, query):
    """The library's text box asks the search service (its ``text_search`` hook):
    the same practices as /search/ for practices, a bare quote included."""
    library_titles = sorted(titles(client.get(URL, {"q": query})))
    found = client.get("/search/", {"q": query, "type": "practice"}).context["response"]
    assert sorted(hit.title for hit in found.hits) == library_titles


def test_text_box_without_search_matches_words_in_the_listed_fields(client, library, monkeypatch):
    """With no ``text_search`` hook registered (search not installed), the library
    still matches each word in the title, summary, cities and owner's name."""
    get_hooks = filtering.hooks.get_hooks
    monkeypatch.setattr(
        filtering.hooks, "get_hooks", lambda name: [] if name == "text_search" else get_hooks(name)
    )
    assert titles(client.get(URL, {"q": "returnees"})) == ["Andean housing cooperative"]
    assert titles(client.get(URL, {"q": "Otherton"})) == ["Youth mentors programme"]
    # Every word must match (search would fall back to any of them).
    assert titles(client.get(URL, {"q": "women newcomers"})) == []


def _picture(title):
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", (600, 400), (20, 90, 160)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ContentFile(buffer.getvalue(), name=f"{title}.png")
    )


def _illustrate(practice, title):
    practice.body = [
        ("challenge", "<p>Before the picture.</p>"),
        ("image", {"image": _picture(title), "alt": f"Photo: {title}", "caption": ""}),
        ("image", {"image": _picture(title + " second"), "alt": "Second", "caption": ""}),
    ]
    practice.save()


def test_cards_show_the_first_picture_of_a_practice_in_bounded_queries(client, city, make_practice):
    plain = make_practice(city, "Practice without pictures")
    pictured = make_practice(city, "Practice with pictures")
    _illustrate(pictured, "market")
    client.get(URL)  # the renditions are made on the first view
    one = _queries(client, URL)
    html = client.get(URL).content.decode()
    assert html.count('class="card-media"') == 1
    assert 'alt="Photo: market"' in html and 'alt="Second"' not in html
    assert 'loading="lazy"' in html
    cards = {p.title: p.card_picture for p in client.get(URL).context["practices"]}
    assert cards[plain.title] is None and cards[pictured.title]["alt"] == "Photo: market"

    for i in range(5):
        _illustrate(make_practice(city, f"Illustrated {i}"), f"picture-{i}")
    client.get(URL)
    assert client.get(URL).content.decode().count('class="card-media"') == 6
    assert _queries(client, URL) == one
