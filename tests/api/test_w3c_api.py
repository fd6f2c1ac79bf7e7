"""W3C Web Annotation: the container at /api/v1/articles/{id}/annotations/, each
annotation at its IRI, POSTing an annotation, and the export — checked against the W3C
test suite's MUST assertions."""

import json

import pytest

from annotations.models import Highlight
from debates import services, w3c_api
from moderation import services as moderation_services
from tests.api.helpers import TEXT, assert_error
from tests.api.w3c_suite import Suite, require_suite
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db

LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


@pytest.fixture(scope="module")
def suite():
    return Suite(require_suite())


@pytest.fixture
def debate(passage, answer, alice, bob):
    """A passage with an answer (with a source), a reply, and a second, unanswered passage."""
    services.counterargument_edit(
        user=bob,
        counterargument=answer,
        stance="refutes",
        body=answer.body,
        sources=["https://example.org/价格?q=a b".replace(" ", "%20")],
    )
    reply = services.reply_post(user=alice, parent=answer, stance="asks", body="Which ones?")
    from annotations import services as annotation_services

    start = TEXT.index("twenty years")
    second = annotation_services.highlight_create(
        user=bob, article=passage.article, start=start, end=start + 12, exact="twenty years"
    )
    return {"passage": passage, "answer": answer, "reply": reply, "second": second}


def container(client, article, **params):
    return client.get(f"/api/v1/articles/{article.pk}/annotations/", params, HTTP_ACCEPT=LD)


def test_the_container_is_an_annotation_collection_with_a_first_page(api, article, debate):
    response = container(api, article)
    assert response.status_code == 200
    assert response["Content-Type"] == LD
    assert "Accept" in response["Vary"]
    assert 'rel="type"' in response["Link"]
    assert "http://www.w3.org/ns/ldp#BasicContainer" in response["Link"]
    assert "POST" in response["Allow"]
    assert response["ETag"]
    body = response.json()
    base = f"http://testserver/api/v1/articles/{article.pk}/annotations/"
    assert body["id"] == base
    assert body["type"] == ["BasicContainer", "AnnotationCollection"]
    assert body["total"] == 4
    first = body["first"]
    assert first["type"] == "AnnotationPage"
    assert first["partOf"]["id"] == base
    items = first["items"]
    passage, answer, reply = debate["passage"], debate["answer"], debate["reply"]
    assert [(i["id"].rsplit("/", 1)[1], i["motivation"]) for i in items] == [
        (f"highlight-{passage.pk}", "questioning"),
        (f"counterargument-{answer.pk}", "replying"),
        (f"counterargument-{reply.pk}", "replying"),
        (f"highlight-{debate['second'].pk}", "highlighting"),
    ]
    assert items[1]["target"] == items[0]["id"]  # an answer targets its passage
    assert items[2]["target"] == items[1]["id"]  # a reply targets what it answers
    quote, position = items[0]["target"]["selector"]
    assert quote["exact"] == "ten times cheaper"
    assert (position["start"], position["end"]) == (passage.start, passage.end)
    assert items[0]["target"]["source"] == f"http://testserver/articles/{article.pk}/"


def test_every_exported_annotation_passes_the_w3c_musts(api, article, debate, suite):
    body = container(api, article).json()
    for annotation in body["first"]["items"]:
        assert suite.failures("annotation", annotation) == [], annotation
    assert suite.failures("collection", body) == []
    assert suite.failures("page", body) == []  # the collection with its embedded page


def test_a_page_on_its_own_passes_the_w3c_musts(api, article, debate, suite, monkeypatch):
    monkeypatch.setattr(w3c_api, "PAGE_SIZE", 3)
    body = container(api, article).json()
    assert body["last"].endswith("?page=1")
    assert body["first"]["next"].endswith("?page=1")
    second = api.get(body["first"]["next"], HTTP_ACCEPT=LD).json()
    assert second["startIndex"] == 3
    assert second["prev"].endswith("?page=0")
    assert "next" not in second
    assert len(second["items"]) == 1
    assert suite.failures("page", second) == []
    for annotation in second["items"]:
        assert suite.failures("annotation", annotation) == []


def test_ids_and_sources_are_absolute_percent_encoded_uris(api, article, debate, suite):
    items = container(api, article).json()["first"]["items"]
    answer = items[1]
    linked = [b["source"] for b in answer["body"] if b.get("purpose") == "linking"]
    assert linked == ["https://example.org/%E4%BB%B7%E6%A0%BC?q=a%20b"]
    for item in items:
        assert item["id"].startswith("http://testserver/")
        assert item["id"].isascii()


def test_an_empty_article_is_an_empty_collection(api, alice, suite):
    article = make_article(user=alice, title="Empty", text="Nobody marked this.")
    body = container(api, article).json()
    assert body["total"] == 0
    assert "first" not in body
    assert suite.failures("collection", body) == []


def test_a_page_past_the_end_is_a_404_and_a_bad_page_a_400(api, article, debate):
    assert_error(container(api, article, page=5), 404)
    assert_error(container(api, article, page="x"), 400)
    assert_error(container(api, article, page="²"), 400)  # a digit to isdigit(), not to int()


def test_asking_for_html_is_a_406(api, article):
    response = api.get(f"/api/v1/articles/{article.pk}/annotations/", HTTP_ACCEPT="text/html")
    assert_error(response, 406)


def test_each_annotation_is_at_its_own_iri_with_an_etag(api, article, debate, suite):
    items = container(api, article).json()["first"]["items"]
    for item in items:
        response = api.get(item["id"], HTTP_ACCEPT=LD)
        assert response.status_code == 200, item["id"]
        assert response.json() == item
        assert response["Content-Type"] == LD
        etag = response["ETag"]
        again = api.get(item["id"], HTTP_ACCEPT=LD, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304


def test_a_hidden_passage_is_not_exported_or_served_to_others(
    api, alice_api, article, debate, mona
):
    moderation_services.moderate(
        moderator=mona, target=debate["second"], action="hide", reason="Spam."
    )
    ids = [i["id"] for i in container(api, article).json()["first"]["items"]]
    assert not any(f"highlight-{debate['second'].pk}" in i for i in ids)
    url = f"/api/v1/articles/{article.pk}/annotations/highlight-{debate['second'].pk}"
    assert_error(api.get(url, HTTP_ACCEPT=LD), 404)


def test_posting_a_w3c_annotation_creates_a_passage_anchored_in_the_current_text(
    bob_api, article, suite
):
    words = "one training run"
    start = TEXT.index(words)
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "target": {
            "source": "https://elsewhere.example/copy",
            "selector": [
                {"type": "TextQuoteSelector", "exact": words, "prefix": "a model takes "},
                # A stale position (from an older copy): the quote wins.
                {"type": "TextPositionSelector", "start": start - 5, "end": start - 5 + len(words)},
            ],
        },
    }
    response = bob_api.post(
        f"/api/v1/articles/{article.pk}/annotations/",
        data=json.dumps(annotation),
        content_type=LD,
        HTTP_ACCEPT=LD,
    )
    assert response.status_code == 201, response.content
    created = Highlight.objects.get()
    assert (created.start, created.end, created.exact) == (start, start + len(words), words)
    assert response["Location"] == response.json()["id"]
    assert suite.failures("annotation", response.json()) == []


@pytest.mark.parametrize(
    ("annotation", "code"),
    [
        pytest.param(
            {
                "type": "Annotation",
                "target": {"selector": {"type": "TextQuoteSelector", "exact": "not here"}},
            },
            "mismatch",
            id="quote-not-in-the-text",
        ),
        pytest.param({"type": "Annotation"}, "invalid", id="no-target"),
        pytest.param([{"type": "Annotation"}], "invalid", id="a-list"),
    ],
)
def test_annotations_that_do_not_fit_the_text_are_refused(bob_api, article, annotation, code):
    response = bob_api.post(
        f"/api/v1/articles/{article.pk}/annotations/", annotation, format="json"
    )
    assert_error(response, 400, code)
    assert not Highlight.objects.exists()


def test_anonymous_readers_cannot_post_annotations(api, article):
    response = api.post(f"/api/v1/articles/{article.pk}/annotations/", {}, format="json")
    assert_error(response, 401)


def test_export_then_import_into_a_copy_gives_the_same_passages(
    api, alice_api, alice, article, debate
):
    response = api.get(f"/api/v1/articles/{article.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="counterpoint-article-{article.pk}-annotations.jsonld"'
    )
    exported = json.loads(response.content)
    preface = "A preface added to the copy.\n\n"
    copy = make_article(user=alice, title="Copy", text=preface + TEXT)
    for item in exported["first"]["items"]:
        if item["motivation"] in ("highlighting", "questioning"):
            created = alice_api.post(
                f"/api/v1/articles/{copy.pk}/annotations/",
                data=json.dumps(item),
                content_type=LD,
            )
            assert created.status_code == 201, created.content
    original = [
        (h.exact, h.start + len(preface), h.end + len(preface), h.suffix)
        for h in Highlight.objects.filter(article=article)
    ]
    copied = [(h.exact, h.start, h.end, h.suffix) for h in Highlight.objects.filter(article=copy)]
    assert copied == original


def test_the_export_passes_the_w3c_musts(api, article, debate, suite):
    exported = json.loads(api.get(f"/api/v1/articles/{article.pk}/export/").content)
    assert suite.failures("collection", exported) == []
    assert suite.failures("page", exported) == []
    for annotation in exported["first"]["items"]:
        assert suite.failures("annotation", annotation) == []


def test_the_reading_page_links_to_the_export(client, article):
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'href="/api/v1/articles/{article.pk}/export/" download' in html


def test_the_container_reads_in_a_fixed_number_of_queries(
    api, article, passage, django_assert_max_num_queries
):
    for _ in range(8):
        services.counterargument_post(
            user=UserFactory(), highlight=passage, stance="asks", body="?"
        )
    with django_assert_max_num_queries(4):
        assert container(api, article).json()["total"] == 9


def test_the_validator_rejects_a_raw_unicode_iri_so_the_uri_checks_are_real(suite):
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/注释/1",
        "type": "Annotation",
        "target": "https://example.org/文章",
    }
    assert suite.failures("annotation", annotation)
    annotation["id"] = "https://example.org/%E6%B3%A8%E9%87%8A/1"
    annotation["target"] = "https://example.org/%E6%96%87%E7%AB%A0"
    assert suite.failures("annotation", annotation) == []


def test_the_container_honours_the_protocols_prefer_header(api, article, debate):
    minimal = api.get(
        f"/api/v1/articles/{article.pk}/annotations/",
        HTTP_ACCEPT=LD,
        HTTP_PREFER='return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"',
    )
    assert minimal.json()["first"].endswith("?page=0")
    assert minimal["Preference-Applied"] == "return=representation"
    assert "Prefer" in minimal["Vary"]
    iris = api.get(
        f"/api/v1/articles/{article.pk}/annotations/",
        HTTP_ACCEPT=LD,
        HTTP_PREFER='return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"',
    ).json()
    assert iris["first"]["items"][0] == (
        f"http://testserver/api/v1/articles/{article.pk}/annotations/highlight-{debate['passage'].pk}"
    )


def test_head_on_the_container_gives_the_headers_without_a_body(api, article, debate):
    response = api.head(f"/api/v1/articles/{article.pk}/annotations/", HTTP_ACCEPT=LD)
    assert response.status_code == 200
    assert response["ETag"]
    assert "http://www.w3.org/ns/ldp#BasicContainer" in response["Link"]
    assert response.content == b""


def test_a_missing_w3c_suite_skips_locally_but_fails_in_ci(monkeypatch, tmp_path):
    from tests.api import w3c_suite

    monkeypatch.setattr(w3c_suite, "SUITE", tmp_path / "missing")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not at"):
        w3c_suite.require_suite()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="not at"):
        w3c_suite.require_suite()
