"""Titles stored with line breaks (before input hygiene, or through the admin)
must not break the .ics feeds or the confirmation email."""

import pytest
from django.core import mail
from django.urls import reverse

from events import ical
from events.registration import register
from events.tasks import confirmation_message

pytestmark = pytest.mark.django_db

# PostgreSQL refuses NUL in text (the forms strip it before it gets there); what is
# stored can still hold the other control characters.
HOSTILE = "Forum\r\nBcc: victim@example.org\u2028Part\x0btwo"


def _store_title(event, title):
    type(event).objects.filter(pk=event.pk).update(title=title, venue=title)
    event.refresh_from_db()
    return event


def test_event_feed_with_a_stored_hostile_title_renders(client, make_event):
    event = _store_title(make_event("Forum"), HOSTILE)
    response = client.get(event.url + event.reverse_subpage("event_ics"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    summary = [line for line in body.decode().split("\r\n") if line.startswith("SUMMARY")]
    assert summary == ["SUMMARY:Forum Bcc: victim@example.org Part two"]
    assert client.get(reverse("events:calendar_ics")).status_code == 200


def test_confirmation_email_with_a_stored_hostile_title_is_sent(make_event, city, people):
    event = _store_title(make_event("Forum", capacity=10), HOSTILE)
    registration = register(people[1], event, city)
    message = confirmation_message(registration)
    message.send()
    sent = mail.outbox[-1]
    assert sent.subject == "Registration confirmed: Forum Bcc: victim@example.org Part two"
    assert "\n" not in sent.message()["Subject"]
    assert b"SUMMARY:Forum Bcc: victim@example.org Part two" in ical.invitation(
        event, people[1], registration
    )
