"""Redis down (issue #14), for the channel layer and the cache alike.

The real server is never stopped: the outage refuses every new connection
to Redis (redis-py's connect raises, as with nothing listening on the port)
and drops this process's open ones, as a restart does. The channel layer
object stays the one the site uses, so the test also shows that it recovers
by itself. While Redis is down a comment posted over HTTP is still saved and
answered with a redirect, quickly, not with a 500; once Redis is back,
sockets carry comments again and a socket that resumes gets the comment
posted during the outage. Needs Redis (REDIS_URL); skipped otherwise.
"""

import asyncio
import os
import time

import pytest
import redis
import redis.asyncio.connection
import redis.connection
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.core.cache import cache
from django.test import Client

from forum_site.asgi import application
from forum_site.discussions.models import Comment
from forum_site.discussions.tests.test_realtime import (
    _drop_pubsub_connections,
    next_of,
    open_socket,
    session_headers,
)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _refused(*args, **kwargs):
    raise ConnectionRefusedError(111, "Connection refused (test outage)")


async def _refused_async(*args, **kwargs):
    _refused()


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """A layer of this test's own (channels-redis binds to the first loop)."""
    from channels.layers import channel_layers

    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


@pytest.fixture
def redis_outage(monkeypatch):
    class Outage:
        async def start(self):
            # New connections are refused first, so that nothing reconnects
            # between the drop and the refusal (a race that made this flaky).
            killer = redis.asyncio.Redis.from_url(os.environ["REDIS_URL"])
            await killer.ping()
            monkeypatch.setattr(redis.asyncio.connection.Connection, "_connect", _refused_async)
            monkeypatch.setattr(redis.connection.Connection, "_connect", _refused)
            layer = get_channel_layer()
            await _drop_pubsub_connections(layer, client=killer)
            await killer.aclose()
            # The layer's publishing connections drop too (a socket's presence
            # announcement may have opened one on this event loop).
            for shard in layer._get_layer()._shards:
                if shard._redis is not None:
                    await shard._redis.connection_pool.disconnect()
            for pool in cache._cache._pools.values():  # the cache's open connections drop too
                pool.disconnect()

        def end(self):
            monkeypatch.undo()

    return Outage()


@pytest.fixture
def alice(make_user):
    return make_user("alice", first_name="Alice", last_name="Ayew")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


async def _reconnect(thread, user, attempts: int = 5):
    """Open a socket as the page's script does after an outage: retrying. The
    first handshake just after Redis is back can fail while channels-redis
    re-establishes its pub/sub connection ("readuntil() called while another
    coroutine is already waiting", raised inside channels' ``new_channel``,
    before our consumer runs); the next one succeeds."""
    for attempt in range(attempts):
        try:
            return await open_socket(thread, user)
        except (RuntimeError, redis.ConnectionError, TimeoutError):
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.5)


def post_over_http(thread, user, body, client_id):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    started = time.monotonic()
    response = client.post(
        f"/discussions/threads/{thread.pk}/post/", {"body": body, "client_id": client_id}
    )
    return response.status_code, time.monotonic() - started


async def test_a_comment_posted_while_redis_is_down_is_saved_and_reaches_sockets_later(
    thread, alice, bob, redis_outage, caplog
):
    before = await open_socket(thread, bob)  # the layer is connected and subscribed
    await redis_outage.start()
    with pytest.raises(redis.ConnectionError):
        await sync_to_async(cache.set)("probe", 1)
    status, seconds = await sync_to_async(post_over_http)(thread, alice, "During the outage", "o-1")
    assert status == 302
    assert seconds < 10  # no long wait for a server that is not there
    # The broadcast was tried, and failed, without failing the request.
    assert "Channel layer unavailable" in caplog.text
    during = await sync_to_async(Comment.objects.get)(thread=thread, client_id="o-1")
    assert during.body == "During the outage"
    # A socket opening now cannot join (its handshake fails; the page's script
    # retries with a growing delay), and breaks nothing for later.
    headers = await sync_to_async(session_headers)(bob)
    refused = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/", headers=headers)
    with pytest.raises(redis.ConnectionError):
        await refused.connect(timeout=10)
    await before.disconnect()

    redis_outage.end()
    await sync_to_async(cache.set)("probe", 1)  # Redis answers again
    reader = await _reconnect(thread, bob)  # the same layer object, recovered
    assert reader.hello["last_seq"] == during.seq  # the socket sees it is behind
    await reader.send_json_to({"type": "resume", "last_seq": 0})
    replayed = await next_of(reader, "comment.created")
    assert replayed["comment"]["id"] == during.pk  # nothing lost
    await next_of(reader, "resumed")
    # Live again: a comment posted over HTTP now reaches the socket.
    status, _seconds = await sync_to_async(post_over_http)(thread, alice, "After", "o-2")
    assert status == 302
    live = await next_of(reader, "comment.created")
    after = await sync_to_async(Comment.objects.get)(thread=thread, client_id="o-2")
    assert live["comment"]["id"] == after.pk
    await reader.disconnect()
