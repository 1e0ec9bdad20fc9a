from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from wagtail.signals import page_published

        from consultations.discussion_policy import ConsultationThreads, ParagraphThreads
        from consultations.models import ConsultationPage, DraftParagraph
        from forum_site.discussions import owners

        page_published.connect(_invite_on_publish, sender=ConsultationPage)
        owners.register(ConsultationPage, ConsultationThreads())
        owners.register(DraftParagraph, ParagraphThreads())
        _recheck_sockets_on_audience_changes()


def _recheck_sockets_on_audience_changes():
    """A consultation saved outside a publication (which the discussions app
    already watches), or its invitation rules changed: the sockets on its
    thread ask their rule again (``forum_site.discussions.revocation``)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import post_delete, post_save

    from consultations.models import ConsultationPage, InviteRule
    from forum_site.discussions.models import Thread
    from forum_site.discussions.revocation import recheck_threads, recheck_threads_of

    def recheck(page):
        """The page's thread and those of its draft text's paragraphs."""
        from consultations.models import DraftParagraph

        recheck_threads_of(page)
        recheck_threads(
            Thread.objects.filter(
                content_type=ContentType.objects.get_for_model(DraftParagraph),
                object_id__in=DraftParagraph.objects.filter(draft__consultation=page).values("pk"),
            ).values_list("pk", flat=True)
        )

    def page_saved(sender, instance, **kwargs):
        recheck(instance)
        from consultations.documents import refresh_references

        # Which documents it uses, now (drafts too): they are as private as it is.
        refresh_references(instance)

    def rule_changed(sender, instance, **kwargs):
        if instance.page_id:
            recheck(instance.page)

    post_save.connect(page_saved, sender=ConsultationPage, weak=False, dispatch_uid="recheck-c")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            rule_changed, sender=InviteRule, weak=False, dispatch_uid=f"recheck-rule-{uid}"
        )


def _invite_on_publish(sender, instance, **kwargs):
    """Publishing an already-open consultation sends its invitations at once
    (scheduled ones are picked up by the hourly ``consultation_notifications``)."""
    from django.db import transaction

    from consultations.notifications import send_invitations

    page = instance
    transaction.on_commit(lambda: send_invitations(page))
