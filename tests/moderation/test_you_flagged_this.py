"""A member who flagged an item sees "You flagged this" where the Flag button was, on the
reading page and in the passage panel; what they flagged is read in one query, however
many items they flagged on the page."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation import services
from tests.debates.moderation_setup import answer
from tests.factories import make_passage

pytestmark = pytest.mark.django_db

FLAG_BUTTON = "<summary>Flag</summary>"
FLAGGED = "You flagged this."


@pytest.fixture(autouse=True)
def _no_cached_pages():
    caches["reading"].clear()
    yield
    caches["reading"].clear()


@pytest.fixture
def answers(alice, passage, settings, lots_allowed):
    settings.FLAG_HIDE_WEIGHT = 100
    return [answer(author=alice, highlight=passage, body=f"Answer number {n}.") for n in range(4)]


def _panel(client, passage) -> tuple[str, int]:
    """The page with the passage's panel open, and how many queries it took; of those,
    exactly one reads the reader's flags."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/articles/{passage.article_id}/passages/{passage.pk}/")
    assert response.status_code == 200
    flag_reads = [q for q in queries.captured_queries if 'FROM "debates_flag"' in q["sql"]]
    assert len(flag_reads) == 1, flag_reads
    return response.text, len(queries)


def test_a_flagged_answer_shows_you_flagged_this_instead_of_the_button(
    bob, bob_client, passage, answers
):
    page, _ = _panel(bob_client, passage)
    assert FLAGGED not in page
    # The passage's own flag button and one per answer.
    assert page.count(FLAG_BUTTON) == 1 + len(answers)
    services.flag_create(user=bob, target=answers[0], reason="spam")
    page, _ = _panel(bob_client, passage)
    assert page.count(FLAGGED) == 1
    assert f'id="flag-counterargument-{answers[0].pk}"' in page
    assert page.count(FLAG_BUTTON) == len(answers)


def test_a_flagged_passage_shows_it_in_its_panel(bob, bob_client, passage, answers):
    services.flag_create(user=bob, target=passage, reason="off_topic")
    page, _ = _panel(bob_client, passage)
    assert f'<span class="flagged meta" id="flag-highlight-{passage.pk}">{FLAGGED}</span>' in page


def test_others_still_see_the_flag_button(bob, alice, passage, answers, client):
    from tests.factories import UserFactory

    services.flag_create(user=bob, target=answers[0], reason="spam")
    carol = UserFactory(username="carol2")
    client.force_login(carol)
    page, _ = _panel(client, passage)
    assert FLAGGED not in page
    assert page.count(FLAG_BUTTON) == 1 + len(answers)


def test_what_the_reader_flagged_is_one_query_however_many(bob, bob_client, passage, answers):
    services.flag_create(user=bob, target=answers[0], reason="spam")
    _panel(bob_client, passage)  # warm whatever the first read fills
    _, one = _panel(bob_client, passage)
    for item in [*answers[1:], passage]:
        services.flag_create(user=bob, target=item, reason="spam")
    page, many = _panel(bob_client, passage)
    assert page.count(FLAGGED) == len(answers) + 1
    assert FLAG_BUTTON not in page
    assert many == one


def test_the_reading_page_asks_nothing_of_flags_when_no_widget_shows(alice, article, client):
    make_passage(user=alice, article=article, exact="twenty years of food")
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/articles/{article.pk}/").status_code == 200
    assert not [q for q in queries.captured_queries if '"debates_flag"' in q["sql"]]


def test_flagging_twice_over_htmx_says_you_flagged_this(bob, bob_client, answers):
    url = f"/flag/counterargument/{answers[0].pk}/"
    headers = {"HX-Request": "true"}
    first = bob_client.post(url, {"reason": "spam"}, headers=headers)
    assert "Flagged — thank you" in first.text
    again = bob_client.post(url, {"reason": "spam"}, headers=headers)
    assert again.status_code == 422
    assert FLAGGED in again.text
    assert FLAG_BUTTON not in again.text
