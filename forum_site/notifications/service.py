"""Send notifications: in-app always, by email unless the user opted out,
and live to any open tab through the user's notification socket.

The in-app rows are written in the caller's transaction, so they exist exactly
when the action does. Emails go through the task queue once the transaction
commits (``tasks.deliver_email``): a mail server outage never fails the
action, and the worker delivers them when the server is back.

Each notification is written in its recipient's language
(``forum_site.i18n.language_for``): pass ``title`` and ``body`` as functions
(``title=lambda: _("…") % {…}``) and they are called once per recipient inside
that language; plain strings are stored as they are.
"""

from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import translation

from forum_site.i18n import for_recipient
from forum_site.notifications.models import Notification, NotificationSettings
from forum_site.notifications.tasks import deliver_email
from forum_site.realtime import group_send_on_commit, user_group


def email_enabled_for(user) -> bool:
    prefs = NotificationSettings.objects.filter(user=user).first()
    return prefs.email_enabled if prefs else True


def notify(
    users: Iterable,
    *,
    title: str | Callable[[], str],
    body: str | Callable[[], str] = "",
    url: str = "",
    kind: str = "",
    key: str = "",
    email: bool = True,
    body_language: str | None = None,
) -> list[Notification]:
    """Notify each user once. With ``key`` set, a user who already has a
    notification with that key gets nothing new (safe to call repeatedly).
    ``body_language``: the language of a ``body`` that quotes someone's text
    (a comment's; '' when unknown); by default the body is in the recipient's
    language, as the title."""
    created = []
    for user in {u.pk: u for u in users if u is not None}.values():
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        with for_recipient(user):
            text = str(title() if callable(title) else title)
            more = str(body() if callable(body) else body)
            language = translation.get_language() or ""
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    title=text[:255],
                    body=more,
                    url=url,
                    kind=kind,
                    key=key,
                    language=language,
                    body_language=language if body_language is None else body_language,
                )
        except IntegrityError:  # a concurrent run delivered it first
            continue
        created.append(notification)
        if email and user.email and email_enabled_for(user):
            transaction.on_commit(lambda pk=notification.pk: deliver_email.enqueue(pk), robust=True)
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
