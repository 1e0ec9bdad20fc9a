"""List events whose stored recurrence rule no longer passes validation.

Rules saved before they were checked by a bounded expansion may never yield,
or not parse at all; the site shows such an event once (or not at all) rather
than expanding it without bound. This lists them for their organisers to fix
in the admin, and exits with an error when there are any (for a periodic job
or a deployment check).
"""

from django.core.management.base import BaseCommand, CommandError

from events.models import EventPage
from events.recurrence import RecurrenceError, validate_rule


class Command(BaseCommand):
    help = "List events whose recurrence rule is refused by validation."

    def handle(self, *args, **options):
        bad = 0
        events = EventPage.objects.exclude(recurrence="").only(
            "pk", "title", "recurrence", "start", "timezone"
        )
        for event in events.order_by("pk").iterator():
            try:
                validate_rule(event.recurrence, event.start, event.tz)
            except RecurrenceError as exc:
                bad += 1
                self.stdout.write(f"event {event.pk} “{event.title}”: {event.recurrence} — {exc}")
        if bad:
            raise CommandError(f"{bad} event(s) with a recurrence rule that must be fixed.")
        self.stdout.write("All recurrence rules are valid.")
