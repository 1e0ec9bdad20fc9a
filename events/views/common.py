"""Lookups and redirects the events views share."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect

from events import rules
from events.models import Delegation
from forum_site.translations import group_source


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


def group_event_or_404(user, event, queryset=None):
    """For the actions that belong to the event rather than to one of its
    languages (registrations, participants, delegations): the translation
    group's source (``forum_site.translations.group_source``), when ``user`` may
    see both the page Wagtail served and the source, else a 404. The served page
    is kept as ``shown``, so the views answer in its language and send the
    viewer back to it."""
    shown = visible_event_or_404(user, event)
    source = group_source(shown)
    if source.pk == shown.pk and queryset is None:
        found = shown
    else:
        found = visible_event_or_404(user, source, queryset)
    found.shown = shown
    return found


def back_to_event(event):
    """The page the viewer acted from (a translation's, for an action on it)."""
    return redirect(getattr(event, "shown", event).url or "/events/")


def delegation_or_404(pk):
    return get_object_or_404(
        Delegation.objects.select_related("event", "organisation", "head"), pk=pk
    )
