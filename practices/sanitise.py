"""Turn text from front-end forms into safe rich text for Wagtail.

Wagtail stores rich text exactly as given when it is assigned in code, so
anything a form sends is cleaned here with nh3 before it reaches a
RichTextField or RichTextBlock. Plain text (no tags) becomes paragraphs.
"""

import re
from html import unescape

import nh3
from django.utils.html import escape

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a", "h3"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<[a-zA-Z/!]")


def to_rich_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if _TAG.search(text):
        cleaned = nh3.clean(
            text,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=None,
            strip_comments=True,
        ).strip()
        if not re.match(r"<(p|ul|ol|h3)\b", cleaned):
            cleaned = f"<p>{cleaned}</p>"
        return cleaned
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def to_plain_text(html: str) -> str:
    """Rich text back to editable text for the edit form (tags kept if any)."""
    html = (html or "").strip()
    simple = re.fullmatch(r"(<p>(?:(?!<p>|</p>)[^<]|<br/?>)*</p>)+", html)
    if simple:
        parts = re.findall(r"<p>(.*?)</p>", html, flags=re.S)
        return "\n\n".join(unescape(re.sub(r"<br/?>", "\n", p)) for p in parts)
    return html
