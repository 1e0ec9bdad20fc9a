"""A practice's thread answers to practices.rules (its discussion policy)."""

import pytest
from django.urls import reverse

from forum_site.discussions.models import Comment
from forum_site.discussions.services import can_moderate, can_post, can_view_thread

pytestmark = pytest.mark.django_db


def test_practice_has_a_discussion_open_to_signed_in_users(
    client, city, ngo, make_practice, make_user
):
    page = make_practice(city, "Discussed practice")
    html = client.get(page.url).content.decode()
    thread = page.get_thread()
    assert f'data-thread-socket="/ws/threads/{thread.pk}/"' in html
    asker = make_user("asker", org=ngo)
    owner_editor = make_user("owner_editor", org=city, role="editor")
    assert can_view_thread(None, thread) and not can_post(None, thread)
    assert can_post(asker, thread) and not can_moderate(asker, thread)
    assert can_moderate(owner_editor, thread)

    client.force_login(asker)
    response = client.post(
        reverse("discussions:thread_post", args=[thread.pk]),
        {"body": "How many interpreters does the centre need?", "next": page.url},
    )
    assert response.status_code == 302
    assert Comment.objects.get(thread=thread).author == asker
    assert "How many interpreters" in client.get(page.url).content.decode()


def test_discussion_of_an_unpublished_practice_is_private(city, ngo, make_practice, make_user):

    page = make_practice(city, "Not yet public")
    page.unpublish()
    thread = page.get_thread()
    assert not can_view_thread(make_user("outsider", org=ngo), thread)
    assert can_view_thread(make_user("author", org=city, role="editor"), thread)
