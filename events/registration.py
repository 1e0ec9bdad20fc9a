"""Registering for events: capacity, the waiting list that moves up, and the
confirmation email with the event attached as an invitation (METHOD:REQUEST),
sent by the task queue (``events.tasks``) once the registration is committed;
cancelling a confirmed registration sends METHOD:CANCEL for that copy.

Capacity is checked with the event row locked, so two people cannot take the
last seat at once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import rules
from events.models import EventPage, Registration
from events.tasks import deliver_confirmation, deliver_withdrawal
from forum_site.notifications.service import notify


class RegistrationError(Exception):
    pass


def _confirmed_count(event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def register(user, event, organisation, *, listed=False, answers=None) -> Registration:
    """Register ``user`` (``answers``: {question pk: text} to the event's
    registration questions, checked by ``RegistrationForm``)."""
    EventPage.objects.select_for_update().filter(pk=event.pk).first()
    reason = rules.registration_closed_reason(event)
    if reason:
        raise RegistrationError(reason)
    if not rules.can_register(user, event, organisation):
        raise RegistrationError(_("You can only register on behalf of your own organisations."))
    # Counted afresh under the lock (rules.is_full, which the page shows, may be stale).
    full = event.capacity is not None and _confirmed_count(event) >= event.capacity
    status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
    registration, created = Registration.objects.get_or_create(
        event=event,
        user=user,
        defaults={
            "organisation": organisation,
            "status": status,
            "listed": listed,
            "answers": answers or {},
        },
    )
    if not created:
        if registration.status != Registration.Status.CANCELLED:
            raise RegistrationError(_("You are already registered for this event."))
        registration.organisation = organisation
        registration.status = status
        registration.listed = listed
        registration.answers = answers or {}
        registration.queued_at = timezone.now()
        registration.save()
    event._registration_cache = {}
    event._places_left = None
    if status == Registration.Status.CONFIRMED:
        transaction.on_commit(lambda: deliver_confirmation.enqueue(registration.pk), robust=True)
    return registration


@transaction.atomic
def cancel(registration) -> Registration | None:
    """Cancel; the first person on the waiting list (if any) moves up. Returns them."""
    event = EventPage.objects.select_for_update().get(pk=registration.event_id)
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if not was_confirmed:
        return None  # the waiting list got no invitation, so no calendar holds it
    pk = registration.pk
    transaction.on_commit(lambda: deliver_withdrawal.enqueue(pk), robust=True)
    return promote_waiting(event)


def promote_waiting(event) -> Registration | None:
    if event.capacity is not None and _confirmed_count(event) >= event.capacity:
        return None
    promoted = (
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITING)
        .order_by("queued_at", "pk")
        .first()
    )
    if promoted is None:
        return None
    promoted.status = Registration.Status.CONFIRMED
    promoted.save(update_fields=["status", "updated_at"])
    notify(
        [promoted.user],
        title=lambda: (
            _("A place opened up: you are registered for %(title)s") % {"title": event.title}
        ),
        url=event.url or "",
        kind="event_registration",
        key=f"event-promoted-{promoted.pk}-{promoted.updated_at:%Y%m%d%H%M%S}",
        email=False,  # the confirmation email (with the invitation) follows
    )
    transaction.on_commit(lambda: deliver_confirmation.enqueue(promoted.pk), robust=True)
    return promoted
