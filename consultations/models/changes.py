"""The public change log of a consultation: what its owner changed once it was open.

Kept outside page revisions on purpose (like the outcome): an entry records a
fact about the consultation's history, shown on its page, and is never undone
by publishing an older revision.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.pages import ConsultationPage


class ChangeLogEntry(models.Model):
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="change_log"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    description = models.TextField(_("what changed"), max_length=4000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log entries")

    def __str__(self):
        return f"{self.consultation_id}: {self.description[:60]}"
