"""drf-spectacular post-processing: every operation documents the one error shape for
the statuses it can answer, and which operations need a signed-in member."""

from drf_spectacular.plumbing import build_object_type

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
