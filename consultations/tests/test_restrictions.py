"""Wagtail view restrictions in the consultations rule, and the admin's page chooser
(#13 item 4)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from consultations import rules

pytestmark = pytest.mark.django_db


def test_a_restricted_consultation_is_seen_only_by_those_who_pass(
    make_consultation, people, ministry
):
    page = make_consultation(ministry, audience="public")
    insiders = Group.objects.create(name="Insiders")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.set([insiders])
    city_member, owner_member = people["city_member"], people["owner_member"]
    assert not rules.can_view_consultation(city_member, page)
    assert page not in rules.visible_consultations(city_member)
    # The consulting organisation and superusers are not shut out of their own.
    assert rules.can_view_consultation(owner_member, page)
    assert page in rules.visible_consultations(people["root"])
    city_member.groups.add(insiders)  # nothing is cached on the user: read afresh
    assert rules.can_view_consultation(city_member, page)
    assert page in rules.visible_consultations(city_member)


def test_the_page_chooser_hides_what_the_user_may_not_see(
    client, make_consultation, people, ministry, make_user
):
    """A practice moderator (admin access, no rights on consultations) does not find an
    invited-only or draft consultation in the chooser; a superuser does."""
    from practices.rules import moderators_group

    invited = make_consultation(ministry, audience="invited")
    draft = make_consultation(ministry, audience="public", live=False)
    public = make_consultation(ministry, audience="public")
    moderator = make_user("chooser_moderator", is_staff=True)
    moderator.groups.add(moderators_group())
    from django.contrib.auth.models import Permission

    moderators_group().permissions.add(Permission.objects.get(codename="access_admin"))
    index = invited.get_parent()
    client.force_login(moderator)
    listed = client.get(f"/admin/choose-page/{index.pk}/").content.decode()
    searched = client.get("/admin/choose-page/search/", {"q": "Consultation"}).content.decode()
    for content in (listed, searched):
        assert public.title in content
        assert invited.title not in content
        assert draft.title not in content
    client.force_login(people["root"])
    listed = client.get(f"/admin/choose-page/{index.pk}/").content.decode()
    assert invited.title in listed and draft.title in listed
