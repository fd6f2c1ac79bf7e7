"""What the queue tells a moderator after a decision, and what it shows before one: a
sentence that says what happened, the item's state as the decision left it, earlier
hides that don't count the item at hand, a reply's parent rendered, not raw Markdown."""

import pytest

from moderation import selectors
from moderation import services as moderation_services
from tests.debates.moderation_setup import answer, flaggers

pytestmark = pytest.mark.django_db


def test_remove_and_suspend_confirms_both_in_one_sentence(bob, mona_client, passage, settings):
    settings.FLAG_HIDE_WEIGHT = 3
    ca = answer(author=bob, highlight=passage, body="Buy cheap GPUs")
    for member in flaggers(3):
        moderation_services.flag_create(user=member, target=ca, reason="spam")
    response = mona_client.post(
        "/moderation/act/",
        {
            "target_type": "counterargument",
            "target_id": ca.pk,
            "action": "remove",
            "duration": "7d",
            "reason": "Spam",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert (
        "Mona removed Bob&#x27;s answer on 「The cost of AI」 and suspended Bob for 7 days: Spam"
        in response.text
    )
    assert "Now removed by a moderator." in response.text
    assert "hidden pending review" not in response.text
    assert "queue-changed" in response["HX-Trigger"]


def test_the_confirmation_is_in_chinese_for_a_chinese_moderator(bob, mona_client, passage):
    ca = answer(author=bob, highlight=passage)
    moderation_services.flag_create(user=flaggers(1)[0], target=ca, reason="spam")
    response = mona_client.post(
        "/moderation/act/",
        {"target_type": "counterargument", "target_id": ca.pk, "action": "hide", "reason": "广告"},
        headers={"HX-Request": "true", "accept-language": "zh-hans"},
    )
    assert "Mona 隐藏了 Bob 在「The cost of AI」下的回答：广告" in response.text


def test_earlier_hides_do_not_count_the_item_at_hand(bob, mona, passage, settings):
    settings.FLAG_HIDE_WEIGHT = 3
    ca = answer(author=bob, highlight=passage, body="Buy cheap GPUs")
    for member in flaggers(3):  # hides it automatically: that is this item, not an earlier one
        moderation_services.flag_create(user=member, target=ca, reason="spam")
    (entry,) = selectors.moderation_queue()
    assert entry.author_hides == 0

    earlier = answer(author=bob, highlight=passage, body="Older spam")
    moderation_services.moderate(moderator=mona, target=earlier, action="hide", reason="x")
    moderation_services.moderate(moderator=mona, target=earlier, action="restore")
    moderation_services.moderate(moderator=mona, target=earlier, action="remove", reason="x")
    (entry,) = selectors.moderation_queue()
    assert entry.author_hides == 1  # one other item, however often it was hidden


def test_a_flagged_replys_parent_is_rendered_markdown(alice, bob, mona_client, passage):
    from debates import services

    parent = answer(author=alice, highlight=passage, body="**Bold** claim with <script>x</script>")
    reply = services.reply_post(user=bob, parent=parent, body="Nonsense", stance="refutes")
    moderation_services.flag_create(user=alice, target=reply, reason="harassment")
    page = mona_client.get("/moderation/queue/").text
    assert "<strong>Bold</strong> claim" in page
    assert "**Bold**" not in page
    assert "<script>x</script>" not in page
