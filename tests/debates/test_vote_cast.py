"""Voting: up or down, one vote per member and item, click again to take it back, change
direction at will; never on one's own words or on removed items."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations.models import Visibility
from core.errors import RateLimited
from debates import services
from debates.models import Counterargument, Vote
from tests.factories import make_counterargument

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def answer(passage, bob):
    return make_counterargument(user=bob, highlight=passage, body="Bob's answer.")


def _tallies(ca):
    ca.refresh_from_db()
    return ca.upvotes, ca.downvotes


def test_a_member_votes_up_and_the_tally_changes_with_the_vote(answer, alice):
    returned = services.vote_cast(user=alice, counterargument=answer, value=1)
    assert (returned.upvotes, returned.downvotes, returned.score) == (1, 0, 1)
    assert _tallies(answer) == (1, 0)
    assert Vote.objects.get().value == 1


def test_voting_the_same_way_twice_keeps_one_vote(answer, alice):
    services.vote_cast(user=alice, counterargument=answer, value=1)
    services.vote_cast(user=alice, counterargument=answer, value=1)
    assert Vote.objects.count() == 1
    assert _tallies(answer) == (1, 0)


def test_a_member_switches_direction(answer, alice):
    services.vote_cast(user=alice, counterargument=answer, value=1)
    services.vote_cast(user=alice, counterargument=answer, value=-1)
    assert Vote.objects.get().value == -1
    assert _tallies(answer) == (0, 1)


def test_a_member_withdraws_a_vote(answer, alice):
    services.vote_cast(user=alice, counterargument=answer, value=-1)
    services.vote_withdraw(user=alice, counterargument=answer)
    assert not Vote.objects.exists()
    assert _tallies(answer) == (0, 0)


def test_withdrawing_without_a_vote_changes_nothing(answer, alice):
    services.vote_withdraw(user=alice, counterargument=answer)
    assert _tallies(answer) == (0, 0)


def test_clicking_the_chosen_direction_again_takes_the_vote_back(answer, alice):
    services.vote_toggle(user=alice, counterargument=answer, value=1)
    assert _tallies(answer) == (1, 0)
    services.vote_toggle(user=alice, counterargument=answer, value=1)
    assert _tallies(answer) == (0, 0)
    services.vote_toggle(user=alice, counterargument=answer, value=-1)
    services.vote_toggle(user=alice, counterargument=answer, value=1)
    assert _tallies(answer) == (1, 0)


def test_tallies_count_every_members_vote(answer, alice, carol, mona):
    services.vote_cast(user=alice, counterargument=answer, value=1)
    services.vote_cast(user=carol, counterargument=answer, value=1)
    services.vote_cast(user=mona, counterargument=answer, value=-1)
    assert _tallies(answer) == (2, 1)
    answer.refresh_from_db()
    assert answer.score == 1


def test_nobody_votes_on_their_own_words(answer, bob):
    with pytest.raises(ValidationError, match="your own") as excinfo:
        services.vote_cast(user=bob, counterargument=answer, value=1)
    assert excinfo.value.code == "own"
    assert not Vote.objects.exists()
    assert _tallies(answer) == (0, 0)


@pytest.mark.parametrize(
    "visibility",
    [
        pytest.param(Visibility.REMOVED_BY_AUTHOR, id="removed by its author"),
        pytest.param(Visibility.REMOVED_BY_MODERATOR, id="removed by a moderator"),
        pytest.param(Visibility.HIDDEN_BY_MODERATOR, id="hidden by a moderator"),
    ],
)
def test_a_removed_or_hidden_item_takes_no_votes(answer, alice, visibility):
    Counterargument.objects.filter(pk=answer.pk).update(visibility=visibility)
    with pytest.raises(ValidationError, match="can't be voted on"):
        services.vote_cast(user=alice, counterargument=answer, value=1)
    assert not Vote.objects.exists()


def test_a_locked_debate_takes_no_votes(answer, alice):
    answer.highlight.article.debate_locked = True
    answer.highlight.article.save()
    with pytest.raises(ValidationError, match="locked"):
        services.vote_cast(user=alice, counterargument=answer, value=1)
    assert not Vote.objects.exists()


def test_an_anonymous_reader_cannot_vote(answer):
    with pytest.raises(PermissionDenied, match="Sign in"):
        services.vote_toggle(user=AnonymousUser(), counterargument=answer, value=1)
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", [0, 2, -2, "1"])
def test_a_vote_is_up_or_down_only(answer, alice, value):
    with pytest.raises(ValidationError) as excinfo:
        services.vote_cast(user=alice, counterargument=answer, value=value)
    assert excinfo.value.error_dict["value"][0].code == "invalid_vote"
    assert not Vote.objects.exists()


def test_the_database_refuses_a_second_vote_row_for_the_same_member_and_item(answer, alice):
    Vote.objects.create(user=alice, counterargument=answer, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(user=alice, counterargument=answer, value=-1)
    assert Vote.objects.count() == 1


def test_the_database_refuses_a_vote_that_is_neither_up_nor_down(answer, alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(user=alice, counterargument=answer, value=5)
    assert not Vote.objects.exists()


def test_a_flood_of_votes_is_slowed_down(passage, alice, bob, settings, lots_allowed):
    answers = [make_counterargument(user=bob, highlight=passage) for _ in range(3)]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": {"new": (2, 600)}}
    services.vote_cast(user=alice, counterargument=answers[0], value=1)
    services.vote_cast(user=alice, counterargument=answers[1], value=1)
    with pytest.raises(RateLimited):
        services.vote_cast(user=alice, counterargument=answers[2], value=1)
    assert Vote.objects.count() == 2


# The vote buttons.


def test_the_vote_button_answers_the_thread_with_the_new_score(answer, alice_client):
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert json.loads(response["HX-Trigger"]) == {"vote-changed": {"id": answer.pk, "score": 1}}
    assert f'id="vote-widget-{answer.pk}"' in response.text
    assert '<span class="score" title="1 up, 0 down">1</span>' in response.text
    assert 'class="vote up chosen" aria-pressed="true"' in response.text


def test_clicking_up_again_takes_the_vote_back_in_place(answer, alice_client):
    alice_client.post(f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, headers=HTMX)
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, headers=HTMX
    )
    assert json.loads(response["HX-Trigger"]) == {"vote-changed": {"id": answer.pk, "score": 0}}
    assert 'class="vote up" aria-pressed="false"' in response.text
    assert not Vote.objects.exists()


def test_a_vote_re_renders_its_item_alone_keeping_the_readers_order(
    answer, alice_client, django_assert_max_num_queries
):
    # Session, member, item, vote and tallies (savepoints of the nested transactions
    # count too), whatever the size of the thread around it.
    with django_assert_max_num_queries(21):
        response = alice_client.post(
            f"/counterarguments/{answer.pk}/vote/",
            {"value": "-1", "ordering": "newest"},
            headers=HTMX,
        )
    assert response.status_code == 200
    assert f'id="vote-widget-{answer.pk}"' in response.text
    assert 'class="thread"' not in response.text
    assert 'name="ordering" value="newest"' in response.text
    assert 'aria-pressed="true"' in response.text


def test_without_htmx_the_vote_button_redirects_to_the_item(answer, alice_client):
    response = alice_client.post(f"/counterarguments/{answer.pk}/vote/", {"value": "-1"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#ca-{answer.pk}")
    assert _tallies(answer) == (0, 1)


def test_a_vote_on_ones_own_item_is_refused_beside_it(answer, bob_client):
    response = bob_client.post(f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, headers=HTMX)
    assert response.status_code == 422
    assert "<html" not in response.text
    assert response["HX-Retarget"] == f"#item-error-{answer.pk}"
    assert "You can&#x27;t vote on your own words." in response.text
    assert not Vote.objects.exists()


def test_without_htmx_a_refused_vote_comes_back_as_a_message(answer, bob_client):
    response = bob_client.post(f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, follow=True)
    assert "You can&#x27;t vote on your own words." in response.text
    assert not Vote.objects.exists()


def test_a_vote_on_a_removed_item_is_refused(answer, alice_client):
    Counterargument.objects.filter(pk=answer.pk).update(visibility=Visibility.REMOVED_BY_AUTHOR)
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "can&#x27;t be voted on" in response.text
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", ["0", "up", ""])
def test_a_malformed_vote_is_refused(answer, alice_client, value):
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/vote/", {"value": value}, headers=HTMX
    )
    assert response.status_code == 422
    assert not Vote.objects.exists()


def test_a_rate_limited_vote_gets_429(answer, alice_client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": {"new": (0, 600)}}
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, headers=HTMX
    )
    assert response.status_code == 429
    assert "Slow down" in response.text
    assert not Vote.objects.exists()


def test_anonymous_readers_are_asked_to_sign_in_to_vote(answer, client):
    page = client.get(
        f"/articles/{answer.highlight.article_id}/passages/{answer.highlight_id}/", headers=HTMX
    )
    assert 'class="vote-signin"' in page.text
    assert f'action="/counterarguments/{answer.pk}/vote/"' not in page.text
    response = client.post(f"/counterarguments/{answer.pk}/vote/", {"value": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    htmx = client.post(f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, headers=HTMX)
    assert htmx.status_code == 401
    assert htmx["HX-Redirect"].startswith("/accounts/login/?next=")
    assert not Vote.objects.exists()


def test_authors_see_their_score_without_vote_buttons(answer, bob_client):
    page = bob_client.get(
        f"/articles/{answer.highlight.article_id}/passages/{answer.highlight_id}/", headers=HTMX
    )
    assert f'action="/counterarguments/{answer.pk}/vote/"' not in page.text
    assert '<span class="score"' in page.text


def test_get_is_not_allowed_on_the_vote_endpoint(answer, alice_client):
    assert alice_client.get(f"/counterarguments/{answer.pk}/vote/").status_code == 405


def test_a_vote_on_an_unknown_item_is_404(alice_client):
    assert alice_client.post("/counterarguments/999999/vote/", {"value": "1"}).status_code == 404


def test_a_vote_on_a_hidden_item_is_404_for_other_members(answer, alice_client):
    Counterargument.objects.filter(pk=answer.pk).update(visibility=Visibility.PENDING_REVIEW)
    response = alice_client.post(f"/counterarguments/{answer.pk}/vote/", {"value": "1"})
    assert response.status_code == 404


def test_a_suspended_member_cannot_vote(answer, alice, alice_client):
    from datetime import timedelta

    from django.utils import timezone

    alice.suspended_until = timezone.now() + timedelta(days=1)
    alice.save()
    with pytest.raises(PermissionDenied, match="suspended"):
        services.vote_cast(user=alice, counterargument=answer, value=1)
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/vote/", {"value": "1"}, headers=HTMX
    )
    assert response.status_code == 403
    assert "suspended" in response.text
    assert not Vote.objects.exists()
