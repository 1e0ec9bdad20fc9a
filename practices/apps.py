from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        # Importing connects the workflow signal receivers.
        from practices.moderation import route_wagtail_emails_for_practices

        route_wagtail_emails_for_practices()
