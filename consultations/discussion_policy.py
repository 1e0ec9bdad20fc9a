"""A consultation's discussion thread answers to ``consultations.rules``
(registered with the discussions app in ``ConsultationsConfig.ready``)."""

from consultations import rules
from forum_site.discussions.owners import OwnerPolicy


class ConsultationThreads(OwnerPolicy):
    def can_view(self, user, page) -> bool:
        return rules.can_view_discussion(user, page)

    def visible_to(self, viewer, model):
        return rules.visible_to(viewer, model.objects.all())

    def can_post(self, user, page) -> bool:
        return rules.can_join_discussion(user, page)

    def can_moderate(self, user, page) -> bool:
        return rules.can_manage(user, page)

    def url(self, page) -> str | None:
        return page.get_url()
