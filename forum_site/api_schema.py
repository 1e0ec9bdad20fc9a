"""An OpenAPI 3 description of the API at /api/v2/, built from the endpoints.

Nothing here is written by hand per endpoint or per field: the paths come from
the router's endpoints, the parameters from each endpoint's known query
parameters and filters (``forum_site.api_filters``), and each model's schema
from the serializer the endpoint itself builds for it (all its fields, body
and ``meta``). A field added to a model's ``api_fields`` appears here with no
further step; a field whose serializer this module cannot type is listed
without a type, and a test insists that there is none.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from rest_framework import serializers
from rest_framework.fields import _UnvalidatedField
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.images.api.v2.serializers import ImageDownloadUrlField
from wagtail.models import Page, get_page_models

from forum_site.api_filters import declared_filters, is_plain_field

# What each of Wagtail's query parameters does (a test insists every known
# parameter of every endpoint is described here).
PARAMETERS = {
    "limit": ("integer", "How many items to list (at most WAGTAILAPI_LIMIT_MAX)."),
    "offset": ("integer", "How many items to skip."),
    "fields": (
        "string",
        "Comma-separated fields to add to each item (`*` for all; `-name` removes one).",
    ),
    "order": ("string", "A field to order by (`-field` descending, or `random`)."),
    "search": ("string", "Words to search for (cleaned like the site's search page)."),
    "search_operator": ("string", "`and` (every word) or `or` (any word)."),
    "rich_text_format": ("string", "`html` for rich text as HTML."),
    "type": ("string", "A page type, `app_label.ModelName`: unlocks its fields and filters."),
    "child_of": ("integer", "Pages whose parent is this page id."),
    "ancestor_of": ("integer", "Pages above this page id."),
    "descendant_of": ("integer", "Pages below this page id."),
    "translation_of": ("integer", "Translations of this page id."),
    "locale": ("string", "A language code."),
    "site": ("string", "A site's hostname."),
    "_": ("string", "Ignored (cache-busting)."),
    "format": ("string", "`json`."),
}

_STRING_FIELDS = (
    serializers.CharField,
    serializers.StringRelatedField,
    wagtail_serializers.TypeField,
    wagtail_serializers.PageTypeField,
    wagtail_serializers.PageLocaleField,
)
_URL_FIELDS = (
    wagtail_serializers.DetailUrlField,
    wagtail_serializers.PageHtmlUrlField,
    ImageDownloadUrlField,
    DocumentDownloadUrlField,
)
_PAGE_LINK = {
    "type": "object",
    "nullable": True,
    "properties": {
        "id": {"type": "integer"},
        "meta": {"type": "object"},
        "title": {"type": "string"},
    },
}


def _model_field_type(model, name) -> dict:
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 (any lookup problem: say "string")
        return {"type": "string"}
    if isinstance(field, models.IntegerField | models.AutoField):
        return {"type": "integer"}
    return {"type": "string"}


def field_schema(field, model=None, name="") -> dict:
    """The JSON schema of what a serializer field outputs ({} when unknown)."""
    nullable = {"nullable": True} if getattr(field, "allow_null", False) else {}
    if isinstance(field, serializers.ManyRelatedField):
        return {"type": "array", "items": field_schema(field.child_relation, model, name)}
    if isinstance(field, serializers.ListField):
        child = field.child
        items = {"type": "string"} if type(child) is _UnvalidatedField else None
        return {"type": "array", "items": items or field_schema(child, model, name)}
    if isinstance(field, serializers.SlugRelatedField):
        related = field.queryset.model if field.queryset is not None else None
        if related is None and model is not None and name:
            related = model._meta.get_field(name).related_model
        return _model_field_type(related, field.slug_field) if related else {"type": "string"}
    if isinstance(field, serializers.BooleanField):
        return {"type": "boolean", **nullable}
    if isinstance(field, serializers.IntegerField):
        return {"type": "integer", **nullable}
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return {"type": "number", **nullable}
    if isinstance(field, serializers.DateTimeField):
        return {"type": "string", "format": "date-time", **nullable}
    if isinstance(field, serializers.DateField):
        return {"type": "string", "format": "date", **nullable}
    if isinstance(field, serializers.ChoiceField):
        return {"type": "string", "enum": [str(c) for c in field.choices], **nullable}
    if isinstance(field, _URL_FIELDS):
        return {"type": "string", "format": "uri", "nullable": True}
    if isinstance(field, _STRING_FIELDS):
        return {"type": "string", **nullable}
    if isinstance(
        field, wagtail_serializers.PageParentField | wagtail_serializers.PageAliasOfField
    ):
        return _PAGE_LINK
    if isinstance(field, wagtail_serializers.StreamField):
        return {"type": "array", "items": {"type": "object"}, "description": "StreamField blocks"}
    if isinstance(field, wagtail_serializers.TagsField):
        return {"type": "array", "items": {"type": "string"}}
    if isinstance(field, wagtail_serializers.RelatedField):
        return {"type": "object", "nullable": True, "description": "a related object's id and meta"}
    if isinstance(field, wagtail_serializers.ChildRelationField):
        return {"type": "array", "items": {"type": "object"}}
    if isinstance(field, serializers.ReadOnlyField):
        return {"type": "string", "nullable": True}
    return {}


def endpoint_models(viewset) -> list:
    """The models an endpoint serves: for pages, every page type (with its own fields)."""
    if issubclass(viewset.model, Page):
        return [Page, *(m for m in get_page_models() if m is not Page)]
    return [viewset.model]


def model_key(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def serializer_fields(router, viewset, model) -> tuple[dict, list[str]]:
    """Every field the endpoint shows for ``model`` (by name) and which go in ``meta``."""
    serializer_class = viewset._get_serializer_class(
        router, model, [("*", False, None)], show_details=True
    )
    fields = serializer_class().get_fields()
    return fields, list(serializer_class.meta_fields)


def model_schema(router, viewset, model) -> dict:
    fields, meta_names = serializer_fields(router, viewset, model)
    body = {n: field_schema(f, model, n) for n, f in fields.items() if n not in meta_names}
    meta = {n: field_schema(f, model, n) for n, f in fields.items() if n in meta_names}
    schema = {
        "type": "object",
        "properties": {**body, "meta": {"type": "object", "properties": meta}},
    }
    filters = model_filters(viewset, model)
    if filters:
        schema["x-filters"] = filters
    return schema


def model_filters(viewset, model) -> dict[str, str]:
    """Query-string filters for ``model``: declared ones, then Wagtail's plain fields."""
    declared = declared_filters(model)
    filters = {name: str(f.description or name) for name, f in declared.items()}
    for name in viewset.get_available_fields(model, db_fields_only=True):
        if name not in filters and name != "locale" and is_plain_field(model, name):
            filters[name] = "the value as the field shows it"
    return filters


def _parameter(name, kind, description, where="query") -> dict:
    return {"name": name, "in": where, "schema": {"type": kind}, "description": description}


def build_schema(router) -> dict:
    paths, schemas = {}, {}
    for name, viewset in router._endpoints.items():
        refs = []
        for model in endpoint_models(viewset):
            own_fields = getattr(model, "api_fields", None)
            if issubclass(model, Page) and model is not Page and not own_fields:
                continue  # a page type with no fields of its own lists as a Page
            key = model_key(model)
            schemas[key] = model_schema(router, viewset, model)
            refs.append({"$ref": f"#/components/schemas/{key}"})
        item = {"oneOf": refs} if len(refs) > 1 else refs[0]
        parameters = [
            _parameter(p, *PARAMETERS.get(p, ("string", "")))
            for p in sorted(viewset.known_query_parameters)
        ]
        filters = {}
        for model in endpoint_models(viewset):
            for filter_name, description in model_filters(viewset, model).items():
                filters.setdefault(filter_name, []).append(f"{model_key(model)}: {description}")
        for filter_name, descriptions in sorted(filters.items()):
            if filter_name not in viewset.known_query_parameters:
                text = "Filter (with `type=` for a page type's own). " + "; ".join(descriptions)
                parameters.append(_parameter(filter_name, "string", text))
        listing = {
            "type": "object",
            "properties": {
                "meta": {"type": "object", "properties": {"total_count": {"type": "integer"}}},
                "items": {"type": "array", "items": item},
            },
        }
        error = {"description": 'A bad parameter or value: `{"message": "..."}`.'}
        tag = [name]
        paths[f"/api/v2/{name}/"] = {
            "get": {
                "tags": tag,
                "summary": f"List {name}",
                "operationId": f"list_{name}",
                "parameters": parameters,
                "responses": {
                    "200": {"description": "A page of items", "content": _json(listing)},
                    "400": error,
                },
            }
        }
        paths[f"/api/v2/{name}/{{id}}/"] = {
            "get": {
                "tags": tag,
                "summary": f"One of the {name}",
                "operationId": f"get_{name}",
                "parameters": [
                    _parameter("id", "integer", "The item's id.", where="path")
                    | {"required": True},
                    _parameter("fields", *PARAMETERS["fields"]),
                ],
                "responses": {
                    "200": {"description": "The item", "content": _json(item)},
                    "404": {"description": "No such item (or not visible)."},
                },
            }
        }
        find = [
            _parameter(p, "string", f"Find by {p}.") for p in sorted(viewset.find_query_parameters)
        ]
        paths[f"/api/v2/{name}/find/"] = {
            "get": {
                "tags": tag,
                "summary": f"Find one of the {name}",
                "operationId": f"find_{name}",
                "parameters": find,
                "responses": {
                    "302": {"description": "Redirects to the item's detail URL."},
                    "404": {"description": "Not found."},
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{settings.WAGTAIL_SITE_NAME} API",
            "version": "2",
            "description": "Wagtail API v2 of the forum: live, public content only. "
            "See docs/api.md.",
        },
        "servers": [{"url": settings.SITE_URL}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _json(schema) -> dict:
    return {"application/json": {"schema": schema}}
