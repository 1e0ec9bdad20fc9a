"""The registration confirmation email (with the invitation .ics), run by the
task queue's worker and retried later if the mail server is down."""

from __future__ import annotations

from email.mime.text import MIMEText

from django.core.mail import EmailMessage
from django.utils.translation import gettext as _
from django_tasks import task

from events import ical
from events.models import EventPage, Registration
from forum_site.hygiene import single_line
from forum_site.tasks import send_or_retry


def confirmation_message(registration) -> EmailMessage:
    event = EventPage.objects.get(pk=registration.event_id)
    body = _(
        "You are registered for %(title)s on behalf of %(org)s.\n\n%(when)s\n%(where)s\n\n"
        "The invitation is attached; open it to add the event to your calendar.\n%(url)s"
    ) % {
        "title": event.title,
        "org": registration.organisation.name,
        "when": event.local_start.strftime("%Y-%m-%d %H:%M") + f" ({event.timezone})",
        "where": event.location_text,
        "url": ical.absolute(event.url or ""),
    }
    message = EmailMessage(
        subject=single_line(_("Registration confirmed: %(title)s") % {"title": event.title}),
        body=body,
        to=[registration.user.email],
    )
    part = MIMEText(
        ical.invitation(event, registration.user, registration).decode(), "calendar", "utf-8"
    )
    part.set_param("method", "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
    message.attach(part)
    return message


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
    message = confirmation_message(registration)
    return send_or_retry(deliver_confirmation, message.send, registration_id, attempt=attempt)
