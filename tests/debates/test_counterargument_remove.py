"""Removing one's own item: it stays as "[removed by its author]" so the thread under it
stays readable."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Visibility
from debates import services
from debates.models import Counterargument
from tests.factories import make_counterargument, make_reply

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def answer(passage, bob):
    return make_counterargument(user=bob, highlight=passage, body="Bob's words.")


def test_the_author_removes_their_item_and_its_words_leave_the_page(answer, bob, client):
    services.counterargument_remove(user=bob, counterargument=answer)
    answer.refresh_from_db()
    assert answer.visibility == Visibility.REMOVED_BY_AUTHOR
    response = client.get(
        f"/articles/{answer.highlight.article_id}/passages/{answer.highlight_id}/", headers=HTMX
    )
    assert "[removed by its author]" in response.text
    assert "Bob&#x27;s words." not in response.text


def test_a_removed_item_no_longer_counts_towards_the_passages_activity(answer, bob):
    services.counterargument_remove(user=bob, counterargument=answer)
    answer.highlight.refresh_from_db()
    assert answer.highlight.answers == 0


def test_replies_under_a_removed_item_stay(answer, alice, bob):
    reply = make_reply(user=alice, parent=answer)
    services.counterargument_remove(user=bob, counterargument=answer)
    reply.refresh_from_db()
    assert reply.visibility == Visibility.VISIBLE
    assert Counterargument.objects.filter(parent=answer).exists()


def test_removing_twice_changes_nothing(answer, bob):
    services.counterargument_remove(user=bob, counterargument=answer)
    services.counterargument_remove(user=bob, counterargument=answer)
    answer.refresh_from_db()
    assert answer.visibility == Visibility.REMOVED_BY_AUTHOR


def test_only_the_author_may_remove(answer, alice):
    with pytest.raises(PermissionDenied):
        services.counterargument_remove(user=alice, counterargument=answer)
    answer.refresh_from_db()
    assert answer.visibility == Visibility.VISIBLE


def test_an_anonymous_reader_cannot_remove(answer):
    with pytest.raises(PermissionDenied):
        services.counterargument_remove(user=AnonymousUser(), counterargument=answer)


def test_a_moderators_decision_cannot_be_overwritten_by_the_author(answer, bob):
    Counterargument.objects.filter(pk=answer.pk).update(visibility=Visibility.HIDDEN_BY_MODERATOR)
    with pytest.raises(ValidationError, match="moderator"):
        services.counterargument_remove(user=bob, counterargument=answer)
    answer.refresh_from_db()
    assert answer.visibility == Visibility.HIDDEN_BY_MODERATOR


def test_a_locked_debate_refuses_removals(answer, bob):
    answer.highlight.article.debate_locked = True
    answer.highlight.article.save()
    with pytest.raises(ValidationError, match="locked"):
        services.counterargument_remove(user=bob, counterargument=answer)
    answer.refresh_from_db()
    assert answer.visibility == Visibility.VISIBLE


# The remove button.


def test_the_remove_button_answers_the_thread_with_the_placeholder(answer, bob_client):
    response = bob_client.post(f"/counterarguments/{answer.pk}/remove/", headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response["HX-Trigger"] == f'{{"counterargument-removed": {{"id": {answer.pk}}}}}'
    assert "[removed by its author]" in response.text


def test_without_htmx_the_remove_button_redirects_to_the_item(answer, bob_client):
    response = bob_client.post(f"/counterarguments/{answer.pk}/remove/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#ca-{answer.pk}")


def test_another_member_gets_403_from_the_remove_button(answer, alice_client):
    assert alice_client.post(f"/counterarguments/{answer.pk}/remove/").status_code == 403
    answer.refresh_from_db()
    assert answer.visibility == Visibility.VISIBLE


def test_a_refused_removal_is_shown_beside_the_item(answer, bob_client):
    answer.highlight.article.debate_locked = True
    answer.highlight.article.save()
    response = bob_client.post(f"/counterarguments/{answer.pk}/remove/", headers=HTMX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#item-error-{answer.pk}"
    assert "locked" in response.text


def test_an_anonymous_removal_is_sent_to_sign_in(answer, client):
    response = client.post(f"/counterarguments/{answer.pk}/remove/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_get_is_not_allowed_on_the_remove_endpoint(answer, bob_client):
    assert bob_client.get(f"/counterarguments/{answer.pk}/remove/").status_code == 405


def test_removing_an_unknown_item_is_404(bob_client):
    assert bob_client.post("/counterarguments/999999/remove/").status_code == 404
