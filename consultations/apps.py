from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from wagtail.signals import page_published

        from consultations.discussion_policy import ConsultationThreads
        from consultations.models import ConsultationPage
        from forum_site.discussions import owners

        page_published.connect(_invite_on_publish, sender=ConsultationPage)
        owners.register(ConsultationPage, ConsultationThreads())


def _invite_on_publish(sender, instance, **kwargs):
    """Publishing an already-open consultation sends its invitations at once
    (scheduled ones are picked up by the hourly ``consultation_notifications``)."""
    from django.db import transaction

    from consultations.notifications import send_invitations

    page = instance
    transaction.on_commit(lambda: send_invitations(page))
