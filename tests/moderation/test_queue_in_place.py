"""After each decision the queue says "queue-changed"; the header's badge and the queue's
counts fetch themselves again from these two fragments."""

import pytest

from moderation import services as moderation_services
from tests.debates.moderation_setup import answer, flaggers

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(bob, passage):
    ca = answer(author=bob, highlight=passage)
    for member in flaggers(2):
        moderation_services.flag_create(user=member, target=ca, reason="spam")
    return ca


def test_the_badge_fragment_counts_the_items_waiting(mona_client, flagged):
    response = mona_client.get("/moderation/badge/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'hx-trigger="queue-changed from:body"' in response.text
    assert '<span class="badge" aria-label="1 item to review">1</span>' in response.text


def test_the_badge_is_empty_once_the_queue_is(mona, mona_client, flagged):
    moderation_services.moderate(moderator=mona, target=flagged, action="keep")
    response = mona_client.get("/moderation/badge/")
    assert 'class="badge"' not in response.text
    assert 'id="queue-badge"' in response.text  # still there, to be refreshed later


def test_the_queue_counts_fragment(mona_client, flagged):
    response = mona_client.get("/moderation/queue/counts/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "1 item waiting" in response.text
    assert "2 open flags" in response.text


@pytest.mark.parametrize("url", ["/moderation/badge/", "/moderation/queue/counts/"])
def test_the_fragments_are_for_moderators(url, alice_client, client):
    assert alice_client.get(url).status_code == 403
    assert client.get(url).status_code == 302
    assert alice_client.post(url).status_code == 405


def test_the_queue_page_has_the_keys_legend_and_its_script(mona_client, flagged):
    page = mona_client.get("/moderation/queue/").text
    assert 'id="queue-keys" hidden' in page  # shown by the script that makes the keys work
    assert "<kbd>j</kbd>" in page
    assert "/static/js/queue-keys.js" in page
    assert f'id="queue-item-counterargument-{flagged.pk}" tabindex="-1"' in page


def test_a_decision_tells_the_page_the_queue_changed(mona_client, flagged):
    response = mona_client.post(
        "/moderation/act/",
        {"target_type": "counterargument", "target_id": flagged.pk, "action": "keep"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "queue-changed" in response["HX-Trigger"]
    assert "item-moderated" in response["HX-Trigger"]
