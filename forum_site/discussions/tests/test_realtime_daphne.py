"""Second CI pass: two real Daphne processes share the channels-redis layer.

A real WebSocket client (the ``websockets`` library) on each process; a
comment posted through one arrives at the other. The processes use the test
database (PostgreSQL: SQLite test databases live in memory)."""

import asyncio
import json
import os
import uuid

import pytest
from django.db import connection

from tests.realtime_support import (
    ORIGIN,
    DaphneProcess,
    database_url,
    free_port,
    session_cookie,
)

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_daphnes(db):
    env = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # A prefix of our own: no other test's groups, and theirs not ours.
        "CHANNEL_PREFIX": f"rt-test-{uuid.uuid4().hex[:8]}",
    }
    servers = [DaphneProcess(free_port(), env, "a"), DaphneProcess(free_port(), env, "b")]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


async def _receive(ws, kind, timeout=10):
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if message["type"] == kind:
            return message


def test_comment_crosses_from_one_daphne_process_to_another(two_daphnes, thread, make_user):
    import websockets

    alice = make_user("alice")
    bob = make_user("bob")
    cookies = {"alice": session_cookie(alice), "bob": session_cookie(bob)}
    path = f"/ws/threads/{thread.pk}/"

    async def scenario():
        first, second = two_daphnes
        headers_a = {"Cookie": cookies["alice"]}
        headers_b = {"Cookie": cookies["bob"]}
        async with (
            websockets.connect(
                first.ws_url + path, origin=ORIGIN, additional_headers=headers_a
            ) as ws_a,
            websockets.connect(
                second.ws_url + path, origin=ORIGIN, additional_headers=headers_b
            ) as ws_b,
        ):
            assert (await _receive(ws_a, "hello"))["user"]["username"] == "alice"
            assert (await _receive(ws_b, "hello"))["user"]["username"] == "bob"
            await ws_a.send(
                json.dumps({"type": "comment.post", "body": "Across processes", "client_id": "x1"})
            )
            ack = await _receive(ws_a, "ack")
            created = await _receive(ws_b, "comment.created")
            assert created["comment"]["id"] == ack["id"]
            assert created["comment"]["html"] == "<p>Across processes</p>"
            # And back the other way.
            await ws_b.send(json.dumps({"type": "comment.post", "body": "Reply", "client_id": "y"}))
            back = await _receive(ws_a, "comment.created")  # alice's own comment first
            assert back["comment"]["id"] == ack["id"]
            back = await _receive(ws_a, "comment.created")
            assert back["comment"]["author"]["username"] == "bob"
            assert back["comment"]["seq"] == 2

    asyncio.run(scenario())
