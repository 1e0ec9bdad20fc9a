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
        _recheck_sockets_on_member_changes()
        _calendar_updates()


def _recheck_sockets_on_member_changes():
    """Adding or removing a delegation member (or changing their role) reaches
    that person's open sockets at once (``forum_site.discussions.revocation``)."""
    from django.db.models.signals import post_delete, post_save

    from events.models import DelegationMember
    from forum_site.discussions.revocation import recheck_users

    def changed(sender, instance, **kwargs):
        recheck_users([instance.user_id])

    post_save.connect(changed, sender=DelegationMember, weak=False, dispatch_uid="recheck-member")
    post_delete.connect(
        changed, sender=DelegationMember, weak=False, dispatch_uid="recheck-member-gone"
    )


def _calendar_updates():
    """Registrants' calendars follow the event's time, place and cancellation
    (iTIP emails, ``events.tasks``)."""
    from events.models.pages import EventPage, schedule_changed
    from events.tasks import queue_schedule_change

    schedule_changed.connect(
        queue_schedule_change, sender=EventPage, weak=False, dispatch_uid="itip-updates"
    )
