"""Wagtail rich text edited as Markdown in a plain textarea, and back.

Front-end forms edit rich text without a JavaScript editor: ``to_markdown``
turns a rich text field's stored HTML (paragraphs, line breaks, bold,
italic, lists, links, headings) into Markdown, and ``to_rich_text`` turns
the edited Markdown back into rich text cleaned with ``sanitise.RICH_TEXT``.
Plain text works as it is: a blank line starts a paragraph, as on the draft
text page. Raw HTML typed into the textarea is shown as typed, never run.

Wagtail's internal links (``<a linktype="document" id="3">``, to a document
or a page) become ``[text](document:3)`` and ``[text](page:5)``. Going back,
only the internal links the text already had survive (``keep_internal``):
a link typed to any other document id would put that document in the page's
references, and a document's privacy follows the pages using it
(``consultations.documents``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import nh3

from forum_site.sanitise import RICH_TEXT, URL_SCHEMES

INTERNAL_KINDS = ("document", "page")
_INLINE_ESCAPE = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>+\-])", flags=re.M)
_LINE_NUMBER = re.compile(r"^(\s*\d+)\.", flags=re.M)


def _escape(text: str) -> str:
    return _INLINE_ESCAPE.sub(r"\\\1", text)


class _ToMarkdown(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.buf: list[str] = []
        self.prefix = ""
        self.lists: list[list] = []  # [tag, count]
        self.list_lines: list[str] = []
        self.links: list[str] = []
        self.internal: set[tuple[str, str]] = set()

    def _flush(self):
        text = "".join(self.buf).strip(" ")
        self.buf = []
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text).strip()
        if not text:
            return
        if self.lists:
            tag, count = self.lists[-1]
            marker = f"{count}." if tag == "ol" else "-"
            indent = "    " * (len(self.lists) - 1)
            self.list_lines.append(indent + marker + " " + text.replace("\n", "\n" + indent + "  "))
        else:
            text = _LINE_NUMBER.sub(r"\1\\.", _LINE_START.sub(r"\1\\\2", text))
            self.blocks.append(self.prefix + text)
        self.prefix = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("p", "div"):
            self._flush()
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.prefix = "### "
        elif tag == "br":
            self.buf.append("\n")
        elif tag in ("b", "strong"):
            self.buf.append("**")
        elif tag in ("i", "em"):
            self.buf.append("*")
        elif tag == "a":
            kind, ref = attrs.get("linktype"), attrs.get("id") or ""
            if kind in INTERNAL_KINDS and ref.isdigit():
                target = f"{kind}:{ref}"
                self.internal.add((kind, ref))
            else:
                target = (attrs.get("href") or "").replace(" ", "%20").replace(")", "%29")
            self.links.append(target)
            self.buf.append("[")
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            if self.lists:
                self.lists[-1][1] += 1

    def handle_endtag(self, tag):
        if tag in ("p", "div") or re.fullmatch(r"h[1-6]", tag) or tag == "li":
            self._flush()
        elif tag in ("b", "strong"):
            self.buf.append("**")
        elif tag in ("i", "em"):
            self.buf.append("*")
        elif tag == "a" and self.links:
            self.buf.append(f"]({self.links.pop()})")
        elif tag in ("ul", "ol") and self.lists:
            self._flush()
            self.lists.pop()
            if not self.lists and self.list_lines:
                self.blocks.append("\n".join(self.list_lines))
                self.list_lines = []

    def handle_data(self, data):
        self.buf.append(_escape(re.sub(r"\s+", " ", data)))

    def close(self):
        super().close()
        self._flush()
        while self.lists:
            self.handle_endtag(self.lists[-1][0])


def to_markdown(html: str) -> str:
    """A rich text field's HTML as Markdown (blocks separated by a blank line)."""
    parser = _ToMarkdown()
    parser.feed(html or "")
    parser.close()
    return "\n\n".join(parser.blocks)


def internal_links(html: str) -> set[tuple[str, str]]:
    """The (kind, id) internal links of a rich text field's HTML."""
    parser = _ToMarkdown()
    parser.feed(html or "")
    parser.close()
    return parser.internal


_INTERNAL_LINK = re.compile(r'<a href="(document|page):([^"]*)"[^>]*>(.*?)</a>', flags=re.S)


def to_rich_text(text: str, *, keep_internal=frozenset()) -> str:
    """Markdown (or plain text) to rich text HTML cleaned with ``RICH_TEXT``;
    headings become ``<h3>``; internal links only those in ``keep_internal``."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    md = markdown.Markdown(extensions=["sane_lists", "nl2br"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text)
    html = re.sub(r"<(/?)h[1-6]>", r"<\1h3>", html)
    html = nh3.clean(
        html,
        tags=set(RICH_TEXT.tags),
        attributes={tag: set(names) for tag, names in RICH_TEXT.attributes.items()},
        url_schemes=set(URL_SCHEMES) | set(INTERNAL_KINDS),
        link_rel=None,
        strip_comments=True,
    )

    def internal(match):
        kind, ref, inner = match.groups()
        if (kind, ref) in keep_internal:
            return f'<a linktype="{kind}" id="{ref}">{inner}</a>'
        return inner

    html = _INTERNAL_LINK.sub(internal, html)
    return re.sub(r"<a>(.*?)</a>", r"\1", html, flags=re.S).strip()
