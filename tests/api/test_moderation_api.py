"""GET /api/v1/moderation/queue/, POST /api/v1/moderation/actions/,
GET /api/v1/moderation/log/ — moderators only."""

import pytest

from annotations.models import Article
from debates import services
from debates.models import Counterargument
from moderation import services as moderation_services
from moderation.models import ModerationAction
from tests.api.helpers import assert_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def act(client, **payload):
    return client.post("/api/v1/moderation/actions/", payload, format="json")


def test_the_queue_lists_flagged_items_most_flagged_then_oldest(mona_api, answer, passage, alice):
    moderation_services.flag_create(user=alice, target=answer, reason="spam")
    for _ in range(2):
        moderation_services.flag_create(user=UserFactory(), target=passage, reason="off_topic")
    queue = mona_api.get("/api/v1/moderation/queue/").json()
    assert [(row["target_type"], row["target_id"], row["open_flags"]) for row in queue] == [
        ("highlight", passage.pk, 2),
        ("counterargument", answer.pk, 1),
    ]
    assert queue[1]["text"] == answer.body
    assert queue[1]["flags"][0]["reason"] == "spam"


def test_members_and_anonymous_readers_cannot_see_the_queue_or_log(api, alice_api):
    for url in ("/api/v1/moderation/queue/", "/api/v1/moderation/log/"):
        assert_error(alice_api.get(url), 403, "forbidden")
        assert_error(api.get(url), 401, "not_authenticated")


def test_a_moderator_hides_an_answer_and_the_log_records_it(mona_api, answer):
    response = act(
        mona_api,
        action="hide",
        target_type="counterargument",
        target_id=answer.pk,
        reason="Personal attack.",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["changed"] is True
    assert body["log_entry"]["action"] == "hide"
    assert body["log_entry"]["member"]["username"] == "bob"
    assert Counterargument.objects.get().visibility == "hidden"
    log = mona_api.get("/api/v1/moderation/log/").json()["results"]
    assert [(e["action"], e["target_id"]) for e in log] == [("hide", answer.pk)]


def test_repeating_an_action_changes_nothing_and_logs_nothing(mona_api, answer):
    act(mona_api, action="hide", target_type="counterargument", target_id=answer.pk, reason="x")
    again = act(
        mona_api, action="hide", target_type="counterargument", target_id=answer.pk, reason="x"
    )
    assert again.json() == {"changed": False, "log_entry": None}
    assert ModerationAction.objects.count() == 1


def test_hiding_needs_a_reason(mona_api, answer):
    response = act(mona_api, action="hide", target_type="counterargument", target_id=answer.pk)
    error = assert_error(response, 400)
    assert "reason" in error["fields"]


def test_a_moderator_suspends_a_member_for_a_week(mona_api, bob, bob_api, passage):
    response = act(
        mona_api,
        action="suspend",
        target_type="member",
        target_id=bob.pk,
        duration="7d",
        reason="Spam waves.",
    )
    assert response.status_code == 200, response.content
    bob.refresh_from_db()
    assert bob.is_suspended
    answer = bob_api.post(
        f"/api/v1/highlights/{passage.pk}/counterarguments/",
        {"stance": "asks", "body": "Still here?"},
        format="json",
    )
    error = assert_error(answer, 403, "suspended")
    assert "Spam waves." in error["message"]
    assert bob_api.get("/api/v1/me/").json()["suspended_until"]


def test_a_suspension_needs_a_known_duration(mona_api, bob):
    response = act(mona_api, action="suspend", target_type="member", target_id=bob.pk, reason="x")
    assert "duration" in assert_error(response, 400)["fields"]


def test_a_moderator_locks_and_unlocks_a_debate(mona_api, article):
    act(mona_api, action="lock", target_type="article", target_id=article.pk, reason="Heated.")
    assert Article.objects.get().debate_locked
    act(mona_api, action="unlock", target_type="article", target_id=article.pk)
    assert not Article.objects.get().debate_locked


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({"action": "lock", "target_type": "member"}, "target_type", id="mismatch"),
        pytest.param({"action": "ban", "target_type": "member"}, "action", id="unknown-action"),
        pytest.param(
            {"action": "hide", "target_type": "counterargument", "target_id": 0},
            "target_id",
            id="zero-id",
        ),
        pytest.param(
            {"action": "suspend", "target_type": "member", "target_id": 99999},
            "target_id",
            id="no-member",
        ),
    ],
)
def test_bad_moderation_actions_are_a_400(mona_api, answer, payload, field):
    body = {"target_id": answer.pk, "reason": "Because.", **payload}
    error = assert_error(act(mona_api, **body), 400)
    assert field in error["fields"], error
    assert not ModerationAction.objects.exists()


def test_members_cannot_moderate(alice_api, answer):
    response = act(
        alice_api, action="hide", target_type="counterargument", target_id=answer.pk, reason="x"
    )
    assert_error(response, 403, "forbidden")
    assert Counterargument.objects.get().visibility == "visible"


def test_a_moderator_cannot_suspend_another_moderator(mona_api, mona):
    from django.contrib.auth.models import Group

    other = UserFactory(username="otto", is_staff=True)
    other.groups.add(Group.objects.get(name="Moderators"))
    response = act(
        mona_api,
        action="suspend",
        target_type="member",
        target_id=other.pk,
        duration="1d",
        reason="x",
    )
    assert_error(response, 403, "forbidden")


def test_the_log_pages_with_cursors(mona_api, mona, passage):
    for n in range(3):
        ca = services.counterargument_post(
            user=UserFactory(), highlight=passage, stance="asks", body=f"Q{n}"
        )
        moderation_services.moderate(moderator=mona, target=ca, action="remove", reason="Spam.")
    first = mona_api.get("/api/v1/moderation/log/", {"page_size": 2}).json()
    assert len(first["results"]) == 2
    assert len(mona_api.get(first["next"]).json()["results"]) == 1


def test_the_queue_and_log_take_a_fixed_number_of_queries(
    mona_api, mona, passage, django_assert_max_num_queries
):
    for n in range(6):
        ca = services.counterargument_post(
            user=UserFactory(), highlight=passage, stance="asks", body=f"Q{n}"
        )
        moderation_services.flag_create(user=UserFactory(), target=ca, reason="spam")
        moderation_services.moderate(moderator=mona, target=ca, action="keep")
        moderation_services.flag_create(user=UserFactory(), target=ca, reason="off_topic")
    # The token, the moderator's permissions (two), then the queue's five reads.
    with django_assert_max_num_queries(8):
        assert len(mona_api.get("/api/v1/moderation/queue/").json()) == 6
    with django_assert_max_num_queries(6):
        assert len(mona_api.get("/api/v1/moderation/log/").json()["results"]) == 6
