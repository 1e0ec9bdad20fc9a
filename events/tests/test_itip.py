"""Updates reach registrants' calendars (iTIP, RFC 5546): a change of time or
place sends the updated invitation (METHOD:REQUEST, SEQUENCE increased), a
cancellation METHOD:CANCEL (with RECURRENCE-ID for single occurrences), and a
registrant who cancels gets METHOD:CANCEL for their copy. Parsed back with
icalendar and vobject."""

from datetime import UTC, date, datetime, timedelta

import pytest
import vobject
from django.core import mail
from icalendar import Calendar

from events.models import EventException, EventPage
from events.registration import register
from events.tasks import announce_change, deliver_change
from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db


def calendar_part(message):
    """The text/calendar attachment of a sent email (and its method= parameter)."""
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0].get_payload(decode=True).decode(), parts[0].get_param("method")


def parsed(message):
    text, method = calendar_part(message)
    cal = Calendar.from_ical(text)
    assert str(cal["METHOD"]) == method
    return cal, cal.walk("VEVENT")


@pytest.fixture
def registered(make_event, people, city, ngo, django_capture_on_commit_callbacks):
    """A Berlin event with three confirmed registrants; their confirmations sent."""

    def make(**fields):
        fields.setdefault("start", berlin(2027, 3, 1, 10))
        fields.setdefault("end", fields["start"] + timedelta(hours=2))
        event = make_event("Mayoral Forum", timezone="Europe/Berlin", capacity=10, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            for person in people[:3]:
                register(
                    person,
                    event,
                    city if person.memberships.filter(organisation=city).exists() else ngo,
                )
        assert len(mail.outbox) == 3
        confirmation = parsed(mail.outbox[0])[1][0]
        mail.outbox.clear()
        return EventPage.objects.get(pk=event.pk), confirmation

    return make


def publish(event, capture, *, exceptions=None, **changes):
    page = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    if exceptions is not None:
        page.exceptions = [EventException(date=d) for d in exceptions]
    with capture(execute=True):
        page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_time_change_sends_each_registrant_the_updated_invitation(
    registered, people, django_capture_on_commit_callbacks
):
    event, confirmation = registered()
    moved = publish(
        event,
        django_capture_on_commit_callbacks,
        start=berlin(2027, 3, 2, 14),
        end=berlin(2027, 3, 2, 16),
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:3])
    assert moved.sequence == confirmation["SEQUENCE"] + 1
    for message in mail.outbox:
        cal, (vevent,) = parsed(message)
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(vevent["UID"]) == str(confirmation["UID"])
        assert vevent["SEQUENCE"] == moved.sequence
        assert vevent.decoded("DTSTART") == berlin(2027, 3, 2, 14)
        assert str(vevent.decoded("DTSTART").tzinfo) == "Europe/Berlin"
        assert vevent["ATTENDEE"] == f"mailto:{message.to[0]}"
        # Another parser reads the same method and sequence.
        other = vobject.readOne(calendar_part(message)[0])
        assert other.method.value == "REQUEST"
        assert int(other.vevent.sequence.value) == moved.sequence
        assert other.vevent.dtstart.value.astimezone(UTC) == datetime(2027, 3, 2, 13, tzinfo=UTC)


def test_place_change_sends_an_update_and_a_title_change_sends_nothing(
    registered, django_capture_on_commit_callbacks
):
    event, confirmation = registered()
    retitled = publish(event, django_capture_on_commit_callbacks, title="Mayoral Forum 2027")
    assert mail.outbox == []
    relocated = publish(retitled, django_capture_on_commit_callbacks, venue="City Hall")
    assert len(mail.outbox) == 3
    vevent = parsed(mail.outbox[0])[1][0]
    assert "City Hall" in str(vevent["LOCATION"])
    assert str(vevent["SUMMARY"]) == "Mayoral Forum 2027"
    assert vevent["SEQUENCE"] == relocated.sequence > confirmation["SEQUENCE"]


def test_publishing_a_draft_without_changes_sends_nothing(
    registered, django_capture_on_commit_callbacks
):
    event, confirmation = registered()
    again = publish(event, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert again.sequence == confirmation["SEQUENCE"]


def test_cancelling_the_event_sends_method_cancel(registered, django_capture_on_commit_callbacks):
    event, confirmation = registered()
    cancelled = publish(
        event, django_capture_on_commit_callbacks, cancelled=True, cancellation_note="Postponed"
    )
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        cal, (vevent,) = parsed(message)
        assert str(cal["METHOD"]) == "CANCEL"
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert "RECURRENCE-ID" not in vevent
        assert str(vevent["UID"]) == str(confirmation["UID"])
        assert vevent["SEQUENCE"] == cancelled.sequence > confirmation["SEQUENCE"]
        assert "Postponed" in message.body
        other = vobject.readOne(calendar_part(message)[0])
        assert other.method.value == "CANCEL"
        assert int(other.vevent.sequence.value) == cancelled.sequence
    mail.outbox.clear()
    # Saved again while cancelled (a new note): their calendars dropped it already.
    publish(cancelled, django_capture_on_commit_callbacks, cancellation_note="Postponed to May")
    assert mail.outbox == []
    # Un-cancelled: the invitation again, with a higher SEQUENCE.
    restored = publish(cancelled, django_capture_on_commit_callbacks, cancelled=False)
    assert len(mail.outbox) == 3
    cal, (vevent,) = parsed(mail.outbox[0])
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["SEQUENCE"] == restored.sequence > cancelled.sequence


def test_cancelling_one_occurrence_sends_its_recurrence_id(
    registered, django_capture_on_commit_callbacks
):
    # Weekly on Mondays at 10:00 Berlin time, across the start of summer time
    # (28 March 2027): the 29 March occurrence is at 08:00 UTC, not 09:00.
    event, confirmation = registered(recurrence="FREQ=WEEKLY;COUNT=10")
    assert "RRULE" in confirmation
    cancelled = publish(event, django_capture_on_commit_callbacks, exceptions=[date(2027, 3, 29)])
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        cal, vevents = parsed(message)
        assert str(cal["METHOD"]) == "CANCEL"
        (vevent,) = vevents
        assert str(vevent["UID"]) == str(confirmation["UID"])
        assert vevent["SEQUENCE"] == cancelled.sequence > confirmation["SEQUENCE"]
        assert vevent.decoded("RECURRENCE-ID") == berlin(2027, 3, 29, 10)
        assert vevent.decoded("RECURRENCE-ID").astimezone(UTC) == datetime(
            2027, 3, 29, 8, tzinfo=UTC
        )
        assert str(vevent["STATUS"]) == "CANCELLED"
        other = vobject.readOne(calendar_part(message)[0])
        assert other.method.value == "CANCEL"
        assert other.vevent.recurrence_id.value.astimezone(UTC) == datetime(
            2027, 3, 29, 8, tzinfo=UTC
        )
    mail.outbox.clear()
    # Restoring the occurrence sends the whole series again, without that EXDATE.
    publish(cancelled, django_capture_on_commit_callbacks, exceptions=[])
    assert len(mail.outbox) == 3
    cal, (vevent,) = parsed(mail.outbox[0])
    assert str(cal["METHOD"]) == "REQUEST"
    assert "EXDATE" not in vevent


def test_a_date_that_is_no_occurrence_sends_nothing(registered, django_capture_on_commit_callbacks):
    event, _ = registered(recurrence="FREQ=WEEKLY;COUNT=10")
    publish(event, django_capture_on_commit_callbacks, exceptions=[date(2027, 3, 30)])  # a Tuesday
    assert mail.outbox == []


def test_waiting_list_and_cancelled_registrants_get_no_update(
    make_event, people, city, ngo, client, django_capture_on_commit_callbacks
):
    event = make_event("Small", capacity=1, timezone="Europe/Berlin", start=berlin(2027, 3, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        register(people[1], event, city)
        waiting = register(people[3], event, city)
    assert waiting.status == "waiting"
    mail.outbox.clear()
    publish(
        event,
        django_capture_on_commit_callbacks,
        start=berlin(2027, 3, 1, 11),
        end=berlin(2027, 3, 1, 13),
    )
    assert [m.to for m in mail.outbox] == [[people[1].email]]


def test_registrant_who_cancels_gets_method_cancel_for_their_copy(
    registered, people, client, django_capture_on_commit_callbacks
):
    event, confirmation = registered()
    client.force_login(people[1])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.slug}/cancel/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[people[1].email]]
    cal, (vevent,) = parsed(mail.outbox[0])
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(vevent["UID"]) == str(confirmation["UID"])
    assert vevent["SEQUENCE"] >= confirmation["SEQUENCE"]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["ATTENDEE"] == f"mailto:{people[1].email}"
    other = vobject.readOne(calendar_part(mail.outbox[0])[0])
    assert other.method.value == "CANCEL"
    # The event itself is not cancelled for the others, nor in the feeds.
    assert not EventPage.objects.get(pk=event.pk).cancelled
    mail.outbox.clear()
    # Later updates go to those still registered only.
    publish(event, django_capture_on_commit_callbacks, venue="City Hall")
    assert people[1].email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_updates_during_a_mail_outage_are_sent_later(
    make_event, people, city, ngo, mail_outage, django_capture_on_commit_callbacks
):
    event = make_event("Forum", timezone="Europe/Berlin", start=berlin(2027, 3, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        register(people[1], event, city)
        register(people[2], event, ngo)
    publish(
        event,
        django_capture_on_commit_callbacks,
        start=berlin(2027, 3, 8, 10),
        end=berlin(2027, 3, 8, 12),
    )
    # Nothing was sent in the request: the change waits in the queue.
    assert mail_outage.queued(announce_change).count() == 1
    mail_outage.run_worker()  # one task per registrant; the mail server is still down
    assert mail.outbox == []
    assert mail_outage.queued(deliver_change).count() == 2
    mail_outage.end()
    mail_outage.run_worker(after=timedelta(hours=1))
    # The confirmations waited too; sent late, they already carry the new time.
    assert len(mail.outbox) == 4
    updates = [m for m in mail.outbox if m.subject.startswith("Event updated")]
    assert sorted(m.to[0] for m in updates) == sorted([people[1].email, people[2].email])
    for message in mail.outbox:
        vevent = parsed(message)[1][0]
        assert vevent.decoded("DTSTART") == berlin(2027, 3, 8, 10)
        assert vevent["SEQUENCE"] == 1
    assert mail_outage.queued(deliver_change).count() == 0
    sent = len(mail.outbox)
    mail_outage.run_worker(after=timedelta(days=2))
    assert len(mail.outbox) == sent  # nothing sent twice


def test_nothing_is_queued_when_the_publish_rolls_back(
    registered, django_capture_on_commit_callbacks
):
    from django.db import transaction

    event, _ = registered()
    page = EventPage.objects.get(pk=event.pk)
    page.start, page.end = berlin(2027, 3, 3, 10), berlin(2027, 3, 3, 12)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                page.save_revision().publish()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
