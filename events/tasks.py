"""Emails that carry the event to registrants' calendars, run by the task
queue's worker and retried later if the mail server is down:

- the registration confirmation with the invitation (iTIP METHOD:REQUEST);
- when the live event's time or place changes, the updated invitation
  (METHOD:REQUEST, SEQUENCE increased); when it is cancelled, METHOD:CANCEL;
  when single occurrences of a series are cancelled, METHOD:CANCEL with their
  RECURRENCE-IDs (``EventPage.save`` sends ``schedule_changed``; the change is
  queued once the publish is committed, then one email per registrant);
- when a registrant cancels, METHOD:CANCEL for their copy.

Each email is rendered when the worker sends it, from the event as it is
then: a late retry never puts back an outdated time, and a message that no
longer applies (the event was un-cancelled, the person registered again) is
not sent. Each is written in the registrant's language (``for_recipient``).
"""

from __future__ import annotations

from datetime import date
from email.mime.text import MIMEText

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from events import ical
from events.models import EventPage, Registration
from events.recurrence import occurrence_on
from forum_site.dates import day_text, moment_text
from forum_site.hygiene import single_line
from forum_site.i18n import for_recipient
from forum_site.tasks import send_or_retry

UPDATE, CANCEL, CANCEL_OCCURRENCES = "update", "cancel", "cancel_occurrences"


def _message(subject: str, body: str, to: str, ics: bytes, method: str) -> EmailMessage:
    """Plain text with the iTIP message attached as text/calendar; method=…"""
    message = EmailMessage(subject=single_line(subject), body=body, to=[to])
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    filename = "invitation.ics" if method == "REQUEST" else "cancellation.ics"
    part.add_header("Content-Disposition", "attachment", filename=filename)
    message.attach(part)
    return message


def _when_where(event) -> dict:
    return {
        "title": event.title,
        "when": moment_text(event.local_start, zone=event.timezone),
        "where": event.location_text,
        "url": ical.absolute(event.url or ""),
    }


def confirmation_message(registration) -> EmailMessage:
    event = EventPage.objects.get(pk=registration.event_id)
    body = _(
        "You are registered for %(title)s on behalf of %(org)s.\n\n%(when)s\n%(where)s\n\n"
        "The invitation is attached; open it to add the event to your calendar.\n%(url)s"
    ) % {**_when_where(event), "org": registration.organisation.name}
    given = registration.answers if isinstance(registration.answers, dict) else {}
    answered = [
        f"{q.label}: {q.display(given.get(str(q.pk))) or '—'}"
        for q in event.registration_questions.all()
    ]
    if answered:
        body += "\n\n" + _("Your answers:") + "\n" + "\n".join(answered)
    return _message(
        _("Registration confirmed: %(title)s") % {"title": event.title},
        body,
        registration.user.email,
        ical.invitation(event, registration.user, registration),
        "REQUEST",
    )


@task()
def deliver_confirmation(registration_id: int, attempt: int = 1) -> bool:
    """Email the confirmation and invitation, unless the registration is no
    longer confirmed by the time the worker gets to it."""
    registration = (
        Registration.objects.select_related("user", "organisation")
        .filter(pk=registration_id, status=Registration.Status.CONFIRMED)
        .first()
    )
    if registration is None or not registration.user.email:
        return False
    with for_recipient(registration.user):
        message = confirmation_message(registration)
    return send_or_retry(deliver_confirmation, message.send, registration_id, attempt=attempt)


# -- changes of the event --------------------------------------------------------------


def queue_schedule_change(sender, event, moved, cancelled, cancelled_dates, **kwargs) -> None:
    """Receiver of ``schedule_changed``: queue the news once the publish is
    committed (never sent inside the request; nothing queued if it rolls back)."""
    if cancelled:
        kind, dates = CANCEL, []
    elif moved:
        kind, dates = UPDATE, []
    elif cancelled_dates:
        kind, dates = CANCEL_OCCURRENCES, [d.isoformat() for d in cancelled_dates]
    else:
        return
    pk = event.pk
    transaction.on_commit(lambda: announce_change.enqueue(pk, kind, dates), robust=True)


@task()
def announce_change(event_id: int, kind: str, dates: list[str]) -> int:
    """One email task per confirmed registrant (those who got the invitation)."""
    ids = list(
        Registration.objects.filter(
            event_id=event_id, status=Registration.Status.CONFIRMED
        ).values_list("pk", flat=True)
    )
    for registration_id in ids:
        deliver_change.enqueue(registration_id, kind, dates)
    return len(ids)


def change_message(registration, kind: str, dates: list[str]) -> EmailMessage | None:
    """The email for ``kind`` as the event is now, or None if it no longer applies."""
    event = EventPage.objects.get(pk=registration.event_id)
    user = registration.user
    facts = _when_where(event)
    if kind == UPDATE and not event.cancelled:
        body = (
            _(
                "%(title)s has changed.\n\n%(when)s\n%(where)s\n\n"
                "The updated invitation is attached; open it to update your calendar.\n%(url)s"
            )
            % facts
        )
        subject = _("Event updated: %(title)s") % facts
        return _message(subject, body, user.email, ical.invitation(event, user), "REQUEST")
    if kind == CANCEL and event.cancelled:
        note = event.cancellation_note.strip()
        body = _(
            "%(title)s is cancelled.\n\n%(note)s\n\n"
            "The attached cancellation removes it from your calendar.\n%(url)s"
        ) % {**facts, "note": note}
        subject = _("Event cancelled: %(title)s") % facts
        return _message(subject, body, user.email, ical.cancellation(event, user), "CANCEL")
    if kind == CANCEL_OCCURRENCES and not event.cancelled:
        still = {e.date for e in event.exceptions.all()}
        days = [d for d in (date.fromisoformat(text) for text in dates) if d in still]
        starts = [s for s in (occurrence_on(event, d) for d in days) if s is not None]
        if not starts:
            return None
        listed = "\n".join(
            day_text(ical.as_date(s)) if event.all_day else moment_text(s, zone=event.timezone)
            for s in starts
        )
        body = _(
            "These dates of %(title)s are cancelled:\n%(dates)s\n\n"
            "The attached cancellation removes them from your calendar.\n%(url)s"
        ) % {**facts, "dates": listed}
        subject = _("Dates cancelled: %(title)s") % facts
        ics = ical.occurrence_cancellation(event, user, starts)
        return _message(subject, body, user.email, ics, "CANCEL")
    return None


@task()
def deliver_change(registration_id: int, kind: str, dates: list[str], attempt: int = 1) -> bool:
    registration = (
        Registration.objects.select_related("user")
        .filter(pk=registration_id, status=Registration.Status.CONFIRMED)
        .first()
    )
    if registration is None or not registration.user.email:
        return False
    with for_recipient(registration.user):
        message = change_message(registration, kind, dates)
    if message is None:
        return False
    return send_or_retry(
        deliver_change, message.send, registration_id, kind, dates, attempt=attempt
    )


# -- a registrant cancels --------------------------------------------------------------


def withdrawal_message(registration) -> EmailMessage:
    event = EventPage.objects.get(pk=registration.event_id)
    facts = _when_where(event)
    body = (
        _(
            "Your registration for %(title)s is cancelled.\n\n"
            "The attached cancellation removes the event from your calendar.\n%(url)s"
        )
        % facts
    )
    return _message(
        _("Registration cancelled: %(title)s") % facts,
        body,
        registration.user.email,
        ical.cancellation(event, registration.user, withdrawn=True),
        "CANCEL",
    )


@task()
def deliver_withdrawal(registration_id: int, attempt: int = 1) -> bool:
    """METHOD:CANCEL for the copy of someone who cancelled their registration,
    unless they registered again before the worker got to it."""
    registration = (
        Registration.objects.select_related("user")
        .filter(pk=registration_id, status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None or not registration.user.email:
        return False
    with for_recipient(registration.user):
        message = withdrawal_message(registration)
    return send_or_retry(deliver_withdrawal, message.send, registration_id, attempt=attempt)
