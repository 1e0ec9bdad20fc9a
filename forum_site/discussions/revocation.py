"""Revoked access ends on open sockets within seconds.

A socket decides who may do what when it opens, and asks the rules again with
fresh data on every action. Between actions it would keep receiving a thread
it may no longer read, so every change that can take access away pushes an
``access.recheck`` message to the sockets concerned; each socket then asks
the rule again (with a freshly loaded user, so no cached answer survives) and
closes with 4403 when access is gone:

- a membership removed or its role changed, an account deactivated, its
  groups changed: the user's own group (``forum_site.realtime.user_group``),
  which every socket of a signed-in user joins;
- a page published (a consultation's audience, say), unpublished, moved or
  given a view restriction: the groups of the threads on that page and the
  pages below it;
- a feature app's own change (delegation members, invitation rules): the app
  calls :func:`recheck_users` or :func:`recheck_threads_of`.

Messages are sent after the transaction commits; a channel layer that is down
is logged (``forum_site.realtime.group_send``), and the sockets' periodic
re-check still closes them within a few heartbeats.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from forum_site.discussions.models import Thread
from forum_site.organisations.models import Membership
from forum_site.realtime import group_send, user_group

RECHECK = {"type": "access.recheck"}


def _thread_group(thread_id: int) -> str:
    # Same name as forum_site.discussions.realtime.thread_group (kept here so
    # this module stays below the realtime one).
    return f"thread.{thread_id}"


def _send_on_commit(groups: Iterable[str]) -> None:
    groups = sorted(set(groups))
    if not groups:
        return

    def send():
        for group in groups:
            group_send(group, RECHECK)

    transaction.on_commit(send)


def recheck_users(user_ids: Iterable[int]) -> None:
    """Every open socket of these users asks its rule again."""
    _send_on_commit(user_group(pk) for pk in user_ids if pk)


def recheck_threads(thread_ids: Iterable[int]) -> None:
    """Every socket on these threads (signed in or not) asks its rule again."""
    _send_on_commit(_thread_group(pk) for pk in thread_ids)


def recheck_threads_of(obj) -> None:
    """The sockets on ``obj``'s thread, if it has one."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    recheck_threads(
        Thread.objects.filter(content_type=content_type, object_id=obj.pk).values_list(
            "pk", flat=True
        )
    )


def recheck_pages(page) -> None:
    """The sockets on the threads of ``page`` and every page below it (a view
    restriction or an unpublished parent hides them all)."""
    from wagtail.models import Page, get_page_models

    page_ids = Page.objects.descendant_of(page, inclusive=True).values("pk")
    content_types = ContentType.objects.get_for_models(*get_page_models()).values()
    recheck_threads(
        Thread.objects.filter(
            content_type__in=list(content_types), object_id__in=page_ids
        ).values_list("pk", flat=True)
    )


# --- Receivers --------------------------------------------------------------------


def _membership_changed(sender, instance, **kwargs):
    recheck_users([instance.user_id])


def _user_saved(sender, instance, created=False, **kwargs):
    if not created and not instance.is_active:
        recheck_users([instance.pk])


def _user_deleted(sender, instance, **kwargs):
    recheck_users([instance.pk])


def _user_groups_changed(sender, instance, action, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, get_user_model()):
        recheck_users([instance.pk])
    else:  # a group's users changed, from the group's side
        recheck_users(pk_set or [])


def _page_changed(sender, instance, **kwargs):
    recheck_pages(instance)


def _restriction_changed(sender, instance, **kwargs):
    if instance.page_id:
        recheck_pages(instance.page)


def connect_signals() -> None:
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="recheck-membership")
    post_delete.connect(
        _membership_changed, sender=Membership, dispatch_uid="recheck-membership-delete"
    )
    User = get_user_model()
    post_save.connect(_user_saved, sender=User, dispatch_uid="recheck-user")
    post_delete.connect(_user_deleted, sender=User, dispatch_uid="recheck-user-gone")
    m2m_changed.connect(
        _user_groups_changed, sender=User.groups.through, dispatch_uid="recheck-user-groups"
    )
    page_published.connect(_page_changed, dispatch_uid="recheck-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="recheck-page-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="recheck-page-moved")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"recheck-restriction-{uid}",
        )
