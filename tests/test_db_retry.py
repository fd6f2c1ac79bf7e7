"""core.db: a transaction that hits a deadlock runs again, a bounded number of times, then
answers Busy (503 with a sentence)."""

import threading

import psycopg.errors
import pytest
from django.db import OperationalError

from accounts.models import User
from core.db import ATTEMPTS, lock, retrying_atomic
from core.errors import Busy, status_of
from tests.factories import UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_is_retried_and_both_writes_land():
    first, second = UserFactory(username="first"), UserFactory(username="second")
    barrier = threading.Barrier(2)
    attempts: list[str] = []
    errors: list[Exception] = []

    def writer(name, one, other):
        tried = []

        @retrying_atomic
        def work():
            attempts.append(name)
            lock(User.objects.filter(pk=one.pk)).get()
            if not tried:  # only the first attempt waits: then each holds one row
                tried.append(1)
                barrier.wait(timeout=10)
            lock(User.objects.filter(pk=other.pk)).get()
            User.objects.filter(pk=one.pk).update(last_name=name)

        try:
            work()
        except Exception as exc:
            errors.append(exc)
        finally:
            from django.db import connection

            connection.close()

    threads = [
        threading.Thread(target=writer, args=("a", first, second)),
        threading.Thread(target=writer, args=("b", second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    # PostgreSQL broke the deadlock by failing one of them; that one ran again.
    assert len(attempts) == 3
    assert User.objects.get(pk=first.pk).last_name == "a"
    assert User.objects.get(pk=second.pk).last_name == "b"


@pytest.mark.django_db(transaction=True)
def test_a_conflict_that_never_clears_ends_as_busy_after_a_bounded_number_of_tries():
    calls = []

    @retrying_atomic
    def always_deadlocked():
        calls.append(1)
        raise OperationalError("deadlock detected") from psycopg.errors.DeadlockDetected()

    with pytest.raises(Busy) as refused:
        always_deadlocked()
    assert len(calls) == ATTEMPTS
    assert status_of(refused.value) == 503
    assert "try again" in str(refused.value)


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried():
    calls = []

    @retrying_atomic
    def broken():
        calls.append(1)
        raise OperationalError("disk full")

    with pytest.raises(OperationalError):
        broken()
    assert calls == [1]
