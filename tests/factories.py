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
