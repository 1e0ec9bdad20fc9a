import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events.models import Registration
from events.registration import RegistrationError, cancel, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, city, ngo):
    # First names that no random token (CSRF) can contain by chance.
    return [
        make_user(f"p{n}", org=city if n % 2 else ngo, first_name=f"Person-{n}-Name")
        for n in range(4)
    ]


def test_register_confirms_and_emails_an_invitation(
    make_event, city, people, django_capture_on_commit_callbacks
):
    event = make_event(
        "Forum", capacity=10, online_url="https://meet.example/r", event_format="hybrid"
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(people[1], event, city, listed=True)
    assert registration.status == "confirmed"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people[1].email]
    attachment = message.message().get_payload()[1]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    cal = Calendar.from_ical(attachment.get_payload(decode=True))
    assert str(cal["METHOD"]) == "REQUEST"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["UID"]) == event.uid
    assert str(vevent["ATTENDEE"]) == f"mailto:{people[1].email}"
    assert "ORGANIZER" in vevent
    assert str(vevent["CONFERENCE"]) == "https://meet.example/r"


def test_only_on_behalf_of_own_organisation(make_event, ngo, people):
    event = make_event()
    with pytest.raises(RegistrationError):
        register(people[1], event, ngo)  # p1 belongs to the city


def test_capacity_waiting_list_moves_up(make_event, city, ngo, people, make_user):
    event = make_event("Small", capacity=2)
    first = register(people[0], event, ngo)
    second = register(people[1], event, city)
    third = register(people[2], event, ngo)
    fourth = register(people[3], event, city)
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    with pytest.raises(RegistrationError):
        register(people[0], event, ngo)
    promoted = cancel(first)
    assert promoted.pk == third.pk
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == ("confirmed", "waiting")
    assert people[2].notifications.filter(kind="event_registration").exists()
    # Cancelling a waiting registration promotes nobody.
    assert cancel(fourth) is None
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2


def test_closed_after_deadline_cancelled_or_over(make_event, city, people):
    late = make_event(registration_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(RegistrationError, match="deadline"):
        register(people[1], late, city)
    cancelled = make_event(cancelled=True)
    with pytest.raises(RegistrationError, match="cancelled"):
        register(people[1], cancelled, city)
    over = make_event(start=timezone.now() - timedelta(days=2))
    with pytest.raises(RegistrationError, match="over"):
        register(people[1], over, city)


def test_register_through_the_page(client, make_event, city, people):
    event = make_event("Forum", online_url="https://meet.example/r", event_format="hybrid")
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    assert "meet.example/r" not in page and "Register on behalf of" in page
    response = client.post(f"/events/{event.slug}/register/", {"organisation": city.pk})
    assert response.status_code == 302
    assert "meet.example/r" in client.get(event.url).content.decode()
    client.post(f"/events/{event.slug}/cancel/")
    assert Registration.objects.get().status == "cancelled"
    assert "meet.example/r" not in client.get(event.url).content.decode()


def test_participant_list_visibility_and_opt_out(client, make_event, city, ngo, people, make_user):
    organiser = make_user("org_editor", org=city, role="editor")
    event = make_event("Forum", organisers=[city], participant_visibility="hidden")
    register(people[0], event, ngo, listed=True)
    register(people[1], event, city, listed=False)
    outsider = make_user("outsider")
    url = f"/events/{event.slug}/participants/"
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    event.participant_visibility = "participants"
    event.save()
    assert client.get(url).status_code == 403
    client.force_login(people[1])
    page = client.get(url).content.decode()
    assert "Person-0-Name" in page and "Person-1-Name" not in page  # p1 opted out
    event.participant_visibility = "public"
    event.save()
    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert "Person-0-Name" in page and "Person-1-Name" not in page
    # Organisers see everyone, and export them.
    client.force_login(organiser)
    page = client.get(url).content.decode()
    assert "Person-0-Name" in page and "Person-1-Name" in page
    response = client.get(f"/events/{event.slug}/participants.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name" and len(rows) == 3
    assert {r[1] for r in rows[1:]} == {people[0].email, people[1].email}
    client.force_login(people[0])
    assert client.get(f"/events/{event.slug}/participants.csv").status_code == 403


def test_listed_choice_can_be_changed(client, make_event, city, people):
    event = make_event()
    register(people[1], event, city, listed=True)
    client.force_login(people[1])
    client.post(f"/events/{event.slug}/listed/", {})
    assert Registration.objects.get().listed is False


def test_csv_neutralises_formulas(client, make_event, make_org, make_user):
    org = make_org("=HYPERLINK(evil)")
    editor = make_user("ed", org=org, role="editor")
    event = make_event(organisers=[org])
    register(make_user("m", org=org), event, org)
    client.force_login(editor)
    text = client.get(f"/events/{event.slug}/participants.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text
