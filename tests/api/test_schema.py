"""/api/schema/ (OpenAPI 3) and /api/docs/, and Schemathesis fuzzing every operation of
the schema against the real WSGI application: no 5xx, every response conforms, and no
request the schema calls valid is refused for a reason the schema could have stated
(positive data acceptance)."""

import collections
import contextlib
import re
from urllib.parse import parse_qs, urlsplit

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WsgiClient

from accounts.services import token_get_or_create
from annotations.services import highlight_create
from config.wsgi import application
from debates import services
from moderation import services as moderation_services
from tests.api.helpers import TEXT
from tests.factories import make_article

pytestmark = pytest.mark.django_db

EXAMPLES = 6  # per operation and mode: enough to find shape errors, quick enough for CI


def test_the_schema_is_valid_openapi_3_and_lists_every_endpoint(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/articles/{id}/highlights/",
        "/api/v1/highlights/{id}/",
        "/api/v1/highlights/{id}/counterarguments/",
        "/api/v1/counterarguments/{id}/",
        "/api/v1/counterarguments/{id}/replies/",
        "/api/v1/counterarguments/{id}/vote/",
        "/api/v1/flags/",
        "/api/v1/moderation/queue/",
        "/api/v1/moderation/actions/",
        "/api/v1/moderation/log/",
        "/api/v1/me/",
        "/api/v1/auth/token/",
    } <= set(schema["paths"])


def test_the_schema_documents_errors_and_auth_for_every_operation(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"401", "404", "429", "500"} <= set(operation["responses"]), (method, path)
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}
            if (method, path) != ("post", "/api/v1/auth/token/"):  # the way in: no auth
                assert "security" in operation, (method, path)


def test_the_schema_states_the_bounds_the_server_enforces(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    params = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    }
    assert params["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert params["cursor"]["pattern"] == "^[A-Za-z0-9+/_-]+={0,2}$"
    assert params["search"]["minLength"] == 1
    components = schema["components"]["schemas"]
    assert components["PatchedArticleReviseInputRequest"]["minProperties"] == 1
    assert components["PatchedCounterargumentEditInputRequest"]["minProperties"] == 1
    assert components["CounterargumentInputRequest"]["properties"]["sources"]["maxItems"] == 5
    assert components["VoteValueEnum" if "VoteValueEnum" in components else "ValueEnum"][
        "enum"
    ] == [
        -1,
        1,
    ]
    inputs = [name for name in components if name.endswith("Request")]
    assert inputs
    assert all(components[name]["additionalProperties"] is False for name in inputs)


def test_the_interactive_docs_load_their_assets_from_this_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert "<script>" not in html  # no inline script: the CSP forbids it
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200, source
        asset.close()  # static files stream from an open file


@pytest.fixture
def wsgi_shares_the_test_transaction():
    """Requests go through the real WSGI handler, whose end-of-request signal would close
    the test's database connection (and its transaction); Django's test client unhooks
    the same receiver."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(wsgi_shares_the_test_transaction, alice, bob, mona, passage, answer):
    """Real rows for the fuzzer to aim at, and a token for each role; two of each listed
    thing, so that the lists have a second page to give a cursor for."""
    services.reply_post(user=alice, parent=answer, stance="asks", body="Which ones?")
    make_article(user=bob, title="Twenty years of food", text="A person eats for twenty years.")
    words = "twenty years of food"
    start = TEXT.index(words)
    highlight_create(
        user=bob, article=passage.article, start=start, end=start + len(words), exact=words
    )
    moderation_services.flag_create(user=alice, target=answer, reason="spam")
    # alice's own answer, hidden, and her appeal of it: for the appeals' operations.
    own = services.counterargument_post(
        user=alice, highlight=passage, stance="qualifies", body="Mine, hidden."
    )
    moderation_services.moderate(moderator=mona, target=own, action="hide", reason="x")
    appeal = moderation_services.appeal_create(user=alice, target=own, note="Look again.")
    tokens = {
        "member": token_get_or_create(user=alice),
        "moderator": token_get_or_create(user=mona),
    }

    def restore():
        for token in tokens.values():
            Token.objects.get_or_create(key=token.key, user=token.user)

    return {
        "restore": restore,
        "ids": {
            "articles": passage.article_id,
            "highlights": passage.pk,
            # bob's answer: the member (alice) may vote on it, reply to it, flag it.
            "counterarguments": answer.pk,
            "moderation": appeal.pk,  # /moderation/appeals/{id}/decision/
        },
        "tokens": {role: token.key for role, token in tokens.items()},
    }


# Refusals that turn on the data at hand, which no schema can state: the password, what the
# article's text is, which items exist, what was just posted, the state the passage or
# answer is in (another drawn request may have orphaned, hidden or answered it). Each is a
# 400 with its own code; any other 4xx to a schema-valid request is a finding.
FETCH_REFUSALS = {
    "private_address", "dns", "unreachable", "timeout", "http_error", "bad_redirect",
    "redirect_loop", "too_many_redirects", "bad_content_type", "too_big",
}  # fmt: skip
STATE_REFUSALS = {
    ("POST", "/api/v1/auth/token/"): {"bad_credentials"},
    # an address's page: whether it exists, answers, and holds an article
    ("POST", "/api/v1/articles/"): {"no_text", "empty", "binary", *FETCH_REFUSALS},
    ("PATCH", "/api/v1/articles/{id}/"): {"empty", "locked"},
    ("POST", "/api/v1/articles/{id}/highlights/"): {"out_of_range", "mismatch", "empty", "locked"},
    ("POST", "/api/v1/articles/{id}/annotations/"): {"mismatch", "locked"},
    ("DELETE", "/api/v1/highlights/{id}/"): {"answered"},
    ("POST", "/api/v1/highlights/{id}/counterarguments/"): {"orphaned", "duplicate", "locked"},
    ("POST", "/api/v1/counterarguments/{id}/replies/"): {
        "closed",
        "orphaned",
        "duplicate",
        "locked",
    },
    ("PATCH", "/api/v1/counterarguments/{id}/"): {"closed", "locked"},
    ("PUT", "/api/v1/counterarguments/{id}/vote/"): {"closed", "locked"},
    ("POST", "/api/v1/flags/"): {"not_found", "duplicate"},
    ("POST", "/api/v1/moderation/actions/"): {"not_found", "self"},
    # whether the item is hidden, and was appealed already; the note's length
    ("POST", "/api/v1/moderation/appeals/"): {
        "not_found",
        "duplicate",
        "not_moderated",
        "required",
        "too_long",
    },
    ("POST", "/api/v1/moderation/appeals/{id}/decision/"): {"decided", "removed", "required"},
}
FINDINGS: collections.Counter = collections.Counter()


def _error_code(response) -> str | None:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


@schemathesis.check
def schema_valid_requests_are_accepted(ctx, response, case):
    """Schemathesis' positive data acceptance (a schema-valid request gets 2xx, 401, 403,
    404, 409 or 429), but for the refusals in STATE_REFUSALS."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _error_code(response) in STATE_REFUSALS.get((case.method, case.path), ()):
            FINDINGS["state refusal"] += 1
            return None
        FINDINGS["schema-valid request rejected"] += 1
        raise


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    schema_valid_requests_are_accepted,
]


def _real_cursor(operation, path_id, headers) -> str | None:
    """A cursor the server gave out for this list (its second page, one item a page where
    the size can be chosen), or None when it has only one page. A cursor is opaque: the
    schema states its alphabet, but only the server makes one, so the fuzzer's drawn
    cursors are swapped for this one instead of being refused as forgeries."""
    names = {parameter.name for parameter in operation.iter_parameters()}
    if "cursor" not in names:
        return None
    path = operation.path.replace("{id}", str(path_id))
    query = {"page_size": 1} if "page_size" in names else {}
    # Through the WSGI application, as the fuzzer's requests go (Django's test client
    # would hook the connection-closing signal back up).
    response = WsgiClient(application).get(path, query_string=query, headers=headers)
    link = response.get_json().get("next") if response.status_code == 200 else None
    return parse_qs(urlsplit(link).query)["cursor"][0] if link else None


def _with_real_cursor(case, cursor):
    if case.query and "cursor" in case.query:
        if cursor is None:
            del case.query["cursor"]
        else:
            case.query["cursor"] = cursor
    return case


def _fuzz(strategy, headers, examples, restore):
    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=strategy)
    def run(case):
        cache.clear()  # throttles would otherwise turn later examples into 429s
        response = case.call(headers=headers)
        restore()  # DELETE /api/v1/auth/token/ is among the operations
        case.validate_response(response, checks=CHECKS, headers=headers)

    # Negative mode has nothing to break in an operation without inputs.
    with contextlib.suppress(hypothesis.errors.Unsatisfiable):
        run()


@pytest.mark.parametrize("role", ["member", "moderator", "anonymous"])
def test_every_operation_survives_fuzzing_and_answers_as_documented(world, role):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    headers = {"Authorization": f"Token {world['tokens'][role]}"} if role in world["tokens"] else {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    FINDINGS.clear()
    for operation in operations:
        resource = operation.path.split("/")[3]
        fixed = {"id": world["ids"][resource]} if "{id}" in operation.path else None
        positive = operation.as_strategy(path_parameters=fixed)
        if operation.method.upper() == "GET":
            cursor = _real_cursor(operation, (fixed or {}).get("id"), headers)
            positive = positive.map(lambda case, cursor=cursor: _with_real_cursor(case, cursor))
        negative = operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
        _fuzz(positive, headers, EXAMPLES, world["restore"])
        _fuzz(negative, headers, EXAMPLES // 2, world["restore"])
    # What the acceptance check saw, for the record (pytest -s prints it).
    print(role, dict(FINDINGS))
    assert FINDINGS["schema-valid request rejected"] == 0
