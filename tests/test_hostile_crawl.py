"""The hostile crawl: every URL pattern of the project, filled with real ids
from the seeded demo, requested as each role with hostile query strings, and
every form it shows posted back with hostile values. Any 5xx fails.

A new view is covered for free: parameterless patterns are requested as they
are; a pattern with path parameters needs a filler in ``_fillers`` (or an
entry with a reason in ``SKIPPED``), and ``test_every_url_pattern_is_crawled``
fails until it has one. Redirects are not followed; 3xx and 4xx are fine.

Size (SQLite, one core, seeded demo): 90 URLs (patterns and one live Wagtail
page per page type and locale) times 6 roles; per URL and role one plain GET,
3 hostile GETs (rotating through ``HOSTILE_QUERIES``), one bare POST, 3 hostile
POSTs per form found (rotating through ``HOSTILE_VALUES``, 331 forms in all),
and a GET and a POST with the path's ids past 2**64: about 4,450 requests in
about 45 s plus the seed. ``-s`` prints the ``crawl size:`` of each role; the
figures are in docs/architecture.md, "Tests: the hostile crawl".
"""

from __future__ import annotations

import re
import time
import traceback
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from forum_site.page_routes import FILE_ROUTE_PATTERN

# Prefixes not crawled: third-party admin internals (their own tests cover
# them) and the routes of the websocket/static layers that are not views here.
SKIPPED_PREFIXES = ("admin/", "django-admin/", "static/", "media/")

# Patterns not crawled, with the reason. Keep this short.
SKIPPED = {
    "^((?:[\\w\\-]+/)*)$": "Wagtail's page server: crawled through every page type's live URL",
    FILE_ROUTE_PATTERN: "Wagtail's page server for routes ending in a file name (participants.csv, "
    "event.ics): crawled through every routable page type's routes",
}

ROLES = ("anonymous", "city_member", "city_editor", "city_admin", "ministry_admin", "admin")

# One hostile value per request, sent under every query key the page knows
# (its GET forms' fields) plus the usual ones below. Raw, already URL-encoded.
HOSTILE_QUERIES = (
    "%22",
    "%00",
    "x" * 4000,
    "-1",
    "99999999999999999999",
    "9223372036854775808",
    "%FF%FE%C3%28",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "0000-00-00",
    "99999-01-01",
    "%0D%0ASet-Cookie:x=1",
)
QUERY_KEYS = (
    "q", "page", "sort", "order", "id", "pk", "organisation", "country", "region",
    "type", "kind", "status", "theme", "topic", "format", "year", "month", "date",
    "start", "end", "from", "to", "lang", "language", "next", "tab", "view",
    "limit", "offset", "fields", "child_of", "search", "html_path", "since", "cursor",
)  # fmt: skip

HOSTILE_VALUES = (
    "",
    "\x00",
    "a\r\nb\rc\n",
    "x" * 10_000,
    "99999999999999999999999",
    "-9223372036854775809",
    "0000-00-00",
    "99999-01-01",
    "<script>not-a-choice</script>",
    "\u202e\ufffd\U0001f600",
)

GETS_PER_URL = 3
POSTS_PER_FORM = 3


def _iter_patterns(resolver=None, prefix=""):
    """(route, pattern) for every view of the URLconf; i18n prefixes resolve
    to the default language (no prefix)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _iter_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def project_routes():
    return [
        (route, pattern)
        for route, pattern in _iter_patterns()
        if not route.startswith(SKIPPED_PREFIXES)
    ]


def _ids(qs, field="pk"):
    value = qs.values_list(field, flat=True).first()
    return value if value is not None else 999_999  # none in the demo: crawled as a 404


def practice_draft(title: str) -> int:
    """A step-by-step form draft of the demo's city member (made when missing)."""
    from practices.models import PracticeDraft

    user = get_user_model().objects.filter(username="city_member").first()
    if user is None:
        return 999_999
    draft, _created = PracticeDraft.objects.get_or_create(
        user=user, title=title, defaults={"data": {"title": title}}
    )
    return draft.pk


def _fillers():
    """Route -> a function returning the concrete paths to request (real ids
    from the seeded demo; the pattern's own text with the ids substituted)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction

    from consultations.models import ConsultationPage, ConsultationResponse, DraftParagraph
    from events.models import (
        CalendarImport,
        CalendarToken,
        ChecklistItem,
        Delegation,
        DelegationDocument,
        EventPage,
    )
    from forum_site.discussions.models import Comment, Thread
    from forum_site.notifications.models import Notification
    from forum_site.organisations.models import Membership, Organisation
    from practices.models import PracticePage

    User = get_user_model()

    def org():
        return Organisation.objects.get(slug="accra").slug

    def membership():
        return _ids(Membership.objects.filter(organisation__slug="accra").order_by("-role"))

    def thread():
        return _ids(Thread.objects.filter(comments__isnull=False).order_by("pk"))

    def comment():
        return _ids(Comment.objects.filter(thread_id=thread()).order_by("pk"))

    def consultation():
        answered = ConsultationPage.objects.filter(responses__isnull=False).order_by("pk")
        return _ids(answered if answered.exists() else ConsultationPage.objects.order_by("pk"))

    def response():
        return _ids(ConsultationResponse.objects.filter(consultation_id=consultation()))

    def delegation():
        return _ids(Delegation.objects.order_by("pk"))

    def event_slug():
        return EventPage.objects.live().order_by("pk").values_list("slug", flat=True).first()

    def reset():
        user = User.objects.get(username="city_member")
        return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)

    def document():
        return _ids(get_document_model().objects.all())

    def private_image_name():
        # A submission image kept private (forum_site/private_media.py), or a name
        # with the private mark that no image has.
        names = get_image_model().objects.filter(file__contains="private--").order_by("pk")
        return names.values_list("file", flat=True).first() or "original_images/private--none.png"

    t, c, d = "discussions/threads/{}/", "consultations/threads/{}/", "events/delegations/{}/"
    fill = {
        "documents/^(\\d+)/(.*)$": lambda: [f"/documents/{document()}/demo.pdf"],
        "documents/authenticate_with_password/<int:restriction_id>/": lambda: [
            f"/documents/authenticate_with_password/{_ids(PageViewRestriction.objects)}/"
        ],
        "api/v2/^pages/<int:pk>/": lambda: [f"/api/v2/pages/{_ids(Page.objects.live())}/"],
        "api/v2/^images/<int:pk>/": lambda: [f"/api/v2/images/{_ids(get_image_model().objects)}/"],
        "api/v2/^documents/<int:pk>/": lambda: [f"/api/v2/documents/{document()}/"],
        "private-media/<path:name>": lambda: [
            f"/private-media/{private_image_name()}",
            "/private-media/original_images/not-private.png",
        ],
        "accounts/reset/<uidb64>/<token>/": lambda: ["/accounts/reset/{}/{}/".format(*reset())],
        "organisations/<str:slug>/": lambda: [f"/organisations/{org()}/"],
        "organisations/<str:slug>/members/": lambda: [f"/organisations/{org()}/members/"],
        "organisations/<str:slug>/members/<int:membership_id>/": lambda: [
            f"/organisations/{org()}/members/{membership()}/"
        ],
        "notifications/<int:pk>/read/": lambda: [
            f"/notifications/{_ids(Notification.objects.order_by('pk'))}/read/"
        ],
        "practices/<id:page_id>/edit/": lambda: [
            f"/practices/{_ids(PracticePage.objects.order_by('pk'))}/edit/"
        ],
        # Drafts of the step-by-step form: two of the demo city member's (one for
        # the delete page, which the crawl's bare POST deletes); others get 404s.
        "practices/drafts/<id:draft_id>/delete/": lambda: [
            f"/practices/drafts/{practice_draft('Crawled draft to delete')}/delete/"
        ],
        "practices/drafts/<id:draft_id>/<slug:step>/": lambda: [
            f"/practices/drafts/{practice_draft('Crawled draft')}/{step}/"
            for step in ("about", "where", "classification", "results", "files", "review")
        ],
        # The front-end translation pages: the list, and the editor for each
        # language (the practice's own one is a redirect) plus an unknown one.
        "practices/<id:page_id>/translations/": lambda: [
            f"/practices/{_ids(PracticePage.objects.order_by('pk'))}/translations/"
        ],
        "practices/<id:page_id>/translations/<str:language>/": lambda: [
            f"/practices/{_ids(PracticePage.objects.order_by('pk'))}/translations/{code}/"
            for code in ("fr", "en", "xx")
        ],
        "consultations/<id:pk>/translations/": lambda: [
            f"/consultations/{consultation()}/translations/"
        ],
        "consultations/<id:pk>/translations/<str:language>/": lambda: [
            f"/consultations/{consultation()}/translations/{code}/" for code in ("fr", "en", "xx")
        ],
        "practices/<id:page_id>/adopt/": lambda: [
            f"/practices/{_ids(PracticePage.objects.live().order_by('pk'))}/adopt/"
        ],
        "consultations/<id:pk>/respond/": lambda: [f"/consultations/{consultation()}/respond/"],
        "consultations/<id:pk>/edit/": lambda: [f"/consultations/{consultation()}/edit/"],
        "consultations/<id:pk>/edit/questions/": lambda: [
            f"/consultations/{consultation()}/edit/questions/"
        ],
        "consultations/<id:pk>/edit/preview/": lambda: [
            f"/consultations/{consultation()}/edit/preview/"
        ],
        "consultations/<id:pk>/responses/<id:response_id>/": lambda: [
            f"/consultations/{consultation()}/responses/{response()}/"
        ],
        "events/feed/<str:token>.ics": lambda: [
            f"/events/feed/{_ids(CalendarToken.objects, 'token')}.ics"
        ],
        "events/import/<int:pk>/confirm/": lambda: [
            f"/events/import/{_ids(CalendarImport.objects)}/confirm/"
        ],
        "events/import/<int:pk>/": lambda: [f"/events/import/{_ids(CalendarImport.objects)}/"],
        "events/drafts/<id:pk>/": lambda: [
            f"/events/drafts/{_ids(EventPage.objects.filter(live=False).order_by('pk'))}/"
        ],
        "events/import/<int:pk>/progress.json": lambda: [
            f"/events/import/{_ids(CalendarImport.objects)}/progress.json"
        ],
        "events/import/<int:pk>/restart/": lambda: [
            f"/events/import/{_ids(CalendarImport.objects)}/restart/"
        ],
        "events/delegations/<int:pk>/checklist/<int:item_pk>/toggle/": lambda: [
            (d + "checklist/{}/toggle/").format(
                delegation(), _ids(ChecklistItem.objects.filter(delegation_id=delegation()))
            )
        ],
        "events/delegations/<int:pk>/documents/<int:doc_pk>/": lambda: [
            (d + "documents/{}/").format(
                delegation(),
                _ids(DelegationDocument.objects.filter(delegation_id=delegation())),
            )
        ],
    }
    for prefix in (t, c):
        route = prefix.replace("{}", "<int:thread_id>")
        fill[route] = lambda p=prefix: ["/" + p.format(thread())]
        for tail in ("post/", "lock/"):
            fill[route + tail] = lambda p=prefix, tail=tail: ["/" + p.format(thread()) + tail]
        for verb in ("edit", "delete", "hide"):
            fill[route + f"comments/<int:comment_id>/{verb}/"] = lambda p=prefix, v=verb: [
                "/" + p.format(thread()) + f"comments/{comment()}/{v}/"
            ]
    consultation_tails = ("dashboard/", "export.csv", "export.xlsx", "outcome/", "publish/")
    consultation_tails += ("edit/", "edit/questions/", "edit/preview/", "edit/draft-text/")
    consultation_tails += ("draft-text/overview/", "draft-text/comments.csv")
    consultation_tails += ("draft-text/comments.xlsx",)
    for tail in consultation_tails:
        fill["consultations/<id:pk>/" + tail] = lambda tail=tail: [
            f"/consultations/{consultation()}/{tail}"
        ]

    def paragraph():
        found = DraftParagraph.objects.select_related("draft").order_by("pk").first()
        return (found.draft.consultation_id, found.key) if found else (999_999, "none")

    for tail in ("", "propose/"):
        fill["consultations/<id:pk>/draft-text/<slug:key>/" + tail] = lambda tail=tail: [
            "/consultations/{}/draft-text/{}/".format(*paragraph()) + tail
        ]
    for tail in ("", "invite/", "respond/", "checklist/", "documents/", "paper/"):
        fill[d.replace("{}", "<int:pk>") + tail] = lambda tail=tail: [
            "/" + d.format(delegation()) + tail
        ]
    # The old address of an event's .ics (a redirect); the event's actions are
    # routes of its page, crawled with the page (``page_routes``).
    fill["events/<slug:slug>.ics"] = lambda: [f"/events/{event_slug()}.ics"]
    fill["_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/"] = (
        lambda: [
            "/_util/authenticate_with_password/{}/{}/".format(
                _ids(PageViewRestriction.objects), _ids(PageViewRestriction.objects, "page_id")
            )
        ]
    )
    return fill


def _has_parameters(route: str, pattern: URLPattern) -> bool:
    return bool(pattern.pattern.regex.groups) or "<" in route


def _static_path(route: str) -> str:
    return "/" + route.replace("^", "").replace("$", "")


def crawl_targets():
    """Every path to crawl: the filled patterns and one live page per page
    type and locale. Returns (paths, unfilled routes)."""
    fillers = _fillers()
    paths, unfilled = [], []
    for route, pattern in project_routes():
        if route in SKIPPED:
            continue
        if route in fillers:
            paths.extend(fillers[route]())
        elif _has_parameters(route, pattern):
            unfilled.append(route)
        else:
            paths.append(_static_path(route))
    seen = set()
    for page in Page.objects.live().filter(depth__gt=1).order_by("path"):
        if (page.content_type_id, page.locale_id) in seen:
            continue  # one page per type and locale: every page would double the crawl's time
        seen.add((page.content_type_id, page.locale_id))
        url = page.get_url()
        if url:
            paths.append(urlsplit(url).path)
            routes, unreversed = page_routes(page.specific)
            paths.extend(urlsplit(url).path + route for route in routes)
            unfilled.extend(unreversed)
    return list(dict.fromkeys(paths)), unfilled


# Routes of pages with parameters: the values to crawl them with.
ROUTE_ARGUMENTS = {
    # An event's translation editor: a language, its own (a redirect), an unknown one.
    "translation": [{"language": "fr"}, {"language": "en"}, {"language": "xx"}],
}


def page_routes(page):
    """The routes of a ``RoutablePageMixin`` page (an event's register/, event.ics, …)
    as paths below the page's URL; routes with parameters are returned apart (they
    need a filler here)."""
    if not isinstance(page, RoutablePageMixin):
        return [], []
    routes, unreversed = [], []
    for pattern in page.get_subpage_urls():
        if pattern.name in ROUTE_ARGUMENTS:
            routes.extend(
                page.reverse_subpage(pattern.name, kwargs=kwargs)
                for kwargs in ROUTE_ARGUMENTS[pattern.name]
            )
        elif pattern.pattern.regex.groups or "<" in str(pattern.pattern):
            unreversed.append(f"{type(page).__name__} route {pattern.name}")
        elif pattern.name != "index_route":
            routes.append(page.reverse_subpage(pattern.name))
    return routes, unreversed


def beyond_64_bits(paths):
    """The filled paths again with every numeric id past 2**64 (the int
    converter lets it through; the database cannot hold it)."""
    huge = "/" + str(2**64) + "/"
    return [
        out for out in dict.fromkeys(re.sub(r"/\d+/", huge, p) for p in paths) if out not in paths
    ]


class _Forms(HTMLParser):
    """Forms of a page: method, action and field names (with the options of
    selects and the values of hidden inputs)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
                "hidden": {},
            }
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea", "button"):
            name = attrs.get("name")
            if not name:
                return
            if attrs.get("type") == "file":
                self._current["fields"][name] = "file"
            elif attrs.get("type") == "hidden" or tag == "button":
                self._current["hidden"][name] = attrs.get("value") or ""
            else:
                self._current["fields"][name] = tag

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _forms(response):
    if "html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.forms


class Crawl:
    def __init__(self, role: str):
        self.role = role
        self.client = Client(raise_request_exception=False)
        self.failures: list[str] = []
        self.requests = 0
        self.forms = 0
        self.turn = 0
        self.user = None
        if role != "anonymous":
            self.user = get_user_model().objects.get(username=role)

    def login(self):
        if self.user is not None:
            self.client.force_login(self.user)

    def _check(self, method, path, detail, response):
        self.requests += 1
        if response.status_code >= 500:
            last = "(no exception)"
            if response.exc_info:
                last = traceback.format_exception_only(*response.exc_info[:2])[-1].strip()
            self.failures.append(
                f"{method} {path} as {self.role} [{detail}] -> {response.status_code}: {last}"
            )

    def _rotate(self, values, count):
        self.turn += 1
        return [values[(self.turn * count + i) % len(values)] for i in range(count)]

    def visit(self, path):
        self.login()
        response = self.client.get(path)
        self._check("GET", path, "plain", response)
        forms = _forms(response)
        keys = set(QUERY_KEYS)
        for form in forms:
            if form["method"] == "get":
                keys.update(form["fields"], form["hidden"])
        for value in self._rotate(HOSTILE_QUERIES, GETS_PER_URL):
            query = "&".join(f"{key}={value}" for key in sorted(keys))
            self._check("GET", path, f"?*={value[:30]}", self.client.get(f"{path}?{query}"))
        if path.rstrip("/").endswith("logout"):
            return  # posting it would end the role's session for the rest of the crawl
        self._check("POST", path, "empty body", self.client.post(path, {}))
        for form in forms:
            if form["method"] != "post":
                continue
            action = urljoin(path, form["action"]) if form["action"] else path
            action = action.split("#")[0]
            if action.rstrip("/").endswith("logout") or not action.startswith("/"):
                continue
            self.forms += 1
            for value in self._rotate(HOSTILE_VALUES, POSTS_PER_FORM):
                self.login()
                data = dict(form["hidden"])
                if self.turn % 2:  # every other round the hidden fields turn hostile too
                    data = dict.fromkeys(data, value)
                for name, kind in form["fields"].items():
                    if kind != "file":
                        data[name] = value
                detail = f"form of {path}, fields={value[:30]!r}"
                self._check("POST", action, detail, self.client.post(action, data))


def test_every_url_pattern_is_crawled(seeded_demo):
    """A new URL pattern with parameters needs a filler in _fillers or a reason in SKIPPED."""
    paths, unfilled = crawl_targets()
    # Routes of routable pages are no URL patterns: crawled with their page.
    for tail in ("/register/", "/participants.csv", "/event.ics", "/delegations/new/"):
        assert any(path.startswith("/events/") and path.endswith(tail) for path in paths), tail
    assert not unfilled, (
        "The hostile crawl cannot fill these URL patterns; add a filler to "
        "tests/test_hostile_crawl.py:_fillers (or a reason to SKIPPED): " + ", ".join(unfilled)
    )
    stale = set(SKIPPED) - {route for route, _ in project_routes()}
    assert not stale, f"SKIPPED names patterns that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_5xx_to_a_hostile_request(seeded_demo, role):
    paths, _ = crawl_targets()
    crawl = Crawl(role)
    started = time.monotonic()
    for path in paths:
        crawl.visit(path)
    for path in beyond_64_bits(paths):
        crawl.login()
        crawl._check("GET", path, "id > 2**64", crawl.client.get(path))
        crawl._check("POST", path, "id > 2**64", crawl.client.post(path, {}))
    print(
        f"crawl size: {role}: {len(paths)} URLs, {crawl.forms} forms, {crawl.requests} requests, "
        f"{time.monotonic() - started:.1f}s"
    )
    assert not crawl.failures, f"{len(crawl.failures)} 5xx answers:\n" + "\n".join(crawl.failures)
