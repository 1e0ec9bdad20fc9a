"""The live unread count (issue 18): user A's page is open; user B mentions A in a
thread (forum_site/discussions/realtime.py ``notify_mentions``); A's badges, on
"Notifications" and on the collapsed "Menu" button, go from 0 to 1 without a
reload (forum_site/static/forum_site/js/notifications.js, one code path for
both) and the count is said once in the polite region; opening the
notifications page and marking all read brings both back to 0 on the next
load. At 390 px (the menu collapsed: its button's badge is the one seen) and
1280 px (the menu open: the link's badge is seen, the button is not).

A real Daphne process serves both pages (the notification travels over the
user's socket), hence PostgreSQL."""

import re

import pytest

from tests.realtime_support import session_cookie

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

BADGES = "[data-unread-badge]"
LINK_BADGE = ".notifications-link [data-unread-badge]"
MENU_BADGE = ".menu-button [data-unread-badge]"


def open_page(browser, server, user, path, width):
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 800})
    name, _, value = session_cookie(user).partition("=")
    context.add_cookies([{"name": name, "value": value, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(45_000)
    page.set_default_navigation_timeout(60_000)
    if "/discussions/" in path:
        page.goto(server.url + path)
        return page
    # Wait for the notifications socket (notifications.js) to open.
    with page.expect_websocket(lambda ws: "/ws/notifications/" in ws.url):
        page.goto(server.url + path)
    page.wait_for_timeout(500)
    return page


def badges(page) -> list[tuple[bool, str, str]]:
    """(hidden, figure, words) of each badge (the menu button's, the link's)."""
    found = page.locator(BADGES).evaluate_all(
        "all => all.map(b => [b.hidden, b.children[0].textContent, b.children[1].textContent])"
    )
    return [tuple(badge) for badge in found]


def assert_seen_badge(page, width, figure):
    """The badge a sighted user sees at this width shows ``figure``."""
    from playwright.sync_api import expect

    if width < 768:
        expect(page.locator("summary.menu-button")).to_be_visible()
        expect(page.locator(MENU_BADGE)).to_be_visible()
        expect(page.locator(MENU_BADGE)).to_contain_text(figure)
        expect(page.locator(LINK_BADGE)).not_to_be_visible()  # in the closed menu
    else:
        expect(page.locator("summary.menu-button")).not_to_be_visible()
        expect(page.locator(LINK_BADGE)).to_be_visible()
        expect(page.locator(LINK_BADGE)).to_contain_text(figure)


@pytest.mark.parametrize("width", [390, 1280])
def test_unread_count_goes_up_live_and_down_when_read(browser, daphne, thread, people, width):
    from playwright.sync_api import expect

    alice, bob = people["author"], people["member"]
    reader = open_page(browser, daphne, alice, "/organisations/", width)
    poster = open_page(browser, daphne, bob, f"/discussions/threads/{thread.pk}/", width)
    try:
        poster.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]")
        # Nothing unread: both badges there and hidden; nothing said on load.
        assert badges(reader) == [(True, "0", "0 unread"), (True, "0", "0 unread")]
        assert reader.locator("[data-unread-status]").count() == 0
        poster.locator(f"#thread-{thread.pk}-body").fill("Could @alice tell us about Monday?")
        poster.locator("form[data-comment-form] button[type=submit]").click()

        # The toast, then both badges at 1, without a reload.
        expect(reader.locator(".toast")).to_contain_text("mentioned you")
        # Waited for with expect, not wait_for_function: its polling evaluates a
        # string, which the site's CSP (no 'unsafe-eval') refuses.
        for badge in reader.locator("[data-unread-badge]").all():
            expect(badge).not_to_have_attribute("hidden", re.compile(".*"))
            expect(badge.locator("[aria-hidden=true]")).to_have_text("1")
        assert badges(reader) == [(False, "1", "1 unread"), (False, "1", "1 unread")]
        assert_seen_badge(reader, width, "1")
        # Said once, politely (in the toasts' status region).
        status = reader.locator("[data-unread-status]")
        expect(status).to_have_text("1 unread")
        region = reader.locator(".toast-region")
        assert region.get_attribute("role") == "status"
        assert region.get_attribute("aria-live") == "polite"
        assert reader.evaluate("performance.getEntriesByType('navigation').length") == 1

        # Opening the notifications page does not read them; marking all read does.
        reader.goto(daphne.url + "/notifications/")
        assert badges(reader)[0][:2] == (False, "1")
        reader.get_by_role("button", name="Mark all as read").click()
        reader.wait_for_url("**/notifications/")
        expect(reader.get_by_text("0 unread notifications.")).to_be_visible()
        assert badges(reader) == [(True, "0", "0 unread"), (True, "0", "0 unread")]
        if width < 768:
            expect(reader.locator(MENU_BADGE)).not_to_be_visible()
        else:
            expect(reader.locator(LINK_BADGE)).not_to_be_visible()
    finally:
        reader.context.close()
        poster.context.close()
