"""The notification socket, through the full ASGI stack (origin check, session auth)."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from forum_site.asgi import application
from forum_site.realtime import user_group

ORIGIN = (b"origin", b"http://localhost")


def session_headers(user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode())]


@pytest.mark.django_db(transaction=True)
async def test_authenticated_user_connects_and_receives_notifications(make_user):
    user = await sync_to_async(make_user)("socket_user")
    headers = await sync_to_async(session_headers)(user)
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_json_from() == {"type": "hello", "user": "socket_user"}
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}
    await get_channel_layer().group_send(
        user_group(user.pk), {"type": "notify", "notification": {"id": 1, "title": "Hi"}}
    )
    assert await communicator.receive_json_from() == {
        "type": "notification",
        "id": 1,
        "title": "Hi",
    }
    await communicator.send_to(text_data="not json")
    assert (await communicator.receive_json_from())["type"] == "error"
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_anonymous_is_closed_with_4401():
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=[ORIGIN])
    connected, _ = await communicator.connect()
    assert connected  # accepted only to say why it is closing
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True)
async def test_foreign_origin_is_rejected(make_user):
    user = await sync_to_async(make_user)("socket_user2")
    headers = await sync_to_async(session_headers)(user)
    headers = [(b"origin", b"http://evil.example.com"), headers[1]]
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "frame,code",
    [
        ({"bytes": b"\x00\xff"}, "bad_json"),
        ({"bytes": b""}, "bad_json"),
        ({"text": ""}, "bad_json"),
        ({}, "bad_json"),  # neither text nor bytes
        ({"text": "{not json"}, "bad_json"),
        ({"text": "\x00"}, "bad_json"),
        ({"text": "x" * 5000}, "too_long"),
        ({"text": "[1, 2]"}, "unknown_type"),
        ({"text": '"ping"'}, "unknown_type"),
    ],
)
async def test_bad_frames_get_an_error_and_the_socket_stays_open(make_user, frame, code):
    user = await sync_to_async(make_user)("socket_user3")
    headers = await sync_to_async(session_headers)(user)
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    assert (await communicator.connect())[0]
    await communicator.receive_json_from()  # hello
    await communicator.send_input({"type": "websocket.receive", **frame})
    error = await communicator.receive_json_from()
    assert error["type"] == "error" and error["code"] == code and error["message"]
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}
    await communicator.disconnect()
