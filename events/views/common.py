"""Lookups and redirects the events views share."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect

from events import rules
from events.models import Delegation


def visible_event_or_404(user, slug):
    """The event ``user`` may see (``events.rules.visible_events``), or a 404 (as for
    a missing one: a restricted event's actions do not confirm that it exists)."""
    return get_object_or_404(rules.visible_events(user), slug=slug)


def back_to_event(event):
    return redirect(event.url or "/events/")


def delegation_or_404(pk):
    return get_object_or_404(
        Delegation.objects.select_related("event", "organisation", "head"), pk=pk
    )
