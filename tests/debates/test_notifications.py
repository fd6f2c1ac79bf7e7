"""In-app notifications: replies and answers to what a member wrote, counted in the
header, listed on a page, marked read when opened."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from debates import services
from debates.models import Notification
from tests.factories import make_counterargument, make_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(passage, alice, bob, carol):
    """bob answers alice's passage, alice and carol reply to bob."""
    answer = make_counterargument(user=bob, highlight=passage, body="Bob answers.")
    make_reply(user=alice, parent=answer, body="Alice replies.")
    make_reply(user=carol, parent=answer, body="Carol replies.")
    return answer


def test_members_are_notified_of_answers_and_replies_to_their_words(answered, alice, bob):
    assert list(alice.notifications.values_list("kind", "actor__username")) == [
        (Notification.Kind.COUNTER, "bob")
    ]
    assert sorted(bob.notifications.values_list("kind", "actor__username")) == [
        (Notification.Kind.REPLY, "alice"),
        (Notification.Kind.REPLY, "carol"),
    ]


def test_the_header_counts_unread_notifications(answered, bob_client):
    response = bob_client.get("/")
    assert '<span class="badge" aria-label="2 unread">2</span>' in response.text


def test_the_header_shows_no_count_when_nothing_is_new(answered, carol):
    from django.test import Client

    client = Client()
    client.force_login(carol)
    assert 'class="badge"' not in client.get("/").text


def test_the_list_shows_who_did_what_and_opening_it_marks_them_read(answered, bob, bob_client):
    response = bob_client.get("/notifications/")
    assert response.status_code == 200
    text = response.text
    assert "Alice replied to you" in text
    assert "Carol replied to you" in text
    assert text.count('class="unread"') == 2
    assert (
        f"/articles/{answered.highlight.article_id}/passages/{answered.highlight_id}/#ca-" in text
    )
    assert not bob.notifications.filter(read=False).exists()
    again = bob_client.get("/notifications/")
    assert 'class="unread"' not in again.text
    assert 'class="badge"' not in again.text


def test_an_answer_to_a_passage_reads_as_such(answered, alice_client):
    assert "Bob answered your passage" in alice_client.get("/notifications/").text


def test_the_list_is_private_to_its_member(answered, alice_client):
    text = alice_client.get("/notifications/").text
    assert "replied to you" not in text


def test_an_empty_list_says_what_will_appear(carol):
    from django.test import Client

    client = Client()
    client.force_login(carol)
    assert "Nothing new." in client.get("/notifications/").text


def test_anonymous_readers_are_sent_to_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_marking_read_touches_only_the_members_own_notifications(answered, alice, bob):
    assert services.notifications_mark_read(user=alice) == 1
    assert bob.notifications.filter(read=False).count() == 2


def test_marking_read_can_pick_notifications(answered, bob):
    first = bob.notifications.order_by("pk").first()
    assert services.notifications_mark_read(user=bob, ids=[first.pk]) == 1
    assert list(
        bob.notifications.filter(read=False).exclude(pk=first.pk).values_list("read", flat=True)
    ) == [False]


def test_anonymous_readers_have_no_notifications_to_mark():
    with pytest.raises(PermissionDenied):
        services.notifications_mark_read(user=AnonymousUser())


def test_the_list_page_queries_do_not_grow_with_notifications(
    passage, alice, bob, alice_client, django_assert_num_queries, lots_allowed
):
    make_counterargument(user=bob, highlight=passage)
    alice_client.get("/")  # the session and user are loaded the same way each time
    with django_assert_num_queries(5) as few:
        alice_client.get("/notifications/")
    for _ in range(20):
        make_counterargument(user=bob, highlight=passage)
    with django_assert_num_queries(len(few.captured_queries)):
        alice_client.get("/notifications/")


@pytest.fixture
def suspended_bob(answered, bob, mona):
    from moderation import services as moderation_services

    moderation_services.member_suspend(moderator=mona, member=bob, duration="7d", reason="Spam")
    bob.refresh_from_db()
    return bob


def test_a_suspended_member_still_opens_their_notifications(suspended_bob, bob_client):
    response = bob_client.get("/notifications/")
    assert response.status_code == 200
    assert "Alice" in response.text
    assert not suspended_bob.notifications.filter(read=False).exists()


def test_a_suspended_member_reads_and_marks_them_over_the_api(suspended_bob, bob_client):
    listed = bob_client.get("/api/v1/me/notifications/")
    assert listed.status_code == 200
    # Two replies, and the notice of the suspension itself.
    assert {n["kind"] for n in listed.json()} == {"reply", "suspended"}
    replies = [n for n in listed.json() if n["kind"] == "reply"]
    assert all(n["url"].startswith("http://testserver/articles/") for n in replies)
    marked = bob_client.post("/api/v1/me/notifications/read/", {}, content_type="application/json")
    assert marked.status_code == 200
    assert marked.json() == {"marked": 3}
    assert not suspended_bob.notifications.filter(read=False).exists()


def test_marking_notifications_read_refuses_unknown_fields(answered, bob_client):
    response = bob_client.post(
        "/api/v1/me/notifications/read/", {"idz": [1]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["idz"]


def test_anonymous_readers_have_no_notifications_api(client):
    assert client.get("/api/v1/me/notifications/").status_code == 401


def test_each_notification_says_where_and_what_and_whether_it_is_new(answered, bob_client):
    text = bob_client.get("/notifications/").text
    assert "in “The cost of AI”" in text
    assert '<p class="excerpt" lang="en">Alice replies.</p>' in text
    assert '<p class="excerpt" lang="en">Carol replies.</p>' in text
    assert text.count('<span class="new">New</span>') == 2
    assert '<span class="new">' not in bob_client.get("/notifications/").text


def test_a_hidden_answers_words_are_not_shown_in_a_notification(answered, alice, alice_client):
    from annotations.models import Visibility

    answered.visibility = Visibility.HIDDEN_BY_MODERATOR
    answered.save(update_fields=["visibility"])
    text = alice_client.get("/notifications/").text
    assert "Bob answered your passage" in text
    assert "Bob answers." not in text
    assert "[hidden by a moderator]" in text
