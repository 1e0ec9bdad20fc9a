"""The header's unread badge: the figure, the words for screen readers, a cap,
and a JSON twin the page's script reads after a live notification."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum_site.notifications.models import Notification
from forum_site.notifications.service import notify
from forum_site.notifications.unread import UNREAD_CAP, unread_count

pytestmark = pytest.mark.django_db


def _badge(html):
    match = re.search(
        r'<span class="count-badge" data-unread-badge( hidden)?>(.*?)</span></a>', html
    )
    assert match, "no badge in the header"
    return match.group(1) is not None, match.group(2)


def test_the_header_shows_how_many_notifications_are_unread(client, make_user):
    user = make_user("reader")
    notify([user], title="One", email=False)
    notify([user], title="Two", email=False)
    read = notify([user], title="Read", email=False)[0]
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    client.force_login(user)
    hidden, inner = _badge(client.get("/organisations/").content.decode())
    assert not hidden
    assert '<span aria-hidden="true">2</span>' in inner
    assert '<span class="visually-hidden">2 unread</span>' in inner


def test_no_unread_notification_hides_the_badge(client, make_user):
    client.force_login(make_user("quiet"))
    hidden, _inner = _badge(client.get("/organisations/").content.decode())
    assert hidden


def test_the_count_is_capped_so_the_query_stays_bounded(make_user):
    user = make_user("busy")
    Notification.objects.bulk_create(
        Notification(user=user, title=f"n{i}") for i in range(UNREAD_CAP + 20)
    )
    with CaptureQueriesContext(connection) as queries:
        count = unread_count(user)
    assert count == UNREAD_CAP + 1 and len(queries) == 1


def test_unread_json_gives_the_badge_in_the_page_language(client, make_user):
    user = make_user("json")
    notify([user], title="One", email=False)
    client.force_login(user)
    data = client.get(reverse("notifications:unread")).json()
    assert data == {"count": 1, "shown": "1", "label": "1 unread"}
    assert "no-cache" in client.get(reverse("notifications:unread"))["Cache-Control"]


def test_unread_json_over_the_cap_says_99_plus(client, make_user):
    user = make_user("many")
    Notification.objects.bulk_create(
        Notification(user=user, title=f"n{i}") for i in range(UNREAD_CAP + 5)
    )
    client.force_login(user)
    assert client.get(reverse("notifications:unread")).json()["shown"] == f"{UNREAD_CAP}+"


def test_unread_json_for_a_visitor_is_zero_not_a_login_redirect(client):
    response = client.get(reverse("notifications:unread"))
    assert response.status_code == 200 and response.json()["count"] == 0


def test_the_page_script_gets_the_badge_url(client, make_user):
    client.force_login(make_user("script"))
    html = client.get("/organisations/").content.decode()
    assert f'data-unread-url="{reverse("notifications:unread")}"' in html


def test_the_menu_button_has_a_badge_the_script_updates_too(client, make_user):
    """Both badges are [data-unread-badge], rendered hidden at 0, so that
    notifications.js updates them alike after a live notification."""
    user = make_user("menu")
    client.force_login(user)
    html = client.get("/organisations/").content.decode()
    assert '<span class="count-badge menu-badge" data-unread-badge hidden>' in html
    assert html.count("data-unread-badge") == 2
    notify([user], title="One", email=False)
    html = client.get("/organisations/").content.decode()
    assert '<span class="count-badge menu-badge" data-unread-badge>' in html
    assert '<span class="visually-hidden">1 unread</span>' in html
