from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a user should know about: shown at /notifications/, maybe emailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    # The language title and body were written in (the recipient's at the
    # time): the list marks them when the page is in another language.
    language = models.CharField(_("language"), max_length=12, blank=True, default="")
    # The language of the body: the same, unless it quotes someone's text (a
    # mention quotes the comment, in the language it was written in; '' unknown).
    body_language = models.CharField(
        _("language of the text"), max_length=12, blank=True, default=""
    )
    url = models.CharField(_("link"), max_length=500, blank=True)
    # A stable key ("consultation-42-reminder") makes sending idempotent:
    # the same key is never delivered twice to the same user.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="unique_notification_key"
            )
        ]
        # The header's unread badge counts these on every signed-in page.
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_enabled = models.BooleanField(
        _("Send me notifications by email"),
        default=True,
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user}: email {'on' if self.email_enabled else 'off'}"
