from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo_content import ARTICLES, DEBATES
from annotations import services
from annotations.models import Article
from debates import services as debate_services
from moderation import services as moderation_services

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
        created = {}
        for data in ARTICLES:
            if Article.objects.filter(content_hash=Article.hash_text(data["text"])).exists():
                continue
            created[data["title"]] = services.article_import(user=users["alice"], **data)  # type: ignore[arg-type]
        # Debates only on articles made just now, so running again adds nothing.
        for data, quote, marker, answers in DEBATES:
            article = created.get(data["title"])
            if article is not None:
                self._debate(users, article, quote, marker, answers)
        if created:
            self._flag(users)
        self.stdout.write(
            f"Demo data ready: {len(created)} new articles, {Article.objects.count()} in all."
        )
        self.stdout.write("Demo accounts (sign in with the email):")
        for account in ACCOUNTS:
            self.stdout.write(
                f"  {account['role']:<10} {account['email']:<20} password: {PASSWORD}"
            )

    def _debate(self, users, article, quote, marker, answers):
        start = article.text.index(quote)
        highlight = services.highlight_create(
            user=users[marker], article=article, start=start, end=start + len(quote), exact=quote
        )
        for author, stance, body, replies, up, down in answers:
            answer = debate_services.counterargument_post(
                user=users[author], highlight=highlight, stance=stance, body=body
            )
            for reply_author, reply_stance, reply_body in replies:
                debate_services.reply_post(
                    user=users[reply_author], parent=answer, stance=reply_stance, body=reply_body
                )
            for name, value in [(n, 1) for n in up] + [(n, -1) for n in down]:
                debate_services.vote_cast(user=users[name], counterargument=answer, value=value)

    def _flag(self, users):
        """One open flag, so the moderator's review queue has something to show."""
        from debates.models import Counterargument

        target = Counterargument.objects.exclude(author=users["bob"]).order_by("pk").first()
        if target is not None:
            moderation_services.flag_create(
                user=users["bob"],
                target=target,
                reason="misinformation",
                note="The figure quoted here is from a different year.",
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
