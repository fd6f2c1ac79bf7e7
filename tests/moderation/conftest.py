"""The moderation tests argue over the same scenery as the debate tests: alice's
article, a passage in it, and carol (the fixtures live in tests/debates/conftest.py)."""

from tests.debates.conftest import article, carol, lots_allowed, passage  # noqa: F401
