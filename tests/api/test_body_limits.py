"""A body past the upload limit is a 413 in the API's error shape on every write path,
whatever its content type or the way the client signs in, and nothing is stored.

Django refuses a body past DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig) when DRF reads
it, before any parser of ours runs; API_MAX_BODY_BYTES is the API's own, lower limit,
applied by the parser. Both must answer the same 413."""

import json
import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts import services as account_services
from annotations.models import Article, Highlight
from debates.models import Counterargument, Vote
from moderation.models import Flag
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch")


def write_operations() -> list[tuple[str, str]]:
    """Every (method, path template) that takes a body, from the OpenAPI schema: a write
    path added later is covered without touching this file."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in WRITES
    )


def test_the_schema_lists_the_write_paths_this_file_relies_on():
    operations = write_operations()
    assert ("post", "/api/v1/articles/") in operations
    assert ("post", "/api/v1/articles/{id}/annotations/") in operations
    assert ("put", "/api/v1/counterarguments/{id}/vote/") in operations
    assert len(operations) >= 10


@pytest.fixture
def objects(article, passage, answer):
    """Real objects for every path parameter, so each view gets as far as reading the
    body (an unknown id would be a 404 before that)."""
    return {"article": article.pk, "highlight": passage.pk, "counterargument": answer.pk}


def concrete(path: str, objects: dict) -> str:
    if "/articles/{id}" in path:
        kind = "article"
    elif "/highlights/{id}" in path:
        kind = "highlight"
    else:
        kind = "counterargument"
    return re.sub(r"\{[a-z_]+\}", str(objects[kind]), path)


def stored() -> tuple[int, ...]:
    return (
        Article.objects.count(),
        Highlight.objects.count(),
        Counterargument.objects.count(),
        Vote.objects.count(),
        Flag.objects.count(),
    )


@pytest.fixture
def small_limits(settings):
    # The same code paths as 5 MB, with bodies small enough to build quickly.
    settings.API_MAX_BODY_BYTES = 1_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4_000


BIG = 10_000  # past both limits
BETWEEN = 2_000  # past the API's limit, under Django's


def json_body(size: int) -> bytes:
    return json.dumps({"title": "Long", "text": "x" * size, "body": "y" * size}).encode()


def multipart_body(size: int) -> tuple[bytes, str]:
    boundary = "limitboundary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="text"\r\n\r\n'
        f"{'x' * size}\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    return body, f"multipart/form-data; boundary={boundary}"


def bodies(size: int) -> list[tuple[bytes, str]]:
    return [
        (json_body(size), "application/json"),
        (json_body(size), "application/ld+json"),
        (("text=" + "x" * size).encode(), "application/x-www-form-urlencoded"),
        multipart_body(size),
        (b"x" * size, "text/plain"),
    ]


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {account_services.token_get_or_create(user=user).key}"
    )
    return client


def session_client(user) -> Client:
    # CSRF checks on: SessionAuthentication reads the form body to look for the token,
    # which is where an oversized form body used to escape the handler.
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("size", [BIG, BETWEEN], ids=["past-django-limit", "past-api-limit"])
@pytest.mark.parametrize("signed_in", ["token", "session"])
def test_every_write_path_answers_413_to_a_body_over_the_limit(
    mona, objects, small_limits, size, signed_in
):
    client = token_client(mona) if signed_in == "token" else session_client(mona)
    before = stored()
    failures = []
    for method, template in write_operations():
        path = concrete(template, objects)
        for body, content_type in bodies(size):
            response = getattr(client, method)(path, data=body, content_type=content_type)
            if response.status_code != 413:
                failures.append((method, path, content_type, response.status_code))
                continue
            error = assert_error(response, 413, "too_large")
            assert "1,000" in error["message"]
    assert failures == []
    assert stored() == before


def test_an_anonymous_oversized_body_is_refused_before_it_is_read(api, small_limits):
    response = api.post("/api/v1/auth/token/", data=json_body(BIG), content_type="application/json")
    assert_error(response, 413, "too_large")


def test_djangos_own_limit_is_a_413_too_when_the_apis_is_set_higher(alice_api, settings):
    settings.API_MAX_BODY_BYTES = 10_000_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4_000
    response = alice_api.post(
        "/api/v1/articles/", data=json_body(BIG), content_type="application/json"
    )
    error = assert_error(response, 413, "too_large")
    assert "4,000" in error["message"]  # the limit that applied
    assert not Article.objects.exists()


def test_a_body_under_both_limits_still_goes_through(alice_api, small_limits):
    response = alice_api.post(
        "/api/v1/articles/", data={"title": "Short", "text": "A short text."}, format="json"
    )
    assert response.status_code == 201, response.content
