"""Paragraph comments over the thread socket: delivered live to the invited,
refused to the uninvited, resumed after a gap, closed when the audience narrows."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from consultations import drafts
from forum_site.discussions import services as discussions
from tests.socket_support import ORIGIN, close_code, next_event, open_socket, session_headers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_channel_layer"),
]


def _paragraph_thread(page, with_draft):
    paragraph = with_draft(page, html="<p>One.</p><p>Two.</p>")[1]
    return paragraph, paragraph.get_thread()


async def test_a_paragraph_comment_and_a_proposal_arrive_live(invited_page, with_draft, people):
    paragraph, thread = await sync_to_async(_paragraph_thread)(invited_page, with_draft)
    path = f"/ws/threads/{thread.pk}/"
    reader = await open_socket(path, people["city_member"])
    assert reader.hello["can_post"] is True
    await sync_to_async(discussions.post_comment)(thread, people["city_editor"], "Live words.")
    event = await next_event(reader, "comment.created")
    assert "Live words." in event["comment"]["html"]
    await sync_to_async(drafts.post_proposal)(
        paragraph, thread, people["city_editor"], "Two, reworded."
    )
    event = await next_event(reader, "comment.created")
    assert "Two, reworded." in event["comment"]["html"]
    assert event["comment"]["seq"] == 2
    await reader.disconnect()


async def test_resuming_replays_missed_paragraph_comments(invited_page, with_draft, people):
    _paragraph, thread = await sync_to_async(_paragraph_thread)(invited_page, with_draft)
    path = f"/ws/threads/{thread.pk}/"
    await sync_to_async(discussions.post_comment)(thread, people["city_editor"], "Missed one.")
    reader = await open_socket(path, people["owner"])
    await reader.send_json_to({"type": "resume", "last_seq": 0, "since": 0})
    event = await next_event(reader, "comment.created")
    assert "Missed one." in event["comment"]["html"]
    await reader.disconnect()


@pytest.mark.parametrize("role", ["ngo_editor", "outsider", None])
async def test_the_uninvited_cannot_open_a_paragraph_socket(invited_page, with_draft, people, role):
    _paragraph, thread = await sync_to_async(_paragraph_thread)(invited_page, with_draft)
    user = people[role] if role else None
    headers = await sync_to_async(session_headers)(user) if user else [ORIGIN]
    from forum_site.asgi import application

    comm = WebsocketCommunicator(application, f"/ws/threads/{thread.pk}/", headers=headers)
    connected, _ = await comm.connect()
    if connected:
        message = await comm.receive_output(timeout=10)
        assert message == {"type": "websocket.close", "code": 4403 if user else 4401}


async def test_removing_the_invitation_closes_paragraph_sockets(
    invited_page, with_draft, people, ngo
):
    _paragraph, thread = await sync_to_async(_paragraph_thread)(invited_page, with_draft)
    reader = await open_socket(f"/ws/threads/{thread.pk}/", people["city_member"])

    def uninvite():
        invited_page.invited_organisations = [ngo]
        invited_page.save_revision().publish()

    await sync_to_async(uninvite)()
    assert await close_code(reader) == 4403
