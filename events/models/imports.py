"""Uploaded iCalendar files between preview and import (see ``events.importer``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarImport(models.Model):
    """An uploaded .ics waiting between preview and import (kept for the record)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        IMPORTED = "imported", _("Imported")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return self.filename
