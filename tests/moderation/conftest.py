"""Shared scenery for the debate tests: alice's article, and a passage bob marked in it."""

import pytest

from tests.factories import make_article, make_passage

TEXT = (
    "AI cost falls tenfold every year, the report says.\n\n"
    "Training a human takes twenty years of food, so the comparison is fair."
)


@pytest.fixture
def article(alice):
    return make_article(user=alice, title="The cost of AI", text=TEXT)


@pytest.fixture
def passage(article, alice):
    """A passage alice marked in her own article."""
    return make_passage(user=alice, article=article, exact="AI cost falls tenfold every year")


@pytest.fixture
def carol(db):
    from tests.factories import UserFactory

    return UserFactory(username="carol", email="carol@example.org", display_name="Carol")


@pytest.fixture
def lots_allowed(settings):
    """Rate limits high enough that a test can write many items as one member."""
    settings.RATE_LIMITS = {
        kind: {"new": (10_000, 600), "established": (10_000, 600)} for kind in settings.RATE_LIMITS
    }


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request in Chinese leaves Chinese active in its thread (LocaleMiddleware does not
    switch back); without this, messages in the next test on the worker would follow it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
