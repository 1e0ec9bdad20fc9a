"""Move every recurring event's stored occurrences on to the current horizon.

Saving an event refreshes its own rows; this periodic job (daily, see
docs/events.md) keeps series that nobody edits visible a year ahead. Each
event's expansion is bounded (``events.recurrence``), so the job's cost is
at most a fixed amount per event.
"""

from django.core.management.base import BaseCommand

from events.models import EventOccurrence, EventPage, refresh_occurrences


class Command(BaseCommand):
    help = "Rewrite the stored occurrences of every recurring event (run daily)."

    def handle(self, *args, **options):
        # Rows of events that stopped recurring (or were saved without save()).
        EventOccurrence.objects.filter(event__recurrence="").delete()
        events = EventPage.objects.exclude(recurrence="").prefetch_related("exceptions")
        total = count = 0
        for event in events.order_by("pk").iterator(chunk_size=100):
            total += refresh_occurrences(event)
            count += 1
        self.stdout.write(f"{count} recurring event(s), {total} occurrence(s) stored.")
