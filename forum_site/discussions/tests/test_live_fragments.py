"""Live comments are rendered like the page: every thread socket sends each
comment event with ``fragment``, the comment's list item rendered for that
socket's user by the page's own include, which must equal what the same user
gets in the page for that comment (author, another member, a moderator,
anonymous), in the page's language, and never carry a hidden comment's text to
someone who may not read it."""

import json
import re

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils.http import urlencode

from forum_site.asgi import application
from forum_site.discussions import services as discussions
from forum_site.discussions.consumers import CSRF_PLACEHOLDER
from forum_site.discussions.models import Comment
from tests.html_support import canonical, comment_item

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    from channels.layers import channel_layers

    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


@pytest.fixture
def people(make_user, city, owner_rules):
    """Alice (speaks for the city), Bob, and Carol who moderates."""
    alice = make_user("alice", first_name="Alice", last_name="Ayew", org=city)
    bob = make_user("bob", first_name="Bob", last_name="Boateng")
    carol = make_user("carol", first_name="Carol", last_name="Clarke")
    owner_rules["moderate"] = lambda user: user.username == "carol"
    return {"alice": alice, "bob": bob, "carol": carol, "anonymous": None}


class Reader:
    """One person's browser: a test client (the page, cookies) and a socket
    opened as the page's script opens it."""

    def __init__(self, thread, user, language="en"):
        self.thread = thread
        self.user = user
        self.language = language
        self.client = Client()
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        self.path = f"{prefix}/discussions/threads/{thread.pk}/"

    def page(self) -> str:
        response = self.client.get(self.path)
        assert response.status_code == 200
        return response.content.decode()

    def page_item(self, comment_id: int) -> str:
        return comment_item(self.page(), comment_id)

    def sign_in_and_load(self):
        if self.user is not None:
            self.client.force_login(self.user)
        self.page()  # the page sets the CSRF cookie its forms use

    async def connect(self):
        await sync_to_async(self.sign_in_and_load)()
        cookies = "; ".join(
            f"{name}={morsel.value}" for name, morsel in self.client.cookies.items()
        )
        query = urlencode({"lang": self.language, "next": self.path})
        self.socket = WebsocketCommunicator(
            application,
            f"/ws/threads/{self.thread.pk}/?{query}",
            headers=[ORIGIN, (b"cookie", cookies.encode())],
        )
        connected, _ = await self.socket.connect()
        assert connected
        hello = await self.socket.receive_json_from(timeout=10)
        assert hello["type"] == "hello", hello
        return self

    async def next(self, kind, comment_id=None, timeout=10):
        while True:
            raw = await self.socket.receive_from(timeout=timeout)
            message = json.loads(raw)
            if message["type"] == kind and (
                comment_id is None or message["comment"]["id"] == comment_id
            ):
                message["raw"] = raw
                return message

    async def close(self):
        await self.socket.disconnect()


async def readers(thread, people, language="en"):
    return {name: await Reader(thread, user, language).connect() for name, user in people.items()}


async def assert_live_equals_page(readers_by_name, kind, comment_id):
    for name, reader in readers_by_name.items():
        event = await reader.next(kind, comment_id)
        assert "fragment" in event, name
        live = comment_item(event["fragment"], comment_id)
        page = await sync_to_async(reader.page_item)(comment_id)
        assert live == page, f"{name}: live\n{live}\n!= page\n{page}"
    return event


async def test_a_new_comment_reaches_each_reader_as_their_page_shows_it(thread, people, city):
    sockets = await readers(thread, people)
    await sockets["alice"].socket.send_json_to(
        {
            "type": "comment.post",
            "body": "Shall we meet **Monday**?",
            "client_id": "m1",
            "organisation": city.pk,
        }
    )
    ack = await sockets["alice"].next("ack")
    await assert_live_equals_page(sockets, "comment.created", ack["id"])
    # Each got the controls the page gives them.
    fragments = {}
    await sync_to_async(discussions.edit_comment)(
        await sync_to_async(Comment.objects.select_related("thread").get)(pk=ack["id"]),
        people["alice"],
        "Shall we meet **Tuesday**?",
    )
    for name, reader in sockets.items():
        fragments[name] = (await reader.next("comment.updated", ack["id"]))["fragment"]
    assert "/edit/" in fragments["alice"] and "/delete/" in fragments["alice"]
    assert "/hide/" in fragments["carol"] and "/edit/" not in fragments["carol"]
    assert "/hide/" not in fragments["bob"] and "/delete/" not in fragments["bob"]
    assert 'class="reply-form"' in fragments["bob"]
    assert "<form" not in fragments["anonymous"]
    # Renders shared between sockets get each socket's own CSRF token.
    assert not [name for name, html in fragments.items() if CSRF_PLACEHOLDER in html]
    assert city.name in fragments["bob"] and city.get_absolute_url() in fragments["bob"]
    assert "Tuesday" in fragments["anonymous"]
    # ... and they still equal the page after the edit.
    for name, reader in sockets.items():
        page = await sync_to_async(reader.page_item)(ack["id"])
        assert comment_item(fragments[name], ack["id"]) == page, name
    for reader in sockets.values():
        await reader.close()


async def test_replies_and_deletions_equal_the_page(thread, people):
    top = await sync_to_async(discussions.post_comment)(thread, people["bob"], "Top", client_id="t")
    sockets = await readers(thread, people)
    await sockets["alice"].socket.send_json_to(
        {"type": "comment.post", "body": "A reply", "client_id": "r", "parent": top.pk}
    )
    reply_id = (await sockets["alice"].next("ack"))["id"]
    await assert_live_equals_page(sockets, "comment.created", reply_id)
    await sockets["bob"].socket.send_json_to({"type": "comment.delete", "id": top.pk})
    event = await assert_live_equals_page(sockets, "comment.deleted", top.pk)
    assert "Top" not in event["raw"]
    for reader in sockets.values():
        await reader.close()


async def test_a_hidden_comment_text_reaches_only_those_who_may_read_it(thread, people):
    sockets = await readers(thread, people)
    comment = await sync_to_async(discussions.post_comment)(
        thread, people["alice"], "Rude secret words", client_id="h"
    )
    for reader in sockets.values():
        await reader.next("comment.created", comment.pk)
    comment.thread = thread
    await sync_to_async(discussions.hide_comment)(comment, people["carol"])
    events = {}
    for name, reader in sockets.items():
        events[name] = await reader.next("comment.updated", comment.pk)
        live = comment_item(events[name]["fragment"], comment.pk)
        assert live == await sync_to_async(reader.page_item)(comment.pk), name
    assert "Rude secret words" in events["carol"]["fragment"]
    assert "hidden by a moderator" in events["carol"]["fragment"]
    for name in ("alice", "bob", "anonymous"):
        assert "Rude secret words" not in events[name]["raw"], name
        assert "hidden by a moderator" in events[name]["fragment"], name
    # The author may not edit a hidden comment: no Edit link, as on the page.
    assert "/edit/" not in events["alice"]["fragment"]
    for reader in sockets.values():
        await reader.close()


async def test_resume_sends_the_same_fragments(thread, people):
    """A client that was away (its page shows none of these) resumes from 0."""
    first = await sync_to_async(discussions.post_comment)(
        thread, people["alice"], "One", client_id="1"
    )
    hidden = await sync_to_async(discussions.post_comment)(
        thread, people["alice"], "Hidden words", client_id="2"
    )
    hidden.thread = thread
    await sync_to_async(discussions.hide_comment)(hidden, people["carol"])
    for name in ("bob", "carol"):
        reader = await Reader(thread, people[name]).connect()
        await reader.socket.send_json_to({"type": "resume", "last_seq": 0})
        for comment in (first, hidden):
            event = await reader.next("comment.created", comment.pk)
            page = await sync_to_async(reader.page_item)(comment.pk)
            assert comment_item(event["fragment"], comment.pk) == page, name
            if comment is hidden:
                assert ("Hidden words" in event["raw"]) is (name == "carol")
        await reader.close()


async def test_fragments_are_in_the_page_language(thread, people):
    french = await Reader(thread, people["bob"], language="fr").connect()
    comment = await sync_to_async(discussions.post_comment)(
        thread, people["alice"], "Bonjour", client_id="fr"
    )
    event = await french.next("comment.created", comment.pk)
    page = await sync_to_async(french.page)()
    assert comment_item(event["fragment"], comment.pk) == comment_item(page, comment.pk)
    assert 'action="/fr/discussions/' in event["fragment"]  # the French page's forms
    english_reader = Reader(thread, people["bob"])
    await sync_to_async(english_reader.sign_in_and_load)()
    english = canonical(await sync_to_async(english_reader.page)(), f"#comment-{comment.pk}")
    assert comment_item(event["fragment"], comment.pk) != english  # translated, not English
    await french.close()


async def test_an_unknown_language_or_a_foreign_page_falls_back(thread, people):
    reader = Reader(thread, people["bob"])
    await sync_to_async(reader.sign_in_and_load)()
    cookies = "; ".join(f"{n}={m.value}" for n, m in reader.client.cookies.items())
    query = urlencode({"lang": "xx", "next": "//evil.example.com/"})
    socket = WebsocketCommunicator(
        application,
        f"/ws/threads/{thread.pk}/?{query}",
        headers=[ORIGIN, (b"cookie", cookies.encode())],
    )
    assert (await socket.connect())[0]
    await socket.receive_json_from(timeout=10)
    await sync_to_async(discussions.post_comment)(thread, people["alice"], "Hi", client_id="x")
    while (event := await socket.receive_json_from(timeout=10))["type"] != "comment.created":
        pass
    assert "evil.example.com" not in event["fragment"]
    assert f'value="/discussions/threads/{thread.pk}/"' in event["fragment"]
    assert ">Reply<" in event["fragment"]
    await socket.disconnect()


async def test_the_fragment_forms_carry_a_working_csrf_token(thread, people):
    alice = await Reader(thread, people["alice"]).connect()
    comment = await sync_to_async(discussions.post_comment)(
        thread, people["alice"], "Delete me", client_id="d"
    )
    fragment = (await alice.next("comment.created", comment.pk))["fragment"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fragment).group(1)
    assert token != CSRF_PLACEHOLDER
    strict = Client(enforce_csrf_checks=True)
    await sync_to_async(strict.force_login)(people["alice"])
    strict.cookies[settings.CSRF_COOKIE_NAME] = alice.client.cookies[
        settings.CSRF_COOKIE_NAME
    ].value
    response = await sync_to_async(strict.post)(
        f"/discussions/threads/{thread.pk}/comments/{comment.pk}/delete/",
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert (await sync_to_async(Comment.objects.get)(pk=comment.pk)).deleted
    await alice.close()


async def test_a_reader_who_lost_access_gets_no_comment(thread, people, owner_rules):
    bob = await Reader(thread, people["bob"]).connect()
    owner_rules["visible"] = lambda user: user.is_authenticated and user.username != "bob"
    await sync_to_async(discussions.post_comment)(
        thread, people["alice"], "Not for Bob", client_id="n"
    )
    frames = []
    while True:
        output = await bob.socket.receive_output(timeout=10)
        if output["type"] == "websocket.close":
            break
        frames.append(output.get("text", ""))
    assert output["code"] == 4403
    assert not [f for f in frames if "Not for Bob" in f]


def test_no_inline_handlers_or_scripts_in_the_comment_template(thread, people):
    comment = discussions.post_comment(thread, people["alice"], "Hi", client_id="i")
    for user in people.values():
        html = discussions.render_comments(
            discussions.comments_for_display(thread, [comment.pk]),
            user,
            thread,
            next_url="/",
        )[comment.pk]
        assert "<script" not in html and not re.search(r"\son[a-z]+=", html)
        assert "javascript:" not in html


def test_sockets_share_the_comment_and_its_html_within_one_event(thread, people, make_user):
    """Each socket asks the rules for its own user, but the comment is loaded and
    rendered once per event for users the rules answer alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum_site.discussions.consumers import _render

    dave = make_user("dave")
    comment = discussions.post_comment(thread, people["alice"], "Shared", client_id="s")
    view = ("en", f"/discussions/threads/{thread.pk}/", "")
    event = ("comment.created", 1234.5)
    first = _render(thread.pk, people["bob"].pk, comment.pk, view, event)
    with CaptureQueriesContext(connection) as queries:
        second = _render(thread.pk, dave.pk, comment.pk, view, event)
    assert second == first
    assert not [q for q in queries.captured_queries if "consultations_comment" in q["sql"]]
    assert queries.captured_queries  # the rules were asked for Dave
    moderator = _render(thread.pk, people["carol"].pk, comment.pk, view, event)
    assert moderator != first and "/hide/" in moderator[comment.pk]
    # The next event (an edit) loads and renders afresh.
    discussions.edit_comment(comment, people["alice"], "Edited words")
    later = _render(thread.pk, dave.pk, comment.pk, view, ("comment.updated", 1240.0))
    assert "Edited words" in later[comment.pk] and "Shared" not in later[comment.pk]


async def test_without_the_page_language_the_user_preferred_one_is_used(thread, people):
    from forum_site.i18n import set_preferred_language

    await sync_to_async(set_preferred_language)(people["bob"], "fr")
    reader = Reader(thread, people["bob"])
    await sync_to_async(reader.sign_in_and_load)()
    cookies = "; ".join(f"{n}={m.value}" for n, m in reader.client.cookies.items())
    socket = WebsocketCommunicator(
        application, f"/ws/threads/{thread.pk}/", headers=[ORIGIN, (b"cookie", cookies.encode())]
    )
    assert (await socket.connect())[0]
    await socket.receive_json_from(timeout=10)
    comment = await sync_to_async(discussions.post_comment)(
        thread, people["alice"], "Salut", client_id="p"
    )
    while (event := await socket.receive_json_from(timeout=10))["type"] != "comment.created":
        pass
    french = Reader(thread, people["bob"], language="fr")
    await sync_to_async(french.sign_in_and_load)()
    page = await sync_to_async(french.page_item)(comment.pk)
    # The French page's texts (its forms return to the thread's own page here).
    assert canonical(event["fragment"], "summary") == canonical(page, "summary")
    assert canonical(event["fragment"], "summary") != "<summary>\nReply\n</summary>"
    await socket.send_json_to({"type": "comment.post", "body": "", "client_id": "e"})
    while (error := await socket.receive_json_from(timeout=10))["type"] != "error":
        pass
    assert error["message"] != "Write something before posting."  # in French
    await socket.disconnect()


async def test_after_a_lock_a_refresh_renders_the_comments_for_the_new_rights(thread, people):
    comment = await sync_to_async(discussions.post_comment)(
        thread, people["alice"], "Before the lock", client_id="l"
    )
    alice = await Reader(thread, people["alice"]).connect()
    assert "/edit/" in await sync_to_async(alice.page_item)(comment.pk)
    await sync_to_async(discussions.lock_thread)(thread, people["carol"])
    await alice.next("thread.updated")
    await alice.socket.send_json_to(
        {"type": "refresh", "ids": [comment.pk, "x", True, comment.pk + 999]}
    )
    event = await alice.next("comment.updated", comment.pk)
    page = await sync_to_async(alice.page_item)(comment.pk)
    assert comment_item(event["fragment"], comment.pk) == page
    assert "/edit/" not in event["fragment"] and "reply-form" not in event["fragment"]
    assert "/delete/" in event["fragment"]  # authors may still withdraw their words
    await alice.socket.send_json_to({"type": "refresh"})
    assert (await alice.next("error"))["code"] == "missing_field"
    await alice.close()


async def test_a_comment_posted_over_an_arabic_socket_is_arabic_everywhere(thread, people):
    arabic = await Reader(thread, people["alice"], language="ar").connect()
    english = await Reader(thread, people["bob"]).connect()
    await arabic.socket.send_json_to(
        {"type": "comment.post", "body": "مرحبا بالجميع", "client_id": "ar1"}
    )
    comment_id = (await arabic.next("ack"))["id"]
    saved = await sync_to_async(Comment.objects.get)(pk=comment_id)
    assert saved.language == "ar"
    event = await english.next("comment.created", comment_id)
    assert event["comment"]["language"] == "ar"  # for the script's own rendering
    assert '<div class="comment-text" lang="ar" dir="auto">' in event["fragment"]
    page = await sync_to_async(english.page_item)(comment_id)
    assert comment_item(event["fragment"], comment_id) == page
    mine = await arabic.next("comment.created", comment_id)
    assert '<div class="comment-text" dir="auto">' in mine["fragment"]  # no lang on /ar/
    await arabic.close()
    await english.close()


async def test_a_socket_that_names_no_language_records_none(thread, people):
    reader = Reader(thread, people["alice"])
    await sync_to_async(reader.sign_in_and_load)()
    cookies = "; ".join(f"{n}={m.value}" for n, m in reader.client.cookies.items())
    socket = WebsocketCommunicator(
        application, f"/ws/threads/{thread.pk}/", headers=[ORIGIN, (b"cookie", cookies.encode())]
    )
    assert (await socket.connect())[0]
    await socket.send_json_to({"type": "comment.post", "body": "Hi", "client_id": "n1"})
    while (message := await socket.receive_json_from(timeout=10))["type"] != "ack":
        pass
    saved = await sync_to_async(Comment.objects.get)(pk=message["id"])
    assert saved.language == ""
    await socket.disconnect()
