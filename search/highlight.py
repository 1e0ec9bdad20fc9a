"""Snippets with the query's words (and other forms of them) marked, for backends
that do not highlight."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum_site.search_text import query_forms


def highlight(text: str, query: str, length: int = 220) -> SafeString:
    """An escaped window of ``text`` around the first match, matches in ``<mark>``."""
    text = " ".join((text or "").split())
    words = sorted({w for w in query.split() if len(w) > 1}, key=len, reverse=True)
    if not words:
        return mark_safe(escape(_cut(text, 0, length)))
    # The words typed, then the words of the text that start with one of their
    # stems (the other forms the database backends find: "беженцы" marks "беженцев").
    stems = sorted({s for w in words for s in query_forms(w) if len(s) > 2}, key=len, reverse=True)
    pattern = re.compile(
        "|".join([*(re.escape(w) for w in words), *(rf"(?<!\w){re.escape(s)}\w*" for s in stems)]),
        re.IGNORECASE,
    )
    match = pattern.search(text)
    start = max(0, match.start() - length // 3) if match else 0
    window = _cut(text, start, length)
    parts, last = [], 0
    for m in pattern.finditer(window):
        parts.append(escape(window[last : m.start()]))
        parts.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    parts.append(escape(window[last:]))
    return mark_safe("".join(parts))


def _cut(text: str, start: int, length: int) -> str:
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = text[start : start + length]
    if start + length < len(text):
        space = window.rfind(" ")
        window = (window[:space] if space > length // 2 else window) + "…"
    return ("…" if start > 0 else "") + window
