"""The registration confirmation and invitation, sent by the task queue."""

from datetime import timedelta

import pytest
from django.core import mail

from events.registration import cancel, register
from events.tasks import deliver_confirmation

pytestmark = pytest.mark.django_db


def test_registration_during_mail_outage_gets_its_invitation_later(
    make_event, city, people, mail_outage, django_capture_on_commit_callbacks
):
    event = make_event("Forum", capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(people[1], event, city)
    assert registration.status == "confirmed"
    assert mail_outage.queued(deliver_confirmation).count() == 1
    mail_outage.run_worker()  # still down: retried later
    assert mail.outbox == []
    assert mail_outage.queued(deliver_confirmation).count() == 1
    mail_outage.end()
    mail_outage.run_worker(after=timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [[people[1].email]]
    attachment = mail.outbox[0].message().get_payload()[1]
    assert attachment.get_content_type() == "text/calendar"
    mail_outage.run_worker(after=timedelta(days=2))
    assert len(mail.outbox) == 1


def test_no_confirmation_once_cancelled(
    make_event, city, people, mail_outage, django_capture_on_commit_callbacks
):
    event = make_event("Forum", capacity=10)
    mail_outage.end()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(people[1], event, city)
    cancel(registration)  # before the worker got to the email
    mail_outage.run_worker()
    assert mail.outbox == []


def test_emails_are_written_in_the_registrants_language(
    make_event, city, people, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from events import tasks
    from forum_site.i18n import set_preferred_language

    set_preferred_language(people[1], "fr")
    written_in = []
    real = tasks.confirmation_message

    def spy(registration):
        written_in.append(translation.get_language())
        return real(registration)

    monkeypatch.setattr(tasks, "confirmation_message", spy)
    event = make_event("Forum", capacity=10)
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        register(people[1], event, city)
    assert written_in == ["fr"]
    assert [m.to for m in mail.outbox] == [[people[1].email]]
