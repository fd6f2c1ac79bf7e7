"""Tallies stay exact when many members vote (or answer) at once, each from their own
connection. PostgreSQL only: SQLite serialises every writer, so it cannot show the race."""

import pytest

from debates import services
from debates.models import Counterargument, Vote
from tests.concurrency import run_together as _run_together
from tests.factories import UserFactory, make_article, make_counterargument, make_passage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MEMBERS = 50


@pytest.fixture
def answer(alice, bob):
    article = make_article(user=alice, text="AI cost falls tenfold every year.")
    passage = make_passage(user=alice, article=article, exact="AI cost falls")
    return make_counterargument(user=bob, highlight=passage)


def test_fifty_members_voting_at_once_leave_an_exact_tally(answer):
    voters = [UserFactory(username=f"voter{n}") for n in range(MEMBERS)]
    # Even-numbered members vote up, odd-numbered down.
    jobs = [
        (
            lambda user=user, n=n: services.vote_cast(
                user=user, counterargument=answer, value=1 if n % 2 == 0 else -1
            )
        )
        for n, user in enumerate(voters)
    ]
    assert _run_together(jobs) == []
    answer.refresh_from_db()
    votes = Vote.objects.filter(counterargument=answer)
    assert votes.count() == MEMBERS
    assert votes.values("user").distinct().count() == MEMBERS
    assert (answer.upvotes, answer.downvotes) == (
        votes.filter(value=1).count(),
        votes.filter(value=-1).count(),
    )
    assert (answer.upvotes, answer.downvotes) == (MEMBERS // 2, MEMBERS // 2)


def test_one_member_clicking_many_times_at_once_leaves_one_vote(answer, alice):
    jobs = [
        (
            lambda n=n: services.vote_cast(
                user=alice, counterargument=answer, value=1 if n % 2 == 0 else -1
            )
        )
        for n in range(20)
    ]
    assert _run_together(jobs) == []
    vote = Vote.objects.get(counterargument=answer)
    answer = Counterargument.objects.get(pk=answer.pk)
    assert (answer.upvotes, answer.downvotes) == ((1, 0) if vote.value == 1 else (0, 1))


def test_answers_posted_at_once_are_all_counted_on_the_passage(answer):
    passage = answer.highlight
    writers = [UserFactory(username=f"writer{n}") for n in range(20)]
    jobs = [
        (
            lambda user=user: services.counterargument_post(
                user=user, highlight=passage, stance="refutes", body="At the same moment."
            )
        )
        for user in writers
    ]
    assert _run_together(jobs) == []
    passage.refresh_from_db()
    assert passage.answers == Counterargument.objects.filter(highlight=passage).count() == 21
