"""PUT and DELETE /api/v1/counterarguments/{id}/vote/: idempotent, answering the tallies."""

import pytest

from debates import services
from debates.models import Vote
from moderation import services as moderation_services
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db


def vote(client, answer, value):
    return client.put(
        f"/api/v1/counterarguments/{answer.pk}/vote/", {"value": value}, format="json"
    )


def test_a_member_votes_up_and_gets_the_new_tallies(alice_api, answer):
    response = vote(alice_api, answer, 1)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "counterargument": answer.pk,
        "upvotes": 1,
        "downvotes": 0,
        "score": 1,
        "my_vote": 1,
    }


def test_voting_the_same_way_twice_changes_nothing(alice_api, answer):
    vote(alice_api, answer, 1)
    assert vote(alice_api, answer, 1).json()["upvotes"] == 1
    assert Vote.objects.count() == 1


def test_a_member_changes_their_vote(alice_api, answer):
    vote(alice_api, answer, 1)
    body = vote(alice_api, answer, -1).json()
    assert (body["upvotes"], body["downvotes"], body["my_vote"]) == (0, 1, -1)


def test_delete_takes_the_vote_back_and_is_idempotent(alice_api, answer):
    vote(alice_api, answer, -1)
    url = f"/api/v1/counterarguments/{answer.pk}/vote/"
    first = alice_api.delete(url)
    assert first.status_code == 200
    assert first.json()["downvotes"] == 0
    assert first.json()["my_vote"] == 0
    assert alice_api.delete(url).json() == first.json()
    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(0, id="zero"),
        pytest.param(2, id="two"),
        pytest.param("1", id="a-string"),
        pytest.param(1.0, id="a-float"),
        pytest.param("1.0", id="a-float-string"),
        pytest.param(True, id="a-boolean"),
        pytest.param(None, id="null"),
    ],
)
def test_a_vote_is_1_or_minus_1_only(alice_api, answer, value):
    error = assert_error(vote(alice_api, answer, value), 400)
    assert "value" in error["fields"]
    assert not Vote.objects.exists()


def test_members_cannot_vote_on_their_own_words(bob_api, answer):
    assert_error(vote(bob_api, answer, 1), 400, "own")


def test_a_removed_answer_cannot_be_voted_on(alice_api, bob, answer):
    services.counterargument_remove(user=bob, counterargument=answer)
    assert_error(vote(alice_api, answer, 1), 400, "closed")


def test_a_hidden_answer_is_a_404_to_voters(alice_api, answer, mona):
    moderation_services.moderate(moderator=mona, target=answer, action="hide", reason="Rude.")
    assert_error(vote(alice_api, answer, 1), 404)


def test_anonymous_readers_cannot_vote(api, answer):
    assert_error(vote(api, answer, 1), 401, "not_authenticated")
    assert_error(api.delete(f"/api/v1/counterarguments/{answer.pk}/vote/"), 401)


def test_votes_past_the_rate_limit_are_a_429(alice_api, answer, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "vote": {"new": (1, 600), "established": (1, 600)},
    }
    assert vote(alice_api, answer, 1).status_code == 200
    response = vote(alice_api, answer, -1)
    assert_error(response, 429, "rate_limited")
    assert response["Retry-After"]
    assert Vote.objects.get().value == 1


def test_post_is_not_the_way_to_vote(alice_api, answer):
    response = alice_api.post(
        f"/api/v1/counterarguments/{answer.pk}/vote/", {"value": 1}, format="json"
    )
    assert_error(response, 405, "method_not_allowed")
