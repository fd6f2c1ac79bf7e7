"""Ordering a passage's answers ("best" by the Wilson lower bound, "controversial",
"newest") and the article's most contested passages."""

import math
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from debates import ranking

# The pure part first: no database.


def test_the_wilson_lower_bound_matches_the_published_formula():
    # 95%: z = 1.96. For 8 up out of 10 the interval is about [0.490, 0.943].
    assert ranking.wilson_lower_bound(8, 2) == pytest.approx(0.4902, abs=1e-4)
    assert ranking.wilson_lower_bound(0, 0) == 0.0
    assert ranking.wilson_lower_bound(0, 5) == pytest.approx(0.0, abs=1e-12)


def test_many_votes_mostly_up_beat_a_few_all_up():
    assert ranking.wilson_lower_bound(90, 10) > ranking.wilson_lower_bound(3, 0)


def test_the_lower_bound_stays_between_zero_and_the_observed_share():
    for up in range(0, 30, 3):
        for down in range(0, 30, 4):
            bound = ranking.wilson_lower_bound(up, down)
            assert 0.0 <= bound <= (up / (up + down) if up + down else 0) + 1e-12


def test_controversy_is_high_for_many_evenly_split_votes():
    assert ranking.controversy(50, 50) > ranking.controversy(5, 5) > ranking.controversy(9, 1)
    assert ranking.controversy(10, 0) == 0.0
    assert ranking.controversy(10, 10) == pytest.approx(20.0)
    assert math.isclose(ranking.controversy(4, 2), 6**0.5)


def _item(pk, up, down, minutes_ago=0):
    created = datetime(2026, 1, 1) - timedelta(minutes=minutes_ago)
    return SimpleNamespace(pk=pk, upvotes=up, downvotes=down, created=created)


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        pytest.param("best", [2, 3, 1, 4], id="best"),
        pytest.param("controversial", [4, 3, 2, 1], id="controversial"),
        pytest.param("newest", [1, 2, 3, 4], id="newest"),
    ],
)
def test_the_three_orderings(ordering, expected):
    items = [
        _item(1, 3, 0, minutes_ago=1),
        _item(2, 90, 10, minutes_ago=2),
        _item(3, 30, 12, minutes_ago=3),
        _item(4, 20, 20, minutes_ago=4),
    ]
    assert [i.pk for i in sorted(items, key=ranking.sort_key(ordering))] == expected


def test_an_unknown_ordering_is_refused():
    with pytest.raises(ValueError, match="Unknown ordering"):
        ranking.sort_key("loudest")


# On the page.

HTMX = {"HX-Request": "true"}


@pytest.fixture
def answers(passage, bob, carol, lots_allowed):
    from debates.models import Counterargument
    from tests.factories import make_counterargument

    few_all_up = make_counterargument(user=bob, highlight=passage, body="Few, all up.")
    many_mostly_up = make_counterargument(user=carol, highlight=passage, body="Many, mostly up.")
    split = make_counterargument(user=bob, highlight=passage, body="Evenly split.")
    # Tallies set directly: the votes themselves are the vote tests' business.
    Counterargument.objects.filter(pk=few_all_up.pk).update(upvotes=3, downvotes=0)
    Counterargument.objects.filter(pk=many_mostly_up.pk).update(upvotes=90, downvotes=10)
    Counterargument.objects.filter(pk=split.pk).update(upvotes=40, downvotes=40)
    return few_all_up, many_mostly_up, split


def _order_on_page(text, items):
    return sorted(items, key=lambda ca: text.index(f'id="ca-{ca.pk}"'))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        pytest.param("", [1, 0, 2], id="best by default"),
        pytest.param("?ordering=best", [1, 0, 2], id="best"),
        pytest.param("?ordering=controversial", [2, 1, 0], id="controversial"),
        pytest.param("?ordering=newest", [2, 1, 0], id="newest"),
        pytest.param("?ordering=loudest", [1, 0, 2], id="unknown falls back to best"),
    ],
)
def test_the_passage_panel_lists_answers_in_the_chosen_order(
    passage, answers, client, ordering, expected
):
    response = client.get(
        f"/articles/{passage.article_id}/passages/{passage.pk}/{ordering}", headers=HTMX
    )
    assert response.status_code == 200
    assert _order_on_page(response.text, answers) == [answers[i] for i in expected]


@pytest.mark.django_db
def test_the_current_ordering_is_marked(passage, answers, client):
    response = client.get(
        f"/articles/{passage.article_id}/passages/{passage.pk}/?ordering=newest", headers=HTMX
    )
    assert 'aria-current="true" class="current">Newest</a>' in response.text


@pytest.mark.django_db
def test_the_reading_page_lists_the_most_contested_passages_by_activity(
    article, alice, bob, carol, client, lots_allowed
):
    from tests.factories import make_counterargument, make_passage

    quiet = make_passage(user=alice, article=article, exact="the report says")
    busy = make_passage(user=bob, article=article, exact="twenty years of food")
    untouched = make_passage(user=carol, article=article, exact="Training a human")
    make_counterargument(user=carol, highlight=quiet)
    for _ in range(4):
        make_counterargument(user=carol, highlight=busy)
    response = client.get(f"/articles/{article.pk}/")
    text = response.text
    contested = text[text.index("Most contested passages") : text.index("marked passages")]
    assert contested.index("twenty years of food") < contested.index("the report says")
    assert "Training a human" not in contested
    assert "4 answers" in contested
    # The marks' intensity follows the activity.
    assert f'class="hl hl-3" data-highlight="{busy.pk}"' in text
    assert f'class="hl hl-2" data-highlight="{quiet.pk}"' in text
    assert f'class="hl hl-1" data-highlight="{untouched.pk}"' in text
