"""A consultation's discussion thread, and the thread of each paragraph of its
draft text, answer to ``consultations.rules`` (registered with the
discussions app in ``ConsultationsConfig.ready``)."""

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


class ParagraphThreads(OwnerPolicy):
    """One thread per paragraph of a draft text: the consultation's rules; a
    paragraph removed from the text keeps its comments but takes no new ones."""

    def can_view(self, user, paragraph) -> bool:
        return rules.can_view_draft_text(user, paragraph.draft.consultation)

    def visible_to(self, viewer, model):
        # The draft text is seen by whoever may see its consultation.
        return model.objects.filter(draft__consultation__in=rules.visible_to(viewer).values("pk"))

    def can_post(self, user, paragraph) -> bool:
        return paragraph.position is not None and rules.can_comment_on_draft(
            user, paragraph.draft.consultation
        )

    def can_moderate(self, user, paragraph) -> bool:
        return rules.can_manage(user, paragraph.draft.consultation)

    def url(self, paragraph) -> str | None:
        return paragraph.get_absolute_url()
