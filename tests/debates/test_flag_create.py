import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Visibility
from moderation import services as moderation_services
from moderation.models import Flag, ModerationAction
from tests.debates.moderation_setup import answer, flaggers, passage


@pytest.fixture
def ca(alice, bob):
    return answer(author=bob, highlight=passage(author=alice))


def test_a_member_flags_an_answer(alice, ca):
    flag = moderation_services.flag_create(user=alice, target=ca, reason="spam")
    assert flag.counterargument == ca
    assert flag.state == Flag.State.OPEN
    ca.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE


def test_three_distinct_members_hide_it_pending_review_and_it_is_logged(ca, settings):
    settings.FLAG_HIDE_WEIGHT = 3
    first, second, third = flaggers(3)
    moderation_services.flag_create(user=first, target=ca, reason="spam")
    moderation_services.flag_create(user=second, target=ca, reason="harassment")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE
    moderation_services.flag_create(user=third, target=ca, reason="spam")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.PENDING_REVIEW
    entry = ModerationAction.objects.get()
    assert entry.action == ModerationAction.Action.AUTO_HIDE
    assert entry.moderator is None
    assert entry.member == ca.author
    assert entry.before == {"visibility": "visible"}
    assert entry.after == {"visibility": "pending", "flag_weight": "3", "threshold": "3"}


def test_the_threshold_is_a_setting(ca, settings):
    settings.FLAG_HIDE_WEIGHT = 1
    moderation_services.flag_create(user=flaggers(1)[0], target=ca, reason="spam")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.PENDING_REVIEW


def test_a_passage_can_be_flagged_too(alice, bob, settings):
    settings.FLAG_HIDE_WEIGHT = 1
    highlight = passage(author=alice)
    moderation_services.flag_create(user=bob, target=highlight, reason="off_topic")
    highlight.refresh_from_db()
    assert highlight.visibility == Visibility.PENDING_REVIEW


@pytest.mark.parametrize(
    ("reason", "note", "message"),
    [
        pytest.param("rude", "", "Choose a reason", id="unknown-reason"),
        pytest.param("other", "  ", "Say what is wrong", id="other-without-note"),
        pytest.param("other", "x" * 501, "under 500", id="note-too-long"),
    ],
)
def test_bad_flags_are_refused_and_nothing_is_stored(alice, ca, reason, note, message):
    with pytest.raises(ValidationError, match=message):
        moderation_services.flag_create(user=alice, target=ca, reason=reason, note=note)
    assert not Flag.objects.exists()


def test_one_cannot_flag_ones_own_words(bob, ca):
    with pytest.raises(ValidationError, match="your own"):
        moderation_services.flag_create(user=bob, target=ca, reason="spam")
    assert not Flag.objects.exists()


def test_the_same_member_cannot_flag_twice(alice, ca):
    moderation_services.flag_create(user=alice, target=ca, reason="spam")
    with pytest.raises(ValidationError, match="already flagged"):
        moderation_services.flag_create(user=alice, target=ca, reason="harassment")
    assert Flag.objects.count() == 1


def test_the_database_refuses_a_second_flag_row(alice, ca):
    from django.db import IntegrityError, transaction

    Flag.objects.create(user=alice, counterargument=ca, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(user=alice, counterargument=ca, reason="other", note="again")


def test_anonymous_readers_cannot_flag(ca):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        moderation_services.flag_create(user=AnonymousUser(), target=ca, reason="spam")


def test_flagging_over_html_answers_the_fragment(alice_client, ca):
    response = alice_client.post(
        f"/flag/counterargument/{ca.pk}/", {"reason": "spam"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert "Flagged" in response.text
    assert "item-flagged" in response["HX-Trigger"]
    assert Flag.objects.filter(counterargument=ca).count() == 1


def test_a_refused_flag_over_html_says_why_with_422(bob_client, ca):
    response = bob_client.post(
        f"/flag/counterargument/{ca.pk}/", {"reason": "spam"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "your own" in response.text
    assert not Flag.objects.exists()


def test_flagging_an_unknown_kind_or_item_is_404(alice_client, ca):
    assert alice_client.post(f"/flag/article/{ca.pk}/", {"reason": "spam"}).status_code == 404
    assert alice_client.post("/flag/counterargument/999999/", {"reason": "spam"}).status_code == 404


def test_flagging_needs_post(alice_client, ca):
    assert alice_client.get(f"/flag/counterargument/{ca.pk}/").status_code == 405


def test_anonymous_flagging_over_html_goes_to_sign_in(client, ca):
    response = client.post(f"/flag/counterargument/{ca.pk}/", {"reason": "spam"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Flag.objects.exists()
