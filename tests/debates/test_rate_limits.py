import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from core.errors import RateLimited
from debates.models import Counterargument
from tests.debates.moderation_setup import answer, passage


@pytest.fixture
def tight(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "counterargument": {"new": (3, 600), "established": (6, 600)},
    }
    settings.RATE_LIMIT_ESTABLISHED_AFTER_DAYS = 7


def test_a_new_member_gets_the_tighter_limit(alice, bob, tight):
    highlight = passage(author=alice)
    for n in range(3):
        answer(author=bob, highlight=highlight, body=f"Answer {n}")
    with pytest.raises(RateLimited, match="at most 3 of these every 10 minutes") as caught:
        answer(author=bob, highlight=highlight, body="One too many")
    assert 0 < caught.value.retry_after <= 600
    assert Counterargument.objects.filter(author=bob).count() == 3


def test_an_established_member_gets_more(alice, bob, tight):
    bob.date_joined = timezone.now() - datetime.timedelta(days=8)
    bob.save(update_fields=["date_joined"])
    highlight = passage(author=alice)
    for n in range(6):
        answer(author=bob, highlight=highlight, body=f"Answer {n}")
    with pytest.raises(RateLimited):
        answer(author=bob, highlight=highlight, body="One too many")


def test_the_window_slides(alice, bob, tight):
    highlight = passage(author=alice)
    for n in range(3):
        answer(author=bob, highlight=highlight, body=f"Answer {n}")
    # The oldest answer leaves the 10-minute window: exactly one more is allowed.
    oldest = Counterargument.objects.filter(author=bob).order_by("created", "pk").first()
    Counterargument.objects.filter(pk=oldest.pk).update(
        created=timezone.now() - datetime.timedelta(minutes=11)
    )
    answer(author=bob, highlight=highlight, body="Fine again")
    assert Counterargument.objects.filter(author=bob).count() == 4
    with pytest.raises(RateLimited) as caught:
        answer(author=bob, highlight=highlight, body="Still too many")
    # The wait is until the next oldest answer leaves the window, not a whole window.
    assert 0 < caught.value.retry_after <= 600
    assert Counterargument.objects.filter(author=bob).count() == 4


def test_moderators_are_not_limited(alice, bob, mona, tight):
    highlight = passage(author=alice)
    # The same number of answers stops a member (new account, limit 3)...
    for n in range(3):
        answer(author=bob, highlight=highlight, body=f"Member {n}")
    with pytest.raises(RateLimited):
        answer(author=bob, highlight=highlight, body="Member 3")
    # ...but not a moderator, whose account is just as new.
    for n in range(5):
        answer(author=mona, highlight=highlight, body=f"Answer {n}")
    assert Counterargument.objects.filter(author=mona).count() == 5


def test_over_html_the_limit_is_a_429_with_a_sentence(alice, bob, bob_client, tight):
    highlight = passage(author=alice)
    for n in range(3):
        answer(author=bob, highlight=highlight, body=f"Answer {n}")
    response = bob_client.post(
        f"/passages/{highlight.pk}/counterarguments/",
        {"stance": "refutes", "body": "One too many"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 429
    assert "Slow down" in response.text
    assert response["HX-Retarget"] == f"#answer-form-{highlight.pk}"
    assert Counterargument.objects.filter(author=bob).count() == 3


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL's row locks (SQLite serialises all writes)",
)
@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_under_parallel_requests(tight):
    """Twelve requests from one member at once: exactly the limit gets through."""
    from django.db import connections

    from tests.factories import UserFactory

    author = UserFactory(username="author")
    member = UserFactory(username="flooder")
    highlight = passage(author=author)
    barrier = threading.Barrier(12)
    outcomes = []

    def attempt(n):
        try:
            barrier.wait()
            answer(author=member, highlight=highlight, body=f"Parallel {n}")
            outcomes.append("ok")
        except RateLimited:
            outcomes.append("limited")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["limited"] * 9 + ["ok"] * 3
    assert Counterargument.objects.filter(author=member).count() == 3
