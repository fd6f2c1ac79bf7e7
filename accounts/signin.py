"""The sign-in limiter: one limit on password guessing for every way in — the sign-in
page (allauth, through accounts.adapter), POST /api/v1/auth/token/ and /admin/login/.

Failures are counted per account and per client address (core.clients): at most
``SIGN_IN_LIMITS["account"]`` failed attempts on one account, and
``SIGN_IN_LIMITS["address"]`` from one address, within a window that starts at the first
failure. Past either, every attempt is refused with 429 and a sentence, the right
password too, until the window ends.

An attempt is counted *before* the password is checked and given back when the password
was right, so parallel guesses cannot all slip in under the limit: each takes its place
in an atomic count and only the first ones are checked. The counts are shared by every
process: an upsert in the database by default, Django's cache (atomic increments in
Redis) when ``SIGN_IN_LIMIT_STORE`` is "cache" (settings: when REDIS_URL is set)."""

from __future__ import annotations

import contextlib
import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.clients import client_key
from core.errors import RateLimited
from core.ratelimit import wait_phrase

from .models import SignInCounter

# The code of the form error a refused attempt leaves, so the views answer 429.
LOCKED = "too_many_sign_ins"


def account_for(login: str):
    """The member a login (an email, or a username) names, or None."""
    login = (login or "").strip()
    User = get_user_model()
    match = User.objects.filter(email__iexact=login).first() if "@" in login else None
    return match or User.objects.filter(username=login).first()


def _account_key(login: str, user) -> str:
    """One key per member, whichever name (email or username) the attempt used; an
    unknown login is counted too (refusing known and unknown names alike tells an
    attacker nothing), under a digest so the table holds no guessed addresses."""
    if user is not None:
        return f"member:{user.pk}"
    digest = hashlib.sha256((login or "").strip().lower().encode()).hexdigest()[:40]
    return f"login:{digest}"


# -- the stores: count(key, window) -> (failures so far, expires at), and give one back


def _now_ms() -> int:
    return int(time.time() * 1000)


def _db_count(key: str, window: int) -> tuple[int, int]:
    now = _now_ms()
    table = connection.ops.quote_name(SignInCounter._meta.db_table)
    col = connection.ops.quote_name
    # One statement, so two processes counting the same key at once both count: the
    # conflict takes the row's lock (PostgreSQL) or the database's (SQLite). A count
    # whose window has ended starts again at one.
    sql = (
        f"INSERT INTO {table} ({col('key')}, {col('failures')}, {col('expires')}) "
        f"VALUES (%s, 1, %s) ON CONFLICT ({col('key')}) DO UPDATE SET "
        f"{col('failures')} = CASE WHEN {table}.{col('expires')} <= %s THEN 1 "
        f"ELSE {table}.{col('failures')} + 1 END, "
        f"{col('expires')} = CASE WHEN {table}.{col('expires')} <= %s "
        f"THEN EXCLUDED.{col('expires')} ELSE {table}.{col('expires')} END "
        f"RETURNING {col('failures')}, {col('expires')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, now + window * 1000, now, now])
        failures, expires = cursor.fetchone()
    if failures == 1:
        _sweep(now)
    return int(failures), int(expires)


def _sweep(now: int) -> None:
    """A new window is the moment to delete counts whose window is over, a bounded
    batch at a time; rows another process holds are skipped (two sweeps never wait for,
    nor deadlock on, each other)."""
    with transaction.atomic():
        stale = list(
            SignInCounter.objects.select_for_update(skip_locked=True)
            .filter(expires__lt=now)
            .values_list("pk", flat=True)[:500]
        )
        if stale:
            SignInCounter.objects.filter(pk__in=stale).delete()


def _db_give_back(key: str, expires: int) -> None:
    SignInCounter.objects.filter(key=key, expires=expires, failures__gt=0).update(
        failures=F("failures") - 1
    )


def _cache_count(key: str, window: int) -> tuple[int, int]:
    now = _now_ms()
    name = f"signin:{key}"
    cache.add(f"{name}:expires", now + window * 1000, timeout=window)
    cache.add(name, 0, timeout=window)
    try:
        failures = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 0, timeout=window)
        failures = cache.incr(name)
    expires = cache.get(f"{name}:expires") or now + window * 1000
    return int(failures), int(expires)


def _cache_give_back(key: str, expires: int) -> None:
    with contextlib.suppress(ValueError):  # already expired: nothing to give back
        cache.decr(f"signin:{key}")


def _db_forget(key: str) -> None:
    SignInCounter.objects.filter(key=key).delete()


def _cache_forget(key: str) -> None:
    cache.delete_many([f"signin:{key}", f"signin:{key}:expires"])


def _store():
    if settings.SIGN_IN_LIMIT_STORE == "cache":
        return _cache_count, _cache_give_back, _cache_forget
    return _db_count, _db_give_back, _db_forget


@dataclass
class Attempt:
    """One counted sign-in attempt; `succeeded()` gives its place back."""

    counted: list[tuple[str, int]] = field(default_factory=list)

    def succeeded(self) -> None:
        _count, give_back, _forget = _store()
        for key, expires in self.counted:
            give_back(key, expires)
        self.counted = []


def attempt_begin(request, *, login: str, user=None) -> Attempt:
    """Count one attempt on the account `login` names from this request's client, before
    its password is checked. Raises RateLimited (429, with the wait) when either count is
    past its limit; the attempt is then not counted and the password must not be checked.
    """
    if user is None:
        user = account_for(login)
    count, _give_back, _forget = _store()
    attempt = Attempt()
    limits = settings.SIGN_IN_LIMITS
    checks = [
        ("account", _account_key(login, user)),
        ("address", f"address:{client_key(request)}"),
    ]
    for kind, key in checks:
        limit, window = limits[kind]
        failures, expires = count(key, window)
        attempt.counted.append((key, expires))
        if failures > limit:
            attempt.succeeded()  # refused: neither count grows past its limit
            retry_after = max(1, (expires - _now_ms() + 999) // 1000)
            raise RateLimited(_locked_message(kind, retry_after), retry_after)
    return attempt


def forget_account(user) -> None:
    """Clear the account's count: its member just proved who they are another way (a
    password reset through their email). The address counts stay."""
    _count, _give_back, forget = _store()
    forget(_account_key("", user))


def _locked_message(kind: str, retry_after: int) -> str:
    wait = wait_phrase(retry_after)
    if kind == "account":
        return _(
            "Too many failed sign-ins on this account. For its safety, signing in is "
            "paused for %(wait)s, even with the right password; you can also reset "
            "your password."
        ) % {"wait": wait}
    return _("Too many failed sign-ins from your network. Try again in %(wait)s.") % {"wait": wait}


def authenticate(request, *, login: str, user=None, **credentials):
    """django.contrib.auth.authenticate behind the limiter: the member, or None for a
    wrong password. Raises RateLimited while the account or the address is locked."""
    from django.contrib.auth import authenticate as django_authenticate

    attempt = attempt_begin(request, login=login, user=user)
    found = django_authenticate(request, **credentials)
    if found is not None:
        attempt.succeeded()
    return found


def locked_error(exc: RateLimited) -> ValidationError:
    """The refusal as a form error, which `answer_locked` turns into a 429."""
    return ValidationError(exc.message, code=LOCKED, params={"retry_after": exc.retry_after})


def answer_locked(response, form):
    """A sign-in page re-rendered with the limiter's refusal answers 429 with Retry-After
    (the page and the sentence stay; a 200 would tell scripts nothing)."""
    if form is None:
        return response
    for error in form.errors.as_data().get("__all__", []):
        if error.code == LOCKED:
            response.status_code = 429
            response["Retry-After"] = str((error.params or {}).get("retry_after", 60))
    return response
