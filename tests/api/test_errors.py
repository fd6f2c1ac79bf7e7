"""One JSON error shape everywhere under /api/, whatever went wrong."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from rest_framework.exceptions import NotFound

from annotations.models import Article
from core.api import errors as drf
from core.api import views as api_views
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_an_unknown_api_path_is_a_json_404(api):
    assert_error(api.get("/api/v1/nothing-here/"), 404, "not_found")


def test_an_unknown_api_path_is_json_even_in_development(api, settings):
    settings.DEBUG = True
    assert_error(api.get("/api/v1/articles"), 404, "not_found")  # no slash: no redirect
    assert_error(api.patch("/api/v1/articles/1.5/", {}, format="json"), 404, "not_found")


def test_an_unknown_path_outside_the_api_is_still_an_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_a_405(alice_api):
    assert_error(alice_api.delete("/api/v1/articles/"), 405, "method_not_allowed")


def test_malformed_json_is_a_400_and_stores_nothing(alice_api):
    response = alice_api.post(
        "/api/v1/articles/", data='{"title": "T", "text": ', content_type="application/json"
    )
    assert_error(response, 400, "malformed")
    assert not Article.objects.exists()


def test_json_constants_like_nan_are_malformed(alice_api):
    response = alice_api.post(
        "/api/v1/articles/", data='{"title": NaN}', content_type="application/json"
    )
    assert_error(response, 400, "malformed")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("[" * 100_000 + "]" * 100_000, id="nested-too-deeply"),
        pytest.param('{"title": "\\ud800", "text": "x"}', id="lone-surrogate"),
        pytest.param(b"\xff\xfe{}", id="not-utf-8"),
    ],
)
def test_json_that_cannot_be_text_is_malformed(alice_api, body):
    response = alice_api.post("/api/v1/articles/", data=body, content_type="application/json")
    assert_error(response, 400, "malformed")
    assert not Article.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400(alice_api):
    response = alice_api.post("/api/v1/articles/", data="[1, 2]", content_type="application/json")
    assert_error(response, 400)


def test_a_form_encoded_body_is_a_415(alice_api):
    response = alice_api.post(
        "/api/v1/articles/", data="title=T&text=x", content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, 415, "unsupported_media_type")
    assert not Article.objects.exists()


def test_a_body_over_the_limit_is_a_413(alice_api, settings):
    settings.API_MAX_BODY_BYTES = 1000
    payload = json.dumps({"title": "Long", "text": "x" * 2000})
    response = alice_api.post("/api/v1/articles/", data=payload, content_type="application/json")
    error = assert_error(response, 413, "too_large")
    assert "1,000" in error["message"]
    assert not Article.objects.exists()


def test_asking_for_anything_but_json_is_a_406(api):
    assert_error(api.get("/api/v1/articles/", HTTP_ACCEPT="text/html"), 406, "not_acceptable")


def test_an_unexpected_exception_is_logged_and_answered_as_a_json_500(rf, caplog):
    response = drf.exception_handler(RuntimeError("boom"), {"request": rf.get("/api/v1/")})
    assert response.status_code == 500
    assert response.data["error"]["code"] == "server_error"
    assert "boom" in caplog.text


def test_a_crash_outside_a_view_under_api_is_json_too(rf):
    response = api_views.json_500(rf.get("/api/v1/articles/"))
    assert response.status_code == 500
    assert json.loads(response.content)["error"]["code"] == "server_error"


def test_drf_not_found_keeps_the_shape(rf):
    response = drf.exception_handler(NotFound(), {"request": rf.get("/api/v1/")})
    assert response.data == {
        "error": {"code": "not_found", "message": "There is nothing here.", "fields": {}}
    }


def test_the_health_endpoint_asks_the_database_once(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_endpoint_reports_a_database_that_does_not_answer():
    """A real process whose database is a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = sock.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"postgres://nobody@127.0.0.1:{port}/nothing",
        }
        script = (
            "import django, json; django.setup()\n"
            "from django.test import Client\n"
            "r = Client(HTTP_HOST='localhost').get('/api/health/')\n"
            "print(json.dumps([r.status_code, r.json()]))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    status, body = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body == {"status": "error", "database": "unreachable"}


def test_anonymous_reads_are_throttled_with_retry_after(api, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    for _ in range(2):
        assert api.get("/api/v1/articles/").status_code == 200
    response = api.get("/api/v1/articles/")
    assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) > 0
