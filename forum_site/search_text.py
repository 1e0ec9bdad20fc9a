"""Search text for the database search backends in every language (docs/search.md, "Languages").

SQLite's FTS5 and PostgreSQL's full text split text into words at spaces and
punctuation and neither segments Chinese nor stems Russian or Arabic (SQLite
stems nothing). So every searchable model indexes, besides its text, an extra
text made here (``MultilingualSearchMixin.multilingual_search_text``):

- Chinese and Japanese (a run of Han or kana characters is one token to the
  databases): every character and every overlapping pair of characters
  (bigrams), so a word inside a clause is found without a dictionary, as
  Elasticsearch's ``cjk`` analyser does;
- other words: their stems (Snowball), by script and the content's language:
  Cyrillic words by the Russian stemmer, Arabic-script words by the Arabic one,
  Latin words by the stemmer of the content's language when it is English,
  French or Spanish (all three when the language is unknown: organisations),
  both as written and with accents removed (PostgreSQL keeps accents).

A query is turned the same way (``search_query``): each word is itself OR any
of its stems (a query's language is unknown, so a Latin word is stemmed by the
English, French and Spanish stemmers), and a Chinese word is its pairs of
characters, all required (one character: the character). Words are AND'ed (or
OR'ed with ``operator="or"``). The word as typed stays one of the choices, so
text indexed before the extra text existed is still found as before.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import snowballstemmer
from modelsearch.query import And, Or, PlainText

# Languages that have a stemmer here, by the scripts they are written in.
STEMMED_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}
LATIN_LANGUAGES = ("en", "fr", "es")
SCRIPT_LANGUAGES = {"cyrillic": ("ru",), "arabic": ("ar",), "latin": LATIN_LANGUAGES}

# Han ideographs (with extensions and compatibility forms), kana, and the
# ideographic iteration marks: scripts written without spaces between words.
_CJK_RANGES = (
    (0x3005, 0x3007),
    (0x3040, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),
)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(start <= code <= end for start, end in _CJK_RANGES)


def _script(text: str) -> str:
    """The script of the first letter of ``text``: latin, cyrillic, arabic or other."""
    for char in text:
        if not char.isalpha():
            continue
        code = ord(char)
        if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
            return "latin"
        if 0x400 <= code <= 0x52F:
            return "cyrillic"
        if 0x600 <= code <= 0x6FF or 0x750 <= code <= 0x77F or 0x8A0 <= code <= 0x8FF:
            return "arabic"
        if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
            return "arabic"
        return "other"
    return "other"


def _words(text: str) -> list[str]:
    """Letters and digits of any script, split on anything else (as ``search_words``
    does for queries: combining marks and format characters belong to the word)."""
    chars = []
    for char in unicodedata.normalize("NFC", text):
        if char.isalnum():
            chars.append(char)
        elif unicodedata.category(char) not in ("Mn", "Mc", "Me", "Cf"):
            chars.append(" ")
    return "".join(chars).split()


def _runs(word: str) -> list[tuple[bool, str]]:
    """``word`` cut where it goes into or out of Chinese/Japanese characters."""
    runs: list[tuple[bool, str]] = []
    for char in word:
        cjk = is_cjk(char)
        if runs and runs[-1][0] == cjk:
            runs[-1] = (cjk, runs[-1][1] + char)
        else:
            runs.append((cjk, char))
    return runs


def cjk_grams(run: str) -> list[str]:
    """The overlapping pairs of characters of a run (its only character when alone)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMED_LANGUAGES[language])


@lru_cache(maxsize=20_000)
def word_forms(word: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The stems of ``word`` by each of ``languages`` (Latin words also without
    accents), leaving out the word itself."""
    lowered = word.lower()
    spellings = [lowered]
    if _script(lowered) == "latin" and _fold(lowered) != lowered:
        spellings.append(_fold(lowered))
    forms = []
    for language in languages:
        stemmer = _stemmer(language)
        for spelling in spellings:
            stem = stemmer.stemWord(spelling)
            if stem and stem != lowered and stem not in forms:
                forms.append(stem)
    return tuple(forms)


def base_language(code: str | None) -> str:
    return (code or "").lower().split("-")[0].split("_")[0]


def _indexed_languages(script: str, language: str) -> tuple[str, ...]:
    """The stemmers for a word of ``script`` in content written in ``language``."""
    if script in ("cyrillic", "arabic"):
        return SCRIPT_LANGUAGES[script]
    if script == "latin":
        if language in LATIN_LANGUAGES:
            return (language,)
        if not language:
            return LATIN_LANGUAGES
    return ()


def index_text(text: str, language: str | None = "") -> str:
    """The extra text indexed for ``text`` written in ``language`` (a language
    code, '' when unknown): character pairs of Chinese, stems of other words."""
    language = base_language(language)
    tokens: list[str] = []
    for word in _words(text or ""):
        runs = _runs(word)
        for cjk, run in runs:
            if cjk:
                tokens.extend(run)
                if len(run) > 1:
                    tokens.extend(cjk_grams(run))
                continue
            if len(runs) > 1:
                tokens.append(run)  # "COVID19" of "COVID19疫情": a word of its own here
            tokens.extend(word_forms(run, _indexed_languages(_script(run), language)))
    return " ".join(tokens)


def has_cjk(text: str) -> bool:
    return any(is_cjk(char) for char in text)


def query_forms(word: str) -> tuple[str, ...]:
    """The stems a query word is also looked for as (by every stemmer of its script)."""
    if has_cjk(word):
        return ()
    return word_forms(word, SCRIPT_LANGUAGES.get(_script(word), ()))


def _alternatives(run: str) -> list:
    return [PlainText(run)] + [PlainText(form) for form in query_forms(run)]


def _any(queries: list):
    return queries[0] if len(queries) == 1 else Or(queries)


def _all(queries: list):
    return queries[0] if len(queries) == 1 else And(queries)


def _cjk_query(run: str):
    return _all([PlainText(gram) for gram in cjk_grams(run)])


def word_query(word: str):
    """What one word of a query matches: itself, or any of its stems; a Chinese
    word, all its character pairs."""
    runs = _runs(word)
    if not any(cjk for cjk, _ in runs):
        return _any(_alternatives(word))
    parts = [_cjk_query(run) if cjk else _any(_alternatives(run)) for cjk, run in runs]
    return Or([PlainText(word), _all(parts)])


def search_query(words: str, operator: str | None = "and"):
    """A Wagtail search query for cleaned ``words`` (``search_words``), or "" when empty."""
    queries = [word_query(word) for word in words.split()]
    if not queries:
        return ""
    return _any(queries) if (operator or "and").lower() == "or" else _all(queries)


def autocomplete_query(words: str, operator: str | None = "and"):
    """An autocomplete (prefix) query: the words as typed, the last one a prefix,
    each Chinese word also as its character pairs (the title's pairs are indexed
    for autocompletion, so ``服务`` completes a title with it inside a clause)."""
    split = words.split()
    if not any(has_cjk(word) for word in split):
        return words
    others = " ".join(w for w in split if not has_cjk(w))
    queries = [PlainText(others, operator=operator or "and")] if others else []
    for word in split:
        if has_cjk(word):
            pairs = [_cjk_query(run) for cjk, run in _runs(word) if cjk]
            queries.append(Or([PlainText(word), _all(pairs)]))
    return _all(queries)


def _field_texts(obj, fields, skip: str) -> list[str]:
    """The text of ``obj``'s search fields (as Wagtail's indexers read them),
    without the field named ``skip`` (the extra text itself)."""
    from django.db.models import Manager
    from django.utils.encoding import force_str
    from modelsearch.index import RelatedFields, SearchField

    def prepare(value) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, list | tuple):
            return " ".join(prepare(item) for item in value)
        if isinstance(value, dict):
            return " ".join(prepare(item) for item in value.values())
        return "" if value is None else force_str(value)

    texts = []
    for field in fields:
        if isinstance(field, SearchField) and field.field_name != skip:
            texts.append(prepare(field.get_value(obj)))
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = list(related.all())
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                texts += _field_texts(item, field.fields, skip)
    return texts


class MultilingualSearchMixin:
    """Gives a searchable model the extra texts of this module; list
    ``multilingual_search_fields()`` in its ``search_fields``."""

    def multilingual_search_text(self) -> str:
        from forum_site.content_language import content_language

        text = " ".join(_field_texts(self, self.get_search_fields(), "multilingual_search_text"))
        return index_text(text, content_language(self))

    def multilingual_title_grams(self) -> str:
        """The character pairs of a Chinese title, for suggestions."""
        title = getattr(self, "title", None) or str(self)
        return " ".join(
            gram
            for word in _words(title)
            for cjk, run in _runs(word)
            if cjk
            for gram in cjk_grams(run)
        )


def multilingual_search_fields() -> list:
    from wagtail.search import index

    return [
        index.SearchField("multilingual_search_text"),
        index.AutocompleteField("multilingual_title_grams"),
    ]


def reindex(batch_size: int = 200) -> int:
    """Index again every object of the models with the extra text (Wagtail's
    ``update_index`` does it for every indexed model): what an index built
    before the extra text existed needs. Returns the number of objects."""
    from django.apps import apps
    from wagtail.search.backends import get_search_backends

    count = 0
    backends = list(get_search_backends(with_auto_update=True))
    for model in apps.get_models():
        if not issubclass(model, MultilingualSearchMixin):
            continue
        objects = model.get_indexed_objects().order_by("pk")
        for start in range(0, objects.count(), batch_size):
            batch = list(objects[start : start + batch_size])
            for backend in backends:
                backend.add_bulk(model, batch)
            count += len(batch)
    return count
