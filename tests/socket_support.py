"""Opening sockets as a given user in tests, and waiting for them to close."""

import asyncio

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

ORIGIN = (b"origin", b"http://localhost")


def session_headers(user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]


async def open_socket(path: str, user=None, *, first: str = "hello"):
    """A connected communicator on ``path``; its first message (``first``) is
    kept as ``comm.hello``."""
    from forum_site.asgi import application

    headers = await sync_to_async(session_headers)(user) if user else [ORIGIN]
    comm = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await comm.connect()
    assert connected
    comm.hello = await comm.receive_json_from(timeout=10)
    assert comm.hello["type"] == first, comm.hello
    return comm


async def close_code(comm, timeout: float = 5) -> int | None:
    """The code the server closes ``comm`` with (other messages skipped), or
    None when it is still open after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (left := deadline - loop.time()) > 0:
        if await comm.receive_nothing(timeout=min(left, 0.1)):
            continue
        message = await comm.receive_output()
        if message["type"] == "websocket.close":
            return message.get("code")
    return None


async def next_event(comm, kind: str, timeout: float = 5) -> dict:
    """The next JSON message of type ``kind`` (others skipped)."""
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message
