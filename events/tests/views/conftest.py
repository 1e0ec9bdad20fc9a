"""A forum and a delegation to it, formed through the view, for the delegation
and workspace tests (test_feeds.py has a forum of its own)."""

import pytest

from events.models import Delegation


@pytest.fixture
def forum(make_event):
    return make_event("GFMD Summit", event_type="global_forum")


@pytest.fixture
def head(make_user, ministry):
    return make_user("head", org=ministry, role="editor")


@pytest.fixture
def delegation(client, forum, head, ministry):
    client.force_login(head)
    response = client.post(f"/events/{forum.slug}/delegations/new/", {"organisation": ministry.pk})
    assert response.status_code == 302
    client.logout()
    return Delegation.objects.get()
