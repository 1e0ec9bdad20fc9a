"""Wagtail view restrictions in the practices rule (#13 item 4)."""

import pytest
from wagtail.models import PageViewRestriction

from practices import rules
from practices.models import Adoption

pytestmark = pytest.mark.django_db


def test_a_login_restricted_practice_is_for_signed_in_users(practice, other_city, make_user):
    from django.contrib.auth.models import AnonymousUser

    PageViewRestriction.objects.create(page=practice, restriction_type="login")
    reader = make_user("reader", org=other_city)
    assert practice not in rules.visible_practices(AnonymousUser())
    assert practice in rules.visible_practices(reader)
    assert rules.can_view_practice(reader, practice)


def test_nobody_adopts_a_practice_they_cannot_see(client, practice, other_city, make_user):
    PageViewRestriction.objects.create(page=practice, restriction_type="password", password="x")
    adopter = make_user("adopter", org=other_city, role="editor")
    assert not rules.can_view_practice(adopter, practice)
    client.force_login(adopter)
    from django.urls import reverse

    url = reverse("practices:adopt", args=[practice.pk])
    response = client.post(url, {"organisation": other_city.pk, "status": "interested"})
    assert response.status_code == 404
    assert not Adoption.objects.exists()
