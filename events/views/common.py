"""Lookups and redirects the events views share."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect

from events.models import Delegation, EventPage


def live_event_or_404(slug):
    return get_object_or_404(EventPage.objects.live(), slug=slug)


def back_to_event(event):
    return redirect(event.url or "/events/")


def delegation_or_404(pk):
    return get_object_or_404(
        Delegation.objects.select_related("event", "organisation", "head"), pk=pk
    )
