"""HTML from users, made safe: the site's one set of allow-lists.

Wagtail stores rich text exactly as given when it is assigned in code, and
comments are rendered from Markdown, so every piece of user HTML passes
through nh3 here with one of three allow-lists:

- ``COMMENTS``: what Markdown in a comment may become (quotes, code, lists,
  links with rel="nofollow noopener");
- ``RICH_TEXT``: what the front-end forms may put into a Wagtail rich text
  field (paragraphs, emphasis, lists, links, third-level headings);
- ``PARAGRAPHS``: paragraphs and line breaks only (imported descriptions);
- ``DRAFT_TEXT``: a consultation's draft policy text (pasted or converted from
  .docx): headings, paragraphs, lists, tables, quotations, emphasis and links;
- ``TRANSLATION_SEGMENT``: one translated string of a page on the front end
  (``forum_site.content_translation``): wagtail-localize's inline tags, links
  by their ``id`` only (the address stays the source's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

import markdown
import nh3
from django.utils.html import escape

URL_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class AllowList:
    tags: frozenset
    attributes: dict = field(default_factory=dict)
    link_rel: str | None = None


COMMENTS = AllowList(
    tags=frozenset(
        {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr"}
    ),
    attributes={"a": {"href", "title"}},
    link_rel="nofollow noopener",
)
RICH_TEXT = AllowList(
    tags=frozenset({"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a", "h3"}),
    attributes={"a": {"href"}},
)
PARAGRAPHS = AllowList(tags=frozenset({"p", "br"}))
DRAFT_TEXT = AllowList(
    tags=frozenset(
        {"p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "a", "blockquote"}
        | {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li"}
        | {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
    ),
    attributes={
        "a": {"href"},
        "ol": {"start"},
        "td": {"colspan", "rowspan"},
        "th": {"colspan", "rowspan", "scope"},
    },
    link_rel="nofollow noopener",
)

# wagtail_localize.strings.INLINE_TAGS; an <a> keeps only the id that names its
# source link (wagtail-localize puts the href back).
TRANSLATION_SEGMENT = AllowList(
    tags=frozenset({"a", "abbr", "acronym", "b", "code", "em", "i", "strong", "br"}),
    attributes={"a": {"id"}},
)

_TAG = re.compile(r"<[a-zA-Z/!]")


def clean_html(html: str, allow: AllowList) -> str:
    """``html`` with everything outside ``allow`` removed; only http(s) and
    mailto links survive."""
    return nh3.clean(
        html or "",
        tags=set(allow.tags),
        attributes={tag: set(names) for tag, names in allow.attributes.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=allow.link_rel,
        strip_comments=True,
    )


def paragraphs_html(text: str) -> str:
    """Plain text to escaped ``<p>`` paragraphs (blank lines) with ``<br/>`` (newlines)."""
    text = (text or "").replace("\r\n", "\n").strip()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def render_markdown(text: str) -> str:
    """Markdown to safe HTML: raw HTML is shown as text, then ``COMMENTS`` applies."""
    md = markdown.Markdown(extensions=["fenced_code", "sane_lists", "nl2br"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return clean_html(md.convert(text or ""), COMMENTS)


def to_rich_text(text: str) -> str:
    """Form text to Wagtail rich text: HTML is cleaned with ``RICH_TEXT``,
    plain text (no tags) becomes paragraphs."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if _TAG.search(text):
        cleaned = clean_html(text, RICH_TEXT).strip()
        if not re.match(r"<(p|ul|ol|h3)\b", cleaned):
            cleaned = f"<p>{cleaned}</p>"
        return cleaned
    return paragraphs_html(text)


def to_plain_text(html: str) -> str:
    """Rich text back to editable text for an edit form (tags kept if any)."""
    html = (html or "").strip()
    simple = re.fullmatch(r"(<p>(?:(?!<p>|</p>)[^<]|<br/?>)*</p>)+", html)
    if simple:
        parts = re.findall(r"<p>(.*?)</p>", html, flags=re.S)
        return "\n\n".join(unescape(re.sub(r"<br/?>", "\n", p)) for p in parts)
    return html
