from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events.discussion_policy import DelegationThreads
        from events.models import Delegation
        from forum_site.discussions import owners

        owners.register(Delegation, DelegationThreads())
