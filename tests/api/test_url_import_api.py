"""POST /api/v1/articles/ with {"url": ...}: fetched from a real local server."""

import pytest
from django.core.cache import cache

from annotations.models import Article
from tests import bad_urls
from tests.annotations.test_url_import import PAGE
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_network(settings):
    settings.IMPORT_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    cache.clear()


def test_the_api_imports_by_url(alice_api, httpserver):
    httpserver.expect_request("/harbour").respond_with_data(PAGE, content_type="text/html")
    response = alice_api.post(
        "/api/v1/articles/", {"url": httpserver.url_for("/harbour")}, format="json"
    )
    assert response.status_code == 201, response.json()
    article = Article.objects.get()
    assert article.title == "Harbour tolls rise"
    assert article.source_url == "https://news.example.org/harbour"
    assert article.text.startswith("The harbour authority")


def test_the_api_refuses_a_private_url_in_its_error_shape(alice_api, settings):
    settings.IMPORT_ALLOWED_NETWORKS = []
    response = alice_api.post("/api/v1/articles/", {"url": "http://10.0.0.1/"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "private network" in str(body)
    assert Article.objects.count() == 0


@pytest.fixture
def bad_url(request, httpserver, settings, monkeypatch):
    yield from bad_urls.serve(request.param, httpserver, settings, monkeypatch)


@pytest.mark.parametrize("bad_url", bad_urls.CASES, indirect=True)
def test_each_bad_input_is_refused_by_the_api_in_its_error_shape(alice_api, bad_url):
    url, words = bad_url
    response = alice_api.post("/api/v1/articles/", {"url": url}, format="json")
    error = assert_error(response, 400)
    assert words in str(error)
    assert Article.objects.count() == 0
