"""/api/v2/schema/: an OpenAPI 3 document generated from the endpoints, that
real responses agree with (fields, types, filters)."""

import pytest

from forum_site.api import api_router
from forum_site.api_schema import PARAMETERS, endpoint_models, model_key

pytestmark = pytest.mark.django_db

JSON_TYPES = {
    "integer": int,
    "number": (int, float),
    "string": str,
    "boolean": bool,
    "array": list,
    "object": dict,
}


def check(value, schema, where):
    """``value`` has the type ``schema`` says (recursively); unknown keys fail."""
    assert schema, f"{where}: no schema"
    if value is None:
        assert schema.get("nullable"), f"{where}: null but not nullable"
        return
    kind = schema["type"]
    assert isinstance(value, JSON_TYPES[kind]), f"{where}: {value!r} is not {kind}"
    if kind == "integer":
        assert not isinstance(value, bool), where
    if kind == "array" and "items" in schema:
        for n, element in enumerate(value):
            check(element, schema["items"], f"{where}[{n}]")
    if kind == "object" and "properties" in schema:
        for key, element in value.items():
            assert key in schema["properties"], f"{where}.{key}: not in the schema"
            check(element, schema["properties"][key], f"{where}.{key}")


@pytest.fixture
def schema(client):
    response = client.get("/api/v2/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_every_endpoint_has_its_paths(schema):
    assert schema["openapi"].startswith("3.")
    for name in api_router._endpoints:
        for path in (f"/api/v2/{name}/", f"/api/v2/{name}/{{id}}/", f"/api/v2/{name}/find/"):
            assert "get" in schema["paths"][path], path


def test_every_query_parameter_is_described(schema):
    for name, viewset in api_router._endpoints.items():
        for parameter in viewset.known_query_parameters:
            assert PARAMETERS.get(parameter, ("", ""))[1], f"{name}: {parameter} undescribed"
        listed = {p["name"] for p in schema["paths"][f"/api/v2/{name}/"]["get"]["parameters"]}
        assert listed >= set(viewset.known_query_parameters)


def test_every_field_of_every_model_is_in_the_schema_with_a_type(schema):
    components = schema["components"]["schemas"]
    for viewset in api_router._endpoints.values():
        for model in endpoint_models(viewset):
            key = model_key(model)
            if key not in components:
                continue  # a page type without fields of its own
            properties = components[key]["properties"]
            shown = set(properties) - {"meta"} | set(properties["meta"]["properties"])
            assert shown == set(viewset.get_available_fields(model)), key
            for name, field in [*properties.items(), *properties["meta"]["properties"].items()]:
                assert "type" in field, f"{key}.{name} has no type"


def test_the_server_is_site_url(schema, settings):
    assert schema["servers"] == [{"url": settings.SITE_URL}]
