"""Filters of the Wagtail API that take the values the API outputs.

Wagtail filters a field by its database value: a many-to-many field by the
ids of its terms (``?themes=3``), although the API shows their slugs. Here:

- an ``APIField`` serialised with a ``SlugRelatedField`` (slug, number or
  code of a term) is filtered by that value: ``?themes=housing``, ``?sdgs=5``;
- a page model declares filters for its other computed fields in
  ``api_filters = {"name": ApiFilter(...)}`` (countries, regions, the owner's
  name...);
- a field the API shows through some other serializer, without a declared
  filter, is not a filter (a 400 says so): its output is not what the database
  holds;
- any other field goes to Wagtail's filter, once its value is known to be one
  the database accepts.

Values of a closed vocabulary may be given several at once, separated by
commas: a page matches if it has any of them. An unknown value, an empty one,
or one that is not a valid database value is a 400 that says what is
accepted, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from rest_framework import serializers
from taggit.managers import TaggableManager

from forum_site.hygiene import MAX_DB_INT

MAX_LISTED_VALUES = 30


def BadRequestError(message):  # noqa: N802 (Wagtail's class, imported when models are loaded)
    from wagtail.api.v2.utils import BadRequestError as WagtailBadRequest

    return WagtailBadRequest(message)


@dataclass(frozen=True)
class ApiFilter:
    """A query-string filter: ``lookup`` from the model to the value the API outputs."""

    lookup: str
    description: str = ""
    # The accepted values (a closed vocabulary): others are a 400. Without
    # it, any text is accepted and matched exactly (or contained: ``contains``).
    known: Callable[[], Iterable] | None = None
    normalise: Callable[[str], str] | None = None
    contains: bool = False

    @property
    def closed(self) -> bool:
        return self.known is not None

    def values(self, name: str, raw: str) -> list[str]:
        parts = raw.split(",") if self.closed else [raw]
        values = [part.strip() for part in parts if part.strip()]
        if self.normalise:
            values = [self.normalise(value) for value in values]
        if not values:
            raise BadRequestError(f"{name} needs a value")
        if self.closed:
            known = {str(value) for value in self.known()}
            unknown = sorted(set(values) - known)
            if unknown:
                listed = sorted(known, key=lambda v: (len(v), v) if v.isdigit() else (99, v))
                more = " …" if len(listed) > MAX_LISTED_VALUES else ""
                raise BadRequestError(
                    f"unknown value for {name}: {', '.join(unknown)} "
                    f"(accepted: {', '.join(listed[:MAX_LISTED_VALUES])}{more})"
                )
        return values

    def apply(self, queryset, name: str, raw: str):
        values = self.values(name, raw)
        if self.closed:
            condition = {f"{self.lookup}__in": values}
        elif self.contains:
            condition = {f"{self.lookup}__icontains": values[0]}
        else:
            condition = {self.lookup: values[0]}
        # Through a subquery: a lookup across a to-many relation lists a page once.
        matching = queryset.model._default_manager.filter(**condition).values("pk")
        return queryset.filter(pk__in=matching)


def _api_field(model, name):
    for field in getattr(model, "api_fields", ()):
        if getattr(field, "name", field) == name:
            return field
    return None


def _slug_filter(model, api_field) -> ApiFilter | None:
    serializer = getattr(api_field, "serializer", None)
    if isinstance(serializer, serializers.ManyRelatedField):
        serializer = serializer.child_relation
    if not isinstance(serializer, serializers.SlugRelatedField):
        return None
    try:
        related = model._meta.get_field(api_field.name).related_model
    except FieldDoesNotExist:
        return None
    if related is None:
        return None
    slug_field = serializer.slug_field

    def known():
        return related._default_manager.values_list(slug_field, flat=True)

    label = related._meta.verbose_name_plural
    return ApiFilter(
        f"{api_field.name}__{slug_field}",
        description=f"{label} ({slug_field}), as the field shows them; several: any of them",
        known=known,
    )


@cache
def declared_filters(model) -> dict[str, ApiFilter]:
    """The filters of ``model`` that take output values: derived from its
    slug-serialised API fields, then its own ``api_filters``."""
    filters = {}
    for api_field in getattr(model, "api_fields", ()):
        derived = _slug_filter(model, api_field)
        if derived:
            filters[api_field.name] = derived
    filters.update(getattr(model, "api_filters", {}))
    return filters


def apply_declared_filters(queryset, declared: dict[str, ApiFilter], params):
    for name, api_filter in declared.items():
        if name in params:
            queryset = api_filter.apply(queryset, name, params[name])
    return queryset


def is_plain_field(model, name) -> bool:
    """Shown as the database holds it (no serializer of its own): Wagtail may filter it."""
    api_field = _api_field(model, name)
    return getattr(api_field, "serializer", None) is None


def check_field_value(model, name: str, value: str) -> None:
    """A 400 unless Wagtail may filter ``name`` by ``value`` without a database error."""
    if not is_plain_field(model, name):
        raise BadRequestError(f"{name} cannot be used as a filter")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return
    if isinstance(field, TaggableManager):
        return
    if field.is_relation:
        if not value.isdigit() or int(value) > MAX_DB_INT:
            target = field.related_model._meta.verbose_name
            raise BadRequestError(f"{name} takes the id of a {target}")
        return
    if isinstance(field, models.BooleanField):
        return  # Wagtail parses true/false itself, with its own 400.
    try:
        prepared = field.get_prep_value(field.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError) as error:
        raise BadRequestError(f"'{value}' is not a valid value for {name}") from error
    if isinstance(prepared, int) and abs(prepared) > MAX_DB_INT:
        raise BadRequestError(f"'{value}' is out of range for {name}")
    if field.choices:
        accepted = [str(choice) for choice, _label in field.flatchoices]
        if str(prepared) not in accepted:
            raise BadRequestError(
                f"unknown value for {name}: {value} (accepted: {', '.join(accepted)})"
            )
