"""Revoked access ends on open sockets at once, with the real consultation
rules: a removed membership, a deactivated account, a changed audience (a
role change and delegation members: events/tests/test_socket_revocation.py).
See ``forum_site.discussions.revocation``."""

import pytest
from asgiref.sync import sync_to_async

from forum_site.organisations.models import Membership
from tests.socket_support import close_code, next_event, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_channel_layer"),
]


def _path(page):
    return f"/ws/threads/{page.get_thread().pk}/"


async def test_removing_a_membership_closes_the_socket(make_consultation, ministry, city, people):
    page = await sync_to_async(make_consultation)(ministry, invited=[city])
    path = await sync_to_async(_path)(page)
    member = await open_socket(path, people["city_member"])
    bystander = await open_socket(path, people["city_editor"])
    await sync_to_async(Membership.objects.filter(user=people["city_member"]).delete)()
    assert await close_code(member) == 4403
    assert await close_code(bystander, timeout=0.5) is None  # others keep their socket
    await bystander.disconnect()


async def test_a_deactivated_account_loses_every_socket(make_consultation, ministry, city, people):
    page = await sync_to_async(make_consultation)(ministry, invited=[city])
    user = people["city_member"]
    thread_socket = await open_socket(await sync_to_async(_path)(page), user)
    notification_socket = await open_socket("/ws/notifications/", user)
    user.is_active = False
    await sync_to_async(user.save)()
    assert await close_code(thread_socket) == 4403
    assert await close_code(notification_socket) == 4403


async def test_narrowing_the_audience_closes_sockets_of_those_left_out(
    make_consultation, ministry, city, people
):
    page = await sync_to_async(make_consultation)(ministry, audience="public")
    path = await sync_to_async(_path)(page)
    anonymous = await open_socket(path)
    outsider = await open_socket(path, people["outsider"])
    owner = await open_socket(path, people["owner"])

    def narrow():
        page.audience = "invited"
        page.invited_organisations = [city]
        page.save_revision().publish()

    await sync_to_async(narrow)()
    assert await close_code(anonymous) == 4403
    assert await close_code(outsider) == 4403
    assert await close_code(owner, timeout=0.5) is None
    await owner.disconnect()


async def test_losing_the_right_to_post_is_pushed_to_the_socket(
    make_consultation, ministry, city, people
):
    """A public consultation stays readable after the city member leaves the
    city, but they may no longer post: the socket is told at once."""
    page = await sync_to_async(make_consultation)(ministry, audience="public", invited=[city])
    member = await open_socket(await sync_to_async(_path)(page), people["city_member"])
    assert member.hello["can_post"] is True
    await sync_to_async(Membership.objects.filter(user=people["city_member"]).delete)()
    assert (await next_event(member, "access"))["can_post"] is False
    await member.send_json_to({"type": "comment.post", "body": "still?", "client_id": "x"})
    assert (await next_event(member, "error"))["code"] == "forbidden"
    await member.disconnect()
