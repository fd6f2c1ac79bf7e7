"""The generated OpenAPI schema is the API's public contract: it must not change by
accident, e.g. when a serializer is replaced by a faster read model. The committed
snapshot is compared key by key; a deliberate change regenerates it with

    UPDATE_SCHEMA_SNAPSHOT=1 .venv/bin/python -m pytest tests/api/test_schema_snapshot.py

and the diff of tests/api/snapshots/openapi.json is reviewed with the change."""

import json
import os
from pathlib import Path

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"


def _generated() -> dict:
    # In English whatever language an earlier test's request left active in this thread
    # (LocaleMiddleware activates one per request and leaves it there).
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        # Rendered and parsed again, so that lazy translations and enums compare as JSON.
        return json.loads(OpenApiJsonRenderer().render(schema))


def test_the_generated_openapi_schema_is_the_committed_snapshot():
    schema = _generated()
    if os.environ.get("UPDATE_SCHEMA_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing; create it with UPDATE_SCHEMA_SNAPSHOT=1.")
    committed = json.loads(SNAPSHOT.read_text())
    assert sorted(schema["paths"]) == sorted(committed["paths"])
    for path, operations in committed["paths"].items():
        assert schema["paths"][path] == operations, f"the operations of {path} changed"
    for name, component in committed["components"]["schemas"].items():
        assert schema["components"]["schemas"].get(name) == component, f"{name} changed"
    assert schema == committed
