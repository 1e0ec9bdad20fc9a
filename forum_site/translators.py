"""Who may translate pages in the Wagtail admin (docs/i18n.md, "Who may").

wagtail-localize asks two things of a translator: Django's
``wagtail_localize.submit_translation`` permission, and Wagtail's page
permissions on the page in both trees (edit the source to submit it, edit and
publish the translation in its language's tree). A group that edits a section
in one language (the practice moderators on /practices/) should do the same
in every language, so:

- ``grant_submit_translation(group)``: the group may submit pages for
  translation (the apps' ``ensure_site_structure`` hooks call it for their
  editing groups);
- ``sync_translated_page_permissions()``: every group page permission on a
  page is also held on each of its translations (the French /fr/practices/
  index made when the first practice is translated into French). Runs at the
  end of ``ensure_site_structure`` (after every migrate), idempotently;
- ``copy_group_permissions`` (a ``post_save`` receiver): a page just created
  in a translation group gets its group's permissions at once, so the index
  wagtail-localize makes for a new language (or a new Locale) is editable by
  the same groups without waiting for a migrate.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission, Page


def grant_submit_translation(group) -> None:
    permission = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    if permission is not None:  # wagtail-localize's migrations have run
        group.permissions.add(permission)


def _copy_permissions(rows, pages_by_key) -> None:
    """Create, for each (group, permission) held on a page of a group, the same
    row on the group's other pages (those of ``pages_by_key``), skipping those that exist."""
    wanted = set()
    for page_key, group_id, permission_id in rows:
        for page_id in pages_by_key.get(page_key, ()):
            wanted.add((page_id, group_id, permission_id))
    if not wanted:
        return
    existing = set(
        GroupPagePermission.objects.filter(
            page_id__in={page_id for page_id, _g, _p in wanted}
        ).values_list("page_id", "group_id", "permission_id")
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(page_id=page_id, group_id=group_id, permission_id=permission_id)
            for page_id, group_id, permission_id in sorted(wanted - existing)
        ]
    )


def sync_translated_page_permissions() -> None:
    """Every group page permission also on each translation of its page. Three
    queries whatever the number of pages (few pages carry permissions: the
    section indexes)."""
    rows = list(
        GroupPagePermission.objects.filter(page__depth__gt=1).values_list(
            "page__translation_key", "group_id", "permission_id"
        )
    )
    keys = {key for key, _g, _p in rows}
    pages_by_key: dict = {}
    for page_id, key in Page.objects.filter(translation_key__in=keys).values_list(
        "pk", "translation_key"
    ):
        pages_by_key.setdefault(key, []).append(page_id)
    _copy_permissions(rows, pages_by_key)


@receiver(post_save, dispatch_uid="forum_site_translators_copy_group_permissions")
def copy_group_permissions(sender, instance, created, raw=False, **kwargs):
    """A new page that joins a translation group (a translation, or a parent
    wagtail-localize makes for it) gets the group page permissions its group holds."""
    if not created or raw or not isinstance(instance, Page) or instance.depth in (None, 1):
        return
    rows = list(
        GroupPagePermission.objects.filter(page__translation_key=instance.translation_key)
        .exclude(page_id=instance.pk)
        .values_list("page__translation_key", "group_id", "permission_id")
    )
    if rows:
        _copy_permissions(rows, {instance.translation_key: [instance.pk]})
