"""The outcome a ministry publishes once a consultation has closed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.pages import ConsultationPage
from consultations.models.questions import Question


class Outcome(models.Model):
    """What the ministry heard and will do. A model of its own, not page fields,
    so that publishing a page revision in the admin can never unpublish it."""

    consultation = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, related_name="outcome"
    )
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome")

    def __str__(self):
        return f"Outcome of {self.consultation}"


class OutcomeItem(models.Model):
    """One line of "what we heard" and "what we will do", linked to a question."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="items")
    sort_order = models.PositiveIntegerField(default=0)
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    heard = models.TextField(_("what we heard"), max_length=5000)
    will_do = models.TextField(_("what we will do"), max_length=5000, blank=True)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.heard[:60]
