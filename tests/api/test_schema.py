"""/api/schema/ (OpenAPI 3) and /api/docs/, and Schemathesis fuzzing every operation of
the schema against the real WSGI application: no 5xx, and every response conforms."""

import contextlib
import re

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import token_get_or_create
from config.wsgi import application
from debates import services
from moderation import services as moderation_services

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
    """Real rows for the fuzzer to aim at, and a token for each role."""
    services.reply_post(user=alice, parent=answer, stance="asks", body="Which ones?")
    moderation_services.flag_create(user=alice, target=answer, reason="spam")
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
        },
        "tokens": {role: token.key for role, token in tokens.items()},
    }


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


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
    for operation in operations:
        resource = operation.path.split("/")[3]
        fixed = {"id": world["ids"][resource]} if "{id}" in operation.path else None
        positive = operation.as_strategy(path_parameters=fixed)
        negative = operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE)
        _fuzz(positive, headers, EXAMPLES, world["restore"])
        _fuzz(negative, headers, EXAMPLES // 2, world["restore"])
