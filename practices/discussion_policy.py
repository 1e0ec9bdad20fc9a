"""A practice's "questions and discussion" thread answers to ``practices.rules``
(registered with the discussions app in ``PracticesConfig.ready``)."""

from forum_site.discussions.owners import OwnerPolicy
from practices import rules


class PracticeThreads(OwnerPolicy):
    def can_view(self, user, practice) -> bool:
        return rules.can_view_practice(user, practice)

    def visible_to(self, viewer, model):
        return rules.visible_to(viewer, model.objects.all(), drafts=True)

    def can_post(self, user, practice) -> bool:
        return rules.can_join_discussion(user, practice)

    def can_moderate(self, user, practice) -> bool:
        return rules.can_moderate_discussion(user, practice)

    def url(self, practice) -> str | None:
        return practice.get_url()
