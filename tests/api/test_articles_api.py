"""GET, POST /api/v1/articles/ and GET, PATCH /api/v1/articles/{id}/."""

import pytest

from annotations.models import Article, Highlight
from tests.annotations.test_structure_kept import HTML_BLOCKS, HTML_PAGE, HTML_TEXT
from tests.api.helpers import TEXT, assert_error
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db


def test_anyone_can_list_articles_newest_first_without_their_text(api, alice):
    make_article(user=alice, title="Older", text="Old text.")
    make_article(user=alice, title="Newer", text="New text.")
    response = api.get("/api/v1/articles/")
    assert response.status_code == 200
    body = response.json()
    assert [a["title"] for a in body["results"]] == ["Newer", "Older"]
    assert "text" not in body["results"][0]
    assert body["results"][0]["imported_by"] == {"username": "alice", "name": "Alice"}
    assert body["next"] is None


def test_the_list_searches_titles_and_filters_by_language(api, alice):
    make_article(user=alice, title="Rice and reasoning", text="Rice.", language="en")
    make_article(user=alice, title="米饭与推理", text="米饭的能量。", language="zh-hans")
    found = api.get("/api/v1/articles/", {"search": "rice"}).json()["results"]
    assert [a["title"] for a in found] == ["Rice and reasoning"]
    chinese = api.get("/api/v1/articles/", {"language": "zh-hans"}).json()["results"]
    assert [a["title"] for a in chinese] == ["米饭与推理"]


def test_the_list_pages_with_cursors_in_either_order(api, alice):
    for n in range(5):
        make_article(user=alice, title=f"Article {n}", text=f"Text number {n}.")
    first = api.get("/api/v1/articles/", {"page_size": 2, "ordering": "oldest"}).json()
    assert [a["title"] for a in first["results"]] == ["Article 0", "Article 1"]
    second = api.get(first["next"]).json()
    assert [a["title"] for a in second["results"]] == ["Article 2", "Article 3"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"language": "klingon"}, "language", id="unknown-language"),
        pytest.param({"ordering": "loudest"}, "ordering", id="unknown-ordering"),
        pytest.param({"page_size": "1000"}, "page_size", id="page-too-large"),
        pytest.param({"cursor": "garbage"}, "cursor", id="forged-cursor"),
        pytest.param({"cursor": "!!!"}, "cursor", id="cursor-not-base64"),
        pytest.param({"cursor": ""}, "cursor", id="empty-cursor"),
        # base64 of "p=soon": a position that is no date the list could be ordered by.
        pytest.param({"cursor": "cD1zb29u"}, "cursor", id="cursor-position-not-a-date"),
        pytest.param({"language": ""}, "language", id="empty-language"),
        pytest.param({"ordering": ""}, "ordering", id="empty-ordering"),
        pytest.param({"search": ""}, "search", id="empty-search"),
    ],
)
def test_unknown_filter_and_ordering_values_are_a_400(api, params, field):
    error = assert_error(api.get("/api/v1/articles/", params), 400)
    assert field in error["fields"]


def test_the_list_takes_a_fixed_number_of_queries(api, alice, django_assert_max_num_queries):
    for n in range(12):
        make_article(user=alice, title=f"Article {n}", text=f"Text number {n}.")
    with django_assert_max_num_queries(3):
        assert len(api.get("/api/v1/articles/").json()["results"]) == 12


def test_a_member_imports_an_article_from_text(alice_api):
    response = alice_api.post(
        "/api/v1/articles/",
        {
            "title": "  Ten   times ",
            "text": "One.\r\n\r\n\r\nTwo.",
            "source_url": "https://e.org/a",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Ten times"
    assert body["text"] == "One.\n\nTwo."
    assert body["language"] == "en"
    assert body["passages"] == {"anchored": 0, "orphaned": 0}
    assert body["url"] == f"http://testserver/articles/{body['id']}/"
    assert Article.objects.get().imported_by.username == "alice"


def test_a_member_imports_an_article_from_html(alice_api):
    html = (
        "<html><head><title>Page</title></head><body><nav>Home</nav><article>"
        "<h1>Energy</h1><p>A bowl of rice holds about a megajoule of energy for the body.</p>"
        "<p>One query to a large model uses a few joules of electricity today.</p>"
        "</article></body></html>"
    )
    response = alice_api.post("/api/v1/articles/", {"title": "Energy", "html": html}, format="json")
    assert response.status_code == 201, response.content
    assert "A bowl of rice" in response.json()["text"]
    assert "Home" not in response.json()["text"]


def test_a_duplicate_text_is_a_409_naming_the_existing_article(alice_api, article):
    response = alice_api.post("/api/v1/articles/", {"title": "Again", "text": TEXT}, format="json")
    error = assert_error(response, 409, "duplicate")
    assert "Cheaper every year" in error["message"]
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({"text": "Words."}, "title", id="no-title"),
        pytest.param({"title": "T"}, "non_field_errors", id="neither-text-nor-html"),
        pytest.param(
            {"title": "T", "text": "a", "html": "<p>b</p>"}, "non_field_errors", id="both"
        ),
        pytest.param({"title": "T", "text": 12}, "text", id="text-not-a-string"),
        pytest.param({"title": "T", "text": "Words.", "language": "xx"}, "language", id="language"),
        pytest.param({"title": "T", "text": "Words.", "colour": "red"}, "colour", id="extra-field"),
        pytest.param({"title": "T", "text": "   "}, None, id="blank-text"),
        pytest.param({"title": "T", "text": "x", "source_url": "nope"}, "source_url", id="bad-url"),
    ],
)
def test_bad_imports_are_a_400_naming_the_field_and_store_nothing(alice_api, payload, field):
    error = assert_error(alice_api.post("/api/v1/articles/", payload, format="json"), 400)
    assert field is None or field in error["fields"], error
    assert not Article.objects.exists()


def test_an_oversized_text_is_refused_by_the_service(alice_api, settings):
    settings.API_MAX_BODY_BYTES = 10_000_000
    response = alice_api.post(
        "/api/v1/articles/", {"title": "Long", "text": "word " * 50_000}, format="json"
    )
    assert_error(response, 400, "too_long")


def test_anonymous_readers_cannot_import(api):
    response = api.post("/api/v1/articles/", {"title": "T", "text": "Words."}, format="json")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_anyone_can_read_an_article_with_its_text_and_passage_counts(api, article, passage):
    body = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert body["text"] == TEXT
    assert body["passages"] == {"anchored": 1, "orphaned": 0}
    assert body["highlights_url"] == f"http://testserver/api/v1/articles/{article.pk}/highlights/"


def test_a_missing_article_is_a_404(api):
    assert_error(api.get("/api/v1/articles/999999/"), 404, "not_found")


def test_the_importer_revises_the_text_and_passages_re_anchor(alice_api, article, passage):
    new_text = "Preface.\n\n" + TEXT.replace("one training run", "a single run")
    response = alice_api.patch(f"/api/v1/articles/{article.pk}/", {"text": new_text}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["revision"] == 2
    assert response.json()["passages"] == {"anchored": 1, "orphaned": 0}
    passage.refresh_from_db()
    assert new_text[passage.start : passage.end] == "ten times cheaper"


def test_words_removed_by_a_revision_orphan_their_passage(alice_api, article, passage):
    response = alice_api.patch(
        f"/api/v1/articles/{article.pk}/",
        {"text": "Something else entirely, about bread and electricity."},
        format="json",
    )
    assert response.json()["passages"] == {"anchored": 0, "orphaned": 1}
    assert Highlight.objects.get().state == "orphaned"


def test_another_member_cannot_revise_an_article(bob_api, article):
    response = bob_api.patch(f"/api/v1/articles/{article.pk}/", {"title": "Mine"}, format="json")
    assert_error(response, 403, "forbidden")
    article.refresh_from_db()
    assert article.title == "Cheaper every year"


def test_an_administrator_can_revise_any_article(article):
    from rest_framework.test import APIClient

    admin_api = APIClient()
    admin_api.force_authenticate(UserFactory(username="admin", is_staff=True, is_superuser=True))
    response = admin_api.patch(f"/api/v1/articles/{article.pk}/", {"title": "Fixed"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Fixed"


def test_a_moderator_cannot_revise_an_article(mona_api, article):
    # Moderators are staff to reach the admin, but they never change anyone's words.
    response = mona_api.patch(f"/api/v1/articles/{article.pk}/", {"title": "Fixed"}, format="json")
    assert_error(response, 403)
    article.refresh_from_db()
    assert article.title != "Fixed"


def test_an_empty_revision_is_a_400(alice_api, article):
    assert_error(alice_api.patch(f"/api/v1/articles/{article.pk}/", {}, format="json"), 400)


def test_put_and_delete_on_an_article_are_a_405(alice_api, article):
    assert_error(alice_api.delete(f"/api/v1/articles/{article.pk}/"), 405, "method_not_allowed")
    assert_error(
        alice_api.put(f"/api/v1/articles/{article.pk}/", {}, format="json"),
        405,
        "method_not_allowed",
    )


def test_the_api_stores_and_returns_the_paragraph_kinds_of_an_html_page(alice_api):
    response = alice_api.post("/api/v1/articles/", {"html": HTML_PAGE, "title": "T"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["blocks"] == [list(pair) for pair in HTML_BLOCKS]
    assert Article.objects.get().text == HTML_TEXT


@pytest.mark.parametrize("action", ["hide", "remove"])
def test_the_passage_counts_leave_out_passages_hidden_from_the_reader(
    action, api, alice_api, bob_api, mona_api, article, passage, mona
):
    from moderation import services as moderation_services

    moderation_services.moderate(moderator=mona, target=passage, action=action, reason="Spam.")
    url = f"/api/v1/articles/{article.pk}/"
    for client, anchored in [(api, 0), (bob_api, 0), (alice_api, 1), (mona_api, 1)]:
        assert client.get(url).json()["passages"] == {"anchored": anchored, "orphaned": 0}


def test_a_source_url_hiding_characters_is_a_400_on_the_field(alice_api):
    response = alice_api.post(
        "/api/v1/articles/",
        {"title": "t", "text": "Words.", "source_url": "https://moc.\u202eevil.example/news"},
        format="json",
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in error["fields"]["source_url"][0]
    assert not Article.objects.exists()
