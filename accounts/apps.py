from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from . import signin

        # A reset through the member's email proves who they are: the failed sign-ins
        # on their account are forgotten (the lock message offers this way out).
        password_reset.connect(
            lambda sender, request, user, **kwargs: signin.forget_account(user),
            dispatch_uid="accounts.signin.forget_on_reset",
            weak=False,
        )
