"""Every page in every language: each page type of the site rendered under the
prefix of each of the six languages, anonymously and signed in (issue #15).

The pages are those of the hostile crawl (``tests/test_hostile_crawl.py``:
every URL pattern filled with real ids from the seeded demo, and one live page
per page type and locale, with its routes), plus the error pages and a search
with results. Only HTML answers of status 200, 403 and 404 are read (a redirect
or a file is another test's business). A page fails when

- ``<html lang dir>`` is not the page's language and direction (``rtl`` for
  Arabic only);
- an **interface string is left untranslated**: a visible text (a text node,
  or an ``aria-label``, ``placeholder``, ``title`` or ``alt``) equals a message
  of the project's English catalog whose translation in the page's language
  differs from it (``locale/<lang>/LC_MESSAGES/django.po``). Messages with
  placeholders match with any text in place of the placeholder. Text inside an
  element whose ``lang`` differs from the page's (content in another language,
  the language switcher) is not interface text and is skipped, and so are
  messages of fewer than four letters (ambiguous: "OK", "of");
- **content in another language lacks its ``lang``**: the title of a page whose
  content language (``forum_site.content_language``) differs from the page's
  appears as text in ``<main>`` without an ancestor carrying
  ``lang="<that language>"`` and ``dir="auto"``.

The demo is seeded once (``seeded_demo``); the test adds, inside its
savepoint, a French translation of a practice, an event and a consultation
(core Wagtail's ``copy_for_translation``) so translated pages are rendered too.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup, NavigableString
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from forum_site.content_language import content_language, same_language
from tests.test_hostile_crawl import crawl_targets

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
CATALOG_DIRS = {"fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh-hans": "zh_Hans"}
ROLES = ("anonymous", "city_editor")
READ_STATUSES = {200, 403, 404}
TEXT_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
SKIPPED_ELEMENTS = {"script", "style", "template", "noscript", "code", "pre", "textarea"}
MIN_LETTERS = 4

# Paths that are not pages for people (feeds, exports, JSON, API, files).
NOT_PAGES = re.compile(
    r"(\.(ics|csv|xlsx|json|pdf|png|jpg|txt|xml)$)|^/(api|jsi18n|documents|private-media|"
    r"_util|i18n|static|media)/|/(feed|export|progress|suggest|fragment)"
)
EXTRA_PATHS = ("/search/?q=migration", "/search/?q=réinsertion", "/no-such-page/")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


PLACEHOLDERS = re.compile(r"%\([^)]+\)[sd]|%[sd]|\{[a-z_]*\}")


@cache
def untranslated_patterns(language: str) -> tuple[set[str], list[re.Pattern]]:
    """The English messages whose translation in ``language`` differs:
    the exact texts, and regular expressions for those with placeholders."""
    path = ROOT / "locale" / CATALOG_DIRS[language] / "LC_MESSAGES" / "django.po"
    exact, patterns = set(), []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            translated = {_normal(t) for t in entry.msgstr_plural.values() if t}
            sources = [entry.msgid, entry.msgid_plural]
        else:
            translated = {_normal(entry.msgstr)} if entry.msgstr else set()
            sources = [entry.msgid]
        for msgid in sources:
            source = _normal(msgid)
            if not translated or source in translated:
                continue  # untranslated in the catalog, or the same word in both
            if _letters(PLACEHOLDERS.sub("", source)) < MIN_LETTERS or "<" in source:
                continue
            if PLACEHOLDERS.search(source):
                parts = [re.escape(p) for p in PLACEHOLDERS.split(source)]
                patterns.append(re.compile("^" + ".+".join(parts) + "$"))
            else:
                exact.add(source)
    return exact, patterns


@cache
def interface_texts(language: str) -> set[str]:
    """Every translation in the catalog of ``language``."""
    path = ROOT / "locale" / CATALOG_DIRS.get(language, "fr") / "LC_MESSAGES" / "django.po"
    texts = set()
    for entry in polib.pofile(str(path)):
        if language == settings.LANGUAGE_CODE:
            texts.update(_normal(m) for m in (entry.msgid, entry.msgid_plural) if m)
        else:
            texts.update(_normal(t) for t in [entry.msgstr, *entry.msgstr_plural.values()] if t)
    return texts


def _page_lang(node) -> str | None:
    """The ``lang`` in force at ``node`` (the nearest ancestor's), lowercased."""
    for parent in [node, *node.parents] if not isinstance(node, NavigableString) else node.parents:
        if getattr(parent, "attrs", None) and parent.get("lang"):
            return parent["lang"].lower()
    return None


def _skipped(node) -> bool:
    return any(p.name in SKIPPED_ELEMENTS for p in node.parents)


def untranslated_strings(soup, language: str) -> list[str]:
    exact, patterns = untranslated_patterns(language)
    found = []

    def check(text, where):
        text = _normal(text)
        if not text or _letters(text) < MIN_LETTERS:
            return
        if text in exact or text.rstrip(":.…") in exact or any(p.match(text) for p in patterns):
            found.append(f"{text!r} ({where})")

    body = soup.body or soup
    for node in body.find_all(string=True):
        if type(node) is not NavigableString or _skipped(node):
            continue
        if _page_lang(node) not in (None, language):
            continue
        check(str(node), f"in <{node.parent.name}>")
    for element in body.find_all(True):
        if element.name in SKIPPED_ELEMENTS or _page_lang(element) not in (None, language):
            continue
        for attribute in TEXT_ATTRIBUTES:
            if element.get(attribute):
                check(element[attribute], f"{attribute} of <{element.name}>")
        if element.name == "input" and element.get("type") in ("submit", "button"):
            check(element.get("value", ""), "value of <input>")
    return found


def unmarked_content(soup, language: str, titles: dict[str, set[str]]) -> list[str]:
    """Titles of content in another language shown without its ``lang``.
    ``titles``: normalised title -> the content languages of the pages with
    that title (a title of pages in several languages, one of them the page's,
    proves nothing and is skipped)."""
    main = soup.find("main") or soup.body or soup
    problems = []
    for node in main.find_all(string=True):
        if type(node) is not NavigableString or _skipped(node):
            continue
        text = _normal(str(node))
        languages = titles.get(text)
        if not languages or any(same_language(code, language) for code in languages):
            continue
        if text in interface_texts(language):
            continue  # also a word of the interface ("Consultations" in French)
        marked = next((p for p in node.parents if p.get("lang")), None)
        if marked is None or marked.name == "html" or marked["lang"].lower() not in languages:
            problems.append(
                f"{text!r} ({'/'.join(sorted(languages))}) in <{node.parent.name}> under lang="
                f"{marked['lang'] if marked else None!r}"
            )
            continue
        if marked.get("dir") != "auto":
            problems.append(f"{text!r} ({marked['lang']}) without dir=auto")
    return problems


def _unprefixed(path: str) -> str:
    """``path`` without its language prefix (the crawl lists the pages of every
    locale, ``/fr/practices/…``): each language's run adds its own."""
    path = "/" + path.lstrip("/")
    first = path.split("/")[1]
    return path[len(first) + 1 :] if first in LANGUAGES else path


def _prefixed(path: str, language: str) -> str:
    if language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


def _add_translations():
    """A French translation of a practice, an event and a consultation, published."""
    from wagtail.models import Locale

    from consultations.models import ConsultationPage
    from events.models import EventPage
    from practices.models import PracticePage

    french = Locale.objects.get(language_code="fr")
    made = []
    for model in (PracticePage, EventPage, ConsultationPage):
        page = (
            model.objects.live().public().filter(locale__language_code="en").order_by("pk").first()
        )
        if page is None or page.get_translations().filter(locale=french).exists():
            continue
        copy = page.copy_for_translation(french, copy_parents=True)
        # Translated, as far as this test reads: the title, the summary, and
        # the body (a copy keeps the source's text until a translator edits it).
        copy.title = f"{page.title} (version française)"
        if hasattr(copy, "summary"):
            copy.summary = "Résumé en français."
        if hasattr(copy, "body") and not isinstance(copy.body, str):
            copy.body = []
        if model is ConsultationPage:  # the questions are translated too
            questions = list(copy.questions.all())
            for number, question in enumerate(questions, 1):
                question.text = f"Question {number} en français"
                question.help_text = ""
                question.choices = "\n".join(
                    f"Choix {n}" for n in range(1, len(question.choice_list) + 1)
                )
                question.scale_min_label = question.scale_max_label = ""
            copy.questions = questions
        copy.save_revision().publish()
        made.append(copy)
    # The parents copied along are aliases of the English ones (untranslated
    # copies: their text, shown under /fr/, is English).
    return made


def _content_titles() -> dict[str, set[str]]:
    """Normalised title -> the content languages of the live pages with it."""
    from wagtail.models import Page

    titles, cache = {}, {}
    for page in Page.objects.live().filter(depth__gt=2).specific():
        code = content_language(page, cache)
        if code and _letters(page.title) >= MIN_LETTERS:
            titles.setdefault(_normal(page.title), set()).add(code.lower())
    return titles


@pytest.fixture
def pages(seeded_demo):
    _add_translations()
    paths, _unfilled = crawl_targets()
    paths = [_unprefixed(p) for p in [*paths, *EXTRA_PATHS]]
    paths = [p for p in paths if not NOT_PAGES.search(p) and not p.startswith("/accounts/logout")]
    return list(dict.fromkeys(paths))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_every_language(pages, language, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    titles = _content_titles()
    direction = "rtl" if language == "ar" else "ltr"
    problems, read = [], 0
    for path in pages:
        url = _prefixed(path, language)
        response = client.get(url)
        if response.status_code not in READ_STATUSES:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        read += 1
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        html = soup.find("html")
        if html is None:
            continue  # a fragment
        if html.get("lang") != language or html.get("dir") != direction:
            problems.append(f"{url}: <html lang={html.get('lang')!r} dir={html.get('dir')!r}>")
        for text in untranslated_strings(soup, language) if language != "en" else []:
            problems.append(f"{url}: untranslated {text}")
        for text in unmarked_content(soup, language, titles):
            problems.append(f"{url}: content without its lang: {text}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems)))
    assert read >= (15 if role == "anonymous" else 40), f"only {read} pages read"
