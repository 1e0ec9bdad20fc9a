"""Moderation of practices with Wagtail's own workflows.

``ensure_moderation`` (called from the ``ensure_site_structure`` hook, so it
runs after every migrate and flush) creates, idempotently, the "Practice
moderators" group with page permissions on /practices/ (and on its
translations, ``forum_site.translators``) and the right to submit practices
for translation, a "Practice moderation" workflow with one GroupApprovalTask
for that group, and links the workflow to the index page.
``submit_for_moderation`` saves a revision and starts (or restarts) that
workflow. The signal receivers tell the submitter
what the moderators decided, by email and in-app.
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.signals import workflow_approved, workflow_rejected

from forum_site.notifications.service import notify
from forum_site.translators import grant_submit_translation
from practices.models import PracticePage
from practices.rules import MODERATORS_GROUP, moderators_group

WORKFLOW_NAME = "Practice moderation"
TASK_NAME = "Approval by practice moderators"


@transaction.atomic
def ensure_moderation(index_page) -> Workflow:
    group = moderators_group()
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for permission_type in ("add", "change", "publish"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page=index_page, permission=permission
        )
    # They translate practices too (wagtail-localize); ``ensure_site_structure``
    # gives them the same page permissions on each language's /practices/.
    grant_submit_translation(group)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    if not task.groups.filter(pk=group.pk).exists():
        task.groups.add(group)

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


def submit_for_moderation(page, user):
    """Save ``page`` as a new revision and put it in the moderation workflow.

    A workflow already in progress (or waiting for changes) is cancelled
    first, so moderators always review the latest revision.
    """
    revision = page.save_revision(user=user, log_action=True)
    current = page.current_workflow_state
    if current is not None:
        current.cancel(user=user)
    workflow = page.get_workflow()
    if workflow is None:  # the site structure hook has not run (should not happen)
        raise RuntimeError(f"No moderation workflow covers page {page.pk}")
    workflow.start(page, user)
    return revision


def submit_translation_for_moderation(page, user):
    """Put the latest revision of a practice's translation (saved by
    wagtail-localize, ``forum_site.content_translation``) in the moderation
    workflow, as ``submit_for_moderation`` does for an edit. The index of a
    language's tree (/fr/practices/) is not linked to the workflow, so the
    practice workflow is used when the page has none."""
    current = page.current_workflow_state
    if current is not None:
        current.cancel(user=user)
    workflow = page.get_workflow() or Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:  # the site structure hook has not run (should not happen)
        raise RuntimeError(f"No moderation workflow covers page {page.pk}")
    workflow.start(page, user)


def _is_practice(workflow_state) -> bool:
    return issubclass(workflow_state.content_type.model_class() or object, PracticePage)


def _last_comment(workflow_state) -> str:
    task_state = (
        workflow_state.task_states.exclude(comment="").order_by("-finished_at", "-pk").first()
    )
    return task_state.comment if task_state else ""


def _submitter(page, workflow_state):
    return workflow_state.requested_by or page.submitted_by


@receiver(workflow_approved, sender=WorkflowState)
def notify_approved(sender, instance, user=None, **kwargs):
    if not _is_practice(instance):
        return
    page = instance.content_object.specific
    comment = _last_comment(instance)

    def body():  # in the submitter's language (notify)
        text = _("Your practice “%(title)s” was approved and is now public.") % {
            "title": page.title
        }
        if comment:
            text += "\n\n" + _("Moderator's comment: %(comment)s") % {"comment": comment}
        return text

    notify(
        [_submitter(page, instance)],
        title=lambda: _("Practice published: %(title)s") % {"title": page.title},
        body=body,
        url=page.url or "",
        kind="practice_moderation",
        key=f"practice-workflow-{instance.pk}-approved",
    )


@receiver(workflow_rejected, sender=WorkflowState)
def notify_rejected(sender, instance, user=None, **kwargs):
    if not _is_practice(instance):
        return
    page = instance.content_object.specific
    comment = _last_comment(instance)

    def body():  # in the submitter's language (notify)
        text = _("The moderators asked for changes to your practice “%(title)s”.") % {
            "title": page.title
        }
        if comment:
            text += "\n\n" + _("Moderator's comment: %(comment)s") % {"comment": comment}
        return text

    notify(
        [_submitter(page, instance)],
        title=lambda: _("Changes requested: %(title)s") % {"title": page.title},
        body=body,
        url=reverse("practices:contributions"),
        kind="practice_moderation",
        key=f"practice-workflow-{instance.pk}-rejected",
    )


__all__ = ["MODERATORS_GROUP", "ensure_moderation", "submit_for_moderation"]


def route_wagtail_emails_for_practices():
    """Practices tell their submitter through ``notify`` (in-app, email with
    opt-out, and a link to the public site). Wagtail's own approval/rejection
    emails point to the admin, which front-end submitters cannot use, so they
    are skipped for practices and kept for every other page type.

    Works whichever app's ``ready`` runs first: the wrapper takes Wagtail's
    dispatch_uid, so Wagtail's later ``connect`` with that uid is a no-op.
    """
    from wagtail.admin import signal_handlers as mail

    for signal, notifier, uid in (
        (
            workflow_approved,
            mail.workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
        ),
        (
            workflow_rejected,
            mail.workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
        ),
    ):

        def handler(sender, instance=None, _notifier=notifier, **kwargs):
            if instance is not None and _is_practice(instance):
                return True
            return _notifier(instance=instance, **kwargs)

        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(handler, sender=WorkflowState, dispatch_uid=uid, weak=False)
