import pytest
from django.urls import reverse

from forum_site.organisations.models import Membership


@pytest.fixture
def admin_user(city, make_user):
    return make_user("cityadmin", org=city, role="admin")


def members_url(org):
    return reverse("organisations:members", args=[org.slug])


@pytest.mark.django_db
class TestManageMembers:
    def test_admin_sees_and_adds_members(self, client, city, admin_user, make_user):
        newcomer = make_user("newcomer")
        client.force_login(admin_user)
        assert client.get(members_url(city)).status_code == 200
        response = client.post(
            members_url(city),
            {"user": "NEWCOMER@example.org", "role": "editor", "title": "Officer"},
        )
        assert response.status_code == 302
        membership = Membership.objects.get(user=newcomer, organisation=city)
        assert (membership.role, membership.title) == ("editor", "Officer")

    @pytest.mark.parametrize("role", ["member", "editor"])
    def test_non_admins_are_refused(self, client, city, make_user, role):
        user = make_user("notadmin", org=city, role=role)
        client.force_login(user)
        assert client.get(members_url(city)).status_code == 403
        assert (
            client.post(members_url(city), {"user": "notadmin", "role": "admin"}).status_code == 403
        )
        assert Membership.objects.get(user=user).role == role

    def test_anonymous_is_sent_to_login(self, client, city):
        response = client.get(members_url(city))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_admin_of_another_organisation_is_refused(self, client, city, ngo, make_user):
        other = make_user("otheradmin", org=ngo, role="admin")
        client.force_login(other)
        assert client.get(members_url(city)).status_code == 403

    @pytest.mark.parametrize(
        "data,error",
        [
            ({"user": "nobody", "role": "member"}, "No active account"),
            ({"user": "cityadmin", "role": "member"}, "already a member"),
            ({"user": "", "role": "member"}, "This field is required"),
            ({"user": "cityadmin", "role": "emperor"}, "Select a valid choice"),
        ],
    )
    def test_bad_input_is_explained(self, client, city, admin_user, data, error):
        client.force_login(admin_user)
        response = client.post(members_url(city), data)
        assert response.status_code == 400
        assert error in response.content.decode()
        assert Membership.objects.filter(organisation=city).count() == 1

    def test_change_role_and_remove(self, client, city, admin_user, make_user):
        member = make_user("member1", org=city, role="member")
        membership = Membership.objects.get(user=member)
        client.force_login(admin_user)
        url = reverse("organisations:change_member", args=[city.slug, membership.pk])
        client.post(url, {"action": "change", "role": "editor", "title": ""})
        membership.refresh_from_db()
        assert membership.role == "editor"
        client.post(url, {"action": "remove"})
        assert not Membership.objects.filter(pk=membership.pk).exists()

    def test_last_admin_cannot_leave_or_be_demoted(self, client, city, admin_user):
        membership = Membership.objects.get(user=admin_user)
        client.force_login(admin_user)
        url = reverse("organisations:change_member", args=[city.slug, membership.pk])
        response = client.post(
            url, {"action": "change", "role": "member", "title": ""}, follow=True
        )
        assert "at least one administrator" in response.content.decode()
        client.post(url, {"action": "remove"})
        membership.refresh_from_db()
        assert membership.role == "admin"

    def test_membership_of_other_org_cannot_be_touched(
        self, client, city, ngo, admin_user, make_user
    ):
        victim = make_user("victim", org=ngo, role="member")
        membership = Membership.objects.get(user=victim)
        client.force_login(admin_user)
        url = reverse("organisations:change_member", args=[city.slug, membership.pk])
        assert client.post(url, {"action": "remove"}).status_code == 404
        assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
class TestAdministratorsDemotingEachOther:
    """Issue #14: two administrators demoting each other at once must leave one."""

    def test_a_demotion_that_loses_the_race_is_refused(
        self, client, city, admin_user, make_user, monkeypatch
    ):
        from forum_site.organisations import views

        other = make_user("otheradmin", org=city, role="admin")
        mine = Membership.objects.get(user=admin_user, organisation=city)
        theirs = Membership.objects.get(user=other, organisation=city)
        first_check = views._administered

        def other_request_commits_meanwhile(request, slug):
            # Our request passed its first permission check; the other
            # administrator's demotion of us commits before we take the lock.
            organisation = first_check(request, slug)
            Membership.objects.filter(pk=mine.pk).update(role="member")
            return organisation

        monkeypatch.setattr(views, "_administered", other_request_commits_meanwhile)
        client.force_login(admin_user)
        url = reverse("organisations:change_member", args=[city.slug, theirs.pk])
        assert client.post(url, {"role": "member"}).status_code == 403
        assert Membership.objects.filter(organisation=city, role="admin").count() == 1
        assert Membership.objects.get(pk=theirs.pk).role == "admin"


@pytest.mark.django_db(transaction=True)
def test_parallel_demotions_leave_an_administrator(city, make_user):
    """Both requests at once, in two threads with connections of their own,
    on SQLite (a file, as the site uses it) and on PostgreSQL."""
    from django.test import Client

    from forum_site.tests.concurrency import run_in_threads, shared_database

    first = make_user("firstadmin", org=city, role="admin")
    second = make_user("secondadmin", org=city, role="admin")

    def demote(actor, target):
        client = Client()
        client.force_login(actor)
        membership = Membership.objects.get(user=target, organisation=city)
        url = reverse("organisations:change_member", args=[city.slug, membership.pk])
        return client.post(url, {"role": "member"}).status_code

    with shared_database():
        statuses = run_in_threads(demote, [(first, second), (second, first)])
        admins = Membership.objects.filter(organisation=city, role="admin").count()
    assert sorted(statuses) in ([302, 302], [302, 403])
    assert admins == 1
