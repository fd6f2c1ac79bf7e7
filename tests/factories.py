import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from annotations import services

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


def make_article(*, user=None, text=None, title="An article", **extra):
    """An article created through the real import service."""
    user = user or UserFactory()
    text = text or "First paragraph about AI cost.\n\nSecond paragraph about energy."
    return services.article_import(user=user, title=title, text=text, **extra)


def make_passage(*, user, article=None, exact="AI cost"):
    """A passage marked through the real service, on the first occurrence of `exact`."""
    article = article or make_article(user=user)
    start = article.text.index(exact)
    return services.highlight_create(
        user=user, article=article, start=start, end=start + len(exact), exact=exact
    )


def make_counterargument(*, user, highlight, stance="refutes", body="Not so.", sources=None):
    """An answer to a passage, posted through the real service."""
    from debates import services as debate_services

    return debate_services.counterargument_post(
        user=user, highlight=highlight, stance=stance, body=body, sources=sources
    )


def make_reply(*, user, parent, stance="qualifies", body="Partly.", sources=None):
    """A reply, posted through the real service."""
    from debates import services as debate_services

    return debate_services.reply_post(
        user=user, parent=parent, stance=stance, body=body, sources=sources
    )
