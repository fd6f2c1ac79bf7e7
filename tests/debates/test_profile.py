"""A member's page: their passages, what they wrote and the votes they received."""

import pytest

from annotations.models import Visibility
from debates import services
from debates.models import Counterargument
from tests.factories import make_counterargument, make_passage

pytestmark = pytest.mark.django_db


def test_the_profile_lists_passages_counterarguments_and_votes_received(
    article, passage, alice, bob, carol, client
):
    mine = make_passage(user=bob, article=article, exact="twenty years of food")
    answer = make_counterargument(
        user=bob, highlight=passage, stance="asks", body="Which *year*, Bob's or <yours>?"
    )
    services.vote_cast(user=alice, counterargument=answer, value=1)
    services.vote_cast(user=carol, counterargument=answer, value=-1)
    other = make_counterargument(user=bob, highlight=mine, body="Food is energy.")
    services.vote_cast(user=alice, counterargument=other, value=1)
    response = client.get("/u/bob/")
    assert response.status_code == 200
    text = response.text
    assert "Votes received: 2 up, 1 down" in text
    assert f'href="/articles/{article.pk}/passages/{mine.pk}/#mark-{mine.pk}"' in text
    assert "“twenty years of food”" in text
    # The excerpt is the text without its Markdown, escaped once.
    assert "Which year, Bob&#x27;s or &lt;yours&gt;?" in text
    assert "Food is energy." in text
    assert '<span class="stance stance-asks">' in text


def test_removed_and_hidden_words_are_not_listed(passage, bob, client):
    removed = make_counterargument(user=bob, highlight=passage, body="Taken back.")
    services.counterargument_remove(user=bob, counterargument=removed)
    hidden = make_counterargument(user=bob, highlight=passage, body="Hidden by a moderator.")
    Counterargument.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN_BY_MODERATOR)
    text = client.get("/u/bob/").text
    assert "Taken back." not in text
    assert "Hidden by a moderator." not in text


def test_a_new_member_has_nothing_yet(carol, client):
    text = client.get("/u/carol/").text
    assert "Votes received: 0 up, 0 down" in text
    # One sentence, not three empty sections.
    assert "Carol has not marked, written or imported anything yet." in text
    assert "<h2>" not in text


def test_only_the_sections_with_something_in_them_are_shown(passage, bob, client):
    make_counterargument(user=bob, highlight=passage)
    text = client.get("/u/bob/").text
    assert "<h2>Counterarguments and replies</h2>" in text
    assert "<h2>Passages marked</h2>" not in text
    assert "<h2>Articles imported</h2>" not in text
    assert "has not marked" not in text


def test_the_profile_queries_do_not_grow_with_activity(
    article, passage, alice, bob, client, django_assert_num_queries, lots_allowed
):
    make_counterargument(user=bob, highlight=passage)
    with django_assert_num_queries(5) as few:
        client.get("/u/bob/")
    for n in range(10):
        ca = make_counterargument(user=bob, highlight=passage, body=f"Answer {n}.")
        services.vote_cast(user=alice, counterargument=ca, value=1)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/u/bob/")
