"""City-to-city exchange: an ``Adoption`` records that another local authority
is interested in, preparing or has implemented a practice."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdoptionStatus(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    PREPARING = "preparing", _("Preparing")
    IMPLEMENTED = "implemented", _("Implemented")


class Adoption(models.Model):
    """City-to-city exchange: ``organisation`` learned from ``practice``."""

    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("adopting authority"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    status = models.CharField(
        _("stage"), max_length=16, choices=AdoptionStatus.choices, default=AdoptionStatus.INTERESTED
    )
    note = models.TextField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"], name="unique_adoption_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.practice} ({self.get_status_display()})"

    def clean(self):
        super().clean()
        if (
            self.practice_id
            and self.organisation_id
            and self.practice.organisation_id == self.organisation_id
        ):
            raise ValidationError(
                {"organisation": _("An authority cannot adopt its own practice.")}
            )
