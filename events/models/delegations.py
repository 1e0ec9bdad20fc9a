"""National (and organisation) delegations to a forum, and their members.

Who may form, see or manage a delegation is decided in ``events.rules``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from forum_site.discussions.models import Thread
from forum_site.i18n import isolate


class Delegation(models.Model):
    """A country's (or, for city-network meetings, an organisation's) delegation to a forum."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("National delegation")
        ORGANISATION = "organisation", _("Organisation delegation")

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="delegations"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COUNTRY)
    country = CountryField(_("country"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="delegations",
        help_text=_("The ministry (national delegation) or the organisation it represents."),
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head of delegation"),
        on_delete=models.PROTECT,
        related_name="headed_delegations",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="one_delegation_per_org_per_event"
            )
        ]

    def __str__(self):
        return str(self.name)

    def get_absolute_url(self):
        return reverse("events:delegation", args=[self.pk])

    @property
    def name(self):
        # The name inside is isolated: an Arabic organisation name in an
        # English sentence (or the reverse) keeps the sentence in order.
        if self.kind == self.Kind.COUNTRY and self.country:
            return _("Delegation of %(country)s") % {"country": isolate(self.country.name)}
        return _("Delegation of %(org)s") % {"org": isolate(self.organisation.name)}

    def get_thread(self):
        """The delegation's discussion thread, made on first use (its rules:
        events.discussion_policy)."""
        return Thread.for_object(self, title=str(self.name)[:255])


class DelegationMember(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("Head of delegation")
        MEMBER = "member", _("Member")
        LOCAL_AUTHORITY = "local_authority", _("Local-authority representative")
        ADVISER = "adviser", _("Adviser")
        OBSERVER = "observer", _("Observer")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegation_memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("representing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "user"], name="one_membership_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} in {self.delegation_id} ({self.role})"
