import datetime

import pytest
from django.utils import timezone

from annotations.models import Visibility
from moderation import selectors as moderation_selectors
from moderation import services as moderation_services
from moderation.models import Flag, ModerationAction
from tests.debates.moderation_setup import answer, flaggers, passage


@pytest.fixture
def highlight(alice):
    return passage(author=alice)


def test_the_queue_lists_most_flagged_first_then_oldest(alice, bob, highlight, settings):
    settings.FLAG_HIDE_WEIGHT = 10
    one, two, three = (answer(author=bob, highlight=highlight, body=f"Answer {n}") for n in "123")
    people = flaggers(3)
    moderation_services.flag_create(user=people[0], target=one, reason="spam")
    moderation_services.flag_create(user=people[0], target=two, reason="spam")
    moderation_services.flag_create(user=people[1], target=two, reason="harassment")
    moderation_services.flag_create(user=people[0], target=three, reason="spam")
    # "one" was flagged before "three": it has waited longer.
    Flag.objects.filter(counterargument=one).update(
        created=timezone.now() - datetime.timedelta(hours=1)
    )
    queue = moderation_selectors.moderation_queue()
    assert [entry.item for entry in queue] == [two, one, three]
    assert [len(entry.flags) for entry in queue] == [2, 1, 1]
    assert queue[0].reasons == [("Spam", 1), ("Harassment", 1)]


def test_the_queue_shows_the_authors_earlier_hides(alice, bob, mona, highlight, settings):
    settings.FLAG_HIDE_WEIGHT = 10
    earlier = answer(author=bob, highlight=highlight, body="Earlier")
    moderation_services.moderate(moderator=mona, target=earlier, action="hide", reason="Rude")
    now = answer(author=bob, highlight=highlight, body="Now")
    moderation_services.flag_create(user=alice, target=now, reason="spam")
    (entry,) = moderation_selectors.moderation_queue()
    assert entry.author_hides == 1


def test_decided_items_leave_the_queue(alice, bob, mona, highlight):
    ca = answer(author=bob, highlight=highlight)
    moderation_services.flag_create(user=alice, target=ca, reason="spam")
    moderation_services.moderate(moderator=mona, target=ca, action="keep")
    assert moderation_selectors.moderation_queue() == []


def test_the_queue_page_takes_a_fixed_number_of_queries(
    alice, bob, mona, mona_client, highlight, settings, django_assert_max_num_queries
):
    settings.FLAG_HIDE_WEIGHT = 100
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "counterargument": {"new": (100, 600)}}
    people = flaggers(3)
    for n in range(30):
        ca = answer(author=bob, highlight=highlight, body=f"Answer {n}")
        for member in people:
            moderation_services.flag_create(user=member, target=ca, reason="spam")
        for member in people:  # the flag limit is not what this test is about
            Flag.objects.filter(user=member).update(
                created=timezone.now() - datetime.timedelta(days=1)
            )
    # The queue's five, the appeals' one, its counts' four, and the request's own (session, member,
    # permissions, badge, notifications).
    with django_assert_max_num_queries(15):
        response = mona_client.get("/moderation/queue/")
    assert response.status_code == 200
    assert response.text.count('class="queue-item"') == 30


def test_the_queue_page_is_for_moderators_only(alice_client, client):
    assert alice_client.get("/moderation/queue/").status_code == 403
    response = client.get("/moderation/queue/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_moderator_hides_an_item_from_the_queue_over_htmx(alice, bob, mona_client, highlight):
    ca = answer(author=bob, highlight=highlight)
    moderation_services.flag_create(user=alice, target=ca, reason="spam")
    response = mona_client.post(
        "/moderation/act/",
        {"target_type": "counterargument", "target_id": ca.pk, "action": "hide", "reason": "Spam"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert "item-moderated" in response["HX-Trigger"]
    ca.refresh_from_db()
    assert ca.visibility == Visibility.HIDDEN_BY_MODERATOR
    assert ca.moderation_note == "Spam"
    assert Flag.objects.get().state == Flag.State.UPHELD
    assert ModerationAction.objects.filter(action="hide", target_id=ca.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"action": "hide", "reason": ""}, "Give a reason", id="hide-without-reason"),
        pytest.param({"action": "explode", "reason": "x"}, "valid choice", id="unknown-action"),
        pytest.param(
            {"action": "suspend", "reason": "x", "duration": "1y"},
            "valid choice",
            id="bad-duration",
        ),
        pytest.param(
            {"action": "suspend", "reason": "x", "duration": ""},
            "Choose how long: 1 day",
            id="no-duration",
        ),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(
    alice, bob, mona_client, highlight, data, message
):
    ca = answer(author=bob, highlight=highlight)
    moderation_services.flag_create(user=alice, target=ca, reason="spam")
    response = mona_client.post(
        "/moderation/act/",
        {"target_type": "counterargument", "target_id": ca.pk, **data},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert message in response.text
    ca.refresh_from_db()
    bob.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE
    assert not bob.is_suspended
    assert not ModerationAction.objects.exists()
    assert Flag.objects.get().state == Flag.State.OPEN


def test_acting_on_an_item_that_no_longer_exists_says_so(mona_client):
    response = mona_client.post(
        "/moderation/act/",
        {"target_type": "counterargument", "target_id": 987654, "action": "keep"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "no such item" in response.text
    assert not ModerationAction.objects.exists()


def test_a_member_cannot_call_a_moderation_endpoint(alice, bob, bob_client, highlight):
    ca = answer(author=alice, highlight=highlight)
    for url, data in [
        (
            "/moderation/act/",
            {
                "target_type": "counterargument",
                "target_id": ca.pk,
                "action": "remove",
                "reason": "x",
            },
        ),
        (
            "/moderation/bulk/",
            {"items": [f"counterargument-{ca.pk}"], "action": "remove", "reason": "x"},
        ),
        (f"/articles/{highlight.article_id}/lock/", {"locked": "1"}),
        ("/moderation/members/alice/unsuspend/", {}),
    ]:
        response = bob_client.post(url, data)
        assert response.status_code == 403, url
    assert bob_client.get("/moderation/log/").status_code == 403
    ca.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE
    assert not ModerationAction.objects.exists()


def test_bulk_removal_logs_each_item(alice, bob, mona_client, highlight, settings):
    settings.FLAG_HIDE_WEIGHT = 10
    spam = [answer(author=bob, highlight=highlight, body=f"Buy pills {n}") for n in range(3)]
    for ca in spam:
        moderation_services.flag_create(user=alice, target=ca, reason="spam")
    response = mona_client.post(
        "/moderation/bulk/",
        {
            "items": [f"counterargument-{ca.pk}" for ca in spam],
            "action": "remove",
            "reason": "Spam wave",
        },
    )
    assert response.status_code == 302
    assert ModerationAction.objects.filter(action="remove").count() == 3
    assert all(
        ca.visibility == Visibility.REMOVED_BY_MODERATOR for ca in type(spam[0]).objects.all()
    )
    assert moderation_selectors.moderation_queue() == []


def test_bulk_with_a_malformed_item_changes_nothing(alice, bob, mona_client, highlight):
    ca = answer(author=bob, highlight=highlight)
    response = mona_client.post(
        "/moderation/bulk/",
        {"items": [f"counterargument-{ca.pk}", "article-1"], "action": "remove", "reason": "x"},
        follow=True,
    )
    assert "Unknown item" in response.text
    ca.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE
    assert not ModerationAction.objects.exists()


def test_removing_and_suspending_in_one_decision(alice, bob, mona_client, highlight):
    ca = answer(author=bob, highlight=highlight)
    moderation_services.flag_create(user=alice, target=ca, reason="spam")
    response = mona_client.post(
        "/moderation/act/",
        {
            "target_type": "counterargument",
            "target_id": ca.pk,
            "action": "remove",
            "duration": "7d",
            "reason": "Spam link",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    ca.refresh_from_db()
    bob.refresh_from_db()
    assert ca.visibility == Visibility.REMOVED_BY_MODERATOR
    assert bob.is_suspended
    assert bob.suspension_reason == "Spam link"
    assert sorted(ModerationAction.objects.values_list("action", flat=True)) == [
        "remove",
        "suspend",
    ]


def test_a_refused_suspension_undoes_the_decision_it_came_with(alice, mona, mona_client):
    highlight = passage(author=alice)
    ca = answer(author=mona, highlight=highlight)  # a moderator cannot suspend themselves
    moderation_services.flag_create(user=alice, target=ca, reason="spam")
    response = mona_client.post(
        "/moderation/act/",
        {
            "target_type": "counterargument",
            "target_id": ca.pk,
            "action": "hide",
            "duration": "1d",
            "reason": "x",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    ca.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE
    assert not ModerationAction.objects.exists()
    assert Flag.objects.get().state == Flag.State.OPEN
