"""The moderation tests argue over the same scenery as the debate tests: alice's
article, a passage in it, and carol (the fixtures live in tests/debates/conftest.py),
and switch back to English after each test, as those do (a request in Chinese leaves
Chinese active in its thread)."""

from tests.debates.conftest import (  # noqa: F401
    _english_between_tests,
    article,
    carol,
    lots_allowed,
    passage,
)
