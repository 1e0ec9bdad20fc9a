"""The search suggestions under the header search box (search/js/suggest.js): an
ARIA 1.2 combobox that lists only what the visitor may see, is driven by the
keyboard, and leaves the plain search form working."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREFIX = "Harbourside"
PUBLISHED = "Harbourside legal clinics for migrant traders"
DRAFT = "Harbourside draft practice nobody may see"
INVITED_ONLY = "Harbourside invited-only consultation"


def make_practice(org, title, slug, *, live=True):
    from practices.models import PracticeCountry, PracticeIndexPage, PracticePage

    page = PracticePage(
        title=title,
        slug=slug,
        organisation=org,
        summary="Lawyers hold free advice sessions at the weekly market.",
        start_year=2021,
        live=False,
    )
    page.countries = [PracticeCountry(country=str(org.country))]
    PracticeIndexPage.objects.get().add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def make_invited_only_consultation(owner, title, invited):
    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage

    now = timezone.now()
    page = ConsultationPage(
        title=title,
        slug="harbourside-invited",
        owner_organisation=owner,
        summary="Only for the invited cities.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        audience="invited",
        live=False,
    )
    page.invited_organisations = list(invited)
    ConsultationIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def content(make_org):
    city = make_org("Coastal City Council", kind="city", country="KE")
    ministry = make_org("Ministry of Ports", kind="national", country="KE")
    return {
        "city": city,
        "published": make_practice(city, PUBLISHED, "harbourside-clinics"),
        "draft": make_practice(city, DRAFT, "harbourside-draft", live=False),
        "invited_only": make_invited_only_consultation(ministry, INVITED_ONLY, [city]),
    }


def header_combobox(page):
    """The header search input and the listbox it controls."""
    from playwright.sync_api import expect

    search_input = page.locator("#site-search")
    # suggest.js (loaded with defer) has enhanced the input.
    expect(search_input).to_have_attribute("role", "combobox")
    listbox = page.locator("#" + search_input.get_attribute("aria-controls"))
    return search_input, listbox


def type_and_wait_for_suggestions(page, search_input, text, query=None):
    """Type ``text`` key by key; wait for the (debounced) request for ``query``,
    the whole value of the box (``text`` unless something was typed before)."""
    query = text if query is None else query

    def is_request_for_query(response):
        url = urlsplit(response.url)
        return url.path == "/search/suggest/" and parse_qs(url.query).get("q") == [query]

    with page.expect_response(is_request_for_query) as response_info:
        search_input.press_sequentially(text)
    assert response_info.value.ok


def option_titles(listbox):
    """The titles of the options (each option is the title, then a type label)."""
    return listbox.get_by_role("option").evaluate_all(
        "options => options.map(o => o.firstChild.textContent)"
    )


def test_suggestions_listbox_and_keyboard(page, live_server, content):
    from playwright.sync_api import expect

    suggest_requests = []
    page.on(
        "request",
        lambda r: suggest_requests.append(r.url) if "/search/suggest/" in r.url else None,
    )
    page.goto(live_server.url + "/")
    search_input, listbox = header_combobox(page)
    expect(search_input).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()

    # A single character asks for nothing (the request waits 200 ms for more typing).
    search_input.press_sequentially("H")
    page.wait_for_timeout(500)
    assert suggest_requests == []
    expect(listbox).to_be_hidden()
    expect(search_input).to_have_attribute("aria-expanded", "false")

    # Two or more characters of a published title open the listbox.
    type_and_wait_for_suggestions(page, search_input, "arb", query="Harb")
    expect(listbox).to_be_visible()
    expect(listbox).to_have_attribute("role", "listbox")
    expect(search_input).to_have_attribute("aria-expanded", "true")
    published_option = listbox.get_by_role("option").filter(has_text=PUBLISHED)
    expect(published_option).to_have_count(1)
    assert PUBLISHED in option_titles(listbox)
    assert search_input.get_attribute("aria-activedescendant") is None
    # Readable in the header: the option's text is not the list's background colour
    # (the header's white text once made it white on white).
    text_colour, background = published_option.evaluate(
        "o => [getComputedStyle(o).color, getComputedStyle(o.parentNode).backgroundColor]"
    )
    assert text_colour != background
    # Title and type are separate words for a screen reader.
    assert PUBLISHED + " " in published_option.text_content()

    # ArrowDown makes the first option the active descendant; focus stays in the input.
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "false")
    search_input.press("ArrowDown")
    first_id = first.get_attribute("id")
    assert first_id
    expect(search_input).to_have_attribute("aria-activedescendant", first_id)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(search_input).to_be_focused()
    assert page.locator('[role="option"][aria-selected="true"]').count() == 1
    expected_title = first.evaluate("o => o.firstChild.textContent")
    assert expected_title == PUBLISHED
    expected_url = first.get_attribute("data-url")

    # Enter opens the active suggestion instead of submitting the form.
    search_input.press("Enter")
    page.wait_for_url(re.compile(r".*/practices/harbourside-clinics/$"))
    assert page.url == urljoin(live_server.url + "/", expected_url)
    assert "/search/" not in page.url
    expect(page.get_by_role("heading", level=1, name=PUBLISHED)).to_be_visible()


def test_escape_closes_the_list(page, live_server, content):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/")
    search_input, listbox = header_combobox(page)
    type_and_wait_for_suggestions(page, search_input, "Harbour")
    expect(listbox).to_be_visible()
    search_input.press("ArrowDown")
    expect(search_input).to_have_attribute("aria-activedescendant", re.compile(r".+"))

    search_input.press("Escape")
    expect(listbox).to_be_hidden()
    expect(search_input).to_have_attribute("aria-expanded", "false")
    expect(listbox.get_by_role("option", include_hidden=True)).to_have_count(0)
    assert search_input.get_attribute("aria-activedescendant") is None
    # Closing the list keeps what was typed.
    expect(search_input).to_have_value("Harbour")
    expect(search_input).to_be_focused()

    # With the list closed, Enter is an ordinary form submission.
    with page.expect_navigation():
        search_input.press("Enter")
    assert page.url == f"{live_server.url}/search/?q=Harbour"


def test_a_dismissed_list_reopens(page, live_server, content):
    """After Escape the list comes back for the same text: by typing back to it,
    or by ArrowDown (the ARIA combobox pattern)."""
    from playwright.sync_api import expect

    page.goto(live_server.url + "/")
    search_input, listbox = header_combobox(page)
    type_and_wait_for_suggestions(page, search_input, "Harbour")
    expect(listbox).to_be_visible()
    search_input.press("Escape")
    expect(listbox).to_be_hidden()

    # One letter more, then deleted: the box holds "Harbour" again, as before Escape.
    search_input.press("s")
    with page.expect_response(lambda r: "/search/suggest/?q=Harbour" in r.url and r.ok):
        search_input.press("Backspace")
    expect(listbox).to_be_visible()
    expect(search_input).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").filter(has_text=PUBLISHED)).to_have_count(1)

    search_input.press("Escape")
    expect(listbox).to_be_hidden()
    with page.expect_response(lambda r: "/search/suggest/?q=Harbour" in r.url and r.ok):
        search_input.press("ArrowDown")
    expect(listbox).to_be_visible()
    expect(search_input).to_have_attribute("aria-expanded", "true")
    expect(search_input).to_have_value("Harbour")


def test_hidden_content_is_never_suggested(page, live_server, login, make_user, content):
    from playwright.sync_api import expect

    # An anonymous visitor: only the published practice is suggested.
    page.goto(live_server.url + "/")
    search_input, listbox = header_combobox(page)
    type_and_wait_for_suggestions(page, search_input, PREFIX)
    expect(listbox.get_by_role("option").filter(has_text=PUBLISHED)).to_have_count(1)
    titles = option_titles(listbox)
    assert PUBLISHED in titles
    assert INVITED_ONLY not in titles
    assert DRAFT not in titles
    assert titles == [PUBLISHED]

    # A member of the invited city does get the consultation (so the check above
    # is about visibility, not about a title that never matches); a draft still never shows.
    make_user("harbour_member", org=content["city"], password="demo")
    login("harbour_member")
    page.goto(live_server.url + "/")
    search_input, listbox = header_combobox(page)
    type_and_wait_for_suggestions(page, search_input, PREFIX)
    expect(listbox.get_by_role("option").filter(has_text=INVITED_ONLY)).to_have_count(1)
    titles = option_titles(listbox)
    assert set(titles) == {PUBLISHED, INVITED_ONLY}
    assert DRAFT not in titles


def test_enter_without_an_active_option_submits_the_form(page, live_server, content):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/")
    search_input, listbox = header_combobox(page)
    type_and_wait_for_suggestions(page, search_input, "Harbourside legal")
    expect(listbox).to_be_visible()
    assert search_input.get_attribute("aria-activedescendant") is None

    with page.expect_navigation():
        search_input.press("Enter")
    assert page.url == f"{live_server.url}/search/?q=Harbourside+legal"
    expect(page.get_by_role("heading", name="1 result")).to_be_visible()
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name=PUBLISHED)).to_be_visible()
    expect(results.get_by_role("link", name=DRAFT)).to_have_count(0)
    expect(results.get_by_role("link", name=INVITED_ONLY)).to_have_count(0)
    # The header box keeps the query; no suggestion list is left open.
    expect(page.locator("#site-search")).to_have_value("Harbourside legal")
    expect(page.get_by_role("listbox")).to_have_count(0)


def test_search_form_works_without_javascript(browser, live_server, content):
    from playwright.sync_api import expect

    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + "/")
        search_input = page.locator("#site-search")
        assert search_input.get_attribute("role") is None
        search_input.fill(PREFIX)
        with page.expect_navigation():
            search_input.press("Enter")
        assert page.url == f"{live_server.url}/search/?q={PREFIX}"
        expect(page.get_by_role("heading", name="1 result")).to_be_visible()
        expect(page.get_by_role("link", name=PUBLISHED)).to_be_visible()
    finally:
        context.close()
