"""The Content-Security-Policy in a real browser: the demo's main pages, a live
thread and the Wagtail page editor run without a single violation. Served by
Daphne (the live thread needs its WebSocket), hence PostgreSQL."""

import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from consultations.models import ConsultationPage
from events.models import EventPage
from practices.models import PracticePage
from tests.realtime_support import DaphneProcess, database_url, free_port, session_cookie

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

# Listens before any script of the page runs, so nothing is missed.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def daphne(db):
    call_command("seed_demo", "--force", verbosity=0)
    server = DaphneProcess(
        free_port(),
        {
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": os.environ.get("REDIS_URL", ""),
            "CHANNEL_PREFIX": f"csp-browser-{uuid.uuid4().hex[:8]}",
        },
        "csp",
    )
    server.start()
    yield server
    server.stop()


def test_main_pages_live_thread_and_page_editor_break_no_rule(daphne, browser):
    admin = get_user_model().objects.get(username="admin")
    context = browser.new_context(locale="en-GB")
    name, _, value = session_cookie(admin).partition("=")
    context.add_cookies([{"name": name, "value": value, "url": daphne.url}])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(20_000)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    violations = {}

    def visit(path, ready=None):
        response = page.goto(f"{daphne.url}{path}")
        assert response.status == 200, path
        assert (
            "'unsafe-inline'"
            not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        )
        if ready:
            page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
            print(path, found)

    practice = PracticePage.objects.live().public().first()
    consultation = ConsultationPage.objects.live().public().first()
    event = EventPage.objects.live().public().first()
    for path in [
        "/",
        "/practices/",
        "/consultations/",
        consultation.url,
        "/events/",
        "/events/?view=month",
        event.url,
        "/search/?q=migration",
        "/accounts/profile/",
        "/admin/",
    ]:
        visit(path)
    # A live thread: its script opens the WebSocket (connect-src).
    visit(practice.url, ready="[data-live-state=live]")

    # The page editor: date pickers, choosers and inline panels are Wagtail's
    # inline scripts; adding a session runs the inline panel's template.
    visit(f"/admin/pages/{event.pk}/edit/", ready="#id_start")
    # The date pickers exist only if Wagtail's inline scripts ran.
    assert page.locator(".xdsoft_datetimepicker").count() > 0
    visit(f"/admin/pages/add/events/eventpage/{event.get_parent().pk}/", ready="#id_start")
    page.locator("#id_sessions-ADD").click()
    page.locator("#id_start").click()
    page.wait_for_selector(".xdsoft_datetimepicker >> visible=true")
    page.locator(".chooser.blank [data-chooser-action-choose] >> visible=true").first.click()
    page.wait_for_selector(".modal-content >> visible=true")
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__csp")
    if found:
        violations["editor actions"] = found
    context.close()

    assert violations == {}
    assert console == []
