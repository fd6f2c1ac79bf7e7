"""Appeals (issue 14, item 4): the author of a hidden or removed item asks once, with a
note; the appeal waits in the queue with the note and the decision appealed; a
moderator's restore or uphold is final, logged, and told to the author. Bad input gets a
sentence and the right status and stores nothing."""

import pytest
from django.test import Client

from annotations.models import Visibility
from debates.models import Notification
from moderation import selectors, services
from moderation.models import Appeal, ModerationAction
from tests.debates.moderation_setup import answer, flaggers

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
NOTE = "It quotes the report; it is not an advertisement."


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def removed(passage, bob, mona, settings):
    """bob's answer, flagged by three members and removed by mona."""
    settings.FLAG_HIDE_WEIGHT = 10
    ca = answer(author=bob, highlight=passage, body="GPU prices fell, see example.com")
    for member in flaggers(3):
        services.flag_create(user=member, target=ca, reason="spam")
    services.moderate(moderator=mona, target=ca, action="remove", reason="Advertising")
    ca.refresh_from_db()
    return ca


def _appeal(client, ca, note=NOTE, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/appeal/counterargument/{ca.pk}/", {"note": note}, headers=headers)


def test_the_author_appeals_from_the_notice_and_the_appeal_waits_in_the_queue(
    removed, bob, mona_client
):
    page = _client(bob).get("/notifications/").text
    assert "Appeal this decision" in page
    assert f'action="/appeal/counterargument/{removed.pk}/"' in page
    response = _appeal(_client(bob), removed)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Your appeal is sent." in response.text
    appeal = Appeal.objects.get()
    assert (appeal.appellant, appeal.counterargument, appeal.note) == (bob, removed, NOTE)
    assert appeal.decision.action == "remove"
    queue = mona_client.get("/moderation/queue/").text
    assert 'id="appeals"' in queue
    assert NOTE in queue
    assert "Mona removed Bob&#x27;s answer on 「The cost of AI」: Advertising" in queue
    assert "1 appeal" in queue
    assert selectors.moderation_dashboard().appeals == 1
    # The notice now says the appeal is waiting, and offers no second one.
    again = _client(bob).get("/notifications/").text
    assert "a moderator will decide" in again
    assert "Appeal this decision" not in again


def test_restoring_on_appeal_is_final_logged_and_told(removed, bob, mona, mona_client):
    appeal = services.appeal_create(user=bob, target=removed, note=NOTE)
    response = mona_client.post(
        f"/moderation/appeals/{appeal.pk}/decide/",
        {"decision": "restore", "reason": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Mona restored Bob&#x27;s answer on 「The cost of AI」 on appeal." in response.text
    assert "queue-changed" in response["HX-Trigger"]
    removed.refresh_from_db()
    appeal.refresh_from_db()
    assert removed.visibility == Visibility.VISIBLE
    assert (appeal.state, appeal.decided_by) == (Appeal.State.RESTORED, mona)
    assert ModerationAction.objects.filter(action="appeal_restore", target_id=removed.pk).exists()
    assert bob.notifications.filter(kind=Kind.APPEAL_RESTORED).exists()
    assert "Your appeal was accepted: your answer is restored." in (
        _client(bob).get("/notifications/").text
    )
    # Final: the same appeal cannot be decided again, nor a new one made.
    with pytest.raises(Exception, match="final"):
        services.appeal_decide(moderator=mona, appeal=appeal, decision="uphold", reason="x")
    assert selectors.moderation_dashboard().appeals == 0


def test_upholding_needs_a_reason_and_tells_the_author(removed, bob, mona, mona_client):
    appeal = services.appeal_create(user=bob, target=removed, note=NOTE)
    refused = mona_client.post(
        f"/moderation/appeals/{appeal.pk}/decide/",
        {"decision": "uphold", "reason": ""},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 422
    assert "Give a reason; the member will see it." in refused.text
    assert Appeal.objects.get().is_open
    services.appeal_decide(moderator=mona, appeal=appeal, decision="uphold", reason="Still an ad")
    removed.refresh_from_db()
    assert removed.visibility == Visibility.REMOVED_BY_MODERATOR
    notice = bob.notifications.get(kind=Kind.APPEAL_UPHELD)
    assert notice.reason == "Still an ad"
    assert ModerationAction.objects.filter(action="appeal_uphold").count() == 1


@pytest.mark.parametrize(
    ("note", "message"),
    [
        pytest.param("", "Say why the decision should change.", id="empty"),
        pytest.param("   ", "Say why the decision should change.", id="blank"),
        pytest.param("x" * 2001, "Keep the note to 2000 characters (it has 2001).", id="too-long"),
    ],
)
def test_a_bad_note_is_refused_and_nothing_stored(removed, bob, note, message):
    response = _appeal(_client(bob), removed, note=note)
    assert response.status_code == 422
    assert message in response.text
    assert not Appeal.objects.exists()


def test_a_note_of_exactly_2000_characters_is_taken(removed, bob):
    assert _appeal(_client(bob), removed, note="x" * 2000).status_code == 200


def test_appealing_twice_is_refused(removed, bob):
    services.appeal_create(user=bob, target=removed, note=NOTE)
    response = _appeal(_client(bob), removed, note="Again.")
    # The notice shows the appeal made (no form); a direct post says why not.
    assert response.status_code == 422
    assert "You appealed this already; the moderators&#x27; decision on it is final." in (
        response.text
    )
    assert Appeal.objects.count() == 1


def test_appealing_again_after_a_decision_is_refused(removed, bob, mona):
    appeal = services.appeal_create(user=bob, target=removed, note=NOTE)
    services.appeal_decide(moderator=mona, appeal=appeal, decision="uphold", reason="Ad")
    response = _appeal(_client(bob), removed, note="Once more.")
    assert response.status_code == 422
    assert Appeal.objects.count() == 1


def test_an_item_never_moderated_has_nothing_to_appeal(passage, bob):
    ca = answer(author=bob, highlight=passage)
    response = _appeal(_client(bob), ca)
    assert response.status_code == 422
    assert "There is nothing to appeal" in response.text
    assert not Appeal.objects.exists()


def test_someone_elses_item_cannot_be_appealed(removed, passage, bob, carol, mona, mona_client):
    # A removed answer keeps its place as a placeholder: carol sees that much, so 403.
    assert _appeal(_client(carol), removed).status_code == 403
    assert _appeal(mona_client, removed).status_code == 403
    # A hidden one does not exist for her: the same 404 as a missing item.
    hidden = answer(author=bob, highlight=passage, body="Hidden words")
    services.moderate(moderator=mona, target=hidden, action="hide", reason="x")
    assert _appeal(_client(carol), hidden).status_code == 404
    assert not Appeal.objects.exists()


def test_a_suspended_author_may_still_appeal(removed, bob, mona):
    services.member_suspend(moderator=mona, member=bob, duration="7d", reason="Spam")
    bob.refresh_from_db()
    assert _appeal(_client(bob), removed).status_code == 200
    assert Appeal.objects.get().appellant == bob


def test_the_appeal_page_works_without_javascript(removed, bob):
    client = _client(bob)
    page = client.get(f"/appeal/counterargument/{removed.pk}/")
    assert page.status_code == 200
    assert "Advertising" in page.text
    response = _appeal(client, removed, htmx=False)
    assert response.status_code == 302
    assert "a moderator will decide" in client.get(response["Location"]).text


def test_the_reading_page_offers_the_author_an_appeal(removed, bob, carol):
    url = removed.get_absolute_url().split("#")[0]
    assert f"/appeal/counterargument/{removed.pk}/" in _client(bob).get(url).text
    assert "/appeal/" not in _client(carol).get(url).text


def test_a_bulk_decision_with_an_item_its_author_removed_changes_nothing(
    passage, bob, carol, mona, mona_client
):
    from debates import services as debate_services

    fine = answer(author=bob, highlight=passage, body="One")
    gone = answer(author=carol, highlight=passage, body="Two")
    debate_services.counterargument_remove(user=carol, counterargument=gone)
    response = mona_client.post(
        "/moderation/bulk/",
        {
            "items": [f"counterargument-{fine.pk}", f"counterargument-{gone.pk}"],
            "action": "hide",
            "reason": "x",
        },
        follow=True,
    )
    assert f"Nothing was changed. Carol&#x27;s answer #{gone.pk}: Its author already removed" in (
        response.text
    )
    fine.refresh_from_db()
    assert fine.visibility == Visibility.VISIBLE
    assert not ModerationAction.objects.exists()
    assert not Notification.objects.filter(kind=Kind.HIDDEN).exists()


def test_the_queue_page_queries_do_not_grow_with_appeals(
    passage, bob, mona, mona_client, lots_allowed, django_assert_num_queries
):
    def add(n, start):
        for i in range(start, start + n):
            ca = answer(author=bob, highlight=passage, body=f"Answer {i}")
            services.moderate(moderator=mona, target=ca, action="hide", reason="x")
            services.appeal_create(user=bob, target=ca, note=f"Note {i}")

    add(1, 0)
    mona_client.get("/")
    # The request's own, the (empty) flag queue's one, the appeals' one, the counts' four.
    with django_assert_num_queries(12) as few:
        mona_client.get("/moderation/queue/")
    add(10, 1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = mona_client.get("/moderation/queue/")
    assert response.text.count('class="appeal-item"') == 11


# The API twins.


def test_the_api_takes_an_appeal_and_a_decision(removed, bob, mona_client):
    made = _client(bob).post(
        "/api/v1/moderation/appeals/",
        {"target_type": "counterargument", "target_id": removed.pk, "note": NOTE},
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert (body["state"], body["note"], body["decision"]["action"]) == ("open", NOTE, "remove")
    listed = mona_client.get("/api/v1/moderation/appeals/").json()
    assert [a["id"] for a in listed] == [body["id"]]
    decided = mona_client.post(
        f"/api/v1/moderation/appeals/{body['id']}/decision/",
        {"decision": "restore"},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["appeal"]["state"] == "restored"
    assert decided.json()["log_entry"]["action"] == "appeal_restore"
    again = mona_client.post(
        f"/api/v1/moderation/appeals/{body['id']}/decision/",
        {"decision": "uphold", "reason": "x"},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "final" in again.json()["error"]["message"]


@pytest.mark.parametrize(
    ("who", "note", "status", "words"),
    [
        pytest.param("bob", "", 400, "Say why", id="empty-note"),
        pytest.param("bob", "x" * 2001, 400, "2000 characters", id="too-long"),
        pytest.param("carol", NOTE, 403, "Only its author", id="someone-elses"),
        pytest.param("mona", NOTE, 403, "Only its author", id="a-moderator-not-the-author"),
    ],
)
def test_the_api_refuses_bad_appeals_with_a_sentence(
    removed, bob, carol, mona, who, note, status, words
):
    user = {"bob": bob, "carol": carol, "mona": mona}[who]
    response = _client(user).post(
        "/api/v1/moderation/appeals/",
        {"target_type": "counterargument", "target_id": removed.pk, "note": note},
        content_type="application/json",
    )
    assert response.status_code == status
    assert words in str(response.json()["error"])
    assert not Appeal.objects.exists()


def test_the_appeals_list_is_for_moderators(bob_client, client):
    assert bob_client.get("/api/v1/moderation/appeals/").status_code == 403
    assert client.get("/api/v1/moderation/appeals/").status_code == 401


def test_an_appeal_reads_in_chinese(removed, bob, mona):
    appeal = services.appeal_create(user=bob, target=removed, note=NOTE)
    services.appeal_decide(moderator=mona, appeal=appeal, decision="restore")
    text = _client(bob).get("/notifications/", headers={"accept-language": "zh-hans"}).text
    assert "你的申诉已被接受：你的回应已恢复。" in text


def test_the_header_badge_counts_an_open_appeal_until_it_is_decided(removed, bob, mona):
    assert selectors.moderation_queue_size() == 0  # the removal decided its flags
    appeal = services.appeal_create(user=bob, target=removed, note=NOTE)
    badge = _client(mona).get("/moderation/badge/").text
    assert '<span class="badge" aria-label="1 item to review">1</span>' in badge
    services.appeal_decide(
        moderator=mona, appeal=appeal, decision="uphold", reason="It is an advertisement."
    )
    assert selectors.moderation_queue_size() == 0
