"""Unique slugs, one helper for pages and models alike.

A slug is made from a title; when it is taken, ``-2``, ``-3`` … is appended.
The taken slugs are read in one query, not one query per attempt.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import slugify


def free_slug(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is not in ``taken``."""
    taken = set(taken)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def slug_base(
    title: str,
    *,
    default: str,
    max_length: int = 70,
    allow_unicode: bool = False,
    reserved: Iterable[str] = (),
) -> str:
    base = slugify(title or "", allow_unicode=allow_unicode)[:max_length].strip("-") or default
    return f"{base}-{default}" if base in set(reserved) else base


def unique_slug(queryset, title: str, *, field: str = "slug", exclude_pk=None, **base_options):
    """A slug for ``title`` not used by any row of ``queryset`` (except ``exclude_pk``)."""
    base = slug_base(title, **base_options)
    rows = queryset.filter(**{f"{field}__startswith": base})
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return free_slug(base, rows.values_list(field, flat=True))


def unique_child_slug(parent, title: str, *, exclude_pk=None, **base_options) -> str:
    """A slug for a new (or renamed) child page of ``parent``: Wagtail wants
    slugs unique among siblings."""
    return unique_slug(parent.get_children(), title, exclude_pk=exclude_pk, **base_options)
