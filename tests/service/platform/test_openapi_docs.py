"""Every operation in the API documentation says what it does and shows at least one example, and every
example in the document is valid against the schema it illustrates (so ``/docs`` never shows a body that
the API would refuse)."""

import typing
from typing import Any

import jsonschema_rs
import pytest
from pydantic import BaseModel

from service.app.main import create_app
from service.app.routes import api_routes

WHO = "**Who may call it:**"
METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app().openapi()


def _schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def _shows_example(spec: dict[str, Any], content: dict[str, Any]) -> bool:
    """A media type with an example, or a schema with its own (or, for a list or a page, its items')."""
    for media in content.values():
        if "example" in media or "examples" in media:
            return True
        if _schema_shows_example(spec, media.get("schema") or {}):
            return True
    return False


def _schema_shows_example(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    schema = _schema(spec, schema)
    if "examples" in schema:
        return True
    if any(_schema_shows_example(spec, s) for s in schema.get("anyOf", []) + schema.get("oneOf", [])):
        return True
    items = schema.get("items") or schema.get("properties", {}).get("items", {}).get("items")
    return bool(items) and "examples" in _schema(spec, items)


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.upper(), p, op) for p, item in spec["paths"].items() for m, op in item.items() if m in METHODS]


def test_every_operation_has_a_description_and_an_example(spec: dict[str, Any]) -> None:
    operations = _operations(spec)
    assert len(operations) > 60
    missing: list[str] = []
    for method, path, op in operations:
        description = op.get("description", "").split(WHO)[0].strip()
        if len(description) < 20:
            missing.append(f"{method} {path}: no description (a docstring or description=)")
        body = op.get("requestBody")
        ok = [c for code, r in op["responses"].items() if code.startswith("2") and (c := r.get("content"))]
        if body is not None:
            shown = _shows_example(spec, body["content"])
            what = "request body"
        elif ok:
            shown = any(_shows_example(spec, content) for content in ok)
            what = "response"
        else:  # nothing in, nothing out (204): an example of a parameter or of an error answer
            shown = any("example" in p or "examples" in p for p in op.get("parameters", [])) or any(
                _shows_example(spec, r.get("content", {})) for r in op["responses"].values()
            )
            what = "parameter or error"
        if not shown:
            missing.append(f"{method} {path}: no {what} example")
    assert missing == [], f"{len(missing)} problems:\n" + "\n".join(missing)


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    return jsonschema_rs.validator_for({**schema, "components": spec["components"]})


def test_every_example_is_valid_against_its_schema(spec: dict[str, Any]) -> None:
    checked = 0
    wrong: list[str] = []
    for name, schema in spec["components"]["schemas"].items():
        validator = _validator(spec, {"$ref": f"#/components/schemas/{name}"})
        for i, example in enumerate(schema.get("examples", [])):
            checked += 1
            wrong += [f"schema {name} example {i}: {e.message}" for e in validator.iter_errors(example)]
    for method, path, op in _operations(spec):
        contents = [op.get("requestBody", {}).get("content", {})]
        contents += [r.get("content", {}) for r in op["responses"].values()]
        for content in contents:
            for media_type, media in content.items():
                examples = [media["example"]] if "example" in media else []
                examples += [e["value"] for e in media.get("examples", {}).values() if "value" in e]
                if not examples or "json" not in media_type:
                    continue
                validator = _validator(spec, media.get("schema") or {})
                for example in examples:
                    checked += 1
                    wrong += [
                        f"{method} {path} {media_type}: {e.message}" for e in validator.iter_errors(example)
                    ]
    assert checked > 60
    assert wrong == [], "\n".join(wrong)


def test_examples_keep_their_nulls(spec: dict[str, Any]) -> None:
    # FastAPI drops None from the document; a required field that may be null must still be in its example.
    created = spec["components"]["schemas"]["ApiKeyCreated"]["examples"][0]
    assert "revoked_at" in created and created["revoked_at"] is None


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models in a body or response annotation (``Page[X]``, ``list[X]``, ``X | Y``)."""
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
        annotation = annotation.__pydantic_generic_metadata__["args"]
    for arg in annotation if isinstance(annotation, tuple) else typing.get_args(annotation):
        found += _models(arg)
    return found


def test_every_model_example_passes_the_models_own_validation() -> None:
    # Beyond the JSON schema: validators (org number check digit, dates in order, a requirement's commitment).
    checked = 0
    for route in api_routes(create_app().routes):
        annotations = [p.field_info.annotation for p in route.dependant.body_params] + [route.response_model]
        for model in {m for a in annotations for m in _models(a)}:
            extra = model.model_config.get("json_schema_extra")
            examples = extra.get("examples", []) if isinstance(extra, dict) else []
            for example in examples if isinstance(examples, list) else []:
                model.model_validate(example)
                checked += 1
    assert checked > 40
