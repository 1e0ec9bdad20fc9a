from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from wagtail.signals import page_published

        from consultations.models import ConsultationPage
        from consultations.realtime import connect_signals

        page_published.connect(_invite_on_publish, sender=ConsultationPage)
        # Real-time layer (issue 5): broadcast and mentions after each commit.
        connect_signals()


def _invite_on_publish(sender, instance, **kwargs):
    """Publishing an already-open consultation sends its invitations at once
    (scheduled ones are picked up by the hourly ``consultation_notifications``)."""
    from django.db import transaction

    from consultations.notifications import send_invitations

    page = instance
    transaction.on_commit(lambda: send_invitations(page))
