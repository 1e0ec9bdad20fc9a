"""Wagtail view restrictions as part of each app's visibility rule, and the page
visibility hooks the shared surfaces ask.

A Wagtail view restriction (Settings → Privacy on a page) covers the page and
everything below it. Wagtail enforces it when it serves the page; every other
surface (lists, feeds, actions, choosers, forms offering related pages) asks
the owning app's rule, and the rules build on this module:

- LOGIN: any signed-in (active) user passes;
- GROUPS: members of one of the groups pass (and superusers, as in Wagtail);
- PASSWORD: nobody passes off the page. A password admits a browser session to
  the page itself; lists, feeds, calendars, registration and choosers cannot
  ask for it, so password-protected content appears on them only to superusers
  and to those the app lets manage it (the app adds that exemption).

Every function takes a ``forum_site.viewer.Viewer`` or a user; the restricted
paths a viewer does not pass are read once per viewer (one request, one socket
message).

``hidden_by_restrictions(user)`` is the Q of the pages under a restriction the
user does not pass; ``passes_restrictions(user, page)`` the same for one page.

``visible_pages(user, queryset)`` narrows any Page queryset to what ``user``
may see: every ``filter_visible_pages`` hook (``fn(user, queryset) ->
queryset``), which each feature app registers with its own rule (invited-only
consultations, draft practices, …), and restrictions for every other page.

An app's rule includes the restrictions, with the exemptions the app grants
(an event's organising editors see it whatever the restriction, say), so the
page models it rules on are left to it: the app names them in a
``pages_with_own_rule`` hook (``fn() -> iterable of page models``), and only
a model whose ``filter_visible_pages`` hook applies restrictions may be named.
Pages of every other model (index pages, plain pages) are filtered by
restrictions here, and so are subclasses of a named model unless named too.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail import hooks
from wagtail.models import BaseViewRestriction, PageViewRestriction
from wagtail.permission_policies.pages import PagePermissionPolicy

from forum_site.viewer import as_viewer, user_of


def _signed_in(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def _superuser(user) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_superuser", False))


def _group_ids(user) -> set[int]:
    if not _signed_in(user) or getattr(user, "pk", None) is None:
        return set()
    return as_viewer(user).group_ids


def _passes(restriction, user, group_ids) -> bool:
    """``group_ids`` is a callable: the user's groups are read only for a groups
    restriction (most pages have none)."""
    kind = restriction.restriction_type
    if kind == BaseViewRestriction.NONE:
        return True
    if _superuser(user) and kind != BaseViewRestriction.PASSWORD:
        return True
    if kind == BaseViewRestriction.LOGIN:
        return _signed_in(user)
    if kind == BaseViewRestriction.GROUPS:
        return bool(group_ids() & {g.pk for g in restriction.groups.all()})
    return False  # PASSWORD: only the page itself can ask for it


def _lazy_group_ids(user):
    cache = []

    def group_ids() -> set[int]:
        if not cache:
            cache.append(_group_ids(user))
        return cache[0]

    return group_ids


def _path_q(paths, prefix: str) -> Q:
    q = Q()
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q if q else Q(pk__in=[])


def hidden_by_restrictions(user, prefix: str = "") -> Q:
    """Q matching the pages under a view restriction ``user`` does not pass
    (matches nothing when there is none). ``prefix`` for a relation to Page."""
    return _path_q(_hidden_paths(as_viewer(user)), prefix)


def _hidden_paths(viewer) -> list[str]:
    """The paths of the restricted pages ``viewer`` does not pass (once per viewer)."""

    def compute():
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        group_ids = _lazy_group_ids(viewer)
        return sorted({r.page.path for r in restrictions if not _passes(r, viewer, group_ids)})

    return viewer.memo("restrictions.hidden_paths", compute)


def hidden_by_restrictions_for(user, page) -> bool:
    """``hidden_by_restrictions(user)`` asked of one page, without a query beyond
    the viewer's (memoised) restricted paths: the same predicate, in Python."""
    path = page.path
    return any(path.startswith(hidden) for hidden in _hidden_paths(as_viewer(user)))


def passes_restrictions(user, page) -> bool:
    """Whether ``user`` passes every view restriction on ``page`` and its ancestors
    (a password one never, see the module docstring)."""
    restrictions = page.get_view_restrictions().prefetch_related("groups")
    group_ids = _lazy_group_ids(user)
    return all(_passes(r, user, group_ids) for r in restrictions)


def pages_with_own_rule_q(prefix: str = "") -> Q:
    """Q matching the pages of the models an app's own rule decides on, restrictions
    included (``pages_with_own_rule`` hooks); matches nothing when none is named."""
    models = set()
    for fn in hooks.get_hooks("pages_with_own_rule"):
        models.update(fn())
    if not models:
        return Q(pk__in=[])
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return Q(**{f"{prefix}content_type__in": list(content_types.values())})


def visible_pages(user, queryset):
    """``queryset`` (of Page or a subclass) without the pages ``user`` may not see:
    those every app's ``filter_visible_pages`` hook drops, and those of models no
    app rules on (``pages_with_own_rule``) under a restriction ``user`` does not
    pass. Superusers see everything."""
    if _superuser(user):
        return queryset
    queryset = queryset.exclude(hidden_by_restrictions(user) & ~pages_with_own_rule_q())
    for fn in hooks.get_hooks("filter_visible_pages"):
        queryset = fn(user, queryset)
    return queryset


def choosable_pages(user, queryset):
    """What Wagtail's page chooser offers ``user``: the pages they may see
    (``visible_pages``) and those they may edit in the admin (their own drafts,
    their password-protected sections), nothing else."""
    if _superuser(user):
        return queryset
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user_of(user), {"add", "change", "publish"}
    )
    visible = visible_pages(user, queryset)
    return queryset.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=editable.values("pk")))
