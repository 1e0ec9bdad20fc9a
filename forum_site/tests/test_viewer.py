"""The per-request viewer (forum_site/viewer.py): built once per request or socket
message, never cached on the user object, read afresh outside a scope."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory

from forum_site.organisations import rules as org_rules
from forum_site.organisations.models import Membership
from forum_site.viewer import (
    PRACTICE_MODERATORS_GROUP,
    Viewer,
    ViewerMiddleware,
    as_viewer,
    get_viewer,
    in_viewer_scope,
    user_of,
)

pytestmark = pytest.mark.django_db


def test_the_middleware_gives_a_request_one_viewer(make_user, city):
    user = make_user("reader", org=city, role="editor")
    request = RequestFactory().get("/")
    request.user = user
    seen = []

    def view(req):
        seen.append((get_viewer(req), as_viewer(req.user), get_viewer(req)))
        return "response"

    assert ViewerMiddleware(view)(request) == "response"
    [(first, wrapped, again)] = seen
    assert first is wrapped is again
    assert first.user is user and first.roles == {city.pk: "editor"}
    # The scope ended with the request.
    assert as_viewer(user) is not as_viewer(user)


def test_a_socket_message_gets_its_own_scope(make_user, city, django_assert_num_queries):
    user = make_user("socket", org=city, role="member")

    @in_viewer_scope
    def message():
        with django_assert_num_queries(1):
            for _ in range(3):
                assert org_rules.can_act_for(user, city)
        return as_viewer(user)

    first, second = message(), message()
    assert first is not second  # nothing outlives one message


def test_a_removed_membership_is_seen_by_the_next_message(make_user, city):
    user = make_user("removed", org=city, role="member")

    @in_viewer_scope
    def may_act():
        return org_rules.can_act_for(user, city)

    assert may_act()
    Membership.objects.filter(user=user).delete()
    assert not may_act()


def test_viewer_flags(make_user, city):
    anonymous = Viewer(None)
    assert not anonymous.is_authenticated and not anonymous.signed_in
    assert anonymous.roles == {} and anonymous.organisations == [] and anonymous.group_ids == set()
    assert isinstance(user_of(anonymous), AnonymousUser)
    moderator = make_user("mod")
    moderator.groups.add(Group.objects.get_or_create(name=PRACTICE_MODERATORS_GROUP)[0])
    assert Viewer(moderator).is_practice_moderator
    assert not Viewer(make_user("plain", org=city)).is_practice_moderator
    inactive = make_user("gone", org=city, is_active=False)
    assert Viewer(inactive).organisations == []  # inactive users act for nobody
    viewer = Viewer(make_user("two", org=city))
    assert [o["pk"] for o in viewer.organisations] == [city.pk]
    assert user_of(viewer) is viewer.user
