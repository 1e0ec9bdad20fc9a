"""A delegation workspace's thread is for the delegation: ``events.rules``
answers (registered with the discussions app in ``EventsConfig.ready``)."""

from events import rules
from forum_site.discussions.owners import OwnerPolicy


class DelegationThreads(OwnerPolicy):
    def can_view(self, user, delegation) -> bool:
        return rules.can_view_workspace(user, delegation)

    def visible_to(self, viewer, model):
        return rules.delegations_visible_to(viewer, model.objects.all())

    def can_post(self, user, delegation) -> bool:
        return rules.can_view_workspace(user, delegation)

    def can_moderate(self, user, delegation) -> bool:
        return rules.can_manage_delegation(user, delegation)

    def url(self, delegation) -> str | None:
        return delegation.get_absolute_url()
