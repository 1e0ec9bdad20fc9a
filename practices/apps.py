from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        # Connects the workflow signal receivers, and the one that makes a
        # published practice's attachments public.
        import practices.attachments  # noqa: F401
        from forum_site.discussions import owners
        from practices.discussion_policy import PracticeThreads
        from practices.models import PracticePage
        from practices.moderation import route_wagtail_emails_for_practices

        route_wagtail_emails_for_practices()
        owners.register(PracticePage, PracticeThreads())
