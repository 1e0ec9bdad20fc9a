"""Search lists one result per translation group (docs/i18n.md, "How readers
see it"): the page in the reader's language when it exists, else the original;
a result in another language than the interface's carries ``lang``."""

from __future__ import annotations

import re

import pytest

from forum_site.translations import translate_page

pytestmark = pytest.mark.django_db

FRENCH = {
    "Harbour reception forum": "Forum portuaire sur l’accueil",
    "<p>Volunteers welcome newcomers at the Tema harbour.</p>": (
        "<p>Des bénévoles accueillent les nouveaux arrivants au port de Tema.</p>"
    ),
}


@pytest.fixture
def event(make_event):
    english = make_event(
        "Harbour reception forum",
        "<p>Volunteers welcome newcomers at the Tema harbour.</p>",
    )
    french = translate_page(english, "fr", FRENCH)
    assert french.live and french.title == "Forum portuaire sur l’accueil"
    return english, french


def _titles(response):
    return [hit.title for hit in response.context["response"].hits]


def _result_link(html, title):
    return re.search(r'<a href="([^"]+)"([^>]*)>' + re.escape(title) + "</a>", html)


def test_english_search_lists_the_english_page_once(client, event):
    english, french = event
    for words in ("harbour", "Tema"):
        response = client.get("/search/", {"q": words})
        assert _titles(response) == ["Harbour reception forum"], words
        assert response.context["response"].total == 1
    html = client.get("/search/", {"q": "Tema"}).content.decode()
    link = _result_link(html, "Harbour reception forum")
    assert link.group(1) == english.url and "lang=" not in link.group(2)


def test_french_search_lists_the_french_page_once(client, event):
    english, french = event
    for words in ("portuaire", "Tema"):
        response = client.get("/fr/search/", {"q": words})
        assert _titles(response) == ["Forum portuaire sur l’accueil"], words
        assert response.context["response"].total == 1
    html = client.get("/fr/search/", {"q": "Tema"}).content.decode()
    link = _result_link(html, "Forum portuaire sur l’accueil")
    assert link.group(1) == f"/fr/events/{french.slug}/" and "lang=" not in link.group(2)


def test_without_a_translation_the_original_shows_with_its_language(client, event):
    """In Spanish (no Spanish page) the English original is listed, marked ``lang="en"``."""
    response = client.get("/es/search/", {"q": "Tema"})
    assert _titles(response) == ["Harbour reception forum"]
    link = _result_link(response.content.decode(), "Harbour reception forum")
    assert 'lang="en" dir="auto"' in link.group(2)


def test_suggestions_offer_the_readers_page(client, event):
    english = client.get("/search/suggest/", {"q": "Harbour"}).json()["suggestions"]
    french = client.get("/fr/search/suggest/", {"q": "Forum"}).json()["suggestions"]
    assert [s["title"] for s in english] == ["Harbour reception forum"]
    assert [s["title"] for s in french] == ["Forum portuaire sur l’accueil"]
