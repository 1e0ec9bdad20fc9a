from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events.models import Registration
from events.registration import RegistrationError, cancel, register

pytestmark = pytest.mark.django_db


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


def test_registration_opens_at_its_opening_time(client, make_event, city, people):
    """Before ``registration_opens_at`` nobody registers (the page says when, in
    the event's zone); from then on they do."""
    from zoneinfo import ZoneInfo

    opens = timezone.now() + timedelta(days=2)
    event = make_event(timezone="Asia/Kolkata", registration_opens_at=opens)
    with pytest.raises(RegistrationError, match="Registration opens on"):
        register(people[1], event, city)
    client.force_login(people[1])
    page = client.get(event.url).content.decode()
    local = opens.astimezone(ZoneInfo("Asia/Kolkata"))
    assert "Registration opens on" in page and "(Asia/Kolkata)" in page
    from django.utils import formats
    from django.utils.html import escape

    assert escape(formats.date_format(local, "DATETIME_FORMAT")) in page
    response = client.post(f"{event.url}register/", {"organisation": city.pk})
    assert not Registration.objects.filter(event=event).exists()
    assert response.status_code in (200, 302, 403)
    event.registration_opens_at = timezone.now() - timedelta(minutes=1)
    event.save_revision().publish()
    registration = register(people[1], event, city)
    assert registration.status == Registration.Status.CONFIRMED


def test_registration_must_open_before_it_closes(make_event):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.registration_deadline = event.start - timedelta(days=3)
    event.registration_opens_at = event.start - timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "registration_opens_at" in error.value.message_dict
