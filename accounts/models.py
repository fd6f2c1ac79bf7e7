import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def public_name(*, username: str, display_name: str) -> str:
    """How a member is named to others: their display name, else their username. (Also
    for reads that select the two columns without loading the member.)"""
    return display_name or username


class User(AbstractUser):
    """A member. Sign-in is by email (allauth); the username is generated and only
    appears in profile URLs."""

    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    # A suspended member is read-only until this moment; permanent suspensions use
    # PERMANENT. Written only by the moderation service, which logs it.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.CharField(_("suspension reason"), max_length=500, blank=True)

    PERMANENT = datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.public_name

    def clean(self):
        """The admin's forms (and any full_clean) ask the one naming rule
        (accounts/names.py), with the staff flag as the form sets it."""
        from .names import name_refusal

        super().clean()
        errors = {}
        for field in ("username", "display_name"):
            refusal = name_refusal(getattr(self, field) or "", field=field, is_staff=self.is_staff)
            if refusal is not None:
                errors[field] = refusal
        if errors:
            raise ValidationError(errors)

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._password_replaced = True

    def save(self, *args, **kwargs) -> None:
        # Every way a password changes (allauth's change and reset pages, the admin's
        # form, `manage.py changepassword`) ends in set_password() and then save(), which
        # Django marks by keeping the raw password in `_password` until the save; a hash
        # upgrade at sign-in clears it first, so it keeps the key. Either way out of the
        # old password, the API key made with it stops working too (as the sessions do).
        replaced = getattr(self, "_password", None) is not None or getattr(
            self, "_password_replaced", False
        )
        super().save(*args, **kwargs)
        if replaced and self.pk is not None:
            from .services import token_revoke  # services import this module

            token_revoke(user=self)
            self._password_replaced = False

    @property
    def public_name(self) -> str:
        return public_name(username=self.username, display_name=self.display_name)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_permanently_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until >= self.PERMANENT

    def get_absolute_url(self) -> str:
        return reverse("profile", args=[self.username])


class SignInCounter(models.Model):
    """Failed sign-ins counted per account and per client address (accounts/signin.py),
    when the counters live in the database (no REDIS_URL). One row per key; `expires` is
    when its count starts again from zero, in milliseconds since the epoch (an integer
    compares the same way in every database, inside the one upsert that counts)."""

    key = models.CharField(max_length=100, unique=True)
    failures = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("sign-in counter")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


# What names a member to others (public_name, get_absolute_url): all a list of authors
# needs. The other columns (password hash, email, the suspension, three timestamps) stay
# out of such reads: `.defer(*others_than_name("author"))`.
NAME_FIELDS = frozenset({"id", "username", "display_name"})


def others_than_name(relation: str) -> list[str]:
    """The member's columns other than NAME_FIELDS, reached through `relation`."""
    return [
        f"{relation}__{field.name}"
        for field in User._meta.concrete_fields
        if field.name not in NAME_FIELDS
    ]
