"""Every kind of write on one passage at once, from 16 real connections, repeated: no
deadlock, no lost write, every count exact (the lock order and retry of core.db).
PostgreSQL only: SQLite serialises every writer, so it cannot show the race."""

import pytest
from django.core.exceptions import ValidationError

from debates import services
from debates.models import Counterargument, Visibility, Vote
from moderation import services as moderation_services
from moderation.models import Flag
from tests.concurrency import run_together
from tests.factories import UserFactory, make_article, make_counterargument, make_passage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 3


@pytest.fixture
def passage(alice):
    article = make_article(user=alice, text="AI cost falls tenfold every year, they say.")
    return make_passage(user=alice, article=article, exact="AI cost falls tenfold")


def _visible_answers(passage):
    return Counterargument.objects.filter(highlight=passage, visibility=Visibility.VISIBLE).count()


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_votes_replies_answers_flags_and_moderation_at_once_lose_nothing(
    round_, passage, bob, carol, mona, lots_allowed
):
    voted = make_counterargument(user=bob, highlight=passage, body="The voted answer.")
    flagged = make_counterargument(user=bob, highlight=passage, body="The flagged answer.")
    hidden = make_counterargument(user=carol, highlight=passage, body="The hidden answer.")
    members = [UserFactory(username=f"m{round_}x{n}") for n in range(15)]
    voters, repliers, answerers, flaggers = (
        members[0:5],
        members[5:9],
        members[9:13],
        members[13:15],
    )
    jobs = (
        [
            lambda user=user: services.vote_cast(user=user, counterargument=voted, value=1)
            for user in voters
        ]
        + [
            lambda user=user: services.reply_post(
                user=user, parent=voted, stance="qualifies", body=f"A reply by {user}."
            )
            for user in repliers
        ]
        + [
            lambda user=user: services.counterargument_post(
                user=user, highlight=passage, stance="refutes", body=f"An answer by {user}."
            )
            for user in answerers
        ]
        + [
            lambda user=user: moderation_services.flag_create(
                user=user, target=flagged, reason="spam"
            )
            for user in flaggers
        ]
        + [
            lambda: moderation_services.decide(
                moderator=mona, target=hidden, action="hide", reason="Off topic.", duration="7d"
            )
        ]
    )
    assert len(jobs) == 16

    assert run_together(jobs) == []

    voted.refresh_from_db()
    passage.refresh_from_db()
    assert (
        (voted.upvotes, voted.downvotes)
        == (5, 0)
        == (Vote.objects.filter(counterargument=voted).count(), 0)
    )
    assert Counterargument.objects.filter(parent=voted).count() == 4
    assert Counterargument.objects.filter(highlight=passage, parent=None).count() == 3 + 4
    assert Flag.objects.filter(counterargument=flagged, state=Flag.State.OPEN).count() == 2
    assert Counterargument.objects.get(pk=hidden.pk).visibility == Visibility.HIDDEN_BY_MODERATOR
    carol.refresh_from_db()
    assert carol.is_suspended
    # The passage's activity counts exactly what readers see: 3 + 4 answers + 4 replies - 1.
    assert passage.answers == _visible_answers(passage) == 10


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_member_sending_answers_and_votes_at_once_loses_none(
    round_, passage, alice, bob, lots_allowed
):
    others = [
        make_counterargument(user=alice, highlight=passage, body=f"Alice's point {n}.")
        for n in range(6)
    ]
    jobs = [
        lambda n=n: services.counterargument_post(
            user=bob, highlight=passage, stance="asks", body=f"Bob's question {n}?"
        )
        for n in range(6)
    ] + [lambda ca=ca: services.vote_cast(user=bob, counterargument=ca, value=-1) for ca in others]

    assert run_together(jobs) == []

    assert Counterargument.objects.filter(author=bob, highlight=passage).count() == 6
    assert Vote.objects.filter(user=bob).count() == 6
    passage.refresh_from_db()
    assert passage.answers == _visible_answers(passage) == 12


@pytest.mark.parametrize("round_", range(5))
def test_two_up_clicks_at_once_end_as_two_clicks_in_a_row(
    round_, passage, alice, bob, lots_allowed
):
    answer = make_counterargument(user=bob, highlight=passage)
    jobs = [
        lambda: services.vote_toggle(user=alice, counterargument=answer, value=1) for _ in range(2)
    ]

    assert run_together(jobs) == []

    # Up, then up again: the second click takes the vote back.
    assert not Vote.objects.filter(user=alice, counterargument=answer).exists()
    answer.refresh_from_db()
    assert (answer.upvotes, answer.downvotes) == (0, 0)


def test_the_same_answer_sent_twice_at_once_is_stored_once(passage, bob, lots_allowed):
    jobs = [
        lambda: services.counterargument_post(
            user=bob, highlight=passage, stance="refutes", body="Costs fall, prices do not."
        )
        for _ in range(2)
    ]

    errors = run_together(jobs)

    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert errors[0].error_dict["body"][0].code == "duplicate"
    assert Counterargument.objects.filter(author=bob, highlight=passage).count() == 1
