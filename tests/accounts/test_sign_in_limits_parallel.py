"""The sign-in limiter under real parallel connections (issue 10, item 2): guesses sent
all at once, from threads, to a live server in this process and to gunicorn with two
worker processes, with the counts in PostgreSQL or in Redis. However they are spread
over the processes and the ways in, exactly the limit's worth of passwords is checked."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from functools import partial
from pathlib import Path

import httpx
import pytest
from django.db import connection

from tests.concurrency import run_together
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
LOCKED = "Too many failed sign-ins on this account"


def redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(
    not redis_reachable(), reason="needs Redis on 127.0.0.1:6379 for the cache store"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(log, **env) -> tuple[subprocess.Popen, str]:
    """gunicorn, 2 worker processes × 4 threads, on the test database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}"
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    clean.update(DATABASE_URL=f"{url}/{db['NAME']}", CONN_MAX_AGE="0", **env)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers=2",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=clean,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/api/health/", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    process.wait(timeout=30)
    raise AssertionError("gunicorn did not start: " + Path(log.name).read_text()[-2000:])


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("live-server", id="threads-postgres"),
        pytest.param("gunicorn", id="2-processes-postgres"),
        pytest.param("gunicorn-redis", id="2-processes-redis", marks=needs_redis),
    ],
)
def server(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Where the guesses go: this process's live server (threads), or gunicorn's two
    worker processes counting in PostgreSQL, or in Redis (what REDIS_URL selects)."""
    if request.param == "live-server":
        yield request.getfixturevalue("live_server").url
        return
    env = {}
    if request.param.endswith("redis"):
        env = {"REDIS_URL": "redis://{}:{}/0".format(*REDIS), "CACHE_KEY_PREFIX": uuid.uuid4().hex}
    with django_db_blocker.unblock():  # the test database's name, nothing more
        connection.ensure_connection()
    with open(tmp_path_factory.mktemp("gunicorn") / "log", "wb") as log:
        process, base = start_gunicorn(log, **env)
        try:
            yield base
        finally:
            process.send_signal(signal.SIGINT)  # quick shutdown: no graceful wait
            process.wait(timeout=30)


def forwarded(i: int) -> dict:
    """A different X-Forwarded-For on every request, as the probe sent."""
    return {"X-Forwarded-For": f"10.{i // 250}.{i % 250}.1"}


def token_guess(base, statuses, i, password="wrong"):
    response = httpx.post(
        f"{base}/api/v1/auth/token/",
        json={"email": "alice@example.org", "password": password},
        headers=forwarded(i),
        timeout=60,
    )
    statuses.append(("token", response.status_code))


def form_guess(base, statuses, path, fields, i, password="wrong"):
    """GET the form (for its CSRF token), then POST the guess."""
    with httpx.Client(base_url=base, timeout=60, headers=forwarded(i)) as browser:
        page = browser.get(path)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = browser.post(
            path, data={**fields, "password": password, "csrfmiddlewaretoken": csrf}
        )
    statuses.append((path, response.status_code))
    return response


sign_in_guess = partial(form_guess, path="/accounts/login/", fields={"login": "alice@example.org"})
admin_guess = partial(form_guess, path="/admin/login/?next=/admin/", fields={"username": "alice"})


@pytest.fixture
def alice_staff(transactional_db):
    # Staff, so a right password would sign in to the admin too.
    return UserFactory(username="alice", email="alice@example.org", is_staff=True)


def checked(statuses) -> int:
    """Guesses whose password was checked (refused as wrong: 400 API, 200 form page)."""
    return sum(1 for _way, status in statuses if status in (200, 400))


def test_thirty_parallel_token_guesses_with_rotating_addresses_check_five(server, alice_staff):
    statuses = []
    errors = run_together([partial(token_guess, server, statuses, i) for i in range(30)])
    assert errors == []
    assert sorted(s for _w, s in statuses) == [400] * 5 + [429] * 25
    # The account is locked for the sign-in page now, the right password included.
    response = sign_in_guess(server, [], i=99, password=PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert int(response.headers["Retry-After"]) > 0


def test_guesses_on_every_way_in_at_once_share_one_count(server, alice_staff):
    statuses = []
    jobs = [
        *(partial(token_guess, server, statuses, i) for i in range(8)),
        *(partial(sign_in_guess, server, statuses, i=100 + i) for i in range(8)),
        *(partial(admin_guess, server, statuses, i=200 + i) for i in range(8)),
    ]
    errors = run_together(jobs)
    assert errors == []
    assert len(statuses) == 24
    assert checked(statuses) == 5
    assert sum(1 for _w, s in statuses if s == 429) == 19
    # And then the right password, on each way in: refused while locked.
    after = []
    token_guess(server, after, 300, password=PASSWORD)
    response = admin_guess(server, after, i=301, password=PASSWORD)
    assert LOCKED in response.text
    assert [s for _w, s in after] == [429, 429]
