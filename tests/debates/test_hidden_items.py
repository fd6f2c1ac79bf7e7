"""What readers, authors and moderators see of hidden items."""

import pytest

from debates import services
from moderation import services as moderation_services
from tests.debates.moderation_setup import answer, passage
from tests.factories import UserFactory


@pytest.fixture
def hidden(alice, bob, mona):
    highlight = passage(author=alice)
    ca = answer(author=bob, highlight=highlight, body="Buy cheap pills at example.com")
    moderation_services.moderate(moderator=mona, target=ca, action="hide", reason="Advertising")
    return ca


def _panel(client, ca):
    return client.get(
        f"/articles/{ca.highlight.article_id}/passages/{ca.highlight_id}/",
        headers={"HX-Request": "true"},
    ).text


def test_other_readers_see_a_placeholder_not_the_words(client, alice_client, hidden):
    for reader in (client, alice_client):
        panel = _panel(reader, hidden)
        assert "[hidden by a moderator]" in panel
        assert "cheap pills" not in panel


def test_the_author_sees_their_hidden_item_and_why(bob_client, hidden):
    panel = _panel(bob_client, hidden)
    assert "cheap pills" in panel
    assert "Hidden by a moderator" in panel
    assert "Advertising" in panel


def test_moderators_see_the_hidden_item(mona_client, hidden):
    assert "cheap pills" in _panel(mona_client, hidden)


def test_an_item_hidden_by_flags_reads_hidden_pending_review(alice, bob, settings):
    settings.FLAG_HIDE_WEIGHT = 1
    highlight = passage(author=alice)
    ca = answer(author=bob, highlight=highlight, body="Flagged words")
    moderation_services.flag_create(user=alice, target=ca, reason="spam")
    from django.test import Client

    viewer = Client()
    viewer.force_login(UserFactory(username="carol"))
    panel = _panel(viewer, ca)
    assert "[hidden pending review]" in panel
    assert "Flagged words" not in panel


def test_replies_under_a_hidden_item_stay_in_the_thread(alice, bob, client, mona):
    highlight = passage(author=alice)
    ca = answer(author=bob, highlight=highlight, body="Parent words")
    services.reply_post(user=alice, parent=ca, stance="refutes", body="A fair reply")
    moderation_services.moderate(moderator=mona, target=ca, action="remove", reason="Off-topic")
    panel = _panel(client, ca)
    assert "[removed by a moderator]" in panel
    assert "A fair reply" in panel
    assert "Parent words" not in panel


def test_a_hidden_passage_is_not_marked_for_other_readers(alice, bob, client, mona):
    highlight = passage(author=bob)
    moderation_services.moderate(moderator=mona, target=highlight, action="hide", reason="Spam")
    page = client.get(f"/articles/{highlight.article_id}/").text
    assert f'id="mark-{highlight.pk}' not in page
    url = f"/articles/{highlight.article_id}/passages/{highlight.pk}/"
    assert client.get(url).status_code == 404
    from django.test import Client

    author = Client()
    author.force_login(bob)
    assert "hidden from other readers" in author.get(url).text


def test_hidden_answers_do_not_count_as_activity(alice, bob, mona, settings):
    settings.FLAG_HIDE_WEIGHT = 1
    highlight = passage(author=alice)
    answer(author=bob, highlight=highlight, body="Kept")
    flagged = answer(author=bob, highlight=highlight, body="Flagged")
    hidden = answer(author=bob, highlight=highlight, body="Hidden")
    highlight.refresh_from_db()
    assert highlight.answers == 3
    moderation_services.flag_create(user=alice, target=flagged, reason="spam")
    moderation_services.moderate(moderator=mona, target=hidden, action="hide", reason="Spam")
    highlight.refresh_from_db()
    assert highlight.answers == 1
    moderation_services.moderate(moderator=mona, target=hidden, action="restore")
    highlight.refresh_from_db()
    assert highlight.answers == 2
