"""Search in every language on the database backend (SQLite FTS5 here; with
DATABASE_URL, PostgreSQL full text: the same assertions, and the tests marked
``postgres`` run too). docs/search.md, "Languages", says what each backend can
and cannot do; these tests hold it to that, limits included.

Both database backends split text into words at spaces and punctuation and do
not stem Arabic or Russian: a query finds the words as they are written in the
text (any inflected form that appears), not other forms of the same word. A run
of Chinese characters between punctuation is one word to them, so a Chinese
query finds a text only when it is such a whole run; Elasticsearch's ``cjk``
analyser (``search/documents.py``) matches any two characters inside.
"""

from __future__ import annotations

import pytest
from django.db import connection

from search.tests.test_search import SEARCH, result_titles

ZH_TITLE = "新移民服务中心"
ZH_BODY = "城市为新移民提供语言培训和就业指导。每年服务三千人"
RU_TITLE = "Центр помощи мигрантам"
RU_BODY = "Языковые курсы для беженцев и трудовых мигрантов"
AR_TITLE = "مساعدة المهاجرين"
AR_BODY = "برنامج دعم اللاجئين في المدينة"
FR_TITLE = "Logement solidaire"
FR_BODY = "Accueil des réfugiés dans les quartiers."


@pytest.fixture
def written_in(orgs, make_practice):
    make_practice(orgs["accra"], ZH_TITLE, ZH_BODY)
    make_practice(orgs["accra"], RU_TITLE, RU_BODY)
    make_practice(orgs["accra"], AR_TITLE, AR_BODY)
    make_practice(orgs["paris"], FR_TITLE, FR_BODY)
    make_practice(orgs["accra"], "Unrelated", "Nothing to see.")


def _practices(client, query):
    return result_titles(client.get(SEARCH, {"q": query, "type": "practice"}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, title",
    [
        # Words as written in the text, in each script.
        ("беженцев", RU_TITLE),
        ("мигрантам", RU_TITLE),
        ("Языковые курсы", RU_TITLE),
        ("اللاجئين", AR_TITLE),
        ("المهاجرين", AR_TITLE),
        ("réfugiés", FR_TITLE),
        ("RÉFUGIÉS", FR_TITLE),  # case folded
        # Chinese: a whole run of characters between punctuation.
        (ZH_TITLE, ZH_TITLE),
        ("城市为新移民提供语言培训和就业指导", ZH_TITLE),
        ("每年服务三千人", ZH_TITLE),
    ],
)
def test_a_query_in_the_language_of_the_text_finds_it(client, written_in, query, title):
    assert _practices(client, query) == [title]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "беженцы",  # nominative; the text has the genitive "беженцев"
        "мигранты",
        "لاجئ",  # the singular; the text has "اللاجئين"
        "语言培训",  # two words inside a longer run of Chinese characters
        "新移民",
    ],
)
def test_the_database_backends_do_not_stem_or_segment(client, written_in, query):
    """The limits of the database backends, as documented in docs/search.md:
    other forms of Russian and Arabic words, and Chinese words inside a longer
    run of characters, are not found (Elasticsearch finds them)."""
    assert _practices(client, query) == []


@pytest.mark.django_db
def test_accents_are_folded_on_sqlite_only(client, written_in):
    """SQLite's tokeniser removes accents, PostgreSQL's configuration does not
    (no ``unaccent``): "refugies" finds "réfugiés" on SQLite only."""
    expected = [FR_TITLE] if connection.vendor == "sqlite" else []
    assert _practices(client, "refugies") == expected


@pytest.mark.django_db
def test_suggestions_in_chinese_russian_and_arabic_complete_the_last_word(client, written_in):
    """Suggestions match the last word as a prefix: a Chinese title is found
    from its first characters, Russian and Arabic from a word's beginning."""
    from django.urls import reverse

    url = reverse("search:suggest")
    for prefix, title in [("新移", ZH_TITLE), ("мигран", RU_TITLE), ("المهاج", AR_TITLE)]:
        titles = [s["title"] for s in client.get(url, {"q": prefix}).json()["suggestions"]]
        assert title in titles, prefix
