"""allauth, fitted to Counterpoint: the sign-in page asks the one sign-in limiter
(accounts/signin.py) instead of allauth's own per-process counters, and every limit
allauth still keeps (sign-up, password reset) sees the client address core.clients
defines."""

from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.core import context
from django.contrib import messages
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _

from core.clients import client_address
from core.errors import RateLimited

from . import names, signin

logger = logging.getLogger(__name__)
CONFIRMATION_SENT = "account/messages/email_confirmation_sent.txt"


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_address(request)

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        """The confirmation email (after sign-up, on adding an address, on asking again):
        with the mail server unreachable, the account and the address stand (verification
        is optional here) and the page says the email will have to wait, instead of a
        server error page. (Password reset keeps its own answer: the form again, 503.)"""
        try:
            super().send_confirmation_mail(request, emailconfirmation, signup)
        except OSError:  # smtplib's errors, a refused or timed-out connection
            logger.exception("The confirmation email could not be sent")
            self._confirmation_mail_failed(request)

    def send_account_already_exists_mail(self, email: str) -> None:
        """Signing up with a taken address while verification is mandatory: allauth mails
        the owner instead of saying the address is taken. With the mail server down the
        page reads exactly as a new sign-up's does (no 500, nothing to tell the two apart)."""
        try:
            super().send_account_already_exists_mail(email)
        except OSError:
            logger.exception("The account-exists email could not be sent")
            self._confirmation_mail_failed(context.request)

    @staticmethod
    def _confirmation_mail_failed(request) -> None:
        request.confirmation_mail_failed = True
        messages.warning(
            request,
            _(
                "We could not send the confirmation email just now; ask for it again "
                "from your email addresses later."
            ),
        )

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        # No "confirmation sent" after a confirmation that could not be sent.
        if message_template == CONFIRMATION_SENT and getattr(
            request, "confirmation_mail_failed", False
        ):
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def clean_username(self, username: str, shallow: bool = False) -> str:
        """allauth asks this of every username it generates from a new member's email
        (and of any it is given): the naming rule of accounts/names.py refuses
        staff-looking and hidden-character names, so "admin@…" signs up as "user…"."""
        refusal = names.name_refusal(username, field="username", is_staff=False)
        if refusal is not None:
            raise refusal
        return super().clean_username(username, shallow=shallow)

    def authenticate(self, request, **credentials):
        """allauth's own authenticate (stash and all), with our limiter in place of its
        pre_authenticate and rollback."""
        login = credentials.get("email") or credentials.get("username") or ""
        try:
            attempt = signin.attempt_begin(request, login=login)
        except RateLimited as exc:
            raise signin.locked_error(exc) from None
        AuthenticationBackend.unstash_authenticated_user()
        user = authenticate(request, **credentials)
        # allauth's backend stashes a member whose password matched but who may not
        # sign in (inactive), so the form can say so: the password was right all the same.
        user = user or AuthenticationBackend.unstash_authenticated_user()
        if user:
            attempt.succeeded()
        else:
            self.authentication_failed(request, **credentials)
        return user
