"""The Elasticsearch index: one document per searchable object, every type in one index.

Text is indexed once with a language-neutral analyser (``folding``: lower case
and accents folded, so "integracion" finds "integración") and again in
sub-fields with the analysers of the six UN languages (English, French,
Spanish, Arabic and Russian: stemming and stop words; Chinese: ``cjk``
bigrams); queries search them all, so a query in any of the six languages finds
content written in it. Facets are keyword fields named
after the facet keys. ``public`` (an anonymous visitor may see it) and
``signed_in`` (any signed-in account may) carry the visibility decided by the
owning app's rule at indexing time; every query filters on them, plus the ids
of what this viewer alone may see, asked of the same rule at query time
(``search.backends.elastic.viewer_filter``), so hits, counts and facets are
those of the database backend. Hits are checked again when loaded.
"""

from __future__ import annotations

from django.conf import settings
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Keyword,
    SearchAsYouType,
    Text,
    analyzer,
)

# Elasticsearch's built-in analysers, one per UN language. Chinese has no spaces
# between words: ``cjk`` indexes overlapping pairs of characters (bigrams), so a
# query matches inside longer text without a dictionary (the ``smartcn`` plugin
# would segment words but is not installed with Elasticsearch).
LANGUAGE_ANALYZERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ar": "arabic",
    "ru": "russian",
    "zh": "cjk",
}
FACET_FIELDS = ("theme", "target_group", "gcm", "region", "country", "org_kind", "year")

folding = analyzer("folding", tokenizer="standard", filter=["lowercase", "asciifolding"])


def multilingual_text() -> Text:
    return Text(
        analyzer=folding,
        fields={lang: Text(analyzer=name) for lang, name in LANGUAGE_ANALYZERS.items()},
    )


class ContentDocument(Document):
    kind = Keyword()
    object_id = Keyword()
    title = multilingual_text()
    title_suggest = SearchAsYouType(analyzer=folding)
    body = multilingual_text()
    language = Keyword()
    url = Keyword(index=False)
    date = Date()
    # Visibility (see the module docstring).
    public = Boolean()
    signed_in = Boolean()
    # Facets.
    theme = Keyword()
    target_group = Keyword()
    gcm = Keyword()
    region = Keyword()
    country = Keyword()
    org_kind = Keyword()
    year = Keyword()

    @staticmethod
    def doc_id(kind: str, pk) -> str:
        return f"{kind}-{pk}"


def index_name() -> str:
    return f"{getattr(settings, 'ELASTICSEARCH_INDEX_PREFIX', 'forum')}_content"


def content_index(name: str | None = None) -> Index:
    index = Index(name or index_name())
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(ContentDocument)
    return index


# Every text field searched, with the title weighted above the body.
TEXT_FIELDS = [
    "title^3",
    *[f"title.{lang}^3" for lang in LANGUAGE_ANALYZERS],
    "body",
    *[f"body.{lang}" for lang in LANGUAGE_ANALYZERS],
]
SUGGEST_FIELDS = ["title_suggest", "title_suggest._2gram", "title_suggest._3gram"]
