"""GET, POST /api/v1/articles/{id}/highlights/ and GET, DELETE /api/v1/highlights/{id}/."""

import pytest

from annotations import services
from annotations.models import Highlight, Visibility
from debates import services as debate_services
from moderation import services as moderation_services
from tests.api.helpers import TEXT, assert_error

pytestmark = pytest.mark.django_db

WORDS = "twenty years of food"
START = TEXT.index(WORDS)


def mark(client, article, **overrides):
    payload = {"exact": WORDS, "start": START, "end": START + len(WORDS), **overrides}
    return client.post(f"/api/v1/articles/{article.pk}/highlights/", payload, format="json")


def test_a_member_marks_a_passage_and_gets_its_anchor_and_context(bob_api, article):
    response = mark(bob_api, article)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["start"], body["end"], body["exact"]) == (START, START + len(WORDS), WORDS)
    assert body["state"] == "anchored"
    assert body["prefix"] == TEXT[START - 32 : START]
    assert body["suffix"] == TEXT[START + len(WORDS) :][:32]
    assert body["author"]["username"] == "bob"
    assert body["annotation"] == (
        f"http://testserver/api/v1/articles/{article.pk}/annotations/highlight-{body['id']}"
    )


def test_offsets_count_code_points_past_characters_outside_the_bmp(bob_api, alice):
    from tests.factories import make_article

    text = "🍚🍚 一碗米饭的能量 𠀀 和推理"
    article = make_article(user=alice, text=text, title="Rice")
    words = "和推理"
    start = text.index(words)
    response = mark(bob_api, article, exact=words, start=start, end=start + len(words))
    assert response.status_code == 201, response.content
    assert response.json()["start"] == start


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        pytest.param({"end": len(TEXT) + 5}, "out_of_range", id="end-past-the-text"),
        pytest.param({"start": START + 1}, "mismatch", id="quote-does-not-match-offsets"),
        pytest.param({"exact": "twenty years of rice"}, "mismatch", id="wrong-words"),
        pytest.param({"start": -1}, "min_value", id="negative-start"),
        pytest.param({"start": "10"}, "invalid", id="start-as-a-string"),
        pytest.param({"start": True}, "invalid", id="start-as-a-boolean"),
        pytest.param({"start": 4.5}, "invalid", id="start-as-a-fraction"),
        pytest.param({"exact": None}, "null", id="exact-null"),
        pytest.param({"colour": "yellow"}, "unknown_field", id="unknown-field"),
    ],
)
def test_bad_selections_are_a_400_and_mark_nothing(bob_api, article, overrides, code):
    assert_error(mark(bob_api, article, **overrides), 400, code)
    assert not Highlight.objects.exists()


def test_a_missing_field_is_named(bob_api, article):
    response = bob_api.post(
        f"/api/v1/articles/{article.pk}/highlights/", {"exact": WORDS}, format="json"
    )
    error = assert_error(response, 400, "required")
    assert set(error["fields"]) == {"start", "end"}


def test_anonymous_readers_cannot_mark(api, article):
    assert_error(mark(api, article), 401)


def test_a_suspended_member_gets_a_403_saying_until_when(bob_api, bob, article, mona):
    moderation_services.member_suspend(moderator=mona, member=bob, duration="7d", reason="Spam.")
    error = assert_error(mark(bob_api, article), 403, "suspended")
    assert "suspended until" in error["message"]


def test_marking_in_a_locked_debate_is_refused(bob_api, article, mona):
    moderation_services.debate_lock(moderator=mona, article=article, locked=True)
    assert_error(mark(bob_api, article), 400, "locked")


def test_the_rate_limit_is_a_429_with_retry_after(bob_api, article, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "passage": {"new": (1, 600), "established": (1, 600)},
    }
    assert mark(bob_api, article).status_code == 201
    response = mark(
        bob_api,
        article,
        exact="ten times cheaper",
        start=TEXT.index("ten"),
        end=TEXT.index("ten") + 17,
    )
    error = assert_error(response, 429, "rate_limited")
    assert "Slow down" in error["message"]
    assert 0 < int(response["Retry-After"]) <= 600


def test_the_list_shows_anchored_and_orphaned_passages_with_a_state_filter(
    api, alice, article, passage
):
    services.article_revise(
        user=alice, article=article, text=TEXT.replace("ten times cheaper", "cheaper")
    )
    rows = api.get(f"/api/v1/articles/{article.pk}/highlights/").json()["results"]
    assert [(r["id"], r["state"]) for r in rows] == [(passage.pk, "orphaned")]
    anchored = api.get(f"/api/v1/articles/{article.pk}/highlights/", {"state": "anchored"})
    assert anchored.json()["results"] == []
    assert_error(api.get(f"/api/v1/articles/{article.pk}/highlights/", {"state": "lost"}), 400)


def test_hidden_passages_are_404_to_others_and_visible_to_their_author_and_moderators(
    api, bob_api, alice_api, mona_api, passage, mona
):
    moderation_services.moderate(moderator=mona, target=passage, action="hide", reason="Off-topic.")
    assert_error(api.get(f"/api/v1/highlights/{passage.pk}/"), 404, "not_found")
    assert_error(bob_api.get(f"/api/v1/highlights/{passage.pk}/"), 404, "not_found")
    assert alice_api.get(f"/api/v1/highlights/{passage.pk}/").json()["visibility"] == "hidden"
    assert mona_api.get(f"/api/v1/highlights/{passage.pk}/").status_code == 200
    listed = bob_api.get(f"/api/v1/articles/{passage.article_id}/highlights/").json()
    assert listed["results"] == []


def test_the_author_deletes_an_unanswered_passage(alice_api, passage):
    assert alice_api.delete(f"/api/v1/highlights/{passage.pk}/").status_code == 204
    assert not Highlight.objects.exists()


def test_another_member_cannot_delete_a_passage(bob_api, passage):
    assert_error(bob_api.delete(f"/api/v1/highlights/{passage.pk}/"), 403, "forbidden")
    assert Highlight.objects.exists()


def test_an_answered_passage_cannot_be_deleted(alice_api, answer):
    response = alice_api.delete(f"/api/v1/highlights/{answer.highlight_id}/")
    assert_error(response, 400, "answered")
    assert Highlight.objects.exists()


def test_the_highlight_list_of_a_missing_article_is_a_404(api):
    assert_error(api.get("/api/v1/articles/424242/highlights/"), 404)


def test_the_service_refuses_deleting_an_answered_passage(alice, answer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.highlight_delete(user=alice, highlight=answer.highlight)
    assert Highlight.objects.filter(visibility=Visibility.VISIBLE).exists()


def test_the_highlight_list_takes_a_fixed_number_of_queries(
    api, article, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    for n in range(10):
        start = TEXT.index("years") if n % 2 else START
        end = start + 5
        services.highlight_create(
            user=UserFactory(), article=article, start=start, end=end, exact=TEXT[start:end]
        )
    with django_assert_max_num_queries(3):
        assert len(api.get(f"/api/v1/articles/{article.pk}/highlights/").json()["results"]) == 10


def test_a_passage_whose_only_answer_was_removed_by_its_author_can_be_deleted(
    alice_api, answer, bob
):
    debate_services.counterargument_remove(user=bob, counterargument=answer)
    assert alice_api.delete(f"/api/v1/highlights/{answer.highlight_id}/").status_code == 204
    assert not Highlight.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"state": ""}, id="empty-state"),
        # base64 of "p=abc": a position that is no offset the list is ordered by.
        pytest.param({"cursor": "cD1hYmM="}, id="cursor-position-not-a-number"),
        pytest.param({"cursor": "!!!"}, id="cursor-not-base64"),
    ],
)
def test_an_empty_filter_or_a_forged_cursor_is_a_400_naming_it(api, article, passage, params):
    response = api.get(f"/api/v1/articles/{article.pk}/highlights/", params)
    error = assert_error(response, 400)
    assert set(error["fields"]) == set(params)
