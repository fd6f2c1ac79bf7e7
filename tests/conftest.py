"""Personas shared by the whole suite: alice (author), bob (another member), mona
(moderator), and anonymous readers through the plain `client`."""

import pytest
from hypothesis import settings

# Properties are checked for what they assert, not for how fast: on a loaded 2-core CI
# machine hypothesis' 200 ms deadline per example turned pure-function tests flaky.
settings.register_profile("counterpoint", deadline=None)
settings.load_profile("counterpoint")

# Django imports stay inside the fixtures, so the pure modules' tests also run with
# `-p no:django` (no settings, no database).


@pytest.fixture
def alice(db):
    from tests.factories import UserFactory

    return UserFactory(username="alice", email="alice@example.org", display_name="Alice")


@pytest.fixture
def bob(db):
    from tests.factories import UserFactory

    return UserFactory(username="bob", email="bob@example.org", display_name="Bob")


@pytest.fixture
def mona(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(
        username="mona", email="mona@example.org", display_name="Mona", is_staff=True
    )
    user.groups.add(_moderators_group(Group))
    return user


def _moderators_group(Group):
    """The group the data migrations made. A transactional test empties every table when
    it ends (the group with them), so rebuild it from the migrations' own lists then."""
    import importlib

    from django.contrib.auth.models import Permission

    group, created = Group.objects.get_or_create(name="Moderators")
    if created:
        first = importlib.import_module("annotations.migrations.0002_moderators_group")
        later = importlib.import_module("debates.migrations.0003_moderators_permissions")
        moved = importlib.import_module("moderation.migrations.0001_initial")
        for app_label, codenames in [
            ("annotations", first.PERMISSIONS),
            *later.PERMISSIONS.items(),
        ]:
            # The flag and log permissions moved app with their models.
            if app_label == "debates":
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label="moderation",
                        codename__in=[f"view_{model}" for model in moved.MODELS],
                    )
                )
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
    return group


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return _client_for(alice)


@pytest.fixture
def bob_client(bob):
    return _client_for(bob)


@pytest.fixture
def mona_client(mona):
    return _client_for(mona)


def pytest_runtest_setup(item):
    """`@pytest.mark.postgres` tests need PostgreSQL's row locks and concurrency; on SQLite
    they skip and say why."""
    if item.get_closest_marker("postgres") is None:
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if not engine.endswith("postgresql"):
        pytest.skip(
            "needs PostgreSQL (concurrent connections, row locks); SQLite is in use. Run with "
            "DATABASE_URL=postgres://… to include it."
        )


def pytest_configure(config):
    """The live server takes bursts of 30 connections at once (the parallel sign-in and
    write tests). Django's development server listens with a backlog of 10, so under load
    the kernel resets some of them before they are accepted: a lost request that no
    server would lose. gunicorn's backlog is 2048; give the test server room too."""
    from django.core.servers.basehttp import WSGIServer
    from django.db.backends.signals import connection_created

    WSGIServer.request_queue_size = 128
    connection_created.connect(_wipe_the_log_between_tests)


def _wipe_the_log_between_tests(sender, connection, **kwargs):
    """A transactional test ends by emptying every table with one TRUNCATE, the
    moderation log's included, which its trigger refuses unless the session says it
    means to (moderation/migrations/0002). Every test connection says so; the test of the
    refusal takes it back for its own transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET counterpoint.wipe_moderation_log = 'on'")


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """A request through the test client leaves its language active in the thread (the
    locale middleware activates and never deactivates). Deactivate after every test, so no
    test depends on which one ran before it (e.g. a Chinese page, then an English sentence)."""
    yield
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        translation.deactivate()
