"""The OpenAPI schema, stating what the server enforces: every operation documents the one
error shape for the statuses it can answer (a post-processing hook), and input
serializers are mapped as strictly as they parse (an extension)."""

import copy

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import build_object_type
from rest_framework import serializers

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": build_object_type(
            required=["code", "message", "fields"],
            properties={
                "code": {"type": "string", "description": "Machine-readable, e.g. `mismatch`."},
                "message": {"type": "string", "description": "A sentence for people."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        )
    },
}

DESCRIPTIONS = {
    "400": "Bad input (malformed JSON, missing, unknown or wrongly typed fields, a rule "
    "of the service); nothing was stored.",
    "401": "Not signed in, or an invalid or revoked token.",
    "403": "Signed in but not allowed (not the author, not a moderator, suspended).",
    "404": "No such item, or one hidden from you.",
    "405": "Method not allowed here.",
    "406": "Cannot answer in the requested media type.",
    "409": "Already there (a duplicate article).",
    "413": "The body is over the size limit.",
    "415": "Send JSON (`Content-Type: application/json`).",
    "429": "Too many requests or writes; see `Retry-After`.",
    "500": "Our fault; logged.",
}
READ_STATUSES = ("400", "401", "403", "404", "405", "406", "429", "500")
WRITE_STATUSES = tuple(DESCRIPTIONS)


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    retry_after = {
        "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
    }
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            statuses = READ_STATUSES if method == "get" else WRITE_STATUSES
            responses = operation.setdefault("responses", {})
            for code in statuses:
                if code in responses:
                    continue
                response = {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": ref}},
                }
                if code == "429":
                    response["headers"] = retry_after
                responses[code] = response
    return result


def require_bodies(result, generator, request, public):
    """A body whose schema asks for something (a required field, one of several, at least
    one) must be sent: drf-spectacular only marks it required for required fields."""
    components = result.get("components", {}).get("schemas", {})
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not body:
                continue
            for media in body.get("content", {}).values():
                schema = media.get("schema", {})
                ref = schema.get("$ref", "")
                schema = components.get(ref.rsplit("/", 1)[-1], schema) if ref else schema
                if {"required", "oneOf", "minProperties"} & set(schema):
                    body["required"] = True
    return result


# Input serializers, as the server takes them: no field it does not know, strings without
# NUL (DRF refuses them) and, where blanks are trimmed and refused, with something in
# them; plus each serializer's own `schema_extra` (a rule across fields, say), merged in.
# So a request the schema calls valid is one the serializer accepts.
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


def text_schema(field) -> dict:
    """The pattern a CharField's value must match, as DRF checks it."""
    blank_refused = not field.allow_blank and field.trim_whitespace
    return {"pattern": NOT_BLANK if blank_refused else NO_NUL}


def merge(schema: dict, extra: dict) -> dict:
    """`extra` laid over `schema`, dictionaries merged key by key."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(schema.get(key), dict):
            merge(schema[key], value)
        else:
            schema[key] = value
    return schema


def exactly_one_of(*branches: list[str]) -> dict:
    """JSON Schema for "exactly one of these groups of fields": each branch requires its
    fields and forbids the first field of every other branch."""
    return {
        "oneOf": [
            {
                "required": branch,
                "not": {
                    "anyOf": [{"required": [other[0]]} for other in branches if other != branch]
                },
            }
            for branch in branches
        ]
    }


class InputSerializerSchema(OpenApiSerializerExtension):
    target_class = "core.api.fields.InputSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["additionalProperties"] = False
        properties = schema.get("properties", {})
        for name, field in self.target.fields.items():
            prop = properties.get(name)
            if prop is None:
                continue
            if isinstance(field, serializers.ListField):
                field, prop = field.child, prop.get("items", {})
            # Plain text (a URLField's or a date's format says more).
            plain = prop.get("type") == "string" and "format" not in prop and "enum" not in prop
            if isinstance(field, serializers.CharField) and plain:
                prop.update(text_schema(field))
        return merge(schema, copy.deepcopy(getattr(self.target, "schema_extra", {})))
