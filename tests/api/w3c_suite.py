"""The W3C Web Annotation test suite's MUST assertions, read from ../shared beside the
repository (see ../shared/w3c-annotation-tests/NOTES.md) and checked with jsonschema.
`format: uri` is checked because rfc3986-validator is installed."""

import json
import os
from pathlib import Path

import pytest

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "w3c-annotation-tests"
MANIFESTS = {
    "annotation": "annotations/annotationMusts.test",
    "collection": "collections/collectionMusts.test",
    "page": "collections/pages/pageMusts.test",
}


def require_suite() -> Path:
    """The suite's folder; a missing folder skips locally but fails in CI."""
    if not SUITE.is_dir():
        message = f"The W3C annotation test suite is not at {SUITE} (../shared beside the repo)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SUITE


def _assertion_files(entries) -> list[str]:
    files = []
    for entry in entries:
        if isinstance(entry, list):
            files.extend(_assertion_files(entry))
        elif isinstance(entry, dict):
            files.extend(_assertion_files(entry.get("assertions", [])))
        else:
            files.append(entry)
    return files


class Suite:
    def __init__(self, root: Path):
        from jsonschema import Draft4Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        resources = []
        for path in sorted((root / "definitions").glob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            resources.append((schema["id"], Resource.from_contents(schema, DRAFT4)))
        self.registry = Registry().with_resources(resources)
        self.checker = Draft4Validator.FORMAT_CHECKER
        assert "uri" in self.checker.checkers, "rfc3986-validator must be installed"
        self.assertions = {}
        for kind, manifest in MANIFESTS.items():
            listed = json.loads((root / manifest).read_text(encoding="utf-8"))["assertions"]
            self.assertions[kind] = [
                json.loads((root / name).read_text(encoding="utf-8"))
                for name in _assertion_files(listed)
            ]

    def failures(self, kind: str, document: dict) -> list[str]:
        """The MUST assertions of `kind` the document fails, by their error messages."""
        from jsonschema import Draft4Validator

        failed = []
        for schema in self.assertions[kind]:
            validator = Draft4Validator(schema, registry=self.registry, format_checker=self.checker)
            valid = validator.is_valid(document)
            if valid != (schema.get("expectedResult", "valid") == "valid"):
                failed.append(f"{schema.get('id')}: {schema.get('errorMessage', '')}")
        return failed
