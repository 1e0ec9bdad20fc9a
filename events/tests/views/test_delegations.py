import pytest

from events import rules
from events.models import Delegation, DelegationMember
from forum_site.discussions import owners
from forum_site.discussions import services as discussions

pytestmark = pytest.mark.django_db


def test_only_national_ministry_editors_head_delegations(client, forum, make_user, ministry, city):
    member = make_user("ministry_member", org=ministry, role="member")
    city_editor = make_user("city_editor", org=city, role="editor")
    for user, org in ((member, ministry), (city_editor, city)):
        assert not rules.can_create_delegation(user, forum, org)
        client.force_login(user)
        client.post(f"/events/{forum.slug}/delegations/new/", {"organisation": org.pk})
    assert not Delegation.objects.exists()


def test_city_network_meetings_take_organisation_delegations(make_event, make_user, city):
    meeting = make_event("Network meeting", event_type="city_network")
    editor = make_user("ce", org=city, role="editor")
    assert rules.can_create_delegation(editor, meeting, city)


def test_head_forms_delegation_once(client, delegation, head, forum, ministry):
    assert delegation.head == head and delegation.country.code == "GH"
    assert delegation.members.get().role == "head"
    client.force_login(head)
    client.post(f"/events/{forum.slug}/delegations/new/", {"organisation": ministry.pk})
    assert Delegation.objects.count() == 1


def test_invitation_accept_and_indicator(client, delegation, head, make_user, city, ngo, forum):
    mayor = make_user("mayor", org=city)
    client.force_login(head)
    response = client.post(
        f"/events/delegations/{delegation.pk}/invite/",
        {"who": "mayor@example.org", "role": "local_authority", "organisation": city.pk},
    )
    assert response.status_code == 302
    member = DelegationMember.objects.get(user=mayor)
    assert member.status == "invited"
    assert mayor.notifications.filter(kind="delegation_invitation").exists()
    # Invited is not confirmed: the indicator stays off.
    assert not rules.delegations_with_indicator(forum).get().has_local_authority
    client.force_login(mayor)
    page = client.get(f"/events/delegations/{delegation.pk}/").content.decode()
    assert "Accept" in page and "Coordination checklist" not in page
    client.post(f"/events/delegations/{delegation.pk}/respond/", {"answer": "accept"})
    member.refresh_from_db()
    assert member.status == "confirmed"
    assert head.notifications.filter(kind="delegation_response").exists()
    assert rules.delegations_with_indicator(forum).get().has_local_authority
    assert (
        "Coordination checklist"
        in client.get(f"/events/delegations/{delegation.pk}/").content.decode()
    )


def test_local_authority_role_needs_a_local_authority(client, delegation, head, make_user, ngo):
    make_user("ngo_person", org=ngo)
    client.force_login(head)
    client.post(
        f"/events/delegations/{delegation.pk}/invite/",
        {"who": "ngo_person", "role": "local_authority", "organisation": ngo.pk},
    )
    assert not DelegationMember.objects.filter(user__username="ngo_person").exists()


def test_decline_hides_workspace(client, delegation, head, make_user, city):
    guest = make_user("guest", org=city)
    DelegationMember.objects.create(delegation=delegation, user=guest, role="adviser")
    client.force_login(guest)
    client.post(f"/events/delegations/{delegation.pk}/respond/", {"answer": "decline"})
    assert DelegationMember.objects.get(user=guest).status == "declined"
    assert client.get(f"/events/delegations/{delegation.pk}/").status_code == 403


def test_forum_share_and_list_of_delegations_without(client, forum, make_org, make_user, city):
    for n, with_rep in enumerate([True, False, False]):
        ministry = make_org(f"Ministry {n}", kind="national", country=["GH", "KE", "IT"][n])
        head = make_user(f"h{n}", org=ministry, role="editor")
        delegation = Delegation.objects.create(
            event=forum, organisation=ministry, country=ministry.country, head=head
        )
        if with_rep:
            DelegationMember.objects.create(
                delegation=delegation,
                user=make_user(f"la{n}", org=city),
                organisation=city,
                role="local_authority",
                status="confirmed",
            )
    summary = rules.local_authority_summary(forum)
    assert (summary["total"], summary["with_count"], summary["share"]) == (3, 1, 33)
    assert sorted(d.country.code for d in summary["without"]) == ["IT", "KE"]
    page = client.get(forum.url).content.decode()
    assert "1 of 3 delegations (33%)" in page
    assert "Delegation of \u2068Kenya\u2069" in page  # the name isolated (bidi)


def test_thread_policy_follows_workspace_rules(delegation, head, make_user, city):
    stranger = make_user("s", org=city)
    policy = owners.policy_for(delegation)
    assert policy.can_view(head, delegation) and policy.can_moderate(head, delegation)
    assert not policy.can_view(stranger, delegation)
    assert not policy.can_post(stranger, delegation)
    assert delegation.get_thread().get_absolute_url().startswith(delegation.get_absolute_url())


def test_workspace_discussion_thread_is_for_members(client, delegation, head, make_user, city):
    member = make_user("member2", org=city)
    DelegationMember.objects.create(
        delegation=delegation, user=member, role="member", status="confirmed"
    )
    stranger = make_user("stranger", org=city)
    thread = delegation.get_thread()
    assert thread.pk == delegation.get_thread().pk  # one thread per delegation
    assert discussions.can_view_thread(member, thread) and discussions.can_post(member, thread)
    assert not discussions.can_view_thread(stranger, thread)
    assert discussions.can_moderate(head, thread) and not discussions.can_moderate(member, thread)
    discussions.post_comment(thread, member, "Who books the hotel?")
    client.force_login(member)
    page = client.get(f"/events/delegations/{delegation.pk}/").content.decode()
    assert f'id="thread-{thread.pk}"' in page and "Who books the hotel?" in page
    client.force_login(stranger)
    with pytest.raises(discussions.DiscussionError):
        discussions.post_comment(thread, stranger, "Let me in")


def test_invitation_during_mail_outage_is_saved_and_emailed_later(
    client, delegation, head, make_user, city, mail_outage, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core import mail

    mayor = make_user("mayor", org=city)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/delegations/{delegation.pk}/invite/",
            {"who": "mayor@example.org", "role": "local_authority", "organisation": city.pk},
        )
    assert response.status_code == 302
    assert DelegationMember.objects.get(user=mayor).status == "invited"
    assert mayor.notifications.filter(kind="delegation_invitation").exists()
    mail_outage.run_worker()
    assert mail.outbox == []
    mail_outage.end()
    mail_outage.run_worker(after=timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [["mayor@example.org"]]
    mail_outage.run_worker(after=timedelta(days=2))
    assert len(mail.outbox) == 1


def test_a_workspace_does_not_show_an_event_its_member_may_no_longer_see(
    client, delegation, forum, make_user, city
):
    """The workspace stays open to its members when its event is restricted to
    a group they are not in, but shows neither the event's title nor its link
    (nor does a pending invitation)."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    member = make_user("member_x", org=city)
    DelegationMember.objects.create(
        delegation=delegation, user=member, role="adviser", status="confirmed"
    )
    invited = make_user("invited_x", org=city)
    DelegationMember.objects.create(delegation=delegation, user=invited, role="adviser")
    client.force_login(member)
    assert "GFMD Summit" in client.get(f"/events/delegations/{delegation.pk}/").content.decode()
    restriction = PageViewRestriction.objects.create(page=forum, restriction_type="groups")
    restriction.groups.set([Group.objects.create(name="Summit staff")])
    for user in (member, invited):
        client.force_login(user)
        response = client.get(f"/events/delegations/{delegation.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "GFMD Summit" not in html and forum.url not in html
