"""Email delivery of notifications, run by the task queue's worker."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from forum_site.hygiene import single_line
from forum_site.i18n import for_recipient
from forum_site.notifications.models import Notification
from forum_site.tasks import send_or_retry


@task()
def deliver_email(notification_id: int, attempt: int = 1) -> bool:
    """Email one notification to its user, once: a notification already marked
    ``emailed`` is not sent again. Retried later if the mail server is down.
    Sent in the user's language (the notification's text already is)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed or not notification.user.email:
        return False
    link = f"{settings.WAGTAILADMIN_BASE_URL}{notification.url}" if notification.url else ""

    def send():
        with for_recipient(notification.user):
            send_mail(
                subject=single_line(notification.title),
                message="\n\n".join(part for part in (notification.body, link) if part),
                from_email=None,
                recipient_list=[notification.user.email],
                fail_silently=False,
            )

    if not send_or_retry(deliver_email, send, notification_id, attempt=attempt):
        return False
    Notification.objects.filter(pk=notification_id).update(emailed=True)
    return True
