"""Send consultation invitations and closing reminders. Safe to run every hour:
nobody gets the same invitation or reminder twice."""

from django.core.management.base import BaseCommand

from consultations.notifications import run_scheduled


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        totals = run_scheduled()
        self.stdout.write(
            f"{totals['invitations']} invitation(s), {totals['reminders']} reminder(s) sent."
        )
