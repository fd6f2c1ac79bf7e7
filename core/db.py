"""Writes under concurrency: one lock order for every write, and a bounded retry for the
conflicts the database still reports.

The lock order. A write that locks more than one row takes them in this order, and never
the other way round:

    1. member rows (the acting member's, by the rate limiter; then the member a
       moderator suspends)
    2. the article
    3. the answer (counterargument)
    4. the passage (highlight), whose answer count is refreshed last
    5. the article's reading version (``annotations.services.reading_changed``), raised
       by every write that changes the reading page's marks or lists, after its other
       locks: the cached page goes in the same transaction as the change

Every lock is ``FOR NO KEY UPDATE`` of the row itself only (``lock()`` below): inserting a
vote, an answer or a notification takes a ``FOR KEY SHARE`` lock on the rows it refers to,
which a plain ``FOR UPDATE`` would wait for (and, with two writers each holding one,
deadlock on); ``NO KEY UPDATE`` does not conflict with it. ``select_related`` rows are not
locked (``of=("self",)``), so reading an answer's passage and article never locks them.

Whatever still conflicts (a deadlock the order cannot rule out, a serialization failure)
is retried: ``retrying_atomic`` runs the whole transaction again a bounded number of times,
then answers ``Busy`` (503 with a sentence). Only the outermost transaction retries; an
inner one lets the error reach it."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import OperationalError, connection, transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from .errors import Busy

ATTEMPTS = 5
# SQLSTATE of the conflicts a retry can cure: deadlock_detected, serialization_failure.
RETRYABLE = frozenset({"40P01", "40001"})

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)


def lock(queryset: QuerySet[M]) -> QuerySet[M]:
    """The queryset's own rows locked ``FOR NO KEY UPDATE`` (see the lock order above)."""
    return queryset.select_for_update(no_key=True, of=("self",))


def is_conflict(exc: BaseException) -> bool:
    """A deadlock or serialization failure reported by PostgreSQL (through psycopg)."""
    cause = exc.__cause__ or exc
    return getattr(cause, "sqlstate", None) in RETRYABLE


def retrying_atomic(func: F) -> F:
    """``transaction.atomic`` that runs the whole transaction again on a conflict, up to
    ATTEMPTS times with a short random pause, then raises ``Busy``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if connection.in_atomic_block:
            # Inside someone else's transaction: a retry here would replay half of it.
            with transaction.atomic():
                return func(*args, **kwargs)
        for attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except OperationalError as exc:
                if not is_conflict(exc):
                    raise
                time.sleep(random.uniform(0.005, 0.02) * (2**attempt))
        raise Busy(_("Too many people are writing here at once. Please try again in a moment."))

    return wrapper  # type: ignore[return-value]


def lock_member(user: Any) -> None:
    """Lock the acting member's row: first in the lock order. Concurrent writes by one
    member then run one at a time."""
    from django.contrib.auth import get_user_model

    list(lock(get_user_model().objects.filter(pk=user.pk)).values_list("pk"))
