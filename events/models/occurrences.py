"""Each recurring event's occurrences within a horizon, stored so that no page
expands a recurrence rule while answering a request.

Rows are rewritten when the event is saved (``EventPage.save``) and by
``manage.py refresh_occurrences``, a periodic job that moves the horizon on
(docs/events.md). Lists, the month grid, the home section and the event page
read these rows; feeds carry the RRULE itself.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.recurrence import Occurrence, occurrences

STORE_BEHIND = timedelta(days=400)  # the month grid's recent past
STORE_AHEAD = timedelta(days=732)  # upcoming lists look a year ahead; a year to spare
MAX_STORED = 1000


class EventOccurrence(models.Model):
    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="stored_occurrences"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # An occurrence cancelled on its own (an exception date): kept so that the
    # month grid and the event page show it struck out; lists of what is next
    # skip it.
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["event", "start"]), models.Index(fields=["start"])]
        verbose_name = _("stored occurrence")
        verbose_name_plural = _("stored occurrences")

    def __str__(self):
        return f"{self.event_id} @ {self.start:%Y-%m-%d %H:%M}"

    def as_occurrence(self, event) -> Occurrence:
        return Occurrence(event, self.start, self.end, True, self.cancelled)


def refresh_occurrences(event, now=None) -> int:
    """Rewrite ``event``'s stored occurrences (none for a one-off event); a
    bounded expansion, run on save and by the periodic job, never per request."""
    now = now or timezone.now()
    # Exceptions and added dates may just have changed.
    event.__dict__.pop("_exception_dates", None)
    event.__dict__.pop("_added_dates", None)
    event.__dict__.pop("_added_times", None)
    found = []
    if event.recurrence and event.pk:
        found = occurrences(
            event,
            now - STORE_BEHIND,
            now + STORE_AHEAD,
            limit=MAX_STORED,
            include_cancelled=True,
        )
    with transaction.atomic():
        EventOccurrence.objects.filter(event_id=event.pk).delete()
        EventOccurrence.objects.bulk_create(
            EventOccurrence(event_id=event.pk, start=o.start, end=o.end, cancelled=o.cancelled)
            for o in found
        )
    return len(found)
