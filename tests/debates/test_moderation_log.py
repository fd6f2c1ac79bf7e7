import pytest

from moderation import services as moderation_services
from moderation.models import ModerationAction
from tests.debates.moderation_setup import answer, passage


@pytest.fixture
def history(alice, bob, mona, settings):
    settings.FLAG_HIDE_WEIGHT = 1
    highlight = passage(author=alice)
    ca = answer(author=bob, highlight=highlight)
    moderation_services.flag_create(user=alice, target=ca, reason="spam")  # auto-hide
    moderation_services.moderate(moderator=mona, target=ca, action="remove", reason="Spam link")
    moderation_services.member_suspend(
        moderator=mona, member=bob, duration="7d", reason="Spam link"
    )
    return ca


def test_the_log_page_shows_every_action_newest_first(mona_client, history):
    page = mona_client.get("/moderation/log/").text
    page = page[page.index("<tbody>") :]
    assert page.index("member suspended") < page.index("removed") < page.index("automatic")
    assert "Spam link" in page


def test_the_log_filters_by_member_and_action(mona_client, history):
    page = mona_client.get("/moderation/log/?member=bob&action=suspend").text
    assert page.count('class="log-entry') == 1
    assert "Lift the suspension" in page


def test_an_unknown_member_in_the_log_filter_is_404(mona_client):
    assert mona_client.get("/moderation/log/?member=nobody").status_code == 404


def test_lifting_a_suspension_from_the_log(mona_client, bob, history):
    response = mona_client.post("/moderation/members/bob/unsuspend/")
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_suspended
    assert ModerationAction.objects.filter(action="unsuspend").count() == 1


def test_the_log_is_append_only_in_the_model(history):
    from moderation.models import AppendOnly

    entry = ModerationAction.objects.first()
    entry.reason = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
