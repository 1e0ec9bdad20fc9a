"""``python manage.py search_index rebuild|update|status|facets``: manage the search indexes.

- ``rebuild`` creates a fresh index under a new name, fills it, then points the
  alias (``<prefix>_content``) at it and drops the old one: searches keep
  working during the rebuild.
- ``update`` re-indexes every visible object into the current index and removes
  documents whose object is gone, unpublished or hidden.
- ``status`` compares the number of documents per type with the database.
- ``facets`` rebuilds the facet table (``search.models.FacetRow``) that the
  database backend counts facets from; it needs no Elasticsearch.

Wagtail's own index, used by the database backend, is rebuilt by Wagtail's
``update_index``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from elasticsearch import ApiError, TransportError
from elasticsearch.helpers import scan

from search import indexing, registry
from search.documents import ContentDocument, index_name


class Command(BaseCommand):
    help = "Rebuild, update or report on the Elasticsearch search index."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "status", "facets"])

    def handle(self, *args, action, **options):
        if action == "facets":
            from search import facet_index

            for key, count in facet_index.rebuild().items():
                self.stdout.write(f"{key}: {count} facet rows")
            self.stdout.write(self.style.SUCCESS("Rebuilt the facet table."))
            return
        if not indexing.enabled():
            if action == "status":
                self.stdout.write("Elasticsearch is not configured (ELASTICSEARCH_URL is empty);")
                self.stdout.write("search uses Wagtail's database backend.")
                return
            raise CommandError("ELASTICSEARCH_URL is not set: there is no index to manage.")
        from search.backends.elastic import get_client

        client = get_client()
        try:
            getattr(self, action)(client)
        except (TransportError, ApiError) as error:
            raise CommandError(f"Elasticsearch did not answer: {error}") from error

    def rebuild(self, client):
        alias = index_name()
        new = f"{alias}_{timezone.now():%Y%m%d%H%M%S}"
        indexing.create_index(client, new)
        for search_type in registry.search_types():
            count = indexing.bulk_index(client, search_type, new)
            self.stdout.write(f"{search_type.key}: {count} documents")
        client.indices.refresh(index=new)
        old = list(client.indices.get_alias(name=alias).keys()) if self._alias(client) else []
        if client.indices.exists(index=alias) and not old:
            client.indices.delete(index=alias)  # a plain index in the alias's place
        actions = [{"add": {"index": new, "alias": alias}}]
        actions += [{"remove_index": {"index": name}} for name in old]
        client.indices.update_aliases(actions=actions)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {alias} -> {new}"))

    def _alias(self, client) -> bool:
        return bool(client.indices.exists_alias(name=index_name()))

    def update(self, client):
        alias = index_name()
        if not client.indices.exists(index=alias):
            raise CommandError(f"No index {alias}: run `search_index rebuild` first.")
        wanted = set()
        for search_type in registry.search_types():
            count = indexing.bulk_index(client, search_type, alias)
            pks = indexing.indexable(search_type).values_list("pk", flat=True)
            wanted |= {ContentDocument.doc_id(search_type.key, pk) for pk in pks}
            self.stdout.write(f"{search_type.key}: {count} documents")
        stale = [
            hit["_id"]
            for hit in scan(client, index=alias, query={"query": {"match_all": {}}}, _source=False)
            if hit["_id"] not in wanted
        ]
        for doc_id in stale:
            client.delete(index=alias, id=doc_id)
        client.indices.refresh(index=alias)
        self.stdout.write(self.style.SUCCESS(f"Updated {alias}; removed {len(stale)} stale."))

    def status(self, client):
        alias = index_name()
        if not client.indices.exists(index=alias):
            self.stdout.write(f"No index {alias}: run `search_index rebuild`.")
            return
        self.stdout.write(f"Index {alias}:")
        for search_type in registry.search_types():
            indexed = client.count(index=alias, query={"term": {"kind": search_type.key}})["count"]
            expected = indexing.indexable(search_type).count()
            mark = "" if indexed == expected else "  (out of date: run search_index update)"
            self.stdout.write(
                f"  {search_type.key}: {indexed} indexed, {expected} in the database{mark}"
            )
