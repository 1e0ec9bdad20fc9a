"""Wagtail view restrictions on events hold on every events surface (#13 item 4):
registration, cancellation, participants (page and CSV), delegations, the .ics
files, the personal feed, the listings, the home section, the profile and the
position paper's related page. One rule decides: ``events.rules.visible_events``."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from events import rules
from events.models import CalendarToken, Delegation, Registration

pytestmark = pytest.mark.django_db


def restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="s3cret" if kind == "password" else ""
    )
    if groups:
        restriction.groups.set(groups)
    return restriction


@pytest.fixture
def insiders():
    return Group.objects.create(name="Insiders")


@pytest.fixture
def forum(make_event, ministry):
    return make_event("Closed Summit", event_type="global_forum", participant_visibility="public")


@pytest.fixture
def cast(make_user, city, ministry, insiders):
    return {
        "member": make_user("member", org=city),
        "ministry_editor": make_user("ministry_editor", org=ministry, role="editor"),
        "root": make_user("root", is_superuser=True, is_staff=True),
    }


def wagtail_refused(response, kind):
    """Wagtail's answer to a request its view restriction does not admit: the
    sign-in page for a groups one, the password form for a password one."""
    if kind == "password":
        return response.status_code == 200 and b"authenticate_with_password" in response.content
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def pass_password(client, page):
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [
        PageViewRestriction.objects.get(page=page).pk
    ]
    session.save()


@pytest.mark.parametrize("kind", ["groups", "password"])
def test_actions_refuse_an_event_the_user_may_not_see(
    client, forum, cast, city, ministry, kind, insiders
):
    """The actions are routes of the page: Wagtail's restriction answers first."""
    restrict(forum, kind, groups=[insiders])
    member, ministry_editor = cast["member"], cast["ministry_editor"]
    client.force_login(member)
    base = f"/events/{forum.slug}"
    assert wagtail_refused(client.post(f"{base}/register/", {"organisation": city.pk}), kind)
    assert not Registration.objects.exists()
    Registration.objects.create(event=forum, user=member, organisation=city, status="confirmed")
    assert wagtail_refused(client.post(f"{base}/cancel/"), kind)
    assert wagtail_refused(client.post(f"{base}/listed/", {"listed": "on"}), kind)
    assert Registration.objects.get().status == "confirmed"
    assert not Registration.objects.get().listed
    assert wagtail_refused(client.get(f"{base}/participants/"), kind)
    assert wagtail_refused(client.get(f"{base}/event.ics"), kind)
    assert client.get(f"{base}.ics").status_code == 404
    client.force_login(ministry_editor)
    response = client.post(f"{base}/delegations/new/", {"organisation": ministry.pk})
    assert wagtail_refused(response, kind)
    assert not Delegation.objects.exists()
    assert wagtail_refused(client.get(f"{base}/participants.csv"), kind)


def test_a_password_admits_to_the_routes_and_the_events_rule_still_answers(
    client, make_event, make_user, city, cast
):
    """Every route of a password-protected event asks for the password, even of the
    organisers; with it, the events rule decides: the organiser acts, a member
    (whom the rule never admits to a password-protected event's actions) does not."""
    organiser = make_user("organiser", org=city, role="editor")
    event = make_event("Password Hearing", organisers=[city], participant_visibility="public")
    restrict(event, "password")
    base = f"/events/{event.slug}"
    client.force_login(organiser)
    assert wagtail_refused(client.post(f"{base}/register/", {"organisation": city.pk}), "password")
    assert wagtail_refused(client.get(f"{base}/participants.csv"), "password")
    assert wagtail_refused(client.get(f"{base}/event.ics"), "password")
    assert not Registration.objects.exists()
    pass_password(client, event)
    response = client.post(f"{base}/register/", {"organisation": city.pk})
    assert response.status_code == 302 and response["Location"] == event.url
    assert Registration.objects.filter(user=organiser, event=event).exists()
    assert client.get(f"{base}/participants.csv").status_code == 200
    assert client.get(f"{base}/event.ics")["Content-Type"].startswith("text/calendar")

    member = cast["member"]
    client.force_login(member)
    pass_password(client, event)
    assert client.get(event.url).status_code == 200
    assert client.post(f"{base}/register/", {"organisation": city.pk}).status_code == 404
    assert client.get(f"{base}/participants/").status_code == 404
    assert client.get(f"{base}/event.ics").status_code == 404
    assert not Registration.objects.filter(user=member).exists()


def test_a_login_restriction_admits_signed_in_users(client, forum, cast, city):
    restrict(forum, "login")
    assert forum.title not in client.get("/events/").content.decode()
    assert forum.title not in client.get("/").content.decode()
    assert forum.title.encode() not in client.get("/events/calendar.ics").content
    client.force_login(cast["member"])
    assert forum.title in client.get("/events/").content.decode()
    assert (
        forum.title
        in client.get("/events/?view=month&month=" + f"{forum.start:%Y-%m}").content.decode()
    )
    response = client.post(f"/events/{forum.slug}/register/", {"organisation": city.pk})
    assert response.status_code == 302
    assert Registration.objects.filter(user=cast["member"], event=forum).exists()
    assert client.get(f"/events/{forum.slug}/participants/").status_code == 200


def test_a_groups_restriction_admits_the_groups_members(client, forum, cast, city, insiders):
    restrict(forum, "groups", groups=[insiders])
    member = cast["member"]
    assert not rules.can_view_event(member, forum)
    member.groups.add(insiders)
    assert rules.can_view_event(member, forum)
    client.force_login(member)
    assert (
        client.post(f"/events/{forum.slug}/register/", {"organisation": city.pk}).status_code == 302
    )
    assert Registration.objects.filter(user=member, event=forum).exists()


def test_a_password_protected_event_is_listed_only_to_its_organisers(
    client, make_event, make_user, city, cast
):
    organiser = make_user("organiser", org=city, role="editor")
    event = make_event("Password Hearing", organisers=[city])
    restrict(event, "password")
    assert list(rules.visible_events(organiser)) == [event]
    assert list(rules.visible_events(cast["root"])) == [event]
    assert list(rules.visible_events(cast["member"])) == []
    client.force_login(organiser)
    assert event.title in client.get("/events/").content.decode()
    client.force_login(cast["member"])
    assert event.title not in client.get("/events/").content.decode()


def test_a_restriction_on_an_ancestor_counts(index_page, forum, cast):
    restrict(index_page, "password")
    assert not rules.can_view_event(cast["member"], forum)
    assert rules.can_view_event(cast["root"], forum)


def test_the_personal_feed_and_profile_drop_an_event_once_restricted(
    client, forum, cast, city, insiders
):
    member = cast["member"]
    Registration.objects.create(event=forum, user=member, organisation=city, status="confirmed")
    token = CalendarToken.objects.create(user=member, token=CalendarToken.new_token())
    assert forum.title.encode() in client.get(f"/events/feed/{token.token}.ics").content
    client.force_login(member)
    assert forum.title in client.get("/accounts/profile/").content.decode()
    restrict(forum, "groups", groups=[insiders])
    assert forum.title.encode() not in client.get(f"/events/feed/{token.token}.ics").content
    assert forum.title not in client.get("/accounts/profile/").content.decode()


def test_the_position_paper_offers_only_pages_the_user_may_see(
    forum, make_user, city, ngo, insiders
):
    """The workspace's "related consultation": no invited-only consultation the user is
    not invited to, no restricted event; another member's hidden choice stays unseen."""
    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage
    from events.forms import PositionPaperForm
    from events.models import PositionPaper

    now = timezone.now()
    invited_only = ConsultationPage(
        title="Invited Only Draft Law",
        slug="invited-only",
        owner_organisation=ngo,
        summary="s",
        opens_at=now,
        closes_at=now + timezone.timedelta(days=5),
        audience="invited",
    )
    ConsultationIndexPage.objects.get().add_child(instance=invited_only)
    member = make_user("paper_member", org=city)
    owner = make_user("paper_owner", org=ngo)
    form = PositionPaperForm(user=member)
    titles = {p.title for p in form.fields["consultation"].queryset}
    assert "Invited Only Draft Law" not in titles
    assert "Invited Only Draft Law" in {
        p.title for p in PositionPaperForm(user=owner).fields["consultation"].queryset
    }
    # A link chosen by someone who may see it: kept, and not shown to the others.
    restricted_event = forum
    restrict(restricted_event, "groups", groups=[insiders])
    offered = PositionPaperForm(user=member).fields["consultation"].queryset
    assert restricted_event.pk not in {p.pk for p in offered}
    delegation = Delegation.objects.create(
        event=forum,
        kind="organisation",
        country="GH",
        organisation=city,
        head=owner,
    )
    paper = PositionPaper.objects.create(delegation=delegation, consultation=invited_only)
    form = PositionPaperForm({"body": "New text", "consultation": ""}, instance=paper, user=member)
    assert form.hidden_consultation and form.is_valid(), form.errors
    saved = form.save()
    assert saved.consultation_id == invited_only.pk and saved.body == "New text"
    assert "Invited Only Draft Law" not in str(PositionPaperForm(instance=paper, user=member))


def test_a_password_protected_event_page_offers_no_action_it_would_refuse(client, forum, cast):
    restrict(forum, "password")
    client.force_login(cast["member"])
    pass_password(client, forum)
    page = client.get(forum.url)
    assert page.status_code == 200 and forum.title in page.content.decode()
    assert f"/events/{forum.slug}/register/" not in page.content.decode()
    assert f"/events/{forum.slug}/participants/" not in page.content.decode()
