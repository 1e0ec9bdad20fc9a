"""Feeding the Elasticsearch index: documents from objects, and the signals that follow edits.

Nothing here runs without ``ELASTICSEARCH_URL``. Changes are sent after the
transaction commits (``transaction.on_commit``), so a rolled-back edit never
reaches the index; failures are logged, never raised into the editor's
request (``search_index update`` repairs the index later).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from elasticsearch import ApiError, TransportError
from elasticsearch.helpers import bulk

from search import registry
from search.adapters import is_open_to_signed_in, is_public
from search.documents import ContentDocument, content_index, index_name
from search.facet_index import facet_values
from search.service import elasticsearch_enabled

logger = logging.getLogger(__name__)


class _Indexer:
    """Who the index is built for: every object anyone may see (live, unrestricted)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_anonymous = False
    pk = None


INDEXER = _Indexer()


def enabled() -> bool:
    return elasticsearch_enabled()


def indexable(search_type, queryset=None):
    """The objects of a type that belong in the index (live and unrestricted pages)."""
    visible = search_type.visible(INDEXER)
    return visible if queryset is None else visible.filter(pk__in=queryset.values("pk"))


def make_document(search_type, obj, facets: dict | None = None) -> ContentDocument:
    if facets is None:
        facets = facet_values(search_type, [obj.pk]).get(obj.pk, {})
    date = getattr(obj, search_type.date_field, None)
    doc = ContentDocument(
        meta={"id": ContentDocument.doc_id(search_type.key, obj.pk)},
        kind=search_type.key,
        object_id=str(obj.pk),
        title=search_type.title(obj),
        title_suggest=search_type.title(obj),
        body=search_type.body_text(obj),
        language=search_type.language(obj),
        url=search_type.url(obj),
        date=date,
        public=is_public(search_type, obj),
        signed_in=is_open_to_signed_in(search_type, obj),
    )
    for key, values in facets.items():
        setattr(doc, key, sorted(values))
    return doc


def documents(search_type, batch_size: int = 500):
    """Every indexable object of a type as documents, in batches (bounded queries)."""
    queryset = search_type.for_listing(indexable(search_type)).order_by("pk")
    pks = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        batch_pks = pks[start : start + batch_size]
        facets = facet_values(search_type, batch_pks)
        for obj in queryset.filter(pk__in=batch_pks):
            yield make_document(search_type, obj, facets.get(obj.pk, {}))


def bulk_index(client, search_type, index: str | None = None) -> int:
    index = index or index_name()
    actions = (
        {**doc.to_dict(include_meta=True), "_index": index} for doc in documents(search_type)
    )
    indexed, _errors = bulk(client, actions, chunk_size=500, refresh=False)
    return indexed


def create_index(client, name: str | None = None) -> None:
    content_index(name).create(using=client)


# -- single objects (signals) -----------------------------------------------------


def update_object(search_type, pk) -> None:
    """Index the object if it belongs in the index, otherwise remove it."""
    from search.backends.elastic import get_client

    try:
        client = get_client()
        obj = search_type.for_listing(indexable(search_type)).filter(pk=pk).first()
        if obj is None:
            client.delete(index=index_name(), id=ContentDocument.doc_id(search_type.key, pk))
        else:
            make_document(search_type, obj).save(using=client, index=index_name())
    except ApiError as error:
        if getattr(error, "status_code", None) != 404:
            logger.warning("Search index not updated for %s %s: %s", search_type.key, pk, error)
    except TransportError as error:
        logger.warning("Search index not updated for %s %s: %s", search_type.key, pk, error)


def schedule_update(instance) -> None:
    if not enabled():
        return
    search_type = registry.type_for_model(type(instance))
    if search_type is None:
        return
    pk = instance.pk
    transaction.on_commit(lambda: update_object(search_type, pk))


def schedule_updates(search_type, pks, using=None) -> None:
    """Re-index objects whose facets changed through a related object (after the commit)."""
    if not enabled():
        return
    for pk in pks:
        transaction.on_commit(lambda pk=pk: update_object(search_type, pk), using=using)


def _on_save(sender, instance, **kwargs):
    schedule_update(instance)


def _on_delete(sender, instance, **kwargs):
    schedule_update(instance)


def _on_page_change(sender, instance, **kwargs):
    schedule_update(instance.specific if hasattr(instance, "specific") else instance)


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished

    from search import facet_index

    # An organisation's kind, a theme's slug, a many-to-many change: the facet
    # table's signals find the objects concerned, for both indexes.
    facet_index.on_dependents_changed(schedule_updates)

    page_published.connect(_on_page_change, dispatch_uid="search_page_published")
    page_unpublished.connect(_on_page_change, dispatch_uid="search_page_unpublished")
    for search_type in registry.search_types():
        uid = f"search_{search_type.key}"
        post_delete.connect(_on_delete, sender=search_type.model, dispatch_uid=uid + "_delete")
        if not search_type.is_page:
            # Non-page content (organisations) has no publishing: every save counts.
            post_save.connect(_on_save, sender=search_type.model, dispatch_uid=uid + "_save")
