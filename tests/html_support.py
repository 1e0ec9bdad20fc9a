"""Comparing rendered HTML by structure: one element of a page (or a fragment,
or a browser's ``outerHTML``) as a canonical string, so that the same DOM
compares equal whatever the serialiser (attribute order and quoting, entity
spelling, whitespace between tags) and whichever masked CSRF token it holds."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString

# Every rendering masks the CSRF secret afresh: the value differs, the field does not.
VOLATILE_VALUES = {("input", "csrfmiddlewaretoken")}


def _canonical(node, out: list[str]) -> None:
    if isinstance(node, NavigableString):
        if type(node) is not NavigableString:  # comments, doctype, CDATA
            return
        text = re.sub(r"\s+", " ", str(node))
        if text.strip():
            out.append(text.strip())
        return
    attrs = {}
    for name, value in node.attrs.items():
        attrs[name] = " ".join(value) if isinstance(value, list) else value
    if (node.name, attrs.get("name")) in VOLATILE_VALUES:
        attrs["value"] = "…"
    rendered = " ".join(f'{name}="{attrs[name]}"' for name in sorted(attrs))
    out.append(f"<{node.name}{' ' + rendered if rendered else ''}>")
    for child in node.children:
        _canonical(child, out)
    out.append(f"</{node.name}>")


def canonical(html: str, selector: str | None = None) -> str:
    """The canonical form of ``html`` (its first element matching ``selector``,
    if given; AssertionError if none does)."""
    soup = BeautifulSoup(html, "html.parser")
    node = soup.select_one(selector) if selector else soup.find(True)
    assert node is not None, f"nothing matches {selector!r}"
    out: list[str] = []
    _canonical(node, out)
    return "\n".join(out)


def comment_item(html: str, comment_id: int) -> str:
    """The canonical form of a comment's list item in a page or a fragment."""
    return canonical(html, f"li#comment-{comment_id}")
