"""Who registered for an event, and the secret of each person's calendar feed.

Capacity and the waiting list are run by ``events.registration``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    listed = models.BooleanField(
        _("show me in the participant list"),
        default=False,
        help_text=_("When the organiser publishes a participant list."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Position on the waiting list: earlier first.
    queued_at = models.DateTimeField(default=timezone.now)
    # Answers to the event's registration questions, {"<question pk>": "text"}.
    # A JSON object rather than an answer model: at most 20 short values that are
    # only ever read with their registration (page, CSV), and they outlive their
    # question (removed in the admin, or from a later revision) instead of being
    # cascaded away with it or blocking the page's publication.
    answers = models.JSONField(_("answers to the registration questions"), default=dict, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_user")
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.user} – {self.event} ({self.status})"


class CalendarToken(models.Model):
    """The secret in a personal feed URL: calendar clients cannot log in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"calendar token of {self.user_id}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
