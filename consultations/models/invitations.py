"""Who is invited to a consultation beyond the listed organisations (rules that
match organisations now and later), and who was reminded to respond."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from consultations.models.pages import ConsultationPage


class InviteRuleKind(models.TextChoices):
    LOCAL_AUTHORITIES_OF_COUNTRY = "local_authorities", _("All local authorities of a country")
    MEMBERS_OF_ASSOCIATION = "association_members", _("All members of an association")


class InviteRule(Orderable):
    """A rule that invites organisations that match it, now and later."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="invite_rules")
    kind = models.CharField(_("rule"), max_length=32, choices=InviteRuleKind.choices)
    country = CountryField(_("country"), blank=True)
    association = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("kind"), FieldPanel("country"), FieldPanel("association")]

    def __str__(self):
        if self.kind == InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY:
            return _("All local authorities of %(country)s") % {"country": self.country.name}
        return _("All members of %(association)s") % {"association": self.association}

    def clean(self):
        super().clean()
        if self.kind == InviteRuleKind.LOCAL_AUTHORITIES_OF_COUNTRY and not self.country:
            raise ValidationError({"country": _("Choose the country.")})
        if self.kind == InviteRuleKind.MEMBERS_OF_ASSOCIATION and not self.association_id:
            raise ValidationError({"association": _("Choose the association.")})


class ReminderLog(models.Model):
    """One reminder sent for (consultation, organisation): never twice."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation", "kind"], name="consultations_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.kind}: {self.organisation_id} for {self.consultation_id}"
