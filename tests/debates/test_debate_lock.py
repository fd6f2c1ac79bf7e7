import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services as annotation_services
from debates import services
from debates.models import Vote
from moderation import services as moderation_services
from moderation.models import ModerationAction
from tests.debates.moderation_setup import TEXT, answer, passage


@pytest.fixture
def highlight(alice):
    return passage(author=alice)


def test_a_moderator_locks_and_unlocks_a_debate_and_both_are_logged(mona, highlight):
    article = highlight.article
    moderation_services.debate_lock(
        moderator=mona, article=article, locked=True, reason="Flame war"
    )
    article.refresh_from_db()
    assert article.debate_locked
    moderation_services.debate_lock(moderator=mona, article=article, locked=False)
    article.refresh_from_db()
    assert not article.debate_locked
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == [
        "lock",
        "unlock",
    ]


def test_locking_twice_logs_once(mona, highlight):
    moderation_services.debate_lock(moderator=mona, article=highlight.article, locked=True)
    assert (
        moderation_services.debate_lock(moderator=mona, article=highlight.article, locked=True)
        is None
    )
    assert ModerationAction.objects.count() == 1


def test_a_member_cannot_lock(alice, highlight):
    with pytest.raises(PermissionDenied):
        moderation_services.debate_lock(moderator=alice, article=highlight.article, locked=True)
    highlight.article.refresh_from_db()
    assert not highlight.article.debate_locked


def test_a_locked_debate_takes_no_passages_answers_replies_or_votes(alice, bob, mona, highlight):
    ca = answer(author=bob, highlight=highlight)
    moderation_services.debate_lock(moderator=mona, article=highlight.article, locked=True)
    highlight.article.refresh_from_db()
    start = TEXT.index("Training")
    attempts = [
        lambda: annotation_services.highlight_create(
            user=bob, article=highlight.article, start=start, end=start + 8, exact="Training"
        ),
        lambda: services.counterargument_post(
            user=bob, highlight=highlight, stance="refutes", body="More"
        ),
        lambda: services.reply_post(user=alice, parent=ca, stance="refutes", body="No"),
        lambda: services.vote_cast(user=alice, counterargument=ca, value=1),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="locked"):
            attempt()
    assert not Vote.objects.exists()
    assert highlight.counterarguments.count() == 1


def test_a_locked_debate_offers_no_write_control_and_says_why(
    alice, bob, mona, highlight, alice_client
):
    answer(author=bob, highlight=highlight)
    moderation_services.debate_lock(moderator=mona, article=highlight.article, locked=True)
    text = alice_client.get(f"/articles/{highlight.article_id}/passages/{highlight.pk}/").text
    assert "This article's debate is locked." in text
    for control in [
        'id="highlight-form"',
        'id="counter-this"',
        'class="argument-form"',
        'class="vote up',
        'details class="reply"',
        'id="mark-hint"',
    ]:
        assert control not in text, control


def test_the_lock_button_is_for_moderators(mona_client, alice_client, highlight):
    url = f"/articles/{highlight.article_id}/"
    assert "Lock the debate" in mona_client.get(url).text
    assert "Lock the debate" not in alice_client.get(url).text
    response = mona_client.post(f"/articles/{highlight.article_id}/lock/", {"locked": "1"})
    assert response.status_code == 302
    page = mona_client.get(url).text
    assert "This article&#x27;s debate is locked." in page or "debate is locked" in page
    assert "Unlock the debate" in page


def test_locking_over_html_needs_post(mona_client, highlight):
    assert mona_client.get(f"/articles/{highlight.article_id}/lock/").status_code == 405
