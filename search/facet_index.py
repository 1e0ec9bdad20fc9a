"""Keeping the facet table (``search.models.FacetRow``) in step with the content.

A row holds one object's facet values as tokens. Every way a facet value can
change ends in a refresh of the objects concerned, computed from the content
tables through the search adapters (the same ``facets`` lookups the filters
use):

- saving or deleting the object itself (and publishing a page: Wagtail commits
  a page's many-to-many fields and inline children after ``post_save``);
- a many-to-many change on a facet's path (``practice.themes.set(...)``);
- saving or deleting a related object on a facet's path: an organisation whose
  kind changes, a theme whose slug changes, a practice's country row.

Bulk writes that bypass signals (``QuerySet.update()``, ``bulk_create``) must
call :func:`refresh` or :func:`rebuild` (``manage.py search_index facets``).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from urllib.parse import quote, unquote

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from search import registry
from search.models import FacetRow

logger = logging.getLogger(__name__)

BATCH = 500


# -- tokens --------------------------------------------------------------------


def facet_values(search_type, pks, using: str = DEFAULT_DB_ALIAS) -> dict:
    """pk -> {facet key: {values as text}}, one query per facet for a whole batch."""
    values: dict = defaultdict(lambda: defaultdict(set))
    model = search_type.model
    for key in search_type.facets:
        rows = (
            model._default_manager.using(using)
            .filter(pk__in=pks)
            .annotate(_facet=search_type.facet_expression(key))
            .values_list("pk", "_facet")
        )
        for pk, value in rows:
            if value not in (None, ""):
                values[pk][key].add(str(value))
    return values


def encode(values: dict) -> str:
    """{key: values} -> "key=value key=value" (sorted; values percent-encoded)."""
    return " ".join(
        sorted(f"{key}={quote(value, safe='')}" for key, vals in values.items() for value in vals)
    )


def decode(token: str) -> tuple[str, str]:
    key, _, value = token.partition("=")
    return key, unquote(value)


def count_tokens(token_strings) -> dict[str, Counter]:
    """Facet counts from token strings: {facet key: Counter(value as text)}."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for token, n in Counter(t for s in token_strings for t in s.split()).items():
        key, value = decode(token)
        counts[key][value] += n
    return counts


# -- writing rows ----------------------------------------------------------------


def content_type_id(search_type, using: str = DEFAULT_DB_ALIAS) -> int:
    """The content type of a search type's model: the key of its index entries and rows."""
    return ContentType.objects.db_manager(using).get_for_model(search_type.model).pk


def refresh(search_type, pks, using: str = DEFAULT_DB_ALIAS) -> None:
    """Recompute the rows of ``pks`` (objects that are gone lose their row)."""
    pks = list(pks)
    if not pks:
        return
    content_type = content_type_id(search_type, using)
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        existing = set(
            search_type.model._default_manager.using(using)
            .filter(pk__in=batch)
            .values_list("pk", flat=True)
        )
        values = facet_values(search_type, existing, using) if existing else {}
        rows = [
            FacetRow(content_type_id=content_type, object_id=pk, tokens=encode(values.get(pk, {})))
            for pk in existing
        ]
        if rows:
            FacetRow.objects.using(using).bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["content_type", "object_id"],
                update_fields=["tokens"],
            )
        gone = set(batch) - existing
        if gone:
            FacetRow.objects.using(using).filter(
                content_type_id=content_type, object_id__in=gone
            ).delete()


def rebuild(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Every row anew; returns the number of rows per type."""
    counts = {}
    for search_type in registry.search_types():
        content_type = content_type_id(search_type, using)
        pks = list(
            search_type.model._default_manager.using(using)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        FacetRow.objects.using(using).filter(content_type_id=content_type).exclude(
            object_id__in=pks
        ).delete()
        refresh(search_type, pks, using)
        counts[search_type.key] = len(pks)
    return counts


def fill_missing(using: str = DEFAULT_DB_ALIAS) -> int:
    """Rows for the objects that have none (after a migration or a bulk import)."""
    filled = 0
    for search_type in registry.search_types():
        content_type = content_type_id(search_type, using)
        have = FacetRow.objects.using(using).filter(content_type_id=content_type)
        missing = list(
            search_type.model._default_manager.using(using)
            .exclude(pk__in=have.values("object_id"))
            .values_list("pk", flat=True)
        )
        refresh(search_type, missing, using)
        filled += len(missing)
    return filled


def _after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # post_migrate is sent once per app, after the whole plan: answer once.
    if sender.name != "search":
        return
    if FacetRow._meta.db_table not in connections[using].introspection.table_names():
        return
    filled = fill_missing(using)
    if filled:
        logger.info("Facet table: %s rows added.", filled)


# -- signals ---------------------------------------------------------------------


def _relation_hops():
    """(search type, lookup, field) for every relation on a facet's path.

    ``"organisation__kind"`` on practices gives ``("organisation", <organisation FK>)``.
    """
    for search_type in registry.search_types():
        for source in search_type.facets.values():
            if not isinstance(source, str):
                continue
            opts, path = search_type.model._meta, []
            for part in source.split("__"):
                field = opts.get_field(part)
                if not field.is_relation:
                    break
                path.append(part)
                yield search_type, "__".join(path), field
                opts = field.related_model._meta


# Built once by connect_signals from the adapters' facet paths (the registry
# is complete by then), so a related object's save does not walk them again:
# model -> [(search type, lookup to the model)], e.g. an organisation ->
# [(practice, "organisation"), ...]; and the models whose rows are parts of
# one content object (a practice's countries), not shared objects.
_dependents: dict[type, list[tuple[object, str]]] = {}
_own_parts: set[type] = set()


def _index_relations(hops) -> None:
    _dependents.clear()
    _own_parts.clear()
    for search_type, lookup, field in hops:
        found = _dependents.setdefault(field.related_model, [])
        if (search_type, lookup) not in found:
            found.append((search_type, lookup))
        if field.one_to_many:
            _own_parts.add(field.related_model)


def _affected(model, instance, using) -> list[tuple[object, list]]:
    return [
        (
            search_type,
            list(
                search_type.model._default_manager.using(using)
                .filter(**{lookup: instance.pk})
                .values_list("pk", flat=True)
            ),
        )
        for search_type, lookup in _dependents.get(model, [])
    ]


def _on_object_change(sender, instance, using=DEFAULT_DB_ALIAS, raw=False, **kwargs):
    if raw:
        return
    search_type = registry.type_for_model(type(instance))
    if search_type is not None:
        refresh(search_type, [instance.pk], using)


def _on_page_published(sender, instance, **kwargs):
    page = instance.specific if hasattr(instance, "specific") else instance
    _on_object_change(type(page), page)


# Called with (search type, pks, database alias) when objects' facet values
# change through an object of their own: an organisation's kind, a theme's
# slug. The Elasticsearch indexing listens too (search.indexing). A page's
# inline rows and many-to-many fields change with the page itself, which is
# indexed when it is published, so they only refresh the facet table.
_listeners = [refresh]


def on_dependents_changed(listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _dependents_changed(search_type, pks, using, *, own_part=False) -> None:
    pks = list(pks)
    for listener in [refresh] if own_part else _listeners:
        listener(search_type, pks, using)


def _on_related_save(sender, instance, using=DEFAULT_DB_ALIAS, raw=False, **kwargs):
    if raw:
        return
    for search_type, pks in _affected(sender, instance, using):
        _dependents_changed(search_type, pks, using, own_part=sender in _own_parts)


def _on_related_pre_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    # After the delete the objects can no longer be found through ``instance``.
    instance._facet_affected = _affected(sender, instance, using)


def _on_related_post_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    for search_type, pks in getattr(instance, "_facet_affected", []):
        _dependents_changed(search_type, pks, using, own_part=sender in _own_parts)


def _m2m_handler(search_type):
    def handler(sender, instance, action, reverse, pk_set, using=DEFAULT_DB_ALIAS, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            refresh(search_type, [instance.pk], using)
        elif pk_set:
            refresh(search_type, pk_set, using)
        else:  # clearing from the other side: every object that had it
            everything = search_type.model._default_manager.using(using)
            refresh(search_type, everything.values_list("pk", flat=True), using)

    return handler


def connect_signals() -> None:
    from django.db.models.signals import post_migrate
    from wagtail.signals import page_published

    post_migrate.connect(_after_migrate, dispatch_uid="search_facets_after_migrate")
    page_published.connect(_on_page_published, dispatch_uid="search_facets_published")
    for search_type in registry.search_types():
        uid = f"search_facets_{search_type.key}"
        post_save.connect(_on_object_change, sender=search_type.model, dispatch_uid=uid + "_s")
        post_delete.connect(_on_object_change, sender=search_type.model, dispatch_uid=uid + "_d")
    hops = list(_relation_hops())
    _index_relations(hops)
    for model in _dependents:
        uid = f"search_facets_related_{model._meta.label_lower}"
        post_save.connect(_on_related_save, sender=model, dispatch_uid=uid + "_s")
        pre_delete.connect(_on_related_pre_delete, sender=model, dispatch_uid=uid + "_pd")
        post_delete.connect(_on_related_post_delete, sender=model, dispatch_uid=uid + "_d")
    for search_type, _lookup, field in hops:
        if not field.many_to_many or field.auto_created:
            continue
        m2m_changed.connect(
            _m2m_handler(search_type),
            sender=field.remote_field.through,
            weak=False,  # a closure: nothing else holds it
            dispatch_uid=f"search_facets_m2m_{search_type.key}_{field.name}",
        )
