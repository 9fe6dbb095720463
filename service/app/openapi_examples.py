"""Examples in the OpenAPI document keep their nulls.

FastAPI serialises the document with ``exclude_none``, which also drops the ``null`` values inside the
examples: an example of a required field that may be null (``revoked_at``, ``manual_reason``) then lacks
the field, and is invalid against its own schema. After generation, each example gets those fields back
as ``null``, guided by its schema.
"""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

Schema = dict[str, Any]


def _nullable(schema: Schema) -> bool:
    alternatives = schema.get("anyOf", []) + schema.get("oneOf", [])
    return schema.get("type") == "null" or any(alt.get("type") == "null" for alt in alternatives)


class _Restorer:
    def __init__(self, components: dict[str, Schema]) -> None:
        self.components = components

    def resolve(self, schema: Schema) -> Schema:
        ref = schema.get("$ref", "")
        return self.components.get(ref.rsplit("/", 1)[-1], {}) if ref else schema

    def restore(self, value: Any, schema: Schema, depth: int = 0) -> None:
        """Put back, as null, each required nullable field that ``value`` lacks (nested values too)."""
        schema = self.resolve(schema)
        if depth > 32 or not schema:
            return
        # ``X | None`` (anyOf [X, null]): follow X; ambiguous unions of several schemas are left alone.
        others = [s for s in schema.get("anyOf", []) + schema.get("oneOf", []) if s.get("type") != "null"]
        if len(others) == 1:
            self.restore(value, others[0], depth + 1)
        if isinstance(value, dict):
            properties: dict[str, Schema] = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value and _nullable(properties.get(name, {})):
                    value[name] = None
            for name, sub in properties.items():
                if name in value:
                    self.restore(value[name], sub, depth + 1)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                for name, item in value.items():
                    if name not in properties:
                        self.restore(item, extra, depth + 1)
        elif isinstance(value, list):
            items = schema.get("items")
            if isinstance(items, dict):
                for item in value:
                    self.restore(item, items, depth + 1)

    def restore_media(self, media: Schema) -> None:
        schema = media.get("schema") or {}
        if "example" in media:
            self.restore(media["example"], schema)
        for named in (media.get("examples") or {}).values():
            if isinstance(named, dict) and "value" in named:
                self.restore(named["value"], schema)


def restore_example_nulls(document: dict[str, Any]) -> None:
    """Give back the nulls that serialisation dropped from every example of ``document`` (in place)."""
    components: dict[str, Schema] = document.get("components", {}).get("schemas", {})
    restorer = _Restorer(components)
    for name, schema in components.items():
        for example in schema.get("examples", []):
            restorer.restore(example, {"$ref": f"#/components/schemas/{name}"})
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            body = operation.get("requestBody", {}).get("content", {})
            answers = [r.get("content", {}) for r in operation.get("responses", {}).values()]
            for content in [body, *answers]:
                for media in content.values():
                    restorer.restore_media(media)


def keep_example_nulls(app: FastAPI) -> None:
    """Make ``app.openapi()`` (and so ``/openapi.json`` and ``/docs``) serve examples with their nulls."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            restore_example_nulls(generate())
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
