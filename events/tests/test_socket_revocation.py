"""Revoked access to a delegation workspace ends its open sockets at once,
with the real events rules: a member removed, an organiser's role lowered
(``forum_site.discussions.revocation``)."""

import pytest
from asgiref.sync import sync_to_async

from events.models import DelegationMember
from forum_site.organisations.models import Membership
from tests.socket_support import close_code, next_event, open_socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_channel_layer"),
]


@pytest.fixture
def workspace(make_event, make_user, ministry, city):
    from events.models import Delegation

    forum = make_event("GFMD Summit", event_type="global_forum")
    head = make_user("head", org=ministry, role="editor")
    delegation = Delegation.objects.create(
        event=forum, organisation=ministry, country=ministry.country, head=head
    )
    member = make_user("member", org=city)
    DelegationMember.objects.create(
        delegation=delegation, user=member, role="member", status="confirmed"
    )
    editor = make_user("ministry_editor", org=ministry, role="editor")
    path = f"/ws/threads/{delegation.get_thread().pk}/"
    return {"path": path, "head": head, "member": member, "editor": editor}


async def test_removing_a_delegation_member_closes_their_socket(workspace):
    member = await open_socket(workspace["path"], workspace["member"])
    head = await open_socket(workspace["path"], workspace["head"])
    await sync_to_async(DelegationMember.objects.filter(user=workspace["member"]).delete)()
    assert await close_code(member) == 4403
    assert await close_code(head, timeout=0.5) is None
    await head.send_json_to({"type": "comment.post", "body": "still here", "client_id": "h"})
    assert (await next_event(head, "ack"))["duplicate"] is False
    await head.disconnect()


async def test_lowering_an_organisers_role_closes_their_socket(workspace):
    """Editors of the delegation's organisation manage its workspace; a member
    of that organisation does not."""
    editor = await open_socket(workspace["path"], workspace["editor"])
    assert editor.hello["can_post"] is True
    await sync_to_async(lambda: Membership.objects.get(user=workspace["editor"]).save())()
    assert await close_code(editor, timeout=0.5) is None  # a save that changes nothing

    def demote():
        membership = Membership.objects.get(user=workspace["editor"])
        membership.role = "member"
        membership.save()

    await sync_to_async(demote)()
    assert await close_code(editor) == 4403
