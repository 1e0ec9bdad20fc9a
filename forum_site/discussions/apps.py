from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    """Discussion threads any object can own (consultations, practices, delegations)."""

    name = "forum_site.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from forum_site.discussions import revocation
        from forum_site.discussions.realtime import connect_signals

        # Broadcast and mentions after each commit, whichever view or socket saved.
        connect_signals()
        # Changes that take access away reach the open sockets at once.
        revocation.connect_signals()
