"""A delegation's workspace: its checklist, shared documents and position paper."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.delegations import Delegation
from forum_site.private_files import private_storage


class ChecklistItem(models.Model):
    class Category(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        TRAVEL = "travel", _("Travel")
        VISA = "visa", _("Visa letters")
        POSITION_PAPER = "position_paper", _("Position paper")
        SPEAKING = "speaking", _("Speaking slots")
        OTHER = "other", _("Other")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="checklist")
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    title = models.CharField(_("task"), max_length=255)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["done", "due_date", "pk"]

    def __str__(self):
        return self.title


def delegation_upload_to(instance, filename):
    """``delegations/<id>/<random token>/<name>`` in the private storage: the name
    (its extension set by ``forum_site.private_files.check_upload``) is what the
    browser is offered; the token makes the path unguessable."""
    return f"delegations/{instance.delegation_id}/{secrets.token_urlsafe(16)}/{filename}"


class DelegationDocument(models.Model):
    """Shared with the delegation only: kept in the private storage, served only
    by ``events.views.workspace.document_download_view`` after the workspace rule."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"), upload_to=delegation_upload_to, storage=private_storage, max_length=255
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title


class PositionPaper(models.Model):
    delegation = models.OneToOneField(
        Delegation, on_delete=models.CASCADE, related_name="position_paper"
    )
    body = models.TextField(_("position paper"), blank=True)
    consultation = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"position paper of {self.delegation_id}"
