"""How each surface is asked whether a role sees an item.

A probe is ``fn(world, role, item) -> bool``: True when what the surface
answers ``role`` shows ``item`` (its marker word is in the answer, or, for a
download or an action, the answer is a 200). Answers are kept per (role, URL)
for the module: the world does not change, and one listing answers many rows.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from asgiref.sync import async_to_sync
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.permission_matrix.world import ANONYMOUS, MARKERS

_answers: dict[tuple[str, str], tuple[int, str]] = {}


def reset_cache() -> None:
    _answers.clear()


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an .xlsx: the strings of its sheets
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def get(world, role: str, url: str, method: str = "get") -> tuple[int, str]:
    """(status, text) of a GET (or an empty POST) of ``url`` as ``role``
    (redirects not followed; a redirect's text is its target)."""
    key = (role, method, url)
    if key not in _answers:
        response = getattr(world.client(role), method)(url, HTTP_HOST="localhost")
        text = response.get("Location", "") if response.status_code in (301, 302) else ""
        _answers[key] = (response.status_code, text or _text(response))
        _types[key] = response.get("Content-Type", "")
    return _answers[key]


_types: dict = {}


def content_type(role: str, url: str, method: str = "get") -> str:
    return _types.get((role, method, url), "")


def marker(item: str) -> str:
    return MARKERS[item]


def shows(url_for):
    """A probe: the marker is in a 200 answer of ``url_for(world, item)``."""

    def probe(world, role, item):
        status, text = get(world, role, url_for(world, item))
        return status == 200 and marker(item) in text

    return probe


def answers_200(url_for):
    """A probe for downloads: the answer is a 200 that is not a web page (a
    password form, say, is a 200 too)."""

    def probe(world, role, item):
        url = url_for(world, item)
        status, _text = get(world, role, url)
        return status == 200 and not content_type(role, url).startswith("text/html")

    return probe


def reaches_action(url_for):
    """A probe for POST-only actions (register, form a delegation): an empty POST
    is sent back to the event with a message, or refused (404 as for a missing
    event; anonymous visitors are sent to log in)."""

    def probe(world, role, item):
        status, location = get(world, role, url_for(world, item), method="post")
        return status == 302 and not location.startswith(resolve_url(settings.LOGIN_URL))

    return probe


def posts_form(url_for):
    """A probe for an organiser's form (edit an event, confirm a cancellation): an
    empty POST is answered with the form again, its errors shown and the item's
    title in it (200); refused: 404 as for a missing event, 403, or the login or
    password form. Nothing is saved: an empty form is never valid."""

    def probe(world, role, item):
        status, text = get(world, role, url_for(world, item), method="post")
        return status == 200 and marker(item) in text

    return probe


def answers_page(url, method: str = "get"):
    """A probe for a page that shows no item (the new-event form): a 200 web page
    (refused: 403, or the login form)."""

    def probe(world, role, item):
        status, _text = get(world, role, url, method=method)
        return status == 200 and content_type(role, url, method).startswith("text/html")

    return probe


def answers_page_for(url_for):
    """``answers_page`` for a URL that depends on the world."""

    def probe(world, role, item):
        return answers_page(url_for(world, item))(world, role, item)

    return probe


def page_url(world, item) -> str:
    return world.items[item].url


def _month(world, item) -> str:
    start = world.items[item].start
    return f"/events/?view=month&month={start:%Y-%m}"


# -- search ------------------------------------------------------------------------

RESULTS_HEADING = re.compile(r'id="results-heading"[^>]*>\s*(\d+) result')
COUNT = re.compile(r'<span class="count">\((\d+)\)</span>')


def search_results(world, role, item):
    """The results AND their counts: the heading's total and every type and
    facet count. Any of them above zero for a role counts as seeing it (the
    marker is on this item only)."""
    status, text = get(world, role, f"/search/?q={marker(item)}")
    if status != 200:
        return False
    total = RESULTS_HEADING.search(text)
    counts = [int(c) for c in COUNT.findall(text)]
    # The query itself is echoed in the search box: look for the marker in the results.
    results = text.split('class="item-list search-results"', 1)[1:]
    in_results = bool(results) and marker(item) in results[0].split("</ol>", 1)[0]
    return in_results or bool(total and int(total.group(1))) or any(counts)


def search_suggestions(world, role, item):
    status, text = get(world, role, f"/search/suggest/?q={marker(item)}")
    return status == 200 and marker(item) in text


# -- feeds ---------------------------------------------------------------------------


def event_ics_url(world, item) -> str:
    # A route of the event page (events.models.pages.EventPage.event_ics).
    return world.items[item].url + "event.ics"


def personal_feed(world, role, item):
    if role == ANONYMOUS:
        return False  # no feed of one's own
    status, text = get(world, role, f"/events/feed/{world.tokens[role]}.ics")
    return status == 200 and marker(item) in text


# -- pickers and choosers ------------------------------------------------------------


def page_chooser(world, role, item):
    """Wagtail's page chooser search (admin users only; others are sent to log in)."""
    url = reverse("wagtailadmin_choose_page_search") + f"?q={marker(item)}"
    status, text = get(world, role, url)
    return status == 200 and marker(item) in text


def page_chooser_browse(world, role, item):
    """Wagtail's page chooser browsing the item's parent (the index page)."""
    parent = world.items[item].get_parent()
    url = reverse("wagtailadmin_choose_page_child", args=[parent.pk])
    status, text = get(world, role, url)
    return status == 200 and marker(item) in text


def position_paper_choice(world, role, item):
    """The delegation position paper's "related consultation" choices for this role."""
    from events.forms import PositionPaperForm

    form = PositionPaperForm(user=world.users[role])
    return form.fields["consultation"].queryset.filter(pk=world.items[item].pk).exists()


# -- API -----------------------------------------------------------------------------


def api_pages_type(world, item) -> str:
    page = world.items[item]
    model = page.specific_class._meta
    return f"/api/v2/pages/?type={model.app_label}.{model.object_name}&limit=100"


def api_pages_search(world, item) -> str:
    return f"/api/v2/pages/?search={marker(item)}"


# -- discussions and sockets --------------------------------------------------------


def thread_url(world, item) -> str:
    return f"/discussions/threads/{world.items[item].thread_id}/"


def comment_edit_url(world, item) -> str:
    comment = world.items[item]
    return f"/discussions/threads/{comment.thread_id}/comments/{comment.pk}/edit/"


def _thread_id(world, item) -> int:
    obj = world.items[item]
    if item == "hidden-comment":
        return obj.thread_id
    return obj.get_thread().pk


async def _socket(world, role, thread_id: int, resume: bool):
    from channels.testing import WebsocketCommunicator

    from forum_site.asgi import application

    headers = [(b"origin", b"http://localhost")]
    if role != ANONYMOUS:
        cookie = world.client(role).cookies.get(settings.SESSION_COOKIE_NAME)
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie.value}".encode()))
    comm = WebsocketCommunicator(application, f"/ws/threads/{thread_id}/", headers=headers)
    connected, _ = await comm.connect()
    seen = []
    try:
        if not connected:
            return None, seen
        first = await comm.receive_output(timeout=10)
        if first["type"] == "websocket.close":
            return first.get("code"), seen
        seen.append(first.get("text", ""))
        if resume:
            await comm.send_json_to({"type": "resume", "last_seq": 0, "since": 0})
            while True:
                message = await comm.receive_output(timeout=10)
                if message["type"] == "websocket.close":
                    break
                seen.append(message.get("text", ""))
                if json.loads(message["text"]).get("type") == "resumed":
                    break
        return "open", seen
    finally:
        await comm.disconnect()


def _run_socket(world, role, item, resume: bool):
    """Run the socket conversation. On SQLite, in this thread (the consumers'
    database work runs here too, on the test's connection, whose in-memory
    database ignores the closing of stale connections). Elsewhere in a thread
    of its own: channels closes "stale" connections around database work, which
    would close this thread's connection in the middle of the test's transaction."""
    thread_id = _thread_id(world, item)
    run = async_to_sync(_socket)
    if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
        return run(world, role, thread_id, resume)
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def in_thread():
        try:
            return run(world, role, thread_id, resume)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(in_thread).result()


def socket_opens(world, role, item):
    """``/ws/threads/<id>/`` of the item's discussion says hello (refused: 4401/4403/4404)."""
    result, _ = _run_socket(world, role, item, False)
    assert result in ("open", 4401, 4403, 4404), f"{role}: unexpected socket answer {result}"
    return result == "open"


def socket_resume_shows(world, role, item):
    """The item's text in the socket's hello or a resume from the start."""
    result, seen = _run_socket(world, role, item, True)
    return any(marker(item) in text for text in seen)


# -- actions and forms posted back --------------------------------------------------


def accepts_post(url_for):
    """A probe for a POST that a role may make (respond, adopt, invite, post to a
    thread): an empty POST is either carried out or sent back (302, not to the
    login page) or answered with the form and its errors, the item's marker in
    it (200 or 400). Refused: 403, 404 (as for a missing item), the login page."""

    def probe(world, role, item):
        status, text = get(world, role, url_for(world, item), method="post")
        if status == 302:
            return not text.startswith(resolve_url(settings.LOGIN_URL))
        word = MARKERS.get(item)  # a delegation has none: its answer is a redirect
        return status in (200, 400) and (word is None or word in text)

    return probe


def thread_page(world, role, item):
    """The item's discussion page (``/discussions/threads/<id>/``) names its thread."""
    from django.utils.html import escape

    thread = world.items[item].get_thread()
    status, text = get(world, role, f"/discussions/threads/{thread.pk}/")
    return status == 200 and escape(str(thread)) in text


# -- notifications ------------------------------------------------------------------


def notified(world, role, item):
    """A notification about the item's discussion in the role's list (everyone
    signed in was @mentioned in it: ``world._more``); its title names the thread."""
    from django.utils.html import escape

    if role == ANONYMOUS:
        status, _text = get(world, role, "/notifications/")
        assert status == 302, "notifications are for signed-in users"
        return False
    status, text = get(world, role, "/notifications/")
    title = escape(str(world.items[item].get_thread()))
    return status == 200 and f"“{title}”" in text


# -- API details --------------------------------------------------------------------


def api_page_detail(world, item) -> str:
    return f"/api/v2/pages/{world.items[item].pk}/"


def api_page_find(world, role, item):
    """``/api/v2/pages/find/?html_path=`` redirects to the page's detail when it
    finds it (a 404 otherwise)."""
    page = world.items[item]
    status, _text = get(world, role, f"/api/v2/pages/find/?html_path={page.url}")
    return status in (301, 302)


# -- Wagtail admin choosers and search ------------------------------------------------


def admin_shows(url_name):
    """A Wagtail admin listing searched for the item's marker (admin users only)."""

    def probe(world, role, item):
        word = marker(item)
        status, text = get(world, role, reverse(url_name) + f"?q={word}")
        # The query is echoed: in the search box, in links to other searches
        # and in "no pages match <em>…</em>". Look for the marker elsewhere.
        for echo in (f'value="{word}"', f"q={word}", f"<em>{word}</em>"):
            text = text.replace(echo, "")
        return status == 200 and word in text

    return probe


def takes_effect(url_for, data: dict, effect):
    """A probe for an action whose refusal is a redirect with a message (a
    moderation action, a proposed wording): POST ``data``; True when
    ``effect(world, item)`` (the state it changes) is not what it was. Undone
    afterwards (a savepoint), so every role asks the same world."""
    from django.db import transaction

    def probe(world, role, item):
        before = effect(world, item)
        savepoint = transaction.savepoint()
        try:
            world.client(role).post(url_for(world, item), data, HTTP_HOST="localhost")
            return effect(world, item) != before
        finally:
            transaction.savepoint_rollback(savepoint)

    return probe
