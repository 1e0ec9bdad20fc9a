"""The responsive walk: every page type at three widths, in English and Arabic.

Each case (page type, width, language) is its own test id, ``<page>-<width>-<lang>``.
A case fails on

- sideways scrolling: ``document.documentElement.scrollWidth > window.innerWidth``
  (the message names the widest elements that stick out);
- text overlapping controls: the boxes of two visible interactive elements
  (a, button, input, select, textarea, label, summary) intersecting by more
  than 1 px in both directions, nested ones (a label around its input) ignored;
- serious or critical axe-core findings (axe-core comes from tests/js/node_modules,
  ``make install`` / ``npm ci --prefix tests/js``; the case is skipped without it).

A full-page screenshot of each case is saved as
``reports/screenshots/<page>-<width>-<lang>.png``.

Page types (signed in as a demo user, except on the sign-in page):
    home                 /
    practice-library     the practice index page
    practice             a published practice
    submission-form      /practices/submit/ (step 1 of the form in steps)
    submission-review    /practices/drafts/<id>/review/ (a complete draft: the preview)
    exchange             /practices/exchange/
    consultations-index  the consultation index page
    consultation         an open consultation
    respond              /consultations/<id>/respond/
    dashboard            /consultations/<id>/dashboard/ (as the owner's editor)
    events-list          the events index page
    events-month         the events index page, ?view=month (a month with events)
    event                an event page
    delegation           /events/delegations/<id>/ (as the delegation's head)
    search               /search/?q=migration
    profile              /accounts/profile/
    notifications        /notifications/
    sign-in              /accounts/login/ (anonymous)
    not-found            a URL that does not exist (404)
    styleguide           /styleguide/ (as a superuser: staff only)

Widths: 320, 390 and 1280 CSS pixels (height 800). Languages: English (no
prefix) and Arabic (``/ar/`` prefix, right to left).

The demo is seeded once for the module, inside a transaction that is rolled
back at the end; the live server shares the test database's connection (the
in-memory SQLite database of the test settings), so it sees the seed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# django_db: the test database is set up (each test runs in a savepoint of the
# module's seed transaction).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "reports" / "screenshots"

PAGE_TYPES = (
    "home",
    "practice-library",
    "practice",
    "submission-form",
    "submission-review",
    "exchange",
    "consultations-index",
    "consultation",
    "respond",
    "dashboard",
    "events-list",
    "events-month",
    "event",
    "delegation",
    "search",
    "profile",
    "notifications",
    "sign-in",
    "not-found",
    "styleguide",
)
WIDTHS = (320, 390, 1280)
LANGUAGES = ("en", "ar")
ANONYMOUS = {"sign-in"}
EXPECTED_STATUS = {"not-found": 404}

# Editors tried, in this order, for the pages that need a particular viewer.
CANDIDATES = (
    "city_editor",
    "city_admin",
    "ministry_editor",
    "ministry_admin",
    "kumasi_editor",
    "milan_editor",
    "nairobi_editor",
    "admin",
)

OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (!el.checkVisibility()) continue;
    if (r.right > width + 1 || r.left < -1) {
      const style = getComputedStyle(el);
      if (style.position === 'absolute' || style.position === 'fixed') {
        // Visually hidden text and skip links are placed off screen on purpose.
        if (r.width <= 1 || r.height <= 1 || r.bottom < 0) continue;
      }
      let name = el.tagName.toLowerCase();
      if (el.id) name += '#' + el.id;
      if (el.classList.length) name += '.' + [...el.classList].join('.');
      out.push({el: name, left: Math.round(r.left), right: Math.round(r.right)});
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    sticking_out: out.slice(0, 8),
  };
}"""

OVERLAP_JS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, label, summary';
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
    return name + ' "' + text.slice(0, 40) + '"';
  };
  // The part of a box left visible by the scrolling ancestors that clip it.
  const clipped = (el, r) => {
    let box = {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = p.getBoundingClientRect();
      box = {left: Math.max(box.left, c.left), right: Math.min(box.right, c.right),
             top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom)};
    }
    box.width = box.right - box.left;
    box.height = box.bottom - box.top;
    return box;
  };
  const boxes = [];
  for (const el of document.querySelectorAll(selector)) {
    // Not rendered: hidden, transparent, or inside a closed <details> (whose
    // content still has boxes, in a content-visibility: hidden subtree).
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    for (const rect of el.getClientRects()) {
      const r = clipped(el, rect);
      // Visually hidden controls (a checkbox under its styled label) are 1 px.
      if (r.width <= 1 || r.height <= 1) continue;
      boxes.push({el, r});
    }
  }
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      if (a.el.tagName === 'LABEL' && a.el.control === b.el) continue;
      if (b.el.tagName === 'LABEL' && b.el.control === a.el) continue;
      const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (x > 1 && y > 1) {
        found.push(describe(a.el) + ' overlaps ' + describe(b.el) +
          ' by ' + Math.round(x) + 'x' + Math.round(y) + ' px');
        if (found.length >= 10) return found;
      }
    }
  }
  return found;
}"""

AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}"""


def _first_ok(client, url, usernames, expected=200):
    """The first of ``usernames`` who gets ``expected`` at ``url``."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    for username in usernames:
        client.force_login(users.get(username=username))
        if client.get(url).status_code == expected:
            return username
    raise AssertionError(f"none of {usernames} may see {url}")


def _localized(page, language):
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    translation = page.get_translation_or_none(locale) if locale else None
    if translation is not None and translation.live:
        return translation.url
    return f"/{language}{page.url}"


def _complete_draft(username):
    """A draft of the practice form, every step filled in, for its review page."""
    from django.contrib.auth import get_user_model

    from practices import rules
    from practices.models import PracticeDraft
    from practices.tests.helpers import valid_post

    user = get_user_model().objects.get(username=username)
    organisation = rules.organisations_that_can_share(user).first()
    data = valid_post(organisation)
    return PracticeDraft.objects.create(
        user=user, organisation=organisation, title=data["title"], data=data, step="files"
    )


def _pages():
    """(url_en, url_ar, username) per page type, from the seeded demo."""
    from django.test import Client
    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage
    from events.models import Delegation, EventIndexPage, EventPage
    from practices.models import PracticeIndexPage, PracticePage

    client = Client()
    now = timezone.now()

    def wagtail(page):
        return page.url, _localized(page, "ar")

    def route(path):
        return path, "/ar" + path

    practice_index = PracticeIndexPage.objects.live().filter(locale__language_code="en").first()
    practice = PracticePage.objects.live().filter(locale__language_code="en").first()
    consultation_index = (
        ConsultationIndexPage.objects.live().filter(locale__language_code="en").first()
    )
    consultation = (
        ConsultationPage.objects.live()
        .filter(locale__language_code="en", opens_at__lte=now, closes_at__gt=now)
        .order_by("pk")
        .first()
    )
    event_index = EventIndexPage.objects.live().filter(locale__language_code="en").first()
    event = (
        EventPage.objects.live()
        .filter(locale__language_code="en", start__gte=now)
        .order_by("start")
        .first()
    ) or EventPage.objects.live().first()
    delegation = Delegation.objects.select_related("head").order_by("pk").first()

    review = f"/practices/drafts/{_complete_draft('city_editor').pk}/review/"
    respond = f"/consultations/{consultation.pk}/respond/"
    dashboard = f"/consultations/{consultation.pk}/dashboard/"
    month_query = f"?view=month&month={event.start:%Y-%m}"
    en_events, ar_events = wagtail(event_index)
    pages = {
        "home": (*route("/"), "city_editor"),
        "practice-library": (*wagtail(practice_index), "city_editor"),
        "practice": (*wagtail(practice), "city_editor"),
        "submission-form": (*route("/practices/submit/"), "city_editor"),
        "submission-review": (*route(review), "city_editor"),
        "exchange": (*route("/practices/exchange/"), "city_editor"),
        "consultations-index": (*wagtail(consultation_index), "city_editor"),
        "consultation": (*wagtail(consultation), "city_editor"),
        "respond": (*route(respond), _first_ok(client, respond, CANDIDATES)),
        "dashboard": (*route(dashboard), _first_ok(client, dashboard, CANDIDATES)),
        "events-list": (en_events, ar_events, "city_editor"),
        "events-month": (en_events + month_query, ar_events + month_query, "city_editor"),
        "event": (*wagtail(event), "city_editor"),
        "delegation": (
            *route(f"/events/delegations/{delegation.pk}/"),
            delegation.head.username,
        ),
        "search": (*route("/search/?q=migration"), "city_editor"),
        "profile": (*route("/accounts/profile/"), "city_editor"),
        "notifications": (*route("/notifications/"), "city_editor"),
        "sign-in": (*route("/accounts/login/"), None),
        "not-found": (*route("/no-such-page-for-the-walk/"), "city_editor"),
        "styleguide": (*route("/styleguide/"), "admin"),
    }
    assert set(pages) == set(PAGE_TYPES)
    return pages


@pytest.fixture(scope="module")
def walk_site(django_db_setup, django_db_blocker):
    """The seeded demo behind a live server, for the whole module."""
    from django.db import connections, transaction
    from django.test.testcases import LiveServerThread

    from tests.seeded_demo import seed_demo

    with django_db_blocker.unblock():
        connection = connections["default"]
        if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
            pytest.skip("the walk shares an in-memory SQLite test database with its server")
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_demo()
            pages = _pages()
            sessions = _sessions({user for _en, _ar, user in pages.values() if user})
            connection.inc_thread_sharing()
            from django.contrib.staticfiles.handlers import StaticFilesHandler

            server = LiveServerThread(
                "localhost",
                static_handler=StaticFilesHandler,
                connections_override={"default": connection},
            )
            server.daemon = True
            server.start()
            server.is_ready.wait()
            if server.error:
                raise server.error
            try:
                url = f"http://localhost:{server.port}"
                yield {"url": url, "pages": pages, "sessions": sessions}
            finally:
                server.terminate()
                connection.dec_thread_sharing()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _sessions(usernames):
    """A session cookie per user, made in the module's transaction (a login
    during a test would be rolled back with the test's savepoint)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects
    cookies = {}
    for username in usernames:
        client = Client()
        client.force_login(users.get(username=username))
        cookies[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_fits(browser, walk_site, page_type, width, language):
    base_url = walk_site["url"]
    url_en, url_ar, username = walk_site["pages"][page_type]
    from django.conf import settings

    signed_in = bool(username) and page_type not in ANONYMOUS
    context = browser.new_context(
        locale="ar" if language == "ar" else "en-GB",
        viewport={"width": width, "height": 800},
    )
    if signed_in:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": walk_site["sessions"][username],
                    "url": base_url,
                }
            ]
        )
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        response = page.goto(base_url + (url_ar if language == "ar" else url_en))
        assert response.status == EXPECTED_STATUS.get(page_type, 200), page.url
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang").startswith(language)
        # Signed in (the header's log-out form) or not, as the case says.
        assert page.locator(".account-nav form").count() == int(signed_in), page.url

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / f"{page_type}-{width}-{language}.png"), full_page=True
        )

        problems = []
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow["scrollWidth"] > overflow["innerWidth"]:
            problems.append(f"scrolls sideways: {json.dumps(overflow)}")
        overlaps = page.evaluate(OVERLAP_JS)
        if overlaps:
            problems.append("controls overlap: " + "; ".join(overlaps))
        if AXE.exists():
            # Evaluated, not added as a <script>: the CSP forbids inline scripts.
            page.evaluate(AXE.read_text(encoding="utf-8"))
            findings = page.evaluate(AXE_JS)
            if findings:
                problems.append("axe: " + json.dumps(findings))
        assert not problems, "\n".join(problems)
        if not AXE.exists():
            pytest.skip(f"axe not checked: {AXE} missing (npm ci --prefix tests/js)")
    finally:
        context.close()
