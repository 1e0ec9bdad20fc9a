"""Uploaded iCalendar files between preview and import, and import jobs
(see ``events.importer``): a large file is imported by the task queue's
worker, and this record is its progress and its outcome."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A job that has not moved for this long is shown as stopped (its worker died
# or never started), and whoever started it may start it again.
STALE_AFTER = timedelta(minutes=10)


class CalendarImport(models.Model):
    """An uploaded .ics: previewed, then imported in the request (small
    files) or by the worker (``events.tasks.run_import``), batch by batch."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Stopped by an error")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Counts of created, updated and skipped events so far ("create", ...).
    summary = models.JSONField(default=dict, blank=True)
    # Events in the file, and how many of them are done (committed).
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # Clear messages for the person who started the import, oldest first.
    errors = models.JSONField(default=list, blank=True)

    def __str__(self):
        return self.filename

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def stalled(self) -> bool:
        """Queued or running, but nothing has moved for ``STALE_AFTER``."""
        return self.in_progress and timezone.now() - self.updated_at > STALE_AFTER

    @property
    def can_restart(self) -> bool:
        return self.status == self.Status.FAILED or self.stalled
