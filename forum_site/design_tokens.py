"""The design tokens of ``forum_site/static/forum_site/css/tokens.css``, read
from the stylesheet itself: the styleguide lists them and the tests compute the
contrast of colour pairs from them, so neither can drift from the CSS."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

TOKENS_CSS = Path(__file__).resolve().parent / "static" / "forum_site" / "css" / "tokens.css"

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
# The token groups shown in the styleguide, by name prefix (first match wins).
GROUPS = (
    ("space", ("--space-", "--gap")),
    ("type", ("--step-", "--font", "--measure")),
    ("size", ("--target", "--radius", "--border", "--shadow")),
)


def _block(css: str, opening: str) -> str:
    """The text between ``opening``'s first brace and its matching closing one."""
    start = css.index("{", css.index(opening)) + 1
    depth, index = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(css[index], 0)
        index += 1
    return css[start : index - 1]


def parse(css: str, opening: str = ":root") -> dict[str, str]:
    """``{"--name": "value"}`` of the first rule opened by ``opening``."""
    css = _COMMENT.sub("", css)
    return {name: value.strip() for name, value in _DECLARATION.findall(_block(css, opening))}


@cache
def tokens() -> dict[str, str]:
    return parse(TOKENS_CSS.read_text(encoding="utf-8"))


@cache
def high_contrast_tokens() -> dict[str, str]:
    """The tokens as ``prefers-contrast: more`` redefines them over the others."""
    css = TOKENS_CSS.read_text(encoding="utf-8")
    return {**tokens(), **parse(_block(_COMMENT.sub("", css), "@media (prefers-contrast: more)"))}


def resolve(value: str, table: dict[str, str]) -> str:
    """A value with ``var(--x)`` references replaced by their values."""
    for _ in range(5):
        match = re.fullmatch(r"var\((--[\w-]+)\)", value)
        if not match:
            break
        value = table[match.group(1)]
    return value


def group(name: str, value: str) -> str:
    for key, prefixes in GROUPS:
        if name.startswith(prefixes):
            return key
    return "colour" if resolve(value, tokens()).startswith("#") else "size"


def grouped() -> dict[str, list[tuple[str, str]]]:
    """``{"colour": [(name, value), …], "space": …, "type": …, "size": …}``."""
    out: dict[str, list[tuple[str, str]]] = {"colour": [], "space": [], "type": [], "size": []}
    for name, value in tokens().items():
        out[group(name, value)].append((name, value))
    return out
