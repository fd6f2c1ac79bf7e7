"""One visibility rule: an answer under a hidden passage is as hidden as the passage, on
every path. (v1 let the HTML views reply to and vote on it by URL while the API said 404.)"""

import pytest

from debates import services
from debates.models import Counterargument, Vote
from moderation import services as moderation_services
from tests.factories import make_counterargument

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def hidden(passage, alice, bob, mona):
    """carol answered alice's passage; a moderator then hid the passage."""
    from tests.factories import UserFactory

    carol = UserFactory(username="carol2")
    answer = make_counterargument(user=carol, highlight=passage, body="Carol answers.")
    moderation_services.moderate(moderator=mona, target=passage, action="hide", reason="Spam")
    return answer


def test_over_html_a_reply_to_an_answer_under_a_hidden_passage_is_not_found(hidden, bob_client):
    response = bob_client.post(
        f"/counterarguments/{hidden.pk}/reply/",
        {"stance": "refutes", "body": "Sneaky reply"},
        headers=HTMX,
    )
    assert response.status_code == 404
    assert not Counterargument.objects.filter(body="Sneaky reply").exists()


def test_over_html_a_vote_on_an_answer_under_a_hidden_passage_is_not_found(hidden, bob_client):
    response = bob_client.post(f"/counterarguments/{hidden.pk}/vote/", {"value": "1"})
    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_over_the_api_the_same_answer_is_not_found(hidden, bob_client):
    reply = bob_client.post(
        f"/api/v1/counterarguments/{hidden.pk}/replies/",
        {"stance": "refutes", "body": "Sneaky reply"},
        content_type="application/json",
    )
    vote = bob_client.put(
        f"/api/v1/counterarguments/{hidden.pk}/vote/", {"value": 1}, content_type="application/json"
    )
    detail = bob_client.get(f"/api/v1/counterarguments/{hidden.pk}/")
    assert (reply.status_code, vote.status_code, detail.status_code) == (404, 404, 404)
    assert not Vote.objects.exists()


def test_the_visibility_rule_is_the_same_for_the_queryset_and_the_item(hidden, alice, bob, mona):
    from debates import rules

    for reader, sees in [(bob, False), (alice, True), (mona, True)]:
        hidden.refresh_from_db()
        assert Counterargument.objects.visible_to(reader).filter(pk=hidden.pk).exists() is sees
        assert rules.can_read(reader, hidden) is sees


def test_even_one_who_can_see_it_cannot_reply_or_vote_while_the_passage_is_hidden(hidden, alice):
    """The passage's author still sees it (and the answers under it), but the debate on
    it is closed until a moderator restores it."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="can't take replies"):
        services.reply_post(user=alice, parent=hidden, stance="refutes", body="Reply")
    with pytest.raises(ValidationError, match="can't be voted on"):
        services.vote_cast(user=alice, counterargument=hidden, value=1)


def test_the_authors_profile_shows_no_words_from_under_a_hidden_passage(hidden, client):
    response = client.get(f"/u/{hidden.author.username}/")
    assert response.status_code == 200
    assert "Carol answers." not in response.text


def test_a_flag_on_an_answer_under_a_hidden_passage_is_not_found(hidden, bob_client):
    response = bob_client.post(
        "/api/v1/flags/",
        {"target_type": "counterargument", "target_id": hidden.pk, "reason": "spam"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    html = bob_client.post(f"/flag/counterargument/{hidden.pk}/", {"reason": "spam"})
    assert html.status_code == 404


def test_the_flag_service_refuses_an_answer_under_a_hidden_passage_as_missing(hidden, bob):
    """Whoever calls it (a view, the API, a script): the service asks the same rule."""
    from core.errors import NotFound
    from moderation.models import Flag

    with pytest.raises(NotFound, match="no such item"):
        moderation_services.flag_create(user=bob, target=hidden, reason="spam")
    assert not Flag.objects.exists()


def test_a_moderator_may_still_flag_or_act_on_it(hidden, mona):
    from moderation.models import Flag

    moderation_services.flag_create(user=mona, target=hidden, reason="spam")
    assert Flag.objects.filter(user=mona).exists()
