"""Import by URL through the import page and the API: the page is fetched from a real
local server (pytest-httpserver, with IMPORT_ALLOWED_NETWORKS=127.0.0.0/8)."""

import re

import pytest
from django.core.cache import cache

from annotations import services
from annotations.models import Article
from tests import bad_urls
from tests.seeds import SEED_003, check_seed_000, seeds_dir

pytestmark = pytest.mark.django_db

SEEDS = seeds_dir()
PAGE = """<html lang="en"><head><title>Harbour tolls rise</title>
<link rel="canonical" href="https://news.example.org/harbour">
<meta name="author" content="Jane Doe"></head>
<body><nav>Home | World</nav><article><h1>Harbour tolls rise</h1>
<p>The harbour authority announced on Tuesday that tolls will rise by twelve percent.</p>
<p>Shipping companies asked the council to wait for the public hearing next month.</p>
</article><footer>Copyright The Daily Example</footer></body></html>"""


@pytest.fixture(autouse=True)
def _local_network(settings):
    settings.IMPORT_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    cache.clear()


def source(client, url, **extra):
    return client.post(
        "/articles/import/", {"step": "source", "format": "auto", "url": url, **extra}
    )


def test_a_page_is_fetched_into_the_preview_and_nothing_is_stored(alice_client, httpserver):
    httpserver.expect_request("/harbour").respond_with_data(PAGE, content_type="text/html")
    response = source(alice_client, httpserver.url_for("/harbour"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Harbour tolls rise"
    assert form["source_url"].value() == "https://news.example.org/harbour"
    texts = [p["text"] for p in response.context["paragraphs"]]
    assert texts[0].startswith("The harbour authority")
    assert "Copyright" not in " ".join(texts)
    assert Article.objects.count() == 0


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is not there")
def test_the_scraped_seed_imports_by_url_cleaned(alice_client, httpserver):
    raw = (SEEDS / "000_a5bbe538e2f41d8b.txt").read_bytes()
    httpserver.expect_request("/seed").respond_with_data(
        raw, content_type="text/plain; charset=utf-8"
    )
    response = source(alice_client, httpserver.url_for("/seed"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["source_url"].value() == httpserver.url_for("/seed")
    texts = [p["text"] for p in response.context["paragraphs"]]
    check_seed_000(form["title"].value(), form["author"].value(), texts)
    kinds = {r["kind"] for r in response.context["removals"]}
    assert {"spam", "breadcrumb", "counter", "byline", "gloss", "markup", "related"} <= kinds


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is not there")
def test_the_markdown_seed_by_url_gets_its_own_source_url_and_no_qq_paragraph(
    alice_client, httpserver
):
    raw = (SEEDS / SEED_003).read_text(encoding="utf-8")
    link = re.findall(r"^\[qq\]\((https?://[^)]+)\)$", raw, re.M)[-1]
    httpserver.expect_request("/md").respond_with_data(
        raw.encode(), content_type="text/markdown; charset=utf-8"
    )
    response = source(alice_client, httpserver.url_for("/md"))
    assert response.status_code == 200
    assert response.context["form"]["source_url"].value() == link
    assert "qq" not in [p["text"] for p in response.context["paragraphs"]]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///etc/passwd", "http://"),
        ("http://user:pass@example.org/", "password"),
        ("http://169.254.169.254/latest/meta-data/", "private network"),
    ],
)
def test_a_refused_url_is_a_sentence_on_the_field(alice_client, settings, url, words):
    settings.IMPORT_ALLOWED_NETWORKS = []
    response = source(alice_client, url)
    assert response.status_code == 422
    errors = response.context["form"].errors["url"]
    assert words in errors[0]
    assert Article.objects.count() == 0


def test_an_image_is_refused_on_the_field(alice_client, httpserver):
    httpserver.expect_request("/p.png").respond_with_data(b"\x89PNG", content_type="image/png")
    response = source(alice_client, httpserver.url_for("/p.png"))
    assert response.status_code == 422
    assert "image/png" in response.context["form"].errors["url"][0]


def test_a_page_with_no_text_is_refused_on_the_field(alice_client, httpserver):
    httpserver.expect_request("/e").respond_with_data(
        "<html><body><nav>Home</nav></body></html>", content_type="text/html"
    )
    response = source(alice_client, httpserver.url_for("/e"))
    assert response.status_code == 422
    assert "paste" in response.context["form"].errors["url"][0]


def test_a_url_and_a_paste_together_are_refused(alice_client):
    response = source(alice_client, "https://example.org/", pasted="Some text.")
    assert response.status_code == 422
    assert "only one" in response.content.decode()


def test_url_imports_are_rate_limited_per_member(alice_client, httpserver, settings):
    two = {"new": (2, 600), "established": (2, 600)}
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "url_import": two}
    httpserver.expect_request("/harbour").respond_with_data(PAGE, content_type="text/html")
    for _ in range(2):
        assert source(alice_client, httpserver.url_for("/harbour")).status_code == 200
    refused = source(alice_client, httpserver.url_for("/harbour"))
    assert refused.status_code == 422
    assert "Slow down" in refused.context["form"].errors["url"][0]


# --- every bad input of the issue, through the import page (the API: tests/api) ------


@pytest.fixture
def bad_url(request, httpserver, settings, monkeypatch):
    yield from bad_urls.serve(request.param, httpserver, settings, monkeypatch)


@pytest.mark.parametrize("bad_url", bad_urls.CASES, indirect=True)
def test_each_bad_input_is_a_sentence_on_the_form_and_nothing_is_stored(alice_client, bad_url):
    url, words = bad_url
    response = source(alice_client, url)
    assert response.status_code == 422
    errors = response.context["form"].errors["url"]
    assert words in errors[0]
    assert errors[0].endswith(".")
    assert Article.objects.count() == 0


def test_a_page_already_imported_is_reported_at_preview_by_its_canonical_url(
    alice_client, alice, httpserver
):
    existing = services.article_import(
        user=alice,
        title="Harbour tolls rise",
        text="An earlier copy with other words.",
        source_url="https://news.example.org/harbour",
    )
    httpserver.expect_request("/harbour").respond_with_data(PAGE, content_type="text/html")
    response = source(alice_client, httpserver.url_for("/harbour"))
    assert response.status_code == 200
    assert response.context["duplicate"] == existing
    assert f'href="/articles/{existing.pk}/"' in response.text
    assert Article.objects.count() == 1


def test_a_page_whose_text_is_already_here_is_reported_at_preview(alice_client, alice, httpserver):
    from annotations import importers

    existing = services.article_import(
        user=alice, title="Copied", text=importers.parse(PAGE, format="html").text
    )
    # The same words under another address, with no canonical link.
    httpserver.expect_request("/copy").respond_with_data(
        PAGE.replace('<link rel="canonical" href="https://news.example.org/harbour">', ""),
        content_type="text/html",
    )
    response = source(alice_client, httpserver.url_for("/copy"))
    assert response.context["duplicate"] == existing
    assert f'href="/articles/{existing.pk}/"' in response.text
