from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        # Real-time layer (issue 5): broadcast and mentions after each commit.
        from consultations.realtime import connect_signals

        connect_signals()
