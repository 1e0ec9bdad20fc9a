"""Live threads in headless Chromium, against a real Daphne process of our own
(the live_server fixture speaks no WebSocket). Daphne reads the test
database, hence PostgreSQL (SQLite test databases live in memory)."""

import os
import uuid

import pytest
from django.db import connection

from forum_site.discussions import owners
from forum_site.discussions import services as discussions
from forum_site.discussions.models import Comment, Thread
from forum_site.organisations.models import Organisation
from tests.realtime_support import (
    DaphneProcess,
    OpenThreads,
    database_url,
    free_port,
    session_cookie,
)

OPEN_THREADS = OpenThreads()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def daphne(db):
    server = DaphneProcess(
        free_port(),
        {
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": os.environ.get("REDIS_URL", ""),
            "CHANNEL_PREFIX": f"rt-browser-{uuid.uuid4().hex[:8]}",
        },
        "browser",
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def thread(city):
    """A thread of the stand-in owner, open here as in the Daphne process."""
    owners.register(Organisation, OPEN_THREADS)
    yield Thread.for_object(city, title="Live discussion")
    owners.unregister(Organisation)


def open_thread_page(browser, server, user, thread):
    context = browser.new_context(locale="en-GB")
    name, _, value = session_cookie(user).partition("=")
    context.add_cookies([{"name": name, "value": value, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server.url}/discussions/threads/{thread.pk}/")
    page.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]")
    return page


def test_two_pages_see_each_others_comments_without_reloading(browser, daphne, thread, make_user):
    alice = make_user("alice", first_name="Alice", last_name="Ayew")
    bob = make_user("bob", first_name="Bob", last_name="Boateng")
    page_a = open_thread_page(browser, daphne, alice, thread)
    page_b = open_thread_page(browser, daphne, bob, thread)
    # Presence: Alice's page learns that Bob is here.
    page_a.wait_for_selector(".live-presence:has-text('Bob Boateng')")

    page_a.get_by_label("Your comment").fill("Shall we meet on **Monday**?")
    # Bob sees that Alice is typing.
    page_b.wait_for_selector(".live-typing:has-text('Alice Ayew')")
    page_a.get_by_role("button", name="Post comment").click()
    page_b.wait_for_selector(".comment-list strong:has-text('Monday')")
    assert page_b.locator(".comment-list .comment").count() == 1
    # Alice's own page shows it once, and her form is ready for the next one.
    page_a.wait_for_selector(".comment-list strong:has-text('Monday')")
    assert page_a.locator(".comment-list .comment").count() == 1
    assert page_a.get_by_label("Your comment").input_value() == ""
    # The screen-reader announcement on Bob's page.
    page_b.wait_for_selector("[data-thread-live]:has-text('New comment by Alice Ayew')")

    page_b.get_by_label("Your comment").fill("Monday works for me.")
    page_b.get_by_role("button", name="Post comment").click()
    page_a.wait_for_selector(".comment-list p:has-text('Monday works for me.')")
    assert page_a.locator(".comment-list .comment").count() == 2
    # Nothing was reloaded: the comments are the live ones and only once each.
    assert Comment.objects.filter(thread=thread).count() == 2


def test_page_reconnects_after_a_server_restart_and_shows_what_it_missed(
    browser, daphne, thread, make_user
):
    alice = make_user("alice", first_name="Alice", last_name="Ayew")
    bob = make_user("bob", first_name="Bob", last_name="Boateng")
    discussions.post_comment(thread, bob, "Before the restart", client_id="b1")
    changing = discussions.post_comment(thread, bob, "To be edited", client_id="b0")
    page = open_thread_page(browser, daphne, alice, thread)
    page.wait_for_selector(".comment-list p:has-text('Before the restart')")

    daphne.stop()
    page.wait_for_selector(f"#thread-{thread.pk}[data-live-state=offline]")
    # Posted while the page had no connection (e.g. through another process).
    discussions.post_comment(thread, bob, "Posted while you were away", client_id="b2")
    discussions.post_comment(thread, bob, "And one more", client_id="b3")
    discussions.edit_comment(changing, bob, "Edited while you were away")
    daphne.start()

    page.wait_for_selector(f"#thread-{thread.pk}[data-live-state=live]", timeout=40_000)
    page.wait_for_selector(".comment-list p:has-text('And one more')")
    texts = page.locator(".comment-list .comment-text").all_inner_texts()
    page.wait_for_selector(".comment-list p:has-text('Edited while you were away')")
    texts = page.locator(".comment-list .comment-text").all_inner_texts()
    assert texts == [
        "Before the restart",
        "Edited while you were away",
        "Posted while you were away",
        "And one more",
    ]
