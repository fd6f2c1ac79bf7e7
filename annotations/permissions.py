"""Who may write, and how often. Shared by every service (the debate layer imports these
too), so a suspended member or a flood is stopped the same way on every path."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import is_moderator  # noqa: F401  (re-exported: the one definition)


class Suspended(PermissionDenied):
    """The member is read-only for now; the message says until when and why."""


class RateLimited(Exception):
    """Too many writes of one kind in the window. `retry_after` is in seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def suspension_notice(user) -> str:
    """What a suspended member is told (until when, and why); empty when not suspended."""
    if not getattr(user, "is_suspended", False):
        return ""
    if user.is_permanently_suspended:
        sentence = _("Your account is suspended.")
    else:
        sentence = _("Your account is suspended until %(until)s.") % {
            "until": date_format(timezone.localtime(user.suspended_until), "Y-m-d H:i")
        }
    if user.suspension_reason:
        sentence += " " + _("Reason: %(reason)s") % {"reason": user.suspension_reason}
    return sentence


def require_member(user, message: str) -> None:
    """Signed in and not suspended."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(message)
    notice = suspension_notice(user)
    if notice:
        raise Suspended(notice)


def _limit(user, kind: str) -> tuple[int, int]:
    limits = settings.RATE_LIMITS[kind]
    age = timezone.now() - user.date_joined
    established = age >= timedelta(days=settings.RATE_LIMIT_ESTABLISHED_AFTER_DAYS)
    return limits["established" if established else "new"]


def enforce_rate_limit(*, user, kind: str, recent, field: str = "created") -> None:
    """Refuse the write if the member already made `limit` of this kind in the window.

    Caller is inside a transaction. The member's row is locked first, so concurrent
    requests from one member run this check one at a time and each sees the others'
    committed rows: the limit holds under parallel requests, on any number of app
    servers, with no shared cache. Staff and moderators are not limited."""
    if user.is_staff or is_moderator(user):
        return
    limit, window = _limit(user, kind)
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
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


def _wait(seconds: int) -> str:
    if seconds < 90:
        return _("%(n)d seconds") % {"n": seconds}
    return _("%(n)d minutes") % {"n": round(seconds / 60)}


def can_revise(user, article) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and not getattr(user, "is_suspended", False)
        and (
            article.imported_by_id == user.pk
            # Staff who may edit articles (admins), not every staff member: moderators
            # are staff to reach the admin, and they never change anyone's words.
            or (user.is_staff and user.has_perm("annotations.change_article"))
        )
    )
