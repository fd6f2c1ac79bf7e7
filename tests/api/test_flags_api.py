"""POST /api/v1/flags/."""

import pytest

from moderation import services as moderation_services
from moderation.models import Flag
from tests.api.helpers import assert_error

pytestmark = pytest.mark.django_db


def flag(client, target_type, target_id, **extra):
    payload = {"target_type": target_type, "target_id": target_id, "reason": "spam", **extra}
    return client.post("/api/v1/flags/", payload, format="json")


def test_a_member_flags_an_answer(alice_api, answer):
    response = flag(alice_api, "counterargument", answer.pk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["target_type"], body["target_id"], body["state"]) == (
        "counterargument",
        answer.pk,
        "open",
    )


def test_a_member_flags_a_passage(bob_api, passage):
    response = flag(bob_api, "highlight", passage.pk, reason="other", note="Not a claim.")
    assert response.status_code == 201
    assert Flag.objects.get().note == "Not a claim."


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({"target_type": "article"}, "target_type", id="unknown-type"),
        pytest.param({"reason": "boring"}, "reason", id="unknown-reason"),
        pytest.param({"target_id": "7"}, "target_id", id="id-as-a-string"),
        pytest.param({"reason": "other"}, "note", id="other-needs-a-note"),
        pytest.param({"severity": 5}, "severity", id="unknown-field"),
    ],
)
def test_bad_flags_are_a_400_naming_the_field(alice_api, answer, payload, field):
    body = {"target_type": "counterargument", "target_id": answer.pk, "reason": "spam", **payload}
    error = assert_error(alice_api.post("/api/v1/flags/", body, format="json"), 400)
    assert field in error["fields"], error
    assert not Flag.objects.exists()


def test_flagging_twice_is_refused(alice_api, answer):
    flag(alice_api, "counterargument", answer.pk)
    assert_error(flag(alice_api, "counterargument", answer.pk), 400, "duplicate")


def test_members_cannot_flag_their_own_words(bob_api, answer):
    assert_error(flag(bob_api, "counterargument", answer.pk), 400, "own")


def test_a_missing_item_is_a_404_as_when_reading_it(alice_api):
    error = assert_error(flag(alice_api, "counterargument", 999999), 404, "not_found")
    assert error["message"] == "There is no such item (it may have been deleted)."
    assert alice_api.get("/api/v1/counterarguments/999999/").status_code == 404


def test_a_hidden_item_looks_missing_to_those_who_cannot_see_it(alice_api, answer, mona):
    moderation_services.moderate(moderator=mona, target=answer, action="hide", reason="Rude.")
    hidden = assert_error(flag(alice_api, "counterargument", answer.pk), 404, "not_found")
    missing = assert_error(flag(alice_api, "counterargument", 999999), 404, "not_found")
    assert hidden == missing
    assert alice_api.get(f"/api/v1/counterarguments/{answer.pk}/").status_code == 404
    assert not Flag.objects.exists()


def test_a_hidden_item_with_a_bad_reason_still_looks_missing(alice_api, answer, mona):
    """Nothing the flag says (its reason, its note) is checked before the item is."""
    moderation_services.moderate(moderator=mona, target=answer, action="hide", reason="Rude.")
    response = flag(alice_api, "counterargument", answer.pk, reason="other", note="")
    assert_error(response, 404, "not_found")


def test_a_hidden_passage_looks_missing_to_those_who_cannot_see_it(alice_api, bob, mona):
    from tests.debates.moderation_setup import passage

    hidden = passage(author=bob)
    moderation_services.moderate(moderator=mona, target=hidden, action="hide", reason="Spam.")
    assert_error(flag(alice_api, "highlight", hidden.pk), 404, "not_found")
    assert not Flag.objects.exists()


def test_anonymous_readers_cannot_flag(api, answer):
    assert_error(flag(api, "counterargument", answer.pk), 401)


def test_a_suspended_member_cannot_flag(alice_api, alice, answer, mona):
    moderation_services.member_suspend(moderator=mona, member=alice, duration="1d", reason="Spam.")
    assert_error(flag(alice_api, "counterargument", answer.pk), 403, "suspended")


def test_three_flags_hide_an_item_pending_review(answer, api):
    from rest_framework.test import APIClient

    from accounts.services import token_get_or_create
    from tests.factories import UserFactory

    for _ in range(3):
        client = APIClient()
        client.credentials(
            HTTP_AUTHORIZATION=f"Token {token_get_or_create(user=UserFactory()).key}"
        )
        assert flag(client, "counterargument", answer.pk).status_code == 201
    assert_error(api.get(f"/api/v1/counterarguments/{answer.pk}/"), 404)


def test_a_refused_flag_keeps_the_services_error_code(alice, bob, alice_api):
    from tests.debates.moderation_setup import answer, passage

    ca = answer(author=bob, highlight=passage(author=alice))
    response = alice_api.post(
        "/api/v1/flags/",
        {"target_type": "counterargument", "target_id": ca.pk, "reason": "other", "note": ""},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "note_required"
    assert response.json()["error"]["fields"] == {"note": ["Say what is wrong."]}
