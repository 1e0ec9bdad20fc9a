"""The site in Arabic (right to left) and Chinese, in headless Chromium (issue 15,
"Browser tests in Arabic and Chinese"): under ``/ar/`` and ``/zh-hans/``

- the layout: ``<html lang dir>``; the header mirrored in Arabic (the brand at
  the right, the menu button at the left, the search button left of its box),
  not in Chinese; nothing scrolls sideways at 390 and 1280 px; the header's
  words are the catalog's, not English;
- the search suggestions (search/js/suggest.js): typing Arabic or Chinese words
  of a published title lists it, in a list under the box on its start side,
  the title isolated (``<bdi>``), its type translated; ArrowDown and Enter open it;
- the live thread (a Daphne process, PostgreSQL): an Arabic or Chinese comment
  posted on one page appears on another, with ``dir="auto"`` text, the Latin
  names isolated (``<bdi>``) in the comment, the presence and typing lines and
  the announcement, every interface string in the page's language, and the
  same DOM as after a reload;
- axe-core finds nothing serious or critical on the home page, the search
  results and the thread page (skipped without tests/js/node_modules).
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from tests.browser.test_responsive import AXE, AXE_JS
from tests.browser.test_search import header_combobox, make_practice

pytestmark = [pytest.mark.browser]

LANGUAGES = ["ar", "zh-hans"]
BROWSER_LOCALES = {"ar": "ar", "zh-hans": "zh-CN"}
# Letters of the page's script: a translated string has some.
SCRIPT = {"ar": re.compile("[\u0600-\u06ff]"), "zh-hans": re.compile("[\u4e00-\u9fff]")}

# Published practices with titles in the language, and what is typed to find them.
TITLES = {
    "ar": "عيادات قانونية للتجار المهاجرين في الميناء",
    "zh-hans": "港口移民商贩法律诊所",
}
TYPED = {"ar": "عيادات قانو", "zh-hans": "港口移民"}
COMMENTS = {
    "ar": "هل نلتقي يوم الاثنين في مكتب البلدية؟",
    "zh-hans": "我们星期一在市政府见面好吗？",
}


def translated(language, text, context=None):
    """``text`` from the django catalog of ``language``."""
    with translation.override(language):
        if context:
            return translation.pgettext(context, text)
        return translation.gettext(text)


def new_page(browser, language, width, base_url=None, cookie=None):
    context = browser.new_context(
        locale=BROWSER_LOCALES[language], viewport={"width": width, "height": 800}
    )
    if cookie:
        name, _, value = cookie.partition("=")
        context.add_cookies([{"name": name, "value": value, "url": base_url}])
    page = context.new_page()
    # Generous: the machine the tests run on is often busy.
    page.set_default_timeout(45_000)
    page.set_default_navigation_timeout(60_000)
    return page


def box(locator) -> dict:
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, width: r.width}; }"
    )


def assert_no_sideways_scroll(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"scrolls sideways: {widths}"


def assert_axe_clean(page):
    if not AXE.exists():
        return False
    # Evaluated, not added as a <script>: the CSP forbids inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    findings = page.evaluate(AXE_JS)
    assert not findings, f"{page.url}: " + json.dumps(findings, ensure_ascii=False)
    return True


def skip_without_axe():
    if not AXE.exists():
        pytest.skip(f"axe not checked: {AXE} missing (npm ci --prefix tests/js)")


# --- Layout ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", LANGUAGES)
def test_header_is_mirrored_in_arabic_only(browser, live_server, language, width):
    page = new_page(browser, language, width)
    try:
        page.goto(f"{live_server.url}/{language}/")
        rtl = language == "ar"
        html = page.locator("html")
        assert html.get_attribute("lang") == language
        assert html.get_attribute("dir") == ("rtl" if rtl else "ltr")
        assert_no_sideways_scroll(page)

        brand = box(page.locator(".brand"))
        menu = page.locator(".site-menu")
        button = page.locator("summary.menu-button")
        if width < 768:
            # The menu is collapsed; its button sits at the inline end.
            assert menu.evaluate("d => d.open") is False
            assert button.is_visible()
            assert button.inner_text().strip() == translated(language, "Menu")
            menu_button = box(button)
            if rtl:
                assert menu_button["right"] <= brand["left"], (menu_button, brand)
            else:
                assert menu_button["left"] >= brand["right"], (menu_button, brand)
            button.click()
            assert_no_sideways_scroll(page)
        else:
            assert not button.is_visible()

        search_input = page.locator("#site-search")
        search_button = page.locator(".search-box button[type=submit]")
        assert search_button.inner_text().strip() == translated(language, "Search")
        field, submit = box(search_input), box(search_button)
        if rtl:
            # The button follows the input in reading order: left of it.
            assert submit["right"] <= field["left"] + 1, (field, submit)
        else:
            assert submit["left"] >= field["right"] - 1, (field, submit)
        if width >= 768:
            # The brand at the start, the search box towards the end.
            if rtl:
                assert brand["left"] > field["right"], (brand, field)
            else:
                assert brand["right"] < field["left"], (brand, field)
        # The header's words are the catalog's.
        main_nav = page.get_by_role("navigation", name=translated(language, "Main"))
        for word in ("Practices", "Consultations", "Events", "Organisations"):
            expect_link = main_nav.get_by_role("link", name=translated(language, word), exact=True)
            assert expect_link.count() == 1, word
            assert SCRIPT[language].search(translated(language, word)), word
        login = page.get_by_role("link", name=translated(language, "Log in"))
        assert login.count() == 1
        assert_no_sideways_scroll(page)
        if width == 1280:
            assert_axe_clean(page)
    finally:
        page.context.close()
    if width == 1280:
        skip_without_axe()


# --- Search suggestions -----------------------------------------------------------


@pytest.fixture
def localized_content(make_org):
    city = make_org("Coastal City Council", kind="city", country="KE")
    return {
        language: make_practice(city, title, f"harbour-{language}")
        for language, title in TITLES.items()
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_suggestions_in_the_language(browser, live_server, localized_content, language):
    from playwright.sync_api import expect

    from search import registry

    page = new_page(browser, language, 1280)
    try:
        page.goto(f"{live_server.url}/{language}/")
        search_input, listbox = header_combobox(page)
        typed = TYPED[language]

        def is_request_for_query(response):
            url = urlsplit(response.url)
            return url.path.endswith("/search/suggest/") and parse_qs(url.query).get("q") == [typed]

        with page.expect_response(is_request_for_query) as response_info:
            search_input.press_sequentially(typed)
        assert response_info.value.ok
        expect(listbox).to_be_visible()
        expect(search_input).to_have_attribute("aria-expanded", "true")
        option = listbox.get_by_role("option").filter(has_text=TITLES[language])
        expect(option).to_have_count(1)
        # The title is isolated in its own direction; the type is in the page's language.
        assert option.evaluate("o => o.firstChild.tagName") == "BDI"
        assert option.evaluate("o => o.firstChild.textContent") == TITLES[language]
        with translation.override(language):
            practice_label = str(registry.get_type("practice").label)
        assert option.locator(".suggestion-type").inner_text() == practice_label
        assert SCRIPT[language].search(practice_label)
        # The list hangs from the box's start side: the right in Arabic.
        field, listed = box(search_input.locator("..")), box(listbox)
        if language == "ar":
            assert abs(listed["right"] - field["right"]) <= 1, (field, listed)
        else:
            assert abs(listed["left"] - field["left"]) <= 1, (field, listed)
        assert_no_sideways_scroll(page)

        # Keyboard: ArrowDown to the option, Enter opens it.
        for _ in range(listbox.get_by_role("option").count()):
            search_input.press("ArrowDown")
            if option.get_attribute("aria-selected") == "true":
                break
        expect(search_input).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
        expect(search_input).to_be_focused()
        target = option.get_attribute("data-url")
        search_input.press("Enter")
        page.wait_for_url(re.compile(rf".*/practices/harbour-{language}/$"))
        assert urlsplit(page.url).path == urlsplit(target).path
        expect(page.get_by_role("heading", level=1, name=TITLES[language])).to_be_visible()
        # The page opens at its own address, as the listings and results link it: a
        # page of the English tree at its unprefixed URL, in the English interface
        # (Page.get_url follows the page's locale, not the reader's language).

        # The results page, and axe on it. Chinese: the whole title, since the
        # database backend does not segment Chinese (a run of characters is one
        # token), so /search/ finds no word inside it; the suggestions match prefixes.
        query = TITLES[language] if language == "zh-hans" else typed
        page.goto(f"{live_server.url}/{language}/search/?q={query}")
        results = page.locator(".search-results")
        expect(results.get_by_role("link", name=TITLES[language])).to_be_visible()
        assert_no_sideways_scroll(page)
        assert_axe_clean(page)
    finally:
        page.context.close()
    skip_without_axe()


# --- Live thread ------------------------------------------------------------------


def open_thread(browser, server, user, thread, language):
    from tests.realtime_support import session_cookie

    page = new_page(browser, language, 1280, server.url, session_cookie(user))
    page.goto(f"{server.url}/{language}/discussions/threads/{thread.pk}/")
    page.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]")
    return page


def assert_in_language(language, text, english):
    assert text and text.strip() != english, text
    assert SCRIPT[language].search(text), text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_live_thread_in_the_language(browser, daphne, thread, people, language):
    from forum_site.discussions.models import Comment
    from tests.html_support import comment_item

    author = open_thread(browser, daphne, people["author"], thread, language)
    member = open_thread(browser, daphne, people["member"], thread, language)
    try:
        for page in (author, member):
            assert page.locator("html").get_attribute("dir") == (
                "rtl" if language == "ar" else "ltr"
            )
            assert_in_language(
                language,
                page.locator(".live-state").inner_text(),
                "Live: new comments appear automatically.",
            )
        # Presence: the Latin name isolated inside the translated line.
        member.wait_for_selector(".live-presence bdi:has-text('Alice Ayew')")
        assert_in_language(language, member.locator(".live-presence").inner_text(), "Here now")

        composer = author.locator(f"#thread-{thread.pk}-body")
        composer.fill(COMMENTS[language])
        member.wait_for_selector(".live-typing bdi:has-text('Alice Ayew')")
        assert_in_language(
            language, member.locator(".live-typing").inner_text(), "Alice Ayew is typing…"
        )
        author.locator("form[data-comment-form] button[type=submit]").click()
        for page in (author, member):
            page.wait_for_selector(f".comment-list .comment-text:has-text('{COMMENTS[language]}')")
        comment = Comment.objects.get(thread=thread)
        item = member.locator(f"#comment-{comment.pk}")
        assert item.locator(".comment-text").get_attribute("dir") == "auto"
        assert item.locator(".comment-meta strong bdi").inner_text() == "Alice Ayew"
        # The live comment's controls are in the page's language (rendered for it).
        assert item.locator("details.reply-form > summary").inner_text() == translated(
            language, "Reply"
        )
        own = author.locator(f"#comment-{comment.pk}")
        assert (
            own.locator(".comment-actions a").inner_text().startswith(translated(language, "Edit"))
        )
        # What the live regions say, translated, the name isolated.
        member.wait_for_selector("[data-thread-live] bdi:has-text('Alice Ayew')")
        assert_in_language(
            language, member.locator("[data-thread-live]").inner_text(), "New comment by"
        )
        assert "New comment by" not in member.locator("[data-thread-live]").inner_text()
        author.wait_for_function(
            "document.querySelector('[data-thread-live]').textContent.trim() !== ''"
        )
        assert_in_language(
            language,
            author.locator("[data-thread-live]").inner_text(),
            "Your comment was posted.",
        )
        assert member.locator(".live-typing").inner_text() == ""

        # The same DOM after a reload.
        live = comment_item(item.evaluate("el => el.outerHTML"), comment.pk)
        member.reload()
        member.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]")
        reloaded = comment_item(
            member.locator(f"#comment-{comment.pk}").evaluate("el => el.outerHTML"), comment.pk
        )
        assert live == reloaded
        assert_no_sideways_scroll(member)
        assert_axe_clean(member)
    finally:
        author.context.close()
        member.context.close()
    skip_without_axe()
