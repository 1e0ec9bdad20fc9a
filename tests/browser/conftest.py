"""Headless Chromium (Debian's package) driven by Playwright; no browser downloads."""

import os

import pytest

BROWSER_EXECUTABLE = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the tests
    # also use the ORM to arrange data, which Django would otherwise refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=BROWSER_EXECUTABLE, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    def do_login(username, password="demo"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/accounts/profile/")

    return do_login


# --- Live threads (a Daphne process of the test's own; PostgreSQL) -------------
# Used by test_live_threads.py, test_i18n.py and test_unread.py; test_realtime.py
# has its own ``daphne`` and ``thread``.


@pytest.fixture
def daphne(db):
    """The site in a real Daphne process (the live_server fixture speaks no
    WebSocket), reading the test database."""
    import uuid

    from django.db import connection

    from tests.realtime_support import DaphneProcess, database_url, free_port

    server = DaphneProcess(
        free_port(),
        {
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": os.environ.get("REDIS_URL", ""),
            "CHANNEL_PREFIX": f"rt-live-{uuid.uuid4().hex[:8]}",
        },
        "browser-live",
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def thread(city):
    """A thread of the stand-in owner (an organisation), open here as in Daphne."""
    from forum_site.discussions import owners
    from forum_site.discussions.models import Thread
    from forum_site.organisations.models import Organisation
    from tests.realtime_support import OpenThreads

    owners.register(Organisation, OpenThreads())  # anyone reads; superusers moderate
    yield Thread.for_object(city, title="Live discussion")
    owners.unregister(Organisation)


@pytest.fixture
def people(make_user, city):
    return {
        "author": make_user("alice", first_name="Alice", last_name="Ayew", org=city),
        "member": make_user("bob", first_name="Bob", last_name="Boateng"),
        "moderator": make_user(
            "root", first_name="Rose", last_name="Root", is_superuser=True, is_staff=True
        ),
    }
