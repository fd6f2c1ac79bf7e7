"""Per-member write limits, counted in the database so they hold under parallel requests
and across app servers with no shared cache."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from .db import lock_member
from .errors import RateLimited
from .members import is_moderator


def _limit(user, kind: str) -> tuple[int, int]:
    limits = settings.RATE_LIMITS[kind]
    age = timezone.now() - user.date_joined
    established = age >= timedelta(days=settings.RATE_LIMIT_ESTABLISHED_AFTER_DAYS)
    return limits["established" if established else "new"]


def enforce_rate_limit(
    *, user, kind: str, recent, field: str = "created", member_locked: bool = False
) -> None:
    """Refuse the write if the member already made `limit` of this kind in the window.

    Caller is inside a transaction and calls this before locking anything else (the
    member's row comes first in the lock order of ``core.db``), or says it already holds
    the member's lock (`member_locked`). The row is locked even for staff and moderators,
    who are not limited: concurrent writes by one member then run one at a time, so a
    check made after this one (a duplicate, a toggle) sees the others' committed rows."""
    if not member_locked:
        lock_member(user)
    if user.is_staff or is_moderator(user):
        return
    limit, window = _limit(user, kind)
    since = timezone.now() - timedelta(seconds=window)
    recent = recent.filter(**{f"{field}__gte": since})
    if recent.count() >= limit:
        oldest = recent.order_by(field).values_list(field, flat=True).first()
        # A limit of 0 (writes switched off) has no oldest write to wait for.
        retry_after = (
            window
            if oldest is None
            else max(1, int((oldest + timedelta(seconds=window) - timezone.now()).total_seconds()))
        )
        raise RateLimited(
            _(
                "Slow down: at most %(limit)d of these every %(minutes)d minutes. "
                "Try again in %(wait)s."
            )
            % {"limit": limit, "minutes": window // 60, "wait": _wait(retry_after)},
            retry_after,
        )


def enforce_action_rate_limit(*, user, kind: str) -> None:
    """The same limits for an action that stores no row to count (fetching a page for an
    import preview): a fixed-window counter per member in the cache."""
    if user.is_staff or is_moderator(user):
        return
    limit, window = _limit(user, kind)
    now = int(time.time())
    key = f"ratelimit:{kind}:{user.pk}:{now // window}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        retry_after = max(1, window - now % window)
        raise RateLimited(
            _(
                "Slow down: at most %(limit)d of these every %(minutes)d minutes. "
                "Try again in %(wait)s."
            )
            % {"limit": limit, "minutes": window // 60, "wait": _wait(retry_after)},
            retry_after,
        )


def _wait(seconds: int) -> str:
    if seconds < 90:
        return _("%(n)d seconds") % {"n": seconds}
    return _("%(n)d minutes") % {"n": round(seconds / 60)}


def wait_phrase(seconds: int) -> str:
    """How long to wait, for a refusal's sentence ("40 seconds", "5 minutes")."""
    return _wait(seconds)
