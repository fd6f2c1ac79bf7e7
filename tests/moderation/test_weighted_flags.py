"""Flags weigh their flagger's record (moderation/weights.py): the weight is stored when
the flag is raised, automatic hiding compares the open flags' total with
FLAG_HIDE_WEIGHT, and the queue puts the heaviest first."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.utils import timezone

from annotations.models import Visibility
from moderation import selectors, services
from moderation.models import Flag, ModerationAction
from tests.debates.moderation_setup import answer, flaggers
from tests.factories import UserFactory, make_passage

pytestmark = pytest.mark.django_db


def member(name: str, *, days: int):
    return UserFactory(
        username=name, date_joined=timezone.now() - datetime.timedelta(days=days, minutes=1)
    )


@pytest.fixture
def ca(alice, bob, passage):
    return answer(author=bob, highlight=passage)


def test_the_default_threshold_is_three_new_members():
    assert Decimal(3) == django_settings.FLAG_HIDE_WEIGHT


def test_three_new_members_flags_hide_it_and_two_do_not(ca):
    first, second, third = flaggers(3)
    services.flag_create(user=first, target=ca, reason="spam")
    services.flag_create(user=second, target=ca, reason="spam")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE
    services.flag_create(user=third, target=ca, reason="spam")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.PENDING_REVIEW
    assert list(Flag.objects.values_list("weight", flat=True)) == [Decimal(1)] * 3
    entry = ModerationAction.objects.get()
    assert entry.action == ModerationAction.Action.AUTO_HIDE
    assert entry.reason == "Its flags weigh 3; 3 hides an item."


def test_the_weight_is_stored_when_the_flag_is_raised(ca, mona):
    old = member("old", days=100)
    flag = services.flag_create(user=old, target=ca, reason="spam")
    assert flag.weight == Decimal(3)
    # Later changes to the record do not reweigh it.
    old.date_joined = timezone.now()
    old.save()
    flag.refresh_from_db()
    assert flag.weight == Decimal(3)


def test_a_members_weeks_old_flag_and_a_new_members_hide_it(ca):
    services.flag_create(user=member("weekold", days=8), target=ca, reason="spam")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE
    services.flag_create(user=member("new", days=0), target=ca, reason="spam")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.PENDING_REVIEW


def test_a_moderators_flag_weighs_5_and_hides_it_alone(ca, mona):
    flag = services.flag_create(user=mona, target=ca, reason="spam")
    assert flag.weight == Decimal(5)
    ca.refresh_from_db()
    assert ca.visibility == Visibility.PENDING_REVIEW


def test_an_accurate_flaggers_record_adds_weight(alice, bob, mona, passage, lots_allowed, settings):
    settings.FLAG_HIDE_WEIGHT = 100
    flagger = flaggers(1)[0]
    for n in range(6):
        item = answer(author=bob, highlight=passage, body=f"Spam number {n}.")
        services.flag_create(user=flagger, target=item, reason="spam")
        services.moderate(moderator=mona, target=item, action="hide", reason="Spam.")
    record = selectors.flagger_record(flagger)
    assert (record.raised, record.upheld, record.rejected) == (6, 6, 0)
    flag = services.flag_create(
        user=flagger, target=answer(author=bob, highlight=passage), reason="spam"
    )
    assert flag.weight == Decimal("2.29")


def test_dismissed_flags_do_not_count_towards_hiding(ca, mona):
    first, second, third = flaggers(3)
    services.flag_create(user=first, target=ca, reason="spam")
    services.flag_create(user=second, target=ca, reason="spam")
    services.moderate(moderator=mona, target=ca, action="keep")
    services.flag_create(user=third, target=ca, reason="spam")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.VISIBLE


def test_a_passage_hidden_by_weight_leaves_the_cached_reading_page(
    article, alice, bob, mona, client
):
    caches["reading"].clear()
    other = make_passage(user=bob, article=article, exact="twenty years of food")
    assert f'data-highlight="{other.pk}"' in client.get(f"/articles/{article.pk}/").text
    services.flag_create(user=mona, target=other, reason="spam")
    other.refresh_from_db()
    assert other.visibility == Visibility.PENDING_REVIEW
    assert f'data-highlight="{other.pk}"' not in client.get(f"/articles/{article.pk}/").text
    caches["reading"].clear()


def test_the_queue_puts_the_heaviest_first_then_the_longest_waiting(alice, bob, passage, settings):
    settings.FLAG_HIDE_WEIGHT = 100
    light, heavy, older, newer = (
        answer(author=bob, highlight=passage, body=f"Answer {n}") for n in "1234"
    )
    new_one, new_two = flaggers(2)
    # Two new members' flags (2) weigh less than one three-month member's (3).
    services.flag_create(user=new_one, target=light, reason="spam")
    services.flag_create(user=new_two, target=light, reason="spam")
    services.flag_create(user=member("old", days=100), target=heavy, reason="spam")
    services.flag_create(user=new_one, target=newer, reason="spam")
    services.flag_create(user=new_one, target=older, reason="spam")
    Flag.objects.filter(counterargument=older).update(
        created=timezone.now() - datetime.timedelta(hours=1)
    )
    queue = selectors.moderation_queue()
    assert [entry.item for entry in queue] == [heavy, light, older, newer]
    assert [entry.weight_text for entry in queue] == ["3", "2", "1", "1"]


def test_the_queue_page_shows_each_items_weight(alice, bob, passage, mona_client):
    services.flag_create(
        user=member("old", days=100), target=answer(author=bob, highlight=passage), reason="spam"
    )
    response = mona_client.get("/moderation/queue/")
    assert response.status_code == 200
    assert "weight 3" in response.text


@pytest.mark.parametrize("value", ["three", "0", "-1", "NaN", "Infinity"])
def test_a_bad_flag_hide_weight_stops_the_process_with_a_sentence(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import env_decimal

    monkeypatch.setenv("FLAG_HIDE_WEIGHT", value)
    with pytest.raises(ImproperlyConfigured, match="FLAG_HIDE_WEIGHT must be a"):
        env_decimal("FLAG_HIDE_WEIGHT", "3")


def test_a_fractional_flag_hide_weight_is_read(monkeypatch):
    from config.settings import env_decimal

    monkeypatch.setenv("FLAG_HIDE_WEIGHT", "4.5")
    assert env_decimal("FLAG_HIDE_WEIGHT", "3") == Decimal("4.5")
