"""Organisations' responses: the working copy and every submitted version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.pages import ConsultationPage


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Consent(models.TextChoices):
    PRIVATE = "private", _("Do not publish our response")
    ATTRIBUTED = "attributed", _("May be published with our organisation's name")
    ANONYMISED = "anonymised", _("May be published without our organisation's name")


class ConsultationResponse(models.Model):
    """One organisation's response to one consultation: the current state.

    ``version`` is the optimistic-locking counter (every save bumps it);
    each submission is also frozen into a ``ResponseVersion``.
    """

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="responses"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="consultation_responses",
    )
    status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    consent = models.CharField(
        _("publication consent"), max_length=16, choices=Consent.choices, default=Consent.PRIVATE
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_count = models.PositiveIntegerField(default=0)
    # The latest submitted version, what the owner sees (the working copy above
    # may hold an amendment in progress).
    submitted_answers = models.JSONField(default=dict, blank=True)
    submitted_consent = models.CharField(
        max_length=16, choices=Consent.choices, default=Consent.PRIVATE
    )
    has_unsubmitted_changes = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("consultation response")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="consultations_one_response_per_org"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.consultation}"


class ResponseVersion(models.Model):
    """A submitted version, frozen: the owner sees the latest and its history."""

    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    answers = models.JSONField(default=dict)
    consent = models.CharField(max_length=16, choices=Consent.choices)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "number"], name="consultations_response_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.response} v{self.number}"
