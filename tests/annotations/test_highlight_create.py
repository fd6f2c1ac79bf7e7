"""Marking a passage: the service, the htmx and full-page views, and every bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Article, Highlight
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TEXT = "😀𠀀 AI 的价格每年下降九成。\n\nPrices fall tenfold a year, they say."


@pytest.fixture
def article(alice):
    return make_article(user=alice, text=TEXT, title="Prices")


def span(text, words):
    start = text.index(words)
    return {"start": start, "end": start + len(words), "exact": words}


def test_it_stores_both_selectors_in_code_points_after_astral_characters(article, bob):
    highlight = services.highlight_create(
        user=bob, article=article, **span(TEXT, "价格每年下降九成")
    )
    assert (highlight.start, highlight.end) == (7, 15)
    assert highlight.prefix == "😀𠀀 AI 的"
    assert highlight.suffix.startswith("。\n\nPrices")
    assert highlight.revision == article.revision
    assert highlight.state == Highlight.State.ANCHORED


def test_it_trims_whitespace_at_the_edges_of_the_selection(article, bob):
    start = TEXT.index("Prices") - 2
    highlight = services.highlight_create(
        user=bob, article=article, start=start, end=start + 8, exact=TEXT[start : start + 8]
    )
    assert highlight.exact == "Prices"


def test_a_passage_may_span_paragraphs(article, bob):
    words = "九成。\n\nPrices"
    highlight = services.highlight_create(user=bob, article=article, **span(TEXT, words))
    assert highlight.exact == words


@pytest.mark.parametrize(
    ("selection", "code"),
    [
        pytest.param({"start": 3, "end": 3, "exact": ""}, "out_of_range", id="empty"),
        pytest.param({"start": 16, "end": 18, "exact": "\n\n"}, "empty", id="whitespace-only"),
        pytest.param({"start": 5, "end": 2, "exact": "x"}, "out_of_range", id="reversed"),
        pytest.param({"start": 0, "end": 10_000, "exact": "x"}, "out_of_range", id="past-the-end"),
        pytest.param({"start": -1, "end": 3, "exact": "x"}, "out_of_range", id="negative"),
        pytest.param({"start": 0, "end": 2, "exact": "no"}, "mismatch", id="wrong-words"),
        pytest.param({"start": "a", "end": 2, "exact": "x"}, "invalid", id="not-a-number"),
    ],
)
def test_a_bad_selection_is_refused_and_nothing_is_stored(article, bob, selection, code):
    with pytest.raises(ValidationError) as caught:
        services.highlight_create(user=bob, article=article, **selection)
    assert caught.value.code == code
    assert not Highlight.objects.exists()


def test_a_selection_over_2000_characters_is_refused(alice, bob):
    article = make_article(user=alice, text="字" * 2500)
    with pytest.raises(ValidationError) as caught:
        services.highlight_create(user=bob, article=article, start=0, end=2001, exact="字" * 2001)
    assert caught.value.code == "too_long"
    assert not Highlight.objects.exists()


def test_a_locked_debate_takes_no_new_passages(article, bob):
    Article.objects.filter(pk=article.pk).update(debate_locked=True)
    with pytest.raises(ValidationError) as caught:
        services.highlight_create(user=bob, article=article, **span(TEXT, "Prices"))
    assert caught.value.code == "locked"
    assert not Highlight.objects.exists()


def test_anonymous_readers_cannot_mark(article):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.highlight_create(user=AnonymousUser(), article=article, **span(TEXT, "Prices"))


# --- views -----------------------------------------------------------------------------


def test_the_htmx_post_answers_the_article_body_with_the_new_mark(article, bob_client):
    response = bob_client.post(
        f"/articles/{article.pk}/counter/",
        {**span(TEXT, "tenfold a year"), "action": "mark"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    highlight = Highlight.objects.get()
    assert f'id="mark-{highlight.pk}"' in response.text
    assert ">tenfold a year</mark>" in response.text
    assert response.headers["HX-Trigger"] == f'{{"passage-highlighted": {{"id": {highlight.pk}}}}}'
    assert response.headers["HX-Push-Url"] == f"/articles/{article.pk}/passages/{highlight.pk}/"
    assert 'hx-swap-oob="true"' in response.text  # the passage list and panel update too


def test_the_full_page_post_redirects_to_the_passage(article, bob_client):
    response = bob_client.post(
        f"/articles/{article.pk}/counter/", {**span(TEXT, "Prices"), "action": "mark"}
    )
    highlight = Highlight.objects.get()
    assert response.status_code == 302
    assert response.url == f"/articles/{article.pk}/passages/{highlight.pk}/"


def test_an_htmx_error_is_shown_in_the_form(article, bob_client):
    response = bob_client.post(
        f"/articles/{article.pk}/counter/",
        {"start": 0, "end": 2, "exact": "no", "action": "mark"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#counter-errors"
    assert "do not match" in response.text
    assert not Highlight.objects.exists()


def test_missing_fields_are_refused(article, bob_client):
    response = bob_client.post(f"/articles/{article.pk}/counter/", {"start": "1", "action": "mark"})
    assert response.status_code == 422
    assert not Highlight.objects.exists()


def test_anonymous_posts_are_sent_to_sign_in(article, client):
    response = client.post(
        f"/articles/{article.pk}/counter/", {**span(TEXT, "Prices"), "action": "mark"}
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    htmx = client.post(
        f"/articles/{article.pk}/counter/",
        {**span(TEXT, "Prices"), "action": "mark"},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 401
    assert htmx.headers["HX-Redirect"].startswith("/accounts/login/")
    assert not Highlight.objects.exists()


def test_get_is_not_allowed_on_the_highlight_endpoint(article, bob_client):
    assert bob_client.get(f"/articles/{article.pk}/counter/").status_code == 405


def test_a_highlight_on_an_unknown_article_is_404(bob_client, db):
    assert bob_client.post("/articles/999/counter/", {}).status_code == 404


def test_the_passage_panel_is_a_fragment_for_htmx_and_a_page_otherwise(article, bob, client):
    highlight = services.highlight_create(user=bob, article=article, **span(TEXT, "Prices"))
    url = f"/articles/{article.pk}/passages/{highlight.pk}/"
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert '<blockquote class="quote"' in fragment.text
    page = client.get(url)
    assert "<html" in page.text
    assert 'data-passage="' in page.text


def test_a_passage_of_another_article_is_404(article, bob, alice, client):
    other = make_article(user=alice, text="Other text.")
    highlight = services.highlight_create(user=bob, article=article, **span(TEXT, "Prices"))
    assert client.get(f"/articles/{other.pk}/passages/{highlight.pk}/").status_code == 404


def test_marks_nest_on_the_reading_page(article, alice, bob, client):
    services.highlight_create(user=alice, article=article, **span(TEXT, "Prices fall tenfold"))
    services.highlight_create(user=bob, article=article, **span(TEXT, "fall"))
    response = client.get(f"/articles/{article.pk}/")
    body = response.text
    outer = body.index(">Prices ")
    inner = body.index(">fall</mark>")
    assert outer < inner < body.index(" tenfold</mark>")


def test_the_reading_page_queries_do_not_grow_with_passages(
    alice, bob, client, django_assert_max_num_queries, settings
):
    # One member marking 150 passages would trip the write limit; the limit is not what
    # this test is about.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "passage": {"new": (1000, 600)}}
    text = "\n\n".join(f"Claim number {n} about cheaper AI." for n in range(300))
    article = make_article(user=alice, text=text)
    for n in range(0, 300, 2):
        services.highlight_create(user=bob, article=article, **span(text, f"Claim number {n} "))
    with django_assert_max_num_queries(5):
        response = client.get(f"/articles/{article.pk}/")
    assert response.text.count('class="hl ') == 150
