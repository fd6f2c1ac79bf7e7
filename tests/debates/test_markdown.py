"""Members' Markdown: rendered with markdown-it-py, raw HTML off, sanitised with nh3,
links marked rel="nofollow ugc noopener"; and the live preview under the argument box."""

from html.parser import HTMLParser

import pytest

from debates import markdown


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "*em* **strong** ~~gone~~",
            "<p><em>em</em> <strong>strong</strong> <s>gone</s></p>\n",
            id="inline",
        ),
        pytest.param("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>\n", id="quote"),
        pytest.param("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n", id="list"),
        pytest.param("# Big", "<h3>Big</h3>\n", id="headings never outrank the page"),
    ],
)
def test_markdown_renders_the_usual_things(source, expected):
    assert markdown.render(source) == expected


def test_links_get_nofollow_ugc_noopener():
    html = markdown.render("[data](https://example.org/x)")
    assert html == ('<p><a href="https://example.org/x" rel="nofollow ugc noopener">data</a></p>\n')


@pytest.mark.parametrize(
    "attack",
    [
        pytest.param("<script>alert(1)</script>", id="script tag"),
        pytest.param("<img src=x onerror=alert(1)>", id="event handler"),
        pytest.param("[click](javascript:alert(1))", id="javascript link"),
        pytest.param("[click](JaVaScRiPt:alert(1))", id="mixed-case javascript link"),
        pytest.param("[x](data:text/html;base64,PHNjcmlwdD4=)", id="data link"),
        pytest.param('<a href="https://e.example" onclick="alert(1)">x</a>', id="raw anchor"),
        pytest.param("<iframe src=https://evil.example></iframe>", id="iframe"),
        pytest.param('[x](https://e.example "a\\" onmouseover=\\"alert(1)")', id="title escape"),
    ],
)
def test_attacks_come_out_inert(attack):
    elements = _elements(markdown.render(attack))
    for tag, attributes in elements:
        assert tag in markdown.TAGS
        assert not [name for name, _ in attributes if name.startswith("on")]
        href = dict(attributes).get("href")
        assert href is None or href.startswith(("https://", "http://", "mailto:"))


def _elements(html):
    """Every element the browser would build from `html`: (tag, attributes)."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


# The live preview.

HTMX = {"HX-Request": "true"}


@pytest.mark.django_db
def test_the_preview_renders_the_markdown_as_a_fragment(client):
    response = client.post("/preview/", {"body": "**bold** <script>x</script>"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "<strong>bold</strong>" in response.text
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


@pytest.mark.django_db
def test_an_empty_preview_is_empty(client):
    assert client.post("/preview/", {"body": ""}, headers=HTMX).text.strip() == ""


@pytest.mark.django_db
def test_an_oversized_preview_renders_nothing(client):
    assert client.post("/preview/", {"body": "x" * 10_001}, headers=HTMX).text.strip() == ""


@pytest.mark.django_db
def test_get_is_not_allowed_on_the_preview(client):
    assert client.get("/preview/").status_code == 405


@pytest.mark.django_db
def test_the_argument_box_asks_for_the_preview_as_one_types(passage, bob_client):
    response = bob_client.get(
        f"/articles/{passage.article_id}/passages/{passage.pk}/", headers=HTMX
    )
    assert 'hx-post="/preview/" hx-trigger="input changed delay:400ms"' in response.text
    assert '<div class="md-preview" aria-live="polite"></div>' in response.text


@pytest.mark.django_db
def test_an_xss_attempt_in_an_answer_renders_inert_on_the_page(passage, bob, client):
    from tests.factories import make_counterargument

    make_counterargument(
        user=bob,
        highlight=passage,
        body='<script>alert("x")</script> [y](javascript:alert(1)) <img src=x onerror=alert(1)>',
    )
    text = client.get(f"/articles/{passage.article_id}/passages/{passage.pk}/").text
    assert '<script>alert("x")</script>' not in text
    assert "&lt;script&gt;" in text
    assert "<img src=x" not in text
    assert 'href="javascript:' not in text
