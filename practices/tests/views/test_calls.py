"""Calls for practices: who opens them, answers, and what they gather."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from practices.models import CallForPracticesPage, PracticePage
from practices.tests.helpers import submit

pytestmark = pytest.mark.django_db
NEW = "/practices/calls/new/"


def call_data(organisation=None, **overrides):
    data = {
        "title": "Practices on referral of unaccompanied children",
        "intro": "Tell us how your city refers unaccompanied children.",
        "deadline": (date.today() + timedelta(days=60)).isoformat(),
        "organisation": organisation.pk if organisation else "",
    }
    data.update(overrides)
    return data


def test_editor_opens_a_call(client, city, city_editor, themes):
    client.force_login(city_editor)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, call_data(city, theme=themes["referral-mechanisms"].pk))
    call = CallForPracticesPage.objects.get()
    assert response.status_code == 302 and response["Location"] == call.url
    assert call.live and call.organisation == city and call.is_open
    html = client.get(call.url).content.decode()
    assert "Answer this call with a practice" in html
    assert call.title in client.get("/practices/").content.decode()


def test_moderator_opens_a_call_without_organisation(client, moderator):
    client.force_login(moderator)
    assert client.post(NEW, call_data()).status_code == 302
    assert CallForPracticesPage.objects.get().organisation is None


@pytest.mark.parametrize("who", ["member", "anonymous"])
def test_others_cannot_open_calls(client, city, make_user, who):
    if who == "member":
        client.force_login(make_user("m", org=city, role="member"))
    response = client.post(NEW, call_data(city))
    assert response.status_code == (403 if who == "member" else 302)
    assert not CallForPracticesPage.objects.exists()


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"deadline": "2001-01-01"}, "deadline"),
        ({"deadline": "not a date"}, "deadline"),
        ({"deadline": (date.today() + timedelta(days=1000)).isoformat()}, "deadline"),
        ({"title": ""}, "title"),
        ({"intro": "x" * 2001}, "intro"),
        ({"deadline": "10000-01-01"}, "deadline"),
        ({"theme": "99999999999999999999"}, "theme"),
        ({"title": "\r\n\x00"}, "title"),
    ],
)
def test_bad_call_input(client, city, city_editor, overrides, field):
    client.force_login(city_editor)
    response = client.post(NEW, call_data(city, **overrides))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not CallForPracticesPage.objects.exists()


def test_practice_answers_a_call_and_the_closed_call_shows_what_it_gathered(
    client, city, city_editor, city_member, moderator, index
):
    client.force_login(city_editor)
    client.post(NEW, call_data(city))
    call = CallForPracticesPage.objects.get()
    client.force_login(city_member)
    form = client.get(reverse("practices:submit") + f"?call={call.pk}").context["form"]
    assert form["call"].value() == call.pk
    submit(client, city, call=str(call.pk))
    practice = PracticePage.objects.get()
    task_state = practice.current_workflow_state.current_task_state
    task_state.task.on_action(task_state, moderator, "approve")
    call.deadline = date.today() - timedelta(days=1)
    call.save_revision().publish()
    html = client.get(call.url).content.decode()
    assert "What this call gathered" in html and practice.title in html
    assert "Answer this call" not in html
    # A closed call can no longer be chosen in the form.
    response = submit(client, city, call=str(call.pk))
    assert "call" in response.context["form"].errors


def test_a_restricted_call_is_listed_and_offered_only_to_those_it_admits(
    client, city, city_editor, city_member
):
    """The library's open calls and the submission form's choice of call follow
    Wagtail's view restrictions (``rules.visible_calls``), as practices do."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    client.force_login(city_editor)
    client.post(NEW, call_data(city, title="Call behind a login"))
    client.post(NEW, call_data(city, title="Call for a group"))
    login_call = CallForPracticesPage.objects.get(title="Call behind a login")
    group_call = CallForPracticesPage.objects.get(title="Call for a group")
    PageViewRestriction.objects.create(page=login_call, restriction_type="login")
    group = Group.objects.create(name="Call partners")
    PageViewRestriction.objects.create(page=group_call, restriction_type="groups").groups.add(group)
    client.logout()
    library = client.get("/practices/").content.decode()
    assert "Call behind a login" not in library and "Call for a group" not in library

    client.force_login(city_member)
    library = client.get("/practices/").content.decode()
    assert "Call behind a login" in library and "Call for a group" not in library
    form = client.get("/practices/submit/").content.decode()
    assert "Call behind a login" in form and "Call for a group" not in form

    city_member.groups.add(group)
    form = client.get("/practices/submit/").content.decode()
    assert "Call for a group" in form
