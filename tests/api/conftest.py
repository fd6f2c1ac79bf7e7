"""API clients for the personas: `api` is anonymous; `alice_api`, `bob_api` and
`mona_api` send a real token in the Authorization header, as a script would."""

import pytest

from tests.api.helpers import TEXT


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # DRF's throttles count in the cache; each test starts with none spent.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _token_client(user):
    from rest_framework.test import APIClient

    from accounts import services

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {services.token_get_or_create(user=user).key}")
    return client


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def alice_api(alice):
    return _token_client(alice)


@pytest.fixture
def bob_api(bob):
    return _token_client(bob)


@pytest.fixture
def mona_api(mona):
    return _token_client(mona)


@pytest.fixture
def article(alice):
    from tests.factories import make_article

    return make_article(user=alice, text=TEXT, title="Cheaper every year")


@pytest.fixture
def passage(article, alice):
    """alice marks "ten times cheaper"."""
    from annotations import services

    start = TEXT.index("ten times cheaper")
    return services.highlight_create(
        user=alice, article=article, start=start, end=start + 17, exact="ten times cheaper"
    )


@pytest.fixture
def answer(passage, bob):
    """bob answers alice's passage."""
    from debates import services

    return services.counterargument_post(
        user=bob, highlight=passage, stance="refutes", body="Only for *some* models."
    )
