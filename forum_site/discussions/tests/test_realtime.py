"""The live thread socket through the full ASGI stack (origin check, session
auth, routing), with channels' WebsocketCommunicator."""

import json
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from forum_site.asgi import application
from forum_site.discussions import realtime as rt
from forum_site.discussions import services as discussions
from forum_site.discussions.models import Comment, Thread
from forum_site.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """A new layer per test: channels-redis binds locks to the event loop that
    first used them, and every async test has a loop of its own."""
    from channels.layers import channel_layers

    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


def session_headers(user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]


async def open_socket(thread, user=None, expect_hello=True):
    headers = await sync_to_async(session_headers)(user) if user else [ORIGIN]
    comm = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/", headers=headers)
    connected, _ = await comm.connect()
    assert connected
    if expect_hello:
        hello = await comm.receive_json_from(timeout=10)
        assert hello["type"] == "hello", hello
        comm.hello = hello
    return comm


async def next_of(comm, kind, timeout=10):
    """The next message of type ``kind`` (others, like presence, are skipped)."""
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def drain(comm, wait=0.2):
    """Everything that arrives until ``wait`` seconds pass in silence (without
    cancelling the application, as a timed-out receive would)."""
    messages = []
    while not await comm.receive_nothing(timeout=wait):
        messages.append(await comm.receive_json_from())
    return messages


async def count(**filters):
    return await sync_to_async(Comment.objects.filter(**filters).count)()


@pytest.fixture
def alice(make_user):
    return make_user("alice", first_name="Alice", last_name="Ayew")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


# --- Connect rules -----------------------------------------------------------------


async def test_anonymous_on_restricted_thread_is_closed_with_4401(thread, owner_rules):
    owner_rules["visible"] = lambda user: user.is_authenticated and user.username == "alice"
    comm = await open_socket(thread, expect_hello=False)
    assert await comm.receive_output() == {"type": "websocket.close", "code": 4401}


async def test_signed_in_without_access_is_closed_with_4403(thread, owner_rules, bob):
    owner_rules["visible"] = lambda user: user.is_authenticated and user.username == "alice"
    comm = await open_socket(thread, bob, expect_hello=False)
    assert await comm.receive_output() == {"type": "websocket.close", "code": 4403}


async def test_allowed_users_and_anonymous_on_public_thread_connect(thread, owner_rules, alice):
    owner_rules["visible"] = lambda user: True
    anonymous = await open_socket(thread)
    assert anonymous.hello["can_post"] is False and anonymous.hello["user"] is None
    member = await open_socket(thread, alice)
    assert member.hello["can_post"] is True
    assert member.hello["user"]["username"] == "alice"
    await anonymous.disconnect()
    await member.disconnect()


async def test_thread_of_an_unregistered_owner_is_closed_to_every_socket(ngo, alice):
    """No policy for the owner's model: refused, the superuser aside."""
    orphan = await sync_to_async(Thread.for_object)(ngo)
    anonymous = await open_socket(orphan, expect_hello=False)
    assert await anonymous.receive_output() == {"type": "websocket.close", "code": 4401}
    signed_in = await open_socket(orphan, alice, expect_hello=False)
    assert await signed_in.receive_output() == {"type": "websocket.close", "code": 4403}
    root = await sync_to_async(User.objects.create_superuser)("root", "root@example.org", "pw")
    superuser = await open_socket(orphan, root)
    assert superuser.hello["can_post"] is True
    await superuser.disconnect()


async def test_unknown_and_forbidden_threads_close_alike(thread, owner_rules, alice):
    """A socket cannot probe which threads exist: a missing thread closes with
    the code of a forbidden one (4401 anonymous, 4403 signed in)."""
    owner_rules["visible"] = lambda user: False
    missing, forbidden = f"/ws/threads/{thread.pk + 999}/", f"/ws/threads/{thread.pk}/"
    headers = await sync_to_async(session_headers)(alice)
    codes = []
    for path in (missing, forbidden):
        for hdrs in ([ORIGIN], headers):
            comm = WebsocketCommunicator(application, path, headers=hdrs)
            await comm.connect()
            codes.append((await comm.receive_output())["code"])
    assert codes == [4401, 4403, 4401, 4403]


@pytest.mark.parametrize(
    "origin",
    [
        b"http://evil.example.com",
        b"https://localhost",  # another scheme
        b"http://localhost:8001",  # another port
        b"http://localhost.evil.example.com",
        b"null",
    ],
)
async def test_foreign_origin_is_refused(thread, alice, origin):
    """The Origin's scheme, host and port must all be the site's
    (forum_site.origins); the tests' own origin is http://localhost."""
    headers = await sync_to_async(session_headers)(alice)
    headers = [(b"origin", origin), headers[1]]
    comm = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/", headers=headers)
    connected, _ = await comm.connect()
    assert not connected


async def test_a_handshake_without_origin_is_refused(thread, alice):
    headers = (await sync_to_async(session_headers)(alice))[1:]
    comm = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/", headers=headers)
    connected, _ = await comm.connect()
    assert not connected


async def test_site_url_origin_is_accepted(thread, settings):
    settings.SITE_URL = "https://forum.example.org"
    comm = WebsocketCommunicator(
        application,
        f"/ws/threads/{thread.pk}/",
        headers=[(b"origin", b"https://forum.example.org")],
    )
    connected, _ = await comm.connect()
    assert connected
    assert (await comm.receive_json_from())["type"] == "hello"
    await comm.disconnect()
    wrong_port = WebsocketCommunicator(
        application,
        f"/ws/threads/{thread.pk}/",
        headers=[(b"origin", b"https://forum.example.org:8443")],
    )
    assert not (await wrong_port.connect())[0]


# --- Post, ack, broadcast ----------------------------------------------------------


async def test_post_is_saved_acked_and_broadcast_to_everyone(thread, alice, bob):
    sender = await open_socket(thread, alice)
    other = await open_socket(thread, bob)
    anonymous = await open_socket(thread)
    await sender.send_json_to({"type": "comment.post", "body": "Hello **all**", "client_id": "c-1"})
    ack = await next_of(sender, "ack")
    saved = await sync_to_async(Comment.objects.get)(thread=thread)
    assert ack["client_id"] == "c-1" and ack["id"] == saved.pk and ack["duplicate"] is False
    for comm in (sender, other, anonymous):
        event = await next_of(comm, "comment.created")
        assert event["comment"]["id"] == saved.pk
        assert event["comment"]["seq"] == saved.seq == 1
        assert event["comment"]["html"] == "<p>Hello <strong>all</strong></p>"
        assert event["comment"]["author"]["name"] == "Alice Ayew"
        assert isinstance(event["ts"], float)
    for comm in (sender, other, anonymous):
        await comm.disconnect()


async def test_html_in_a_comment_is_sanitised(thread, alice):
    comm = await open_socket(thread, alice)
    await comm.send_json_to(
        {"type": "comment.post", "body": "<script>alert(1)</script> hi", "client_id": "x"}
    )
    event = await next_of(comm, "comment.created")
    assert "<script>" not in event["comment"]["html"]
    await comm.disconnect()


async def test_retried_post_with_same_client_id_creates_one_comment(thread, alice, bob):
    sender = await open_socket(thread, alice)
    other = await open_socket(thread, bob)
    message = {"type": "comment.post", "body": "Once only", "client_id": "retry-1"}
    await sender.send_json_to(message)
    first = await next_of(sender, "ack")
    await sender.send_json_to(message)
    second = await next_of(sender, "ack")
    assert first["id"] == second["id"]
    assert second["duplicate"] is True
    assert await count(thread=thread) == 1
    # The retry is not broadcast a second time.
    created = [m for m in await drain(other, 0.5) if m["type"] == "comment.created"]
    assert len(created) == 1
    # Even after reconnecting (a new socket), the same client id is the same comment.
    await sender.disconnect()
    again = await open_socket(thread, alice)
    await again.send_json_to(message)
    assert (await next_of(again, "ack"))["id"] == first["id"]
    assert await count(thread=thread) == 1
    await again.disconnect()
    await other.disconnect()


async def test_sequence_numbers_increase_per_thread(thread, alice, bob):
    comm = await open_socket(thread, alice)
    seqs = []
    for i in range(3):
        await comm.send_json_to({"type": "comment.post", "body": f"n{i}", "client_id": f"s{i}"})
        seqs.append((await next_of(comm, "comment.created"))["comment"]["seq"])
    assert seqs == [1, 2, 3]
    await comm.disconnect()


async def test_reply_edit_and_delete_over_the_socket(thread, alice, bob):
    author = await open_socket(thread, alice)
    watcher = await open_socket(thread, bob)
    await author.send_json_to({"type": "comment.post", "body": "Top", "client_id": "t"})
    top = (await next_of(author, "ack"))["id"]
    await author.send_json_to(
        {"type": "comment.post", "body": "Reply", "client_id": "r", "parent": top}
    )
    reply = await next_of(watcher, "comment.created")
    reply = await next_of(watcher, "comment.created")
    assert reply["comment"]["parent"] == top
    await author.send_json_to({"type": "comment.edit", "id": top, "body": "Top, edited"})
    updated = await next_of(watcher, "comment.updated")
    assert updated["comment"]["html"] == "<p>Top, edited</p>"
    assert updated["comment"]["edited_at"]
    # Someone else's comment cannot be edited.
    await watcher.send_json_to({"type": "comment.edit", "id": top, "body": "Hijack"})
    assert (await next_of(watcher, "error"))["code"] == "forbidden"
    await author.send_json_to({"type": "comment.delete", "id": top})
    deleted = await next_of(watcher, "comment.deleted")
    assert deleted["comment"]["deleted"] is True and deleted["comment"]["html"] == ""
    saved = await sync_to_async(Comment.objects.get)(pk=top)
    assert saved.deleted and saved.body == ""
    await author.disconnect()
    await watcher.disconnect()


# --- Resume ---------------------------------------------------------------------------


async def test_resume_delivers_missed_comments_in_order_before_live_ones(thread, alice, bob):
    poster = await open_socket(thread, alice)
    reader = await open_socket(thread, bob)
    await poster.send_json_to({"type": "comment.post", "body": "one", "client_id": "1"})
    await next_of(poster, "ack")
    first = (await next_of(reader, "comment.created"))["comment"]
    await reader.disconnect()
    for i in (2, 3, 4):
        await poster.send_json_to({"type": "comment.post", "body": f"n{i}", "client_id": str(i)})
        await next_of(poster, "ack")
    reader = await open_socket(thread, bob)
    assert reader.hello["last_seq"] == 4  # the client sees it is behind
    await reader.send_json_to({"type": "resume", "last_id": first["id"]})
    received = []
    while not received or received[-1]["type"] != "resumed":
        message = await reader.receive_json_from(timeout=10)
        if message["type"].startswith(("comment", "res")):
            received.append(message)
    await poster.send_json_to({"type": "comment.post", "body": "live", "client_id": "5"})
    received.append(await next_of(reader, "comment.created"))
    kinds = [(m["type"], m.get("comment", {}).get("seq")) for m in received]
    assert kinds == [
        ("comment.created", 2),
        ("comment.created", 3),
        ("comment.created", 4),
        ("resumed", None),
        ("comment.created", 5),
    ]
    await poster.disconnect()
    await reader.disconnect()


async def test_client_offline_for_the_whole_discussion_gets_exactly_the_thread(
    thread, alice, monkeypatch
):
    monkeypatch.setenv("REALTIME_RATE_LIMIT", "100/10")
    poster = await open_socket(thread, alice)
    for i in range(6):
        await poster.send_json_to({"type": "comment.post", "body": f"c{i}", "client_id": f"{i}"})
        await next_of(poster, "ack")
    await poster.disconnect()
    late = await open_socket(thread)
    await late.send_json_to({"type": "resume", "last_id": None})
    got = []
    while True:
        message = await late.receive_json_from(timeout=10)
        if message["type"] == "resumed":
            break
        if message["type"] == "comment.created":
            got.append(message["comment"]["id"])
    expected = await sync_to_async(
        lambda: list(
            Comment.objects.filter(thread=thread).order_by("seq").values_list("pk", flat=True)
        )
    )()
    assert got == expected and len(got) == 6
    await late.disconnect()


async def test_resume_since_replays_changes_made_while_away(
    thread, owner_rules, alice, bob, monkeypatch
):
    """Edits, deletions and moderation while a client was offline reach it on resume."""
    monkeypatch.setattr("forum_site.discussions.consumers.CHANGE_MARGIN", 0.0)
    post = sync_to_async(discussions.post_comment)
    kept = await post(thread, alice, "kept as is", client_id="k")
    edited = await post(thread, alice, "first words", client_id="e")
    hidden = await post(thread, alice, "rude words", client_id="h")
    deleted = await post(thread, alice, "regretted", client_id="d")
    reader = await open_socket(thread, bob)
    await reader.send_json_to({"type": "resume", "last_seq": 0})
    last_event = None
    for message in await drain(reader, 0.3):
        if message["type"] in ("comment.created", "resumed"):
            last_event = message["ts"]
    await reader.disconnect()
    # While bob is away:
    await sync_to_async(discussions.edit_comment)(edited, alice, "better words")
    owner_rules["moderate"] = lambda user: user.username == "alice"
    await sync_to_async(discussions.hide_comment)(hidden, alice)
    await sync_to_async(discussions.delete_comment)(deleted, alice)
    reader = await open_socket(thread, bob)
    await reader.send_json_to({"type": "resume", "last_seq": 4, "since": last_event})
    messages = await drain(reader, 0.3)
    changes = {m["comment"]["id"]: m for m in messages if m["type"].startswith("comment.")}
    assert set(changes) == {edited.pk, hidden.pk, deleted.pk}  # not the unchanged one
    assert "better words" in changes[edited.pk]["comment"]["html"]
    assert changes[edited.pk]["type"] == "comment.updated"
    assert changes[hidden.pk]["comment"]["hidden"] and not changes[hidden.pk]["comment"]["html"]
    assert changes[deleted.pk]["type"] == "comment.deleted"
    resumed = [m for m in messages if m["type"] == "resumed"][0]
    assert resumed["changed"] == 3 and resumed["count"] == 0
    assert kept.pk not in changes
    # Without ``since`` (an old client), nothing but missing comments is sent.
    await reader.send_json_to({"type": "resume", "last_seq": 4})
    assert not [m for m in await drain(reader, 0.3) if m["type"].startswith("comment.")]
    await reader.disconnect()


async def test_live_event_already_sent_by_resume_is_not_sent_twice(thread, alice, bob):
    reader = await open_socket(thread, bob)
    comment = await sync_to_async(discussions.post_comment)(thread, alice, "x", client_id="a")
    await reader.send_json_to({"type": "resume", "last_id": None})
    messages = await drain(reader, 0.5)
    created = [m for m in messages if m["type"] == "comment.created"]
    assert [m["comment"]["id"] for m in created] == [comment.pk]
    # Replaying the broadcast (a late or duplicated layer message) is dropped.
    await sync_to_async(rt.broadcast_comment)(comment, "created")
    assert not [m for m in await drain(reader, 0.3) if m["type"] == "comment.created"]
    await reader.disconnect()


async def test_resume_with_unknown_last_id_is_an_error(thread, alice):
    comm = await open_socket(thread, alice)
    await comm.send_json_to({"type": "resume", "last_id": 987654})
    assert (await next_of(comm, "error"))["code"] == "not_found"
    await comm.disconnect()


# --- Bad input -----------------------------------------------------------------------


BAD_INPUTS = [
    ("\x00", "bad_json"),
    ("not json {", "bad_json"),
    ("[1, 2]", "bad_json"),
    ('{"type": "comment.shout", "body": "x"}', "unknown_type"),
    ('{"body": "no type"}', "unknown_type"),
    ('{"type": "comment.post", "client_id": "a"}', "missing_field"),
    ('{"type": "comment.post", "body": "no client id"}', "missing_field"),
    ('{"type": "comment.post", "body": 42, "client_id": "a"}', "bad_field"),
    ('{"type": "comment.post", "body": "   ", "client_id": "a"}', "empty"),
    ('{"type": "comment.post", "body": "x", "client_id": "a", "parent": "abc"}', "bad_field"),
    ('{"type": "comment.post", "body": "x", "client_id": "a", "parent": 99999}', "bad_parent"),
    ('{"type": "comment.edit", "body": "x"}', "missing_field"),
    ('{"type": "comment.delete", "id": 99999}', "not_found"),
    ('{"type": "resume"}', "missing_field"),
    ('{"type": "resume", "last_seq": 0, "since": "yesterday"}', "bad_field"),
    ('{"type": "resume", "last_seq": 0, "since": -5}', "bad_field"),
]


@pytest.mark.parametrize("frame,code", BAD_INPUTS)
async def test_bad_input_gets_an_error_and_saves_nothing(thread, alice, frame, code):
    comm = await open_socket(thread, alice)
    await comm.send_to(text_data=frame)
    error = await next_of(comm, "error")
    assert error["code"] == code and error["message"]
    assert await count() == 0
    # The connection is still usable afterwards.
    await comm.send_json_to({"type": "ping"})
    assert (await next_of(comm, "pong"))["type"] == "pong"
    await comm.disconnect()


async def test_body_over_10000_characters_is_refused(thread, alice):
    comm = await open_socket(thread, alice)
    await comm.send_json_to({"type": "comment.post", "body": "x" * 10_001, "client_id": "big"})
    error = await next_of(comm, "error")
    assert error["code"] == "too_long" and error["ref"] == "big"
    assert await count() == 0
    await comm.send_json_to({"type": "comment.post", "body": "x" * 10_000, "client_id": "ok"})
    assert (await next_of(comm, "ack"))["id"]
    await comm.disconnect()


@pytest.mark.parametrize("signed_in", [True, False])
@pytest.mark.parametrize("frame", [{"bytes": b"\x00\x01"}, {"bytes": b""}, {"text": ""}, {}])
async def test_binary_or_empty_frame_is_an_error(thread, alice, signed_in, frame):
    comm = await open_socket(thread, alice if signed_in else None)
    await comm.send_input({"type": "websocket.receive", **frame})
    assert (await next_of(comm, "error"))["code"] == "bad_json"
    await comm.send_json_to({"type": "ping"})  # still open
    assert (await next_of(comm, "pong"))["type"] == "pong"
    await comm.disconnect()


async def test_anonymous_cannot_post(thread):
    comm = await open_socket(thread)
    await comm.send_json_to({"type": "comment.post", "body": "hi", "client_id": "a"})
    assert (await next_of(comm, "error"))["code"] == "unauthenticated"
    assert await count() == 0
    await comm.disconnect()


async def test_posting_into_a_locked_thread_is_refused(thread, alice):
    comm = await open_socket(thread, alice)
    thread.locked = True
    await sync_to_async(thread.save)()
    await comm.send_json_to({"type": "comment.post", "body": "late", "client_id": "l"})
    assert (await next_of(comm, "error"))["code"] == "locked"
    assert await count() == 0
    await comm.disconnect()


async def test_user_who_lost_access_cannot_post(thread, owner_rules, alice):
    """Each action asks the rule again: lost access refuses the post and ends
    the socket (4403); a lost right to post refuses it and keeps the socket."""
    comm = await open_socket(thread, alice)
    owner_rules["visible"] = lambda user: False
    await comm.send_json_to({"type": "comment.post", "body": "still here?", "client_id": "z"})
    assert (await next_of(comm, "error"))["code"] == "forbidden"
    assert await comm.receive_output() == {"type": "websocket.close", "code": 4403}
    owner_rules["visible"] = lambda user: True
    comm = await open_socket(thread, alice)
    owner_rules["post"] = lambda user: False
    await comm.send_json_to({"type": "comment.post", "body": "read only", "client_id": "y"})
    assert (await next_of(comm, "error"))["code"] == "forbidden"
    assert await count() == 0
    await comm.disconnect()


async def test_rate_limit_per_user_and_thread(thread, alice, bob, monkeypatch):
    # 5 posts per hour: a slow machine cannot cross a window boundary mid-test.
    monkeypatch.setenv("REALTIME_RATE_LIMIT", "5/3600")
    comm = await open_socket(thread, alice)
    for i in range(5):
        await comm.send_json_to({"type": "comment.post", "body": f"m{i}", "client_id": f"r{i}"})
        assert (await next_of(comm, "ack"))["duplicate"] is False
    await comm.send_json_to({"type": "comment.post", "body": "one too many", "client_id": "r5"})
    error = await next_of(comm, "error")
    assert error["code"] == "rate_limited" and error["ref"] == "r5"
    assert await count(thread=thread) == 5
    # A retry of an accepted post is not a new post: still acknowledged.
    await comm.send_json_to({"type": "comment.post", "body": "m0", "client_id": "r0"})
    assert (await next_of(comm, "ack"))["duplicate"] is True
    # Another user is not limited by alice's posts.
    other = await open_socket(thread, bob)
    await other.send_json_to({"type": "comment.post", "body": "mine", "client_id": "b"})
    assert (await next_of(other, "ack"))["id"]
    await comm.disconnect()
    await other.disconnect()


def test_rate_limit_is_a_sliding_window(alice):
    """The old fixed window let 10 posts through in 1.5 s across a boundary."""
    now = 1_000_009.5  # just before a multiple of 10 s, the old window's edge
    assert [rt.allow_post(alice.pk, 1, now=now) for _ in range(6)] == [True] * 5 + [False]
    assert rt.allow_post(alice.pk, 2, now=now)  # per thread
    assert not rt.allow_post(alice.pk, 1, now=now + 1)  # across the boundary: still full
    assert rt.allow_post(alice.pk, 1, now=now + 10.1)  # the burst left the window


def test_parallel_posts_never_exceed_the_limit(thread, alice, monkeypatch):
    monkeypatch.setenv("REALTIME_RATE_LIMIT", "3/3600")
    barrier = threading.Barrier(10)

    def post(i):
        barrier.wait()
        try:
            rt.check_post_rate(alice.pk, thread.pk)
        except discussions.DiscussionError as error:
            return error.code
        return "ok"

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(post, range(10)))
    assert results.count("ok") == 3 and results.count("rate_limited") == 7


async def test_socket_cap_per_user(thread, alice, monkeypatch):
    monkeypatch.setenv("REALTIME_MAX_SOCKETS_PER_USER", "2")
    first = await open_socket(thread, alice)
    second = await open_socket(thread, alice)
    third = await open_socket(thread, alice, expect_hello=False)
    assert (await third.receive_json_from())["code"] == "too_many_sockets"
    assert await third.receive_output() == {"type": "websocket.close", "code": 4429}
    await first.disconnect()
    fourth = await open_socket(thread, alice)  # a closed socket frees its place
    await second.disconnect()
    await fourth.disconnect()


async def test_anonymous_socket_cap_per_client_address(thread, monkeypatch):
    """Anonymous sockets count per client address (channels' test client is
    127.0.0.1); a closed one frees its place; signed-in users are not counted
    against it."""
    monkeypatch.setenv("REALTIME_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS", "2")
    first = await open_socket(thread)
    second = await open_socket(thread)
    third = await open_socket(thread, expect_hello=False)
    assert (await third.receive_json_from())["code"] == "too_many_sockets"
    assert await third.receive_output() == {"type": "websocket.close", "code": 4429}
    await first.disconnect()
    fourth = await open_socket(thread)
    for comm in (second, fourth):
        await comm.disconnect()


# --- Moderation, presence, typing, heartbeat ---------------------------------------------


async def test_hiding_and_locking_reach_every_socket(thread, owner_rules, alice, bob):
    owner_rules["moderate"] = lambda user: user.username == "alice"
    comment = await sync_to_async(discussions.post_comment)(thread, bob, "rude", client_id="q")
    sockets = [await open_socket(thread, bob), await open_socket(thread)]
    await sync_to_async(discussions.hide_comment)(comment, alice)
    for comm in sockets:
        event = await next_of(comm, "comment.updated")
        assert event["comment"]["id"] == comment.pk
        assert event["comment"]["hidden"] is True and event["comment"]["html"] == ""
    await sync_to_async(discussions.lock_thread)(thread, alice)
    for comm in sockets:
        event = await next_of(comm, "thread.updated")
        assert event["thread"]["locked"] is True
    await sockets[0].send_json_to({"type": "comment.post", "body": "x", "client_id": "after"})
    assert (await next_of(sockets[0], "error"))["code"] == "locked"
    for comm in sockets:
        await comm.disconnect()


async def test_presence_and_typing(thread, alice, bob):
    first = await open_socket(thread, alice)
    presence = await next_of(first, "presence")
    assert [p["username"] for p in presence["people"]] == ["alice"]
    second = await open_socket(thread, bob)
    presence = await next_of(first, "presence")
    assert [p["name"] for p in presence["people"]] == ["Alice Ayew", "bob"]
    assert "organisations" in presence["people"][0]
    await second.send_json_to({"type": "typing"})
    typing = await next_of(first, "typing")
    assert typing["user"]["username"] == "bob"
    assert not [m for m in await drain(second, 0.3) if m["type"] == "typing"]
    await second.disconnect()
    presence = await next_of(first, "presence")
    assert [p["username"] for p in presence["people"]] == ["alice"]
    await first.disconnect()


async def test_anonymous_watchers_see_a_count_and_no_names(thread, alice, bob):
    watcher = await open_socket(thread)
    first = await open_socket(thread, alice)
    second = await open_socket(thread, bob)
    await second.send_json_to({"type": "typing"})
    await next_of(first, "typing")
    messages = await drain(watcher, 0.5)
    counts = [m["count"] for m in messages if m["type"] == "presence"]
    assert counts and counts[-1] == 2
    assert not [m for m in messages if m["type"] == "typing"]
    assert "alice" not in json.dumps(messages) and "Ayew" not in json.dumps(messages)
    for comm in (watcher, first, second):
        await comm.disconnect()


async def _drop_pubsub_connections(layer, client=None):
    """Make Redis close this process's pub/sub connections, as a restart does
    (through ``client``, an already connected redis.asyncio client, if given)."""
    import redis.asyncio

    shards = layer._get_layer()._shards
    addresses = [
        "{}:{}".format(*shard._pubsub.connection._writer.get_extra_info("sockname")[:2])
        for shard in shards
        if shard._pubsub is not None and shard._pubsub.connection is not None
    ]
    assert addresses
    own_client = client is None
    if own_client:
        client = redis.asyncio.Redis.from_url(os.environ["REDIS_URL"])
    for address in addresses:
        await client.client_kill_filter(_type="pubsub", addr=address)
    if own_client:
        await client.aclose()


async def test_heartbeat_carries_latest_seq_and_rejoins_the_group(thread, alice, monkeypatch):
    monkeypatch.setenv("REALTIME_HEARTBEAT_SECONDS", "0.2")
    comm = await open_socket(thread, alice)
    # The layer forgets the membership (as a restarted Redis does) ...
    layer = get_channel_layer()
    if hasattr(layer, "groups"):  # in-memory layer
        for name in list(layer.groups.get(rt.thread_group(thread.pk), {})):
            await layer.group_discard(rt.thread_group(thread.pk), name)
    else:  # channels-redis pub/sub: Redis drops the connection
        await _drop_pubsub_connections(layer)
    await sync_to_async(discussions.post_comment)(thread, alice, "missed", client_id="m")
    # ... the heartbeat shows the client it is behind (within a second or so) ...
    beat = await next_of(comm, "heartbeat")
    while beat["last_seq"] < 1:
        beat = await next_of(comm, "heartbeat")
    assert beat["last_seq"] == 1
    # ... and the membership is back (the heartbeat joins the group again;
    # redis-py subscribes again when it reconnects): live events flow.
    await sync_to_async(discussions.post_comment)(thread, alice, "seen", client_id="s")
    while (await next_of(comm, "comment.created"))["comment"]["seq"] != 2:
        pass
    await comm.disconnect()


async def test_channel_layer_down_still_saves_and_resume_delivers(
    thread, alice, bob, monkeypatch, caplog
):
    reader = await open_socket(thread, bob)
    poster = await open_socket(thread, alice)
    layer = get_channel_layer()

    async def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(layer, "group_send", broken)
    with caplog.at_level(logging.WARNING):
        await poster.send_json_to({"type": "comment.post", "body": "saved", "client_id": "d"})
        ack = await next_of(poster, "ack")
    assert await count(pk=ack["id"]) == 1
    assert "Channel layer unavailable" in caplog.text
    assert not [m for m in await drain(reader, 0.3) if m["type"] == "comment.created"]
    monkeypatch.undo()
    await reader.send_json_to({"type": "resume", "last_seq": 0})
    assert (await next_of(reader, "comment.created"))["comment"]["id"] == ack["id"]
    await reader.disconnect()
    await poster.disconnect()


# --- Mentions ----------------------------------------------------------------------------


async def test_mentions_notify_only_users_who_may_view(thread, owner_rules, alice, bob, make_user):
    carol = await sync_to_async(make_user)("carol")
    owner_rules["visible"] = lambda user: user.username in ("alice", "bob")
    headers = await sync_to_async(session_headers)(bob)
    toasts = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    assert (await toasts.connect())[0]
    await toasts.receive_json_from()  # hello
    comm = await open_socket(thread, alice)
    await comm.send_json_to(
        {"type": "comment.post", "body": "Ask @bob and @carol, not @alice.", "client_id": "m"}
    )
    ack = await next_of(comm, "ack")
    toast = await next_of(toasts, "notification")
    assert toast["kind"] == "mention" and f"#comment-{ack['id']}" in toast["url"]
    notified = await sync_to_async(
        lambda: sorted(
            Notification.objects.filter(kind="mention").values_list("user__username", flat=True)
        )
    )()
    assert notified == ["bob"]
    assert carol  # exists, but may not view the thread
    await comm.disconnect()
    await toasts.disconnect()


def test_mention_parsing():
    assert rt.mentioned_usernames("hi @bob, @carol. mail me@example.org @bob") == ["bob", "carol"]
    assert rt.mentioned_usernames("@ana.m and @x_y-z!") == ["ana.m", "x_y-z"]


def test_editing_in_a_mention_notifies_once(thread, alice, bob):
    comment = discussions.post_comment(thread, alice, "nothing yet", client_id="e")
    assert not Notification.objects.exists()
    discussions.edit_comment(comment, alice, "now @bob")
    discussions.edit_comment(comment, alice, "now @bob, again")
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["bob"]


def test_mention_fan_out_is_capped_per_author(thread, alice, make_user, monkeypatch):
    monkeypatch.setenv("MENTION_RATE_LIMIT", "5/3600")
    names = [make_user(f"user{i}").username for i in range(8)]
    first = discussions.post_comment(thread, alice, " ".join(f"@{n}" for n in names[:3]))
    second = discussions.post_comment(thread, alice, " ".join(f"@{n}" for n in names[3:]))
    notified = Notification.objects.filter(kind="mention")
    assert notified.filter(key=f"comment-{first.pk}-mention").count() == 3
    assert notified.filter(key=f"comment-{second.pk}-mention").count() == 2  # 5 in all
    # An edit charges only the newly mentioned, and the cap still holds.
    discussions.edit_comment(first, alice, first.body + " @" + names[7])
    assert notified.count() == 5
    # Another author has a window of their own.
    bob = make_user("bob2")
    discussions.post_comment(thread, bob, "@" + names[0])
    assert notified.count() == 6


@pytest.mark.redis
async def test_sockets_of_one_process_share_one_redis_subscription(thread, alice, bob):
    """With the pub/sub layer a thread group costs one Redis subscription per
    process, not one per socket, and the last socket to leave ends it."""
    import redis.asyncio

    layer = get_channel_layer()
    channel = layer._get_layer()._get_group_channel_name(rt.thread_group(thread.pk))
    client = redis.asyncio.Redis.from_url(os.environ["REDIS_URL"])

    async def subscriptions():
        return dict(await client.pubsub_numsub(channel))[channel.encode()]

    sockets = [await open_socket(thread, user) for user in (alice, bob, None)]
    assert await subscriptions() == 1
    await sockets[0].send_json_to({"type": "comment.post", "body": "to all", "client_id": "f"})
    for comm in sockets:
        assert (await next_of(comm, "comment.created"))["comment"]["html"]
    for comm in sockets:
        await comm.disconnect()
    assert await subscriptions() == 0
    await client.aclose()


async def test_group_events_do_not_hop_to_the_database_thread(thread, alice, monkeypatch):
    """channels closes stale connections before every dispatched message, a
    thread hop each; the socket skips it for group events (no database)."""
    import channels.consumer

    hops = []
    real = channels.consumer.aclose_old_connections

    async def counting():
        hops.append(1)
        await real()

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counting)
    comm = await open_socket(thread, alice)
    before = len(hops)
    for n in range(3):
        await sync_to_async(discussions.post_comment)(thread, alice, f"c{n}", client_id=f"h{n}")
        await next_of(comm, "comment.created")
    assert len(hops) == before
    await comm.disconnect()
    assert len(hops) > before  # the disconnect still closes stale connections
