"""Send notifications: in-app always, by email unless the user opted out,
and live to any open tab through the user's notification socket."""

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from forum_site.notifications.models import Notification, NotificationSettings
from forum_site.realtime import group_send_on_commit, user_group


def email_enabled_for(user) -> bool:
    prefs = NotificationSettings.objects.filter(user=user).first()
    return prefs.email_enabled if prefs else True


def notify(
    users: Iterable,
    *,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "",
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Notify each user once. With ``key`` set, a user who already has a
    notification with that key gets nothing new (safe to call repeatedly)."""
    created = []
    for user in {u.pk: u for u in users if u is not None}.values():
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, title=title[:255], body=body, url=url, kind=kind, key=key
                )
        except IntegrityError:  # a concurrent run delivered it first
            continue
        created.append(notification)
        if email and user.email and email_enabled_for(user):
            transaction.on_commit(lambda n=notification, u=user: _send_email(n, u))
        group_send_on_commit(
            user_group(user.pk),
            {
                "type": "notify",
                "notification": {
                    "id": notification.pk,
                    "title": notification.title,
                    "url": notification.url,
                    "kind": notification.kind,
                },
            },
        )
    return created


def _send_email(notification: Notification, user) -> None:
    from django.conf import settings

    link = f"{settings.WAGTAILADMIN_BASE_URL}{notification.url}" if notification.url else ""
    send_mail(
        subject=notification.title,
        message="\n\n".join(part for part in (notification.body, link) if part),
        from_email=None,
        recipient_list=[user.email],
        fail_silently=False,
    )
    Notification.objects.filter(pk=notification.pk).update(emailed=True)
