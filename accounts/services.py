"""Writes to members' own accounts: their profile and their API token. The profile
pages and the API call these."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from core.db import retrying_atomic
from core.members import require_member

from . import names, signin


def user_for_credentials(*, request, login: str, password: str):
    """The member with this email or username and password, or a ValidationError that
    does not say which of the two was wrong. Behind the sign-in limiter (RateLimited
    while the account or the client's address is locked), like every way in."""
    login = (login or "").strip()
    match = signin.account_for(login)
    user = signin.authenticate(
        request,
        login=login,
        user=match,
        username=match.username if match is not None else login,
        password=password,
    )
    if user is None or not user.is_active:
        raise ValidationError(
            _("The email or username and password do not match."), code="bad_credentials"
        )
    return user


@retrying_atomic
def profile_update(*, user, display_name: str):
    """Change the member's display name. Suspended members keep the name they had (a
    new name is a way round a suspension's public record)."""
    require_member(user, _("Sign in to edit your profile."))
    field = get_user_model()._meta.get_field("display_name")
    try:
        display_name = field.clean(display_name.strip(), user)
    except ValidationError as exc:
        raise ValidationError({"display_name": exc.error_list}) from None
    names.check_name(display_name, field="display_name", is_staff=user.is_staff)
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    return user


@retrying_atomic
def token_create(*, user) -> Token:
    """A new API key for the member; any previous key stops working (one key each).
    Suspended members get no new key (they keep, and may revoke, the one they had)."""
    require_member(user, _("Sign in to create an API token."))
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@retrying_atomic
def token_get_or_create(*, user) -> Token:
    """The member's API key, created on first use (what a script signing in gets). A
    suspended member gets the key they already had, never a new one."""
    token = Token.objects.filter(user=user).first()
    if token is not None:
        return token
    require_member(user, _("Sign in to create an API token."))
    token, _created = Token.objects.get_or_create(user=user)
    return token


def token_revoke(*, user) -> bool:
    """Revoke the member's API key. Idempotent: True if there was one."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in to revoke an API token."))
    deleted, _details = Token.objects.filter(user=user).delete()
    return bool(deleted)
