"""Lookups and redirects the events views share."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect

from events import rules
from events.models import Delegation


def visible_event_or_404(user, event, queryset=None):
    """``event`` (a page Wagtail served a route of) as ``user`` may see it
    (``events.rules.visible_events``, narrowed by ``queryset`` if given), or a 404
    as for a missing one: Wagtail's view restrictions have already been checked,
    the events rule is asked too (a password admits nobody to the actions, the
    organisers and superusers see their events whatever the restriction)."""
    visible = rules.visible_events(user)
    if queryset is not None:
        visible = queryset.filter(pk__in=visible.values("pk"))
    return get_object_or_404(visible, pk=event.pk)


def back_to_event(event):
    return redirect(event.url or "/events/")


def delegation_or_404(pk):
    return get_object_or_404(
        Delegation.objects.select_related("event", "organisation", "head"), pk=pk
    )
