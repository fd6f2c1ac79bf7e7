"""GET, POST /api/v1/highlights/{id}/counterarguments/; GET, PATCH, DELETE
/api/v1/counterarguments/{id}/; GET, POST /api/v1/counterarguments/{id}/replies/."""

import datetime

import pytest
from django.utils import timezone

from debates import services
from debates.models import Counterargument, CounterargumentVersion, Notification
from moderation import services as moderation_services
from tests.api.helpers import assert_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def answer_payload(**overrides):
    return {
        "stance": "qualifies",
        "body": "Cheaper per token, **not** per task.",
        "sources": ["https://example.org/prices"],
        **overrides,
    }


def test_a_member_answers_a_passage(bob_api, passage, alice):
    response = bob_api.post(
        f"/api/v1/highlights/{passage.pk}/counterarguments/", answer_payload(), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["stance"] == "qualifies"
    assert body["body_html"] == "<p>Cheaper per token, <strong>not</strong> per task.</p>\n"
    assert body["sources"] == ["https://example.org/prices"]
    assert (body["upvotes"], body["downvotes"], body["my_vote"], body["replies"]) == (0, 0, 0, 0)
    assert body["parent"] is None
    assert Notification.objects.get().recipient == alice


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"stance": "agrees"}, "stance", id="unknown-stance"),
        pytest.param({"body": "   "}, "body", id="blank-body"),
        pytest.param({"body": "x" * 10_001}, "body", id="body-too-long"),
        pytest.param({"sources": ["ftp://example.org"]}, "sources", id="not-a-web-address"),
        pytest.param({"sources": "https://example.org"}, "sources", id="sources-not-a-list"),
        pytest.param({"sources": [f"https://e.org/{n}" for n in range(6)]}, "sources", id="six"),
        pytest.param({"body": ["a list"]}, "body", id="body-not-a-string"),
        pytest.param({"votes": 100}, "votes", id="unknown-field"),
    ],
)
def test_bad_answers_are_a_400_naming_the_field_and_store_nothing(
    bob_api, passage, overrides, field
):
    response = bob_api.post(
        f"/api/v1/highlights/{passage.pk}/counterarguments/",
        answer_payload(**overrides),
        format="json",
    )
    error = assert_error(response, 400)
    assert field in error["fields"], error
    assert not Counterargument.objects.exists()


def test_answers_are_listed_best_first_controversial_or_newest(api, passage, bob, alice):
    strong = services.counterargument_post(user=bob, highlight=passage, stance="refutes", body="A")
    split = services.counterargument_post(user=bob, highlight=passage, stance="asks", body="B")
    voters = [UserFactory() for _ in range(4)]
    for voter in voters:
        services.vote_cast(user=voter, counterargument=strong, value=1)
    for voter, value in zip(voters, (1, -1, 1, -1), strict=True):
        services.vote_cast(user=voter, counterargument=split, value=value)
    url = f"/api/v1/highlights/{passage.pk}/counterarguments/"
    ids = lambda response: [row["id"] for row in response.json()["results"]]  # noqa: E731
    assert ids(api.get(url)) == [strong.pk, split.pk]
    assert ids(api.get(url, {"ordering": "controversial"})) == [split.pk, strong.pk]
    assert ids(api.get(url, {"ordering": "newest"})) == [split.pk, strong.pk]
    error = assert_error(api.get(url, {"ordering": "loudest"}), 400, "invalid_ordering")
    assert "ordering" in error["fields"]


def test_the_answer_list_pages_with_cursors(api, passage, bob):
    for n in range(25):
        services.counterargument_post(
            user=UserFactory(), highlight=passage, stance="asks", body=f"Q{n}"
        )
    first = api.get(f"/api/v1/highlights/{passage.pk}/counterarguments/", {"ordering": "newest"})
    first = first.json()
    assert len(first["results"]) == 20
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    bad = api.get(f"/api/v1/highlights/{passage.pk}/counterarguments/", {"cursor": "%%%"})
    assert_error(bad, 400)


def test_the_answer_list_takes_a_fixed_number_of_queries(
    api, passage, bob, django_assert_max_num_queries
):
    for n in range(10):
        services.counterargument_post(user=bob, highlight=passage, stance="asks", body=f"Q{n}")
    with django_assert_max_num_queries(4):
        response = api.get(f"/api/v1/highlights/{passage.pk}/counterarguments/")
    assert len(response.json()["results"]) == 10


def test_answering_a_hidden_passage_is_a_404_for_others(bob_api, passage, mona):
    moderation_services.moderate(moderator=mona, target=passage, action="hide", reason="Spam.")
    response = bob_api.post(
        f"/api/v1/highlights/{passage.pk}/counterarguments/", answer_payload(), format="json"
    )
    assert_error(response, 404)


def test_answering_an_orphaned_passage_is_refused(bob_api, passage, alice):
    from annotations import services as annotation_services

    annotation_services.article_revise(user=alice, article=passage.article, text="Different words.")
    response = bob_api.post(
        f"/api/v1/highlights/{passage.pk}/counterarguments/", answer_payload(), format="json"
    )
    assert_error(response, 400, "orphaned")


def test_anyone_reads_an_answer_and_its_author_sees_their_vote_count(api, answer):
    body = api.get(f"/api/v1/counterarguments/{answer.pk}/").json()
    assert body["body"] == "Only for *some* models."
    assert body["author"]["username"] == "bob"


def test_the_author_edits_their_answer(bob_api, answer):
    response = bob_api.patch(
        f"/api/v1/counterarguments/{answer.pk}/", {"body": "Only for small models."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["body"] == "Only for small models."
    assert response.json()["stance"] == "refutes"  # unchanged fields are kept


def test_a_late_edit_keeps_the_previous_version(bob_api, answer):
    Counterargument.objects.filter(pk=answer.pk).update(
        created=timezone.now() - datetime.timedelta(hours=1)
    )
    response = bob_api.patch(
        f"/api/v1/counterarguments/{answer.pk}/", {"stance": "qualifies"}, format="json"
    )
    assert response.json()["edited"] is not None
    assert CounterargumentVersion.objects.get().stance == "refutes"


def test_another_member_cannot_edit_or_remove_an_answer(alice_api, answer):
    url = f"/api/v1/counterarguments/{answer.pk}/"
    assert_error(alice_api.patch(url, {"body": "Mine now."}, format="json"), 403, "forbidden")
    assert_error(alice_api.delete(url), 403, "forbidden")
    answer.refresh_from_db()
    assert (answer.body, answer.visibility) == ("Only for *some* models.", "visible")


def test_an_empty_edit_is_a_400(bob_api, answer):
    assert_error(bob_api.patch(f"/api/v1/counterarguments/{answer.pk}/", {}, format="json"), 400)


def test_the_author_removes_an_answer_which_stays_as_a_placeholder(bob_api, api, answer):
    assert bob_api.delete(f"/api/v1/counterarguments/{answer.pk}/").status_code == 204
    body = api.get(f"/api/v1/counterarguments/{answer.pk}/").json()
    assert body["visibility"] == "removed"
    assert (body["body"], body["body_html"], body["sources"]) == ("", "", [])
    assert bob_api.get(f"/api/v1/counterarguments/{answer.pk}/").json()["body"]


def test_a_hidden_answer_is_a_404_to_others_but_not_to_its_author(
    api, alice_api, bob_api, answer, mona
):
    moderation_services.moderate(moderator=mona, target=answer, action="hide", reason="Rude.")
    assert_error(api.get(f"/api/v1/counterarguments/{answer.pk}/"), 404)
    assert_error(alice_api.get(f"/api/v1/counterarguments/{answer.pk}/"), 404)
    assert bob_api.get(f"/api/v1/counterarguments/{answer.pk}/").json()["visibility"] == "hidden"


def test_answers_under_a_hidden_passage_are_404_too(api, answer, mona):
    moderation_services.moderate(
        moderator=mona, target=answer.highlight, action="hide", reason="Spam."
    )
    assert_error(api.get(f"/api/v1/counterarguments/{answer.pk}/"), 404)


def test_members_reply_and_replies_are_listed_under_their_parent(alice_api, api, answer):
    response = alice_api.post(
        f"/api/v1/counterarguments/{answer.pk}/replies/",
        {"stance": "asks", "body": "Which ones?"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent"] == answer.pk
    replies = api.get(f"/api/v1/counterarguments/{answer.pk}/replies/").json()["results"]
    assert [r["body"] for r in replies] == ["Which ones?"]
    assert api.get(f"/api/v1/counterarguments/{answer.pk}/").json()["replies"] == 1
    top = api.get(f"/api/v1/highlights/{answer.highlight_id}/counterarguments/").json()
    assert [r["id"] for r in top["results"]] == [answer.pk]


def test_a_removed_answer_takes_no_replies(alice_api, bob, answer):
    services.counterargument_remove(user=bob, counterargument=answer)
    response = alice_api.post(
        f"/api/v1/counterarguments/{answer.pk}/replies/",
        {"stance": "asks", "body": "Why?"},
        format="json",
    )
    assert_error(response, 400, "closed")


def test_anonymous_readers_cannot_reply_edit_or_remove(api, answer):
    url = f"/api/v1/counterarguments/{answer.pk}/"
    assert_error(api.post(url + "replies/", {"stance": "asks", "body": "?"}, format="json"), 401)
    assert_error(api.patch(url, {"body": "x"}, format="json"), 401)
    assert_error(api.delete(url), 401)


def test_a_missing_answer_is_a_404(api):
    assert_error(api.get("/api/v1/counterarguments/987654/"), 404, "not_found")
    assert_error(api.get("/api/v1/counterarguments/987654/replies/"), 404, "not_found")
