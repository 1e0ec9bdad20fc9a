"""Context for an event page: what this viewer may see and do (from ``events.rules``)."""

from __future__ import annotations

from django.utils import timezone

from events import rules
from events.forms import DelegationForm, RegistrationForm


def detail_context(event, request) -> dict:
    user = request.user
    registration = rules.registration_for(user, event)
    if registration is not None and registration.status == "cancelled":
        registration = None
    can_manage = rules.can_manage_event(user, event)
    context = {
        "can_manage": can_manage,
        "registration": registration,
        "closed_reason": rules.registration_closed_reason(event),
        "show_online_link": rules.can_see_online_link(user, event),
        "can_view_participants": rules.can_view_participants(user, event),
        "sessions": list(event.sessions.all()),
        "documents": list(event.documents.select_related("document")),
        "organisers": list(event.organisers.all()),
        "summary": rules.local_authority_summary(event),
        "now": timezone.now(),
    }
    if context["can_view_participants"]:
        context["participants"] = list(rules.visible_participants(user, event))
    if user.is_authenticated:
        if registration is None and context["closed_reason"] is None:
            context["registration_form"] = RegistrationForm(user=user)
        heads = rules.head_organisations(user, event)
        if heads.exists() and not event.cancelled:
            context["delegation_form"] = DelegationForm(user=user, event=event)
    if event.recurrence:
        from datetime import timedelta

        from events.recurrence import occurrences

        now = timezone.now()
        context["next_occurrences"] = occurrences(event, now, now + timedelta(days=366), limit=6)
    return context
