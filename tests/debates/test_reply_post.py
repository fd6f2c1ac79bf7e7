"""Replying to an answer: replies have their own stance and form a tree, shown threaded
with deep or long branches folded."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Visibility
from debates import selectors, services
from debates.models import Counterargument, Notification
from tests.factories import make_counterargument, make_reply

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def answer(passage, bob):
    return make_counterargument(user=bob, highlight=passage, body="Bob's answer.")


def test_a_member_replies_with_a_stance_towards_the_answer(answer, alice):
    reply = services.reply_post(user=alice, parent=answer, stance="asks", body="Source?")
    reply.refresh_from_db()
    assert (reply.parent, reply.highlight, reply.stance) == (answer, answer.highlight, "asks")


def test_replies_form_a_tree(answer, alice, bob, carol):
    first = make_reply(user=alice, parent=answer)
    deeper = make_reply(user=carol, parent=first)
    make_reply(user=bob, parent=deeper)
    [root] = selectors.passage_thread(highlight=answer.highlight, user=alice)
    assert root.item == answer
    assert root.children[0].item == first
    assert root.children[0].children[0].item == deeper
    assert root.descendants == 3


def test_the_author_of_the_answer_is_notified_of_a_reply(answer, alice, bob):
    Notification.objects.all().delete()
    reply = make_reply(user=alice, parent=answer)
    notification = Notification.objects.get()
    assert (notification.recipient, notification.actor, notification.kind) == (
        bob,
        alice,
        Notification.Kind.REPLY,
    )
    assert notification.counterargument == reply


def test_replying_to_oneself_notifies_nobody(answer, bob):
    Notification.objects.all().delete()
    make_reply(user=bob, parent=answer)
    assert not Notification.objects.exists()


def test_replies_count_towards_the_passages_activity(answer, alice):
    make_reply(user=alice, parent=answer)
    answer.highlight.refresh_from_db()
    assert answer.highlight.answers == 2


def test_the_passage_lists_and_the_profile_count_answers_and_replies_apart(
    answer, passage, alice, carol, client
):
    make_counterargument(user=carol, highlight=passage, body="Carol's answer.")
    make_reply(user=alice, parent=answer)
    hidden = make_reply(user=carol, parent=answer)
    Counterargument.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN_BY_MODERATOR)
    services.refresh_answer_count(passage.pk)
    reading = client.get(f"/articles/{passage.article_id}/").text
    assert "2 answers, 1 reply" in reading
    assert "3 answers" not in reading
    assert "2 answers, 1 reply" in client.get("/u/alice/").text


@pytest.mark.parametrize(
    "visibility",
    [
        pytest.param(Visibility.REMOVED_BY_AUTHOR, id="removed by its author"),
        pytest.param(Visibility.REMOVED_BY_MODERATOR, id="removed by a moderator"),
        pytest.param(Visibility.HIDDEN_BY_MODERATOR, id="hidden by a moderator"),
        pytest.param(Visibility.PENDING_REVIEW, id="hidden pending review"),
    ],
)
def test_a_removed_or_hidden_item_takes_no_replies(answer, alice, visibility):
    Counterargument.objects.filter(pk=answer.pk).update(visibility=visibility)
    with pytest.raises(ValidationError, match="removed or hidden") as excinfo:
        make_reply(user=alice, parent=answer)
    assert excinfo.value.code == "closed"
    assert Counterargument.objects.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"body": ""}, id="empty body"),
        pytest.param({"body": "x" * 10_001}, id="body over 10,000 characters"),
        pytest.param({"stance": "agrees"}, id="unknown stance"),
        pytest.param({"sources": ["https://a.example/"] * 3 + ["x", "y", "z"]}, id="bad sources"),
    ],
)
def test_bad_replies_are_refused_and_nothing_is_stored(answer, alice, fields):
    data = {"stance": "refutes", "body": "Fine.", **fields}
    with pytest.raises(ValidationError):
        services.reply_post(user=alice, parent=answer, **data)
    assert Counterargument.objects.count() == 1


def test_a_locked_debate_takes_no_replies(answer, alice):
    answer.highlight.article.debate_locked = True
    answer.highlight.article.save()
    with pytest.raises(ValidationError, match="locked"):
        make_reply(user=alice, parent=answer)
    assert Counterargument.objects.count() == 1


def test_an_anonymous_reader_cannot_reply(answer):
    with pytest.raises(PermissionDenied):
        make_reply(user=AnonymousUser(), parent=answer)
    assert Counterargument.objects.count() == 1


# The reply form.


def test_the_reply_form_answers_the_thread_with_the_reply_in_it(answer, alice_client):
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/reply/",
        {"stance": "supports", "body": "Agreed, *mostly*."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    reply = Counterargument.objects.get(parent=answer)
    assert response["HX-Trigger"] == f'{{"counterargument-created": {{"id": {reply.pk}}}}}'
    assert f'id="ca-{reply.pk}"' in response.text
    assert '<ol class="replies">' in response.text
    assert "Agreed, <em>mostly</em>." in response.text


def test_without_htmx_the_reply_form_redirects_to_the_reply(answer, alice_client):
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/reply/", {"stance": "supports", "body": "Yes."}
    )
    reply = Counterargument.objects.get(parent=answer)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#ca-{reply.pk}")


def test_a_bad_reply_re_renders_the_reply_form_with_its_error(answer, alice_client):
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/reply/", {"stance": "supports", "body": " "}, headers=HTMX
    )
    assert response.status_code == 422
    assert "<html" not in response.text
    assert response["HX-Retarget"] == f"#reply-form-{answer.pk}"
    assert "Write something first." in response.text
    assert Counterargument.objects.count() == 1


def test_a_reply_to_a_removed_item_is_refused_in_the_form(answer, alice_client):
    Counterargument.objects.filter(pk=answer.pk).update(visibility=Visibility.REMOVED_BY_AUTHOR)
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/reply/", {"stance": "supports", "body": "Hm."}, headers=HTMX
    )
    assert response.status_code == 422
    assert "can&#x27;t take replies" in response.text
    assert Counterargument.objects.count() == 1


def test_a_reply_to_a_hidden_item_is_404_for_other_members(answer, alice_client):
    Counterargument.objects.filter(pk=answer.pk).update(visibility=Visibility.HIDDEN_BY_MODERATOR)
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/reply/", {"stance": "supports", "body": "Hm."}
    )
    assert response.status_code == 404
    assert Counterargument.objects.count() == 1


def test_an_anonymous_reply_is_sent_to_sign_in(answer, client):
    response = client.post(
        f"/counterarguments/{answer.pk}/reply/", {"stance": "supports", "body": "Hm."}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Counterargument.objects.count() == 1


def test_get_is_not_allowed_on_the_reply_endpoint(answer, alice_client):
    assert alice_client.get(f"/counterarguments/{answer.pk}/reply/").status_code == 405


def test_a_reply_to_an_unknown_item_is_404(alice_client):
    response = alice_client.post("/counterarguments/999999/reply/", {"stance": "asks", "body": "?"})
    assert response.status_code == 404


# Threads on the page.


def test_a_long_branch_shows_three_replies_and_folds_the_rest(answer, alice, lots_allowed, client):
    replies = [make_reply(user=alice, parent=answer, body=f"Reply {n}.") for n in range(5)]
    make_reply(user=answer.author, parent=replies[4], body="Under the fifth.")
    response = client.get(
        f"/articles/{answer.highlight.article_id}/passages/{answer.highlight_id}/", headers=HTMX
    )
    text = response.text
    assert '<details class="more-replies">' in text
    assert "3 more replies" in text  # the fourth, the fifth and the one under it
    folded = text.index('<details class="more-replies">')
    # Replies with no votes tie on "best" and keep their order of arrival.
    assert text.index(f'id="ca-{replies[2].pk}"') < folded < text.index(f'id="ca-{replies[3].pk}"')


def test_a_deep_branch_is_folded(answer, alice, bob, client):
    parent = answer
    chain = []
    for n in range(5):
        parent = make_reply(user=alice if n % 2 == 0 else bob, parent=parent, body=f"Level {n}.")
        chain.append(parent)
    response = client.get(
        f"/articles/{answer.highlight.article_id}/passages/{answer.highlight_id}/", headers=HTMX
    )
    text = response.text
    # Depth 0 (the answer) to 2 are open; the branch under depth 3 is folded.
    assert "2 more replies" in text
    folded = text.index('<details class="more-replies">')
    assert text.index(f'id="ca-{chain[2].pk}"') < folded < text.index(f'id="ca-{chain[3].pk}"')


def test_a_removed_item_stays_as_a_placeholder_with_its_replies(answer, alice, bob, client):
    reply = make_reply(user=alice, parent=answer, body="Alice's reply stays.")
    services.counterargument_remove(user=bob, counterargument=answer)
    response = client.get(
        f"/articles/{answer.highlight.article_id}/passages/{answer.highlight_id}/", headers=HTMX
    )
    assert "[removed by its author]" in response.text
    assert "Bob&#x27;s answer." not in response.text
    assert "Bob's answer." not in response.text
    assert f'id="ca-{reply.pk}"' in response.text
    assert "Alice&#x27;s reply stays." in response.text or "Alice's reply stays." in response.text
