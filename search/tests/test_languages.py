"""Search in every language on the database backend (SQLite FTS5 here; with
DATABASE_URL, PostgreSQL full text: the same assertions, and the tests marked
``postgres`` run too). docs/search.md, "Languages", says what each backend
finds; these tests hold it to that.

Both database backends index, besides the text, an extra text made by
``forum_site.search_text``: every character and pair of characters of Chinese
text, and the Snowball stems of Russian, Arabic, French, Spanish and English
words (by the content's language). A query is turned the same way
(``forum_site.search_backend``): each word, or any of its stems; a Chinese
word, all its pairs of characters.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from forum_site.search_text import cjk_grams, index_text, search_query
from search import registry
from search.backends.database import DatabaseBackend
from search.query import parse_request
from search.tests.test_search import SEARCH, result_titles

ZH_TITLE = "新移民服务中心"
ZH_BODY = "城市为新移民提供语言培训和就业指导。每年服务三千人"
RU_TITLE = "Центр помощи мигрантам"
RU_BODY = "Языковые курсы для беженцев и трудовых мигрантов"
AR_TITLE = "مساعدة المهاجرين"
AR_BODY = "برنامج دعم اللاجئين في المدينة"
FR_TITLE = "Logement solidaire"
FR_BODY = "Accueil des réfugiés dans les quartiers."
ES_TITLE = "Viviendas para familias"
ES_BODY = "Apoyo a las familias migrantes y a los solicitantes de asilo."


@pytest.fixture
def written_in(orgs, make_practice):
    make_practice(orgs["accra"], ZH_TITLE, ZH_BODY, original_language="zh-hans")
    make_practice(orgs["accra"], RU_TITLE, RU_BODY, original_language="ru")
    make_practice(orgs["accra"], AR_TITLE, AR_BODY, original_language="ar")
    make_practice(orgs["paris"], FR_TITLE, FR_BODY, original_language="fr")
    make_practice(orgs["accra"], ES_TITLE, ES_BODY, original_language="es")
    make_practice(orgs["accra"], "Unrelated", "Nothing to see.")


def _practices(client, query, prefix=""):
    return result_titles(client.get(prefix + SEARCH, {"q": query, "type": "practice"}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, title",
    [
        # Words as written in the text, in each script.
        ("беженцев", RU_TITLE),
        ("Языковые курсы", RU_TITLE),
        ("اللاجئين", AR_TITLE),
        ("réfugiés", FR_TITLE),
        ("RÉFUGIÉS", FR_TITLE),  # case folded
        ("solicitantes", ES_TITLE),
        # Chinese: a whole run of characters between punctuation.
        (ZH_TITLE, ZH_TITLE),
        ("每年服务三千人", ZH_TITLE),
    ],
)
def test_a_query_in_the_language_of_the_text_finds_it(client, written_in, query, title):
    assert _practices(client, query) == [title]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, title",
    [
        # Russian: other cases of the nouns (Snowball's Russian stemmer).
        ("беженцы", RU_TITLE),  # nominative plural; the text has the genitive "беженцев"
        ("мигранты", RU_TITLE),  # the text has "мигрантам", "мигрантов"
        ("мигрант", RU_TITLE),
        ("курс", RU_TITLE),
        # Arabic: definite article and plural (Snowball's Arabic stemmer).
        ("لاجئ", AR_TITLE),  # the singular; the text has "اللاجئين"
        ("مهاجر", AR_TITLE),  # the text has "المهاجرين"
        ("المهاجر", AR_TITLE),
        ("مدينة", AR_TITLE),  # the text has "المدينة"
        # French and Spanish: singular and plural, accents or none (PostgreSQL too).
        ("réfugié", FR_TITLE),
        ("refugie", FR_TITLE),
        ("refugies", FR_TITLE),
        ("logements", FR_TITLE),
        ("solicitante", ES_TITLE),
        ("vivienda", ES_TITLE),
        ("familia", ES_TITLE),
        # Chinese: a word inside a longer run of characters (character pairs).
        ("语言培训", ZH_TITLE),
        ("新移民", ZH_TITLE),
        ("就业指导", ZH_TITLE),
        ("服务", ZH_TITLE),
        ("培", ZH_TITLE),  # one character finds the texts that have it
        ("语言 就业", ZH_TITLE),  # two words, both inside the clause
    ],
)
def test_other_forms_and_words_inside_chinese_text_are_found(client, written_in, query, title):
    assert _practices(client, query) == [title]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "语培",  # two characters of the text that are not next to each other
        "培训语言",  # both words, but not in this order: the pair "训语" is not in the text
        "语言教育",  # the pair "言教", "教育" are not in the text
        "猫",  # a character the text does not have
        "中文",
        "беженка",  # another word (stem "беженк"), not a form of "беженец"
        "مدرسة",
        "logique",  # "log…" stems of other words do not meet "logement"'s
    ],
)
def test_unrelated_pairs_and_words_are_not_found(client, written_in, query):
    assert _practices(client, query) == []


@pytest.mark.django_db
def test_a_word_also_finds_its_cognates_in_the_other_latin_languages(client, orgs, make_practice):
    """A query's language is unknown: a Latin word is stemmed as English, French
    and Spanish, so "réfugiés" also finds the Spanish "refugiados" (both "refugi"),
    as Elasticsearch's search of every language's sub-field does."""
    make_practice(orgs["paris"], FR_TITLE, FR_BODY, original_language="fr")
    make_practice(orgs["accra"], ES_TITLE, "Apoyo a los refugiados.", original_language="es")
    make_practice(orgs["accra"], "Unrelated", "Nothing to see.")
    assert sorted(_practices(client, "réfugiés")) == sorted([FR_TITLE, ES_TITLE])


@pytest.mark.django_db
def test_multilingual_words_are_anded_then_ored(client, written_in):
    # Every word must match: a Russian and a Chinese word are in no one text.
    # Nothing has both, so the search shows what has either (as for any words).
    assert sorted(_practices(client, "беженцы 语言培训")) == sorted([RU_TITLE, ZH_TITLE])


@pytest.mark.django_db
def test_snippets_mark_the_words_typed_and_their_other_forms(client, written_in):
    response = client.get(SEARCH, {"q": "语言培训", "type": "practice"})
    [hit] = response.context["response"].hits
    assert "<mark>语言培训</mark>" in hit.snippet
    response = client.get(SEARCH, {"q": "réfugiés", "type": "practice"})
    [hit] = response.context["response"].hits
    assert "<mark>réfugiés</mark>" in hit.snippet
    # Another form of the word typed: the word of the text is marked.
    response = client.get(SEARCH, {"q": "беженцы", "type": "practice"})
    [hit] = response.context["response"].hits
    assert "<mark>беженцев</mark>" in hit.snippet


@pytest.mark.django_db
def test_an_apps_text_box_and_the_api_find_other_forms_too(client, written_in):
    """The text_search hook (an app's own text box) and the API's ``?search=`` go
    through the same Wagtail backend (forum_site.search_backend)."""
    from practices.models import PracticePage
    from search import service

    found = service.text_matches(PracticePage.objects.all(), "беженцы")
    assert [p.title for p in found] == [RU_TITLE]
    found = service.text_matches(PracticePage.objects.all(), "语言培训")
    assert [p.title for p in found] == [ZH_TITLE]
    data = client.get("/api/v2/pages/", {"search": "语言培训"}).json()
    assert [item["title"] for item in data["items"]] == [ZH_TITLE]
    data = client.get("/api/v2/pages/", {"search": "solicitante"}).json()
    assert [item["title"] for item in data["items"]] == [ES_TITLE]


@pytest.mark.django_db
def test_suggestions_complete_the_last_word_and_find_chinese_words_inside_a_title(
    client, written_in
):
    """Suggestions match the last word as a prefix: a Chinese title from its first
    characters or any pair inside it, Russian and Arabic from a word's beginning."""
    url = reverse("search:suggest")
    for prefix, title in [
        ("新移", ZH_TITLE),
        ("服务", ZH_TITLE),
        ("服务中", ZH_TITLE),
        ("мигран", RU_TITLE),
        ("المهاج", AR_TITLE),
    ]:
        titles = [s["title"] for s in client.get(url, {"q": prefix}).json()["suggestions"]]
        assert title in titles, prefix
    assert client.get(url, {"q": "务服"}).json()["suggestions"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/ar", "/fr", "/zh-hans"])
def test_suggestions_and_results_keep_the_readers_language(client, written_in, prefix):
    """A page of the default language's tree is linked under the reader's language
    prefix (served from the default tree in the reader's interface), not at its
    unprefixed address, which would switch the interface to English."""
    data = client.get(f"{prefix}/search/suggest/", {"q": "Logement"}).json()
    [suggestion] = data["suggestions"]
    assert suggestion["url"].startswith(f"{prefix}/practices/")
    assert client.get(suggestion["url"]).status_code == 200
    response = client.get(f"{prefix}/search/", {"q": "logement", "type": "practice"})
    [hit] = response.context["response"].hits
    assert hit.url == suggestion["url"]
    assert f'href="{hit.url}"' in response.content.decode()
    # In the default language, the address has no prefix.
    [suggestion] = client.get("/search/suggest/", {"q": "Logement"}).json()["suggestions"]
    assert suggestion["url"].startswith("/practices/")


def test_index_text_and_queries():
    """The extra text and the query, as the backends get them."""
    assert cjk_grams("语言培训") == ["语言", "言培", "培训"]
    assert cjk_grams("语") == ["语"]
    text = index_text("语言培训。COVID19疫情", "zh-hans")
    assert text.split() == [
        *"语言培训",
        "语言",
        "言培",
        "培训",
        "COVID19",
        *"疫情",
        "疫情",
    ]
    assert index_text("беженцев", "en").split() == ["беженц"]  # by script
    assert index_text("réfugiés", "fr").split() == ["réfugi", "refug"]
    assert index_text("housing", "fr").split() == []  # the French stem is the word
    assert index_text("housing", "").split() == ["hous"]  # unknown language: en, fr, es
    assert index_text("housing", "it") == ""  # no stemmer for Italian
    assert search_query("") == ""
    query = repr(search_query("беженцы 语言培训"))
    assert "беженц" in query and "言培" in query and "语言培训" in query


@pytest.mark.django_db
def test_a_multi_word_query_ranks_the_text_with_more_of_the_words_first(
    client, orgs, make_practice
):
    """On SQLite a query of And/Or parts is ranked by bm25() alone (Wagtail's
    product of (1 + bm25) per part is not monotonic)."""
    make_practice(orgs["accra"], "Tenant support", "Housing once. " + "Other words. " * 20)
    make_practice(orgs["milan"], "Housing support", "Housing support, housing for families.")
    assert _practices(client, "housing support") == ["Housing support", "Tenant support"]


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["语言培训", "беженцы", "لاجئ", "solicitante", "беженцы 语言培训"]
)
def test_postgres_one_statement_agrees_with_the_per_type_path(written_in, query):
    backend = DatabaseBackend()
    types = [t.key for t in registry.search_types()]
    search_request = parse_request(QueryDict(urlencode({"q": query})), types)
    user = AnonymousUser()
    visible = {t.key: t.visible(user) for t in registry.search_types()}
    for operator in ("and", "or"):
        fast = backend._search_postgres(search_request, user, None, operator, visible)
        slow = backend._search_per_type(search_request, user, None, operator, visible)
        assert [h.obj.pk for h in fast.hits] == [h.obj.pk for h in slow.hits]
        assert fast.total == slow.total
    assert fast.total >= 1
