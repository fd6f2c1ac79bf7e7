import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annotations import services as annotation_services
from core.errors import Suspended
from debates import services
from debates.models import Counterargument, Vote
from moderation import services as moderation_services
from moderation.models import Flag, ModerationAction
from tests.debates.moderation_setup import TEXT, answer, passage


@contextlib.contextmanager
def _path(name):
    try:
        yield
    except BaseException as exc:
        exc.add_note(f"write path: {name}")
        raise


@pytest.fixture
def highlight(alice):
    return passage(author=alice)


@pytest.mark.parametrize(
    ("duration", "days"),
    [
        pytest.param("1d", 1, id="1-day"),
        pytest.param("7d", 7, id="7-days"),
        pytest.param("30d", 30, id="30-days"),
    ],
)
def test_a_moderator_suspends_a_member_for_a_while(bob, mona, duration, days):
    entry = moderation_services.member_suspend(
        moderator=mona, member=bob, duration=duration, reason="Spam"
    )
    bob.refresh_from_db()
    assert bob.is_suspended
    assert not bob.is_permanently_suspended
    expected = timezone.now() + datetime.timedelta(days=days)
    assert abs((bob.suspended_until - expected).total_seconds()) < 60
    assert entry.action == ModerationAction.Action.SUSPEND
    assert entry.moderator == mona
    assert entry.reason == "Spam"
    assert entry.after["duration"] == duration


def test_a_permanent_suspension(bob, mona):
    moderation_services.member_suspend(
        moderator=mona, member=bob, duration="permanent", reason="Spam"
    )
    bob.refresh_from_db()
    assert bob.is_permanently_suspended


def test_a_suspension_ends_by_itself(bob, mona):
    moderation_services.member_suspend(moderator=mona, member=bob, duration="1d", reason="Spam")
    bob.suspended_until = timezone.now() - datetime.timedelta(seconds=1)
    assert not bob.is_suspended


def test_lifting_a_suspension_is_logged(bob, mona):
    moderation_services.member_suspend(moderator=mona, member=bob, duration="7d", reason="Spam")
    moderation_services.member_unsuspend(moderator=mona, member=bob, reason="Appeal accepted")
    bob.refresh_from_db()
    assert not bob.is_suspended
    assert ModerationAction.objects.filter(action="unsuspend", member=bob).exists()


@pytest.mark.parametrize(
    ("duration", "reason", "message"),
    [
        pytest.param("2d", "Spam", "Choose how long: 1 day", id="unknown-duration"),
        pytest.param("7d", "   ", "Give a reason", id="no-reason"),
    ],
)
def test_bad_suspensions_are_refused(bob, mona, duration, reason, message):
    with pytest.raises(ValidationError, match=message):
        moderation_services.member_suspend(
            moderator=mona, member=bob, duration=duration, reason=reason
        )
    bob.refresh_from_db()
    assert not bob.is_suspended
    assert not ModerationAction.objects.exists()


def test_a_member_cannot_suspend_anyone(alice, bob):
    with pytest.raises(PermissionDenied):
        moderation_services.member_suspend(moderator=alice, member=bob, duration="1d", reason="x")
    bob.refresh_from_db()
    assert not bob.is_suspended


def test_a_moderator_cannot_suspend_themselves(mona):
    with pytest.raises(ValidationError, match="yourself"):
        moderation_services.member_suspend(moderator=mona, member=mona, duration="1d", reason="x")


def test_a_suspended_member_is_refused_on_every_write_path(alice, bob, mona, highlight):
    theirs = answer(author=alice, highlight=highlight)
    mine = answer(author=bob, highlight=highlight, body="Mine")
    moderation_services.member_suspend(moderator=mona, member=bob, duration="7d", reason="Flooding")
    bob.refresh_from_db()
    article = highlight.article
    start = TEXT.index("Training")
    attempts = {
        "import": lambda: annotation_services.article_import(
            user=bob, title="New", text="Something else entirely."
        ),
        "mark": lambda: annotation_services.highlight_create(
            user=bob, article=article, start=start, end=start + 8, exact="Training"
        ),
        "answer": lambda: services.counterargument_post(
            user=bob, highlight=highlight, stance="refutes", body="No."
        ),
        "reply": lambda: services.reply_post(user=bob, parent=theirs, stance="refutes", body="No."),
        "edit": lambda: services.counterargument_edit(
            user=bob, counterargument=mine, stance="refutes", body="Changed", sources=[]
        ),
        "remove": lambda: services.counterargument_remove(user=bob, counterargument=mine),
        "vote": lambda: services.vote_cast(user=bob, counterargument=theirs, value=1),
        "flag": lambda: moderation_services.flag_create(user=bob, target=theirs, reason="spam"),
    }
    for name, attempt in attempts.items():
        with pytest.raises(Suspended, match="Flooding"), _path(name):
            attempt()
    assert Counterargument.objects.filter(author=bob).count() == 1
    assert not Vote.objects.filter(user=bob).exists()
    assert not Flag.objects.filter(user=bob).exists()
    mine.refresh_from_db()
    assert mine.body == "Mine"


def test_a_suspended_member_sees_why_and_gets_403_over_html(
    alice, bob, bob_client, mona, highlight
):
    theirs = answer(author=alice, highlight=highlight)
    moderation_services.member_suspend(moderator=mona, member=bob, duration="7d", reason="Flooding")
    page = bob_client.get(f"/articles/{highlight.article_id}/")
    assert "suspended until" in page.text
    assert "Flooding" in page.text
    response = bob_client.post(
        f"/passages/{highlight.pk}/counterarguments/",
        {"stance": "refutes", "body": "Still here"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == f"#answer-form-{highlight.pk}"
    assert "Flooding" in response.text
    vote = bob_client.post(
        f"/counterarguments/{theirs.pk}/vote/", {"value": "1"}, headers={"HX-Request": "true"}
    )
    assert vote.status_code == 403
    assert "Flooding" in vote.text
    assert not Vote.objects.exists()
    assert Counterargument.objects.filter(author=bob).count() == 0


def test_a_suspended_member_can_still_read(alice, bob, bob_client, mona, highlight):
    moderation_services.member_suspend(
        moderator=mona, member=bob, duration="permanent", reason="Spam"
    )
    assert bob_client.get(f"/articles/{highlight.article_id}/").status_code == 200
    assert bob_client.get("/").status_code == 200


def test_importing_is_refused_to_a_suspended_member_over_html(bob, bob_client, mona):
    from annotations.models import Article

    moderation_services.member_suspend(moderator=mona, member=bob, duration="1d", reason="Spam")
    response = bob_client.post(
        "/articles/import/",
        {
            "step": "preview",
            "action": "save",
            "title": "A title",
            "language": "en",
            "text": "Some text.\n\nMore text.",
            "first": 1,
            "last": 2,
        },
    )
    assert response.status_code == 403
    assert "suspended" in response.text
    assert not Article.objects.exists()
