from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo_content import ARTICLES
from annotations import services
from annotations.models import Article

# Demo accounts: fixed, printed on purpose. Never load demo data into production.
ACCOUNTS = [
    {"username": "alice", "email": "alice@example.org", "display_name": "Alice", "role": "member"},
    {"username": "bob", "email": "bob@example.org", "display_name": "Bob", "role": "member"},
    {"username": "mona", "email": "mona@example.org", "display_name": "Mona", "role": "moderator"},
]
PASSWORD = "counterpoint-demo"


class Command(BaseCommand):
    help = "Load the demo accounts and articles (safe to run again: nothing is duplicated)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {account["username"]: self._account(account) for account in ACCOUNTS}
        created = 0
        for data in ARTICLES:
            if Article.objects.filter(content_hash=Article.hash_text(data["text"])).exists():
                continue
            services.article_import(user=users["alice"], **data)
            created += 1
        self.stdout.write(
            f"Demo data ready: {created} new articles, {Article.objects.count()} in all."
        )
        self.stdout.write("Demo accounts (sign in with the email):")
        for account in ACCOUNTS:
            self.stdout.write(
                f"  {account['role']:<10} {account['email']:<20} password: {PASSWORD}"
            )

    def _account(self, account):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=account["username"],
            defaults={"email": account["email"], "display_name": account["display_name"]},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            # allauth signs in through its own verified email records.
            EmailAddress.objects.get_or_create(
                user=user, email=account["email"], defaults={"verified": True, "primary": True}
            )
        if account["role"] == "moderator":
            user.groups.add(Group.objects.get(name="Moderators"))
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        return user
