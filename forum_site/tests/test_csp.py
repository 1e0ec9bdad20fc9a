"""Content-Security-Policy: every page of the demo, public and admin, is sent
with a policy that runs no inline script, and its HTML needs none."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from wagtail.models import Page

from consultations.models import ConsultationPage
from events.models import EventPage
from forum_site.csp import current_nonce
from practices.models import PracticePage

HANDLER = re.compile(r"^on[a-z]+$")


class Scripts(HTMLParser):
    """Every <script> tag with its attributes and body, and every attribute
    that would run code (inline event handlers, javascript: URLs)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.code_attributes: list[str] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if HANDLER.match(name):
                self.code_attributes.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.code_attributes.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = {"attrs": attributes, "body": ""}
            self.scripts.append(self._script)

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def assert_runs_under_policy(response):
    assert response.status_code == 200, response
    admin = response.wsgi_request.path.startswith("/admin/")
    header = response["Content-Security-Policy"]
    policy = directives(header)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == (["'self'"] if admin else ["'none'"])
    assert ("'unsafe-inline'" in policy["style-src"]) is admin
    assert "ws://testserver" in policy["connect-src"]
    nonces = [s.removeprefix("'nonce-").removesuffix("'") for s in policy["script-src"]]
    nonces = [n for n in nonces if not n.startswith("'")]

    parser = Scripts()
    parser.feed(response.content.decode())
    assert parser.code_attributes == []
    for script in parser.scripts:
        attrs = script["attrs"]
        if "src" in attrs:
            src = urlsplit(attrs["src"])
            assert not src.netloc and src.path.startswith("/"), attrs["src"]
        elif attrs.get("type") == "application/json":
            pass  # data, never run
        else:
            assert attrs.get("nonce") in nonces, script
    return parser


def first_open(model):
    """The URL of the first live page of a kind that an anonymous visitor sees."""
    client = Client()
    for page in model.objects.live().public().order_by("pk"):
        if client.get(page.url).status_code == 200:
            return page.url
    raise AssertionError(f"the demo has no {model.__name__} open to all")


def public_urls():
    return [
        "/",
        "/practices/",
        first_open(PracticePage),
        "/consultations/",
        first_open(ConsultationPage),
        "/events/",
        "/events/?view=month",
        first_open(EventPage),
        "/search/?q=migration",
        "/accounts/login/",
        "/admin/login/",
    ]


def test_public_pages_run_no_inline_script(seeded_demo):
    client = Client()
    for url in public_urls():
        assert_runs_under_policy(client.get(url))


def test_member_pages_run_no_inline_script(seeded_demo):
    """Signed in, pages carry the notification script and thread forms."""
    client = Client()
    client.force_login(get_user_model().objects.filter(is_superuser=False).first())
    for url in [*public_urls()[:-1], "/accounts/profile/"]:
        assert_runs_under_policy(client.get(url))


def test_wagtail_admin_runs_its_scripts_with_the_nonce(seeded_demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    editors = [
        f"/admin/pages/{page.pk}/edit/"
        for page in (
            EventPage.objects.first(),
            ConsultationPage.objects.first(),
            PracticePage.objects.first(),
        )
    ]
    home = Page.objects.get(depth=2, locale__language_code="en")  # each language has a home
    urls = [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        *editors,
        f"/admin/pages/add/events/eventpage/{EventPage.objects.first().get_parent().pk}/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/users/",
    ]
    inline = 0
    for url in urls:
        parser = assert_runs_under_policy(client.get(url))
        inline += sum(1 for s in parser.scripts if "nonce" in s["attrs"])
    # The editors do have Wagtail's inline scripts (date pickers, choosers,
    # inline panels), so the nonce is what lets them run.
    assert inline > 0


def test_report_only_switch_sends_the_same_policy_as_a_report(seeded_demo, settings):
    enforced = Client().get("/")["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = Client().get("/")
    assert "Content-Security-Policy" not in response
    report = response["Content-Security-Policy-Report-Only"]
    strip = re.compile(r"'nonce-[^']+'")
    assert strip.sub("", report) == strip.sub("", enforced)


@pytest.mark.parametrize("value, enforced", [("1", False), ("", True), (None, True)])
def test_the_environment_variable_chooses_the_mode(monkeypatch, value, enforced):
    import importlib

    from forum_site.settings import base

    if value is None:
        monkeypatch.delenv("CSP_REPORT_ONLY", raising=False)
    else:
        monkeypatch.setenv("CSP_REPORT_ONLY", value)
    reloaded = importlib.reload(base)
    try:
        assert (reloaded.CONTENT_SECURITY_POLICY is not None) is enforced
        assert (reloaded.CONTENT_SECURITY_POLICY_REPORT_ONLY is not None) is not enforced
    finally:
        monkeypatch.delenv("CSP_REPORT_ONLY", raising=False)
        importlib.reload(base)


def test_no_nonce_outside_a_request():
    assert current_nonce() == ""


OVERRIDES = [
    "widgets/date_input.html",
    "widgets/time_input.html",
    "widgets/datetime_input.html",
    "panels/inline_panel.html",
    "panels/multiple_chooser_panel.html",
]


@pytest.mark.parametrize("name", OVERRIDES)
def test_wagtail_template_overrides_differ_from_wagtail_only_by_the_nonce(name):
    """After a Wagtail upgrade this fails until the override is copied afresh."""
    from pathlib import Path

    import wagtail

    import forum_site

    ours = Path(forum_site.__file__).parent / "templates/wagtailadmin" / name
    theirs = Path(wagtail.__file__).parent / "admin/templates/wagtailadmin" / name
    undone = (
        ours.read_text()
        .replace('<script nonce="{% csp_nonce %}">', "<script>")
        .replace("{% load forum_tags %}", "")
        .replace(" forum_tags %}", " %}")
    )
    assert "{% csp_nonce %}" in ours.read_text()
    assert undone == theirs.read_text()


def test_chooser_script_gets_the_nonce_of_the_request(rf):
    from wagtail.admin.widgets import AdminPageChooser

    from forum_site.csp import SiteCSPMiddleware

    request = rf.get("/admin/")
    middleware = SiteCSPMiddleware(lambda r: None)
    middleware.process_request(request)
    try:
        html = AdminPageChooser().render("page", None, {"id": "id_page"})
    finally:
        middleware.process_response(request, HttpResponse())
    assert f'<script nonce="{request.csp_nonce}">' in html
    assert html.count("<script") == 1
    # Outside the request the script has no nonce (and would be blocked).
    assert "nonce" not in AdminPageChooser().render("page", None, {"id": "id_page"})
