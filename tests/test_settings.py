"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def manage(*args, **env):
    """Run manage.py in a fresh process with exactly these settings variables."""
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a production check.
    dropped = {
        "PYTEST_VERSION",
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_with_debug_off_and_no_secret_key():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_it_refuses_a_debug_value_that_is_not_a_boolean():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_deployment_checklist_is_clean_under_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="counterpoint.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_uses_the_database_named_by_database_url(settings):
    import dj_database_url

    parsed = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/counterpoint")
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite3"
    )
    assert settings.DATABASES["default"]["ENGINE"].endswith(expected)


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert b"<script>" not in response.content


def test_it_refuses_an_unknown_sqlite_synchronous_value():
    result = manage("check", DEBUG="1", SQLITE_SYNCHRONOUS="sometimes")
    assert result.returncode != 0
    assert "SQLITE_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA" in result.stderr


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        pytest.param({}, "wal 1", id="default-normal"),
        pytest.param({"SQLITE_SYNCHRONOUS": "full"}, "wal 2", id="full"),
    ],
)
def test_sqlite_writes_ahead_and_syncs_as_told(tmp_path, setting, expected):
    """A commit on SQLite costs no flush by default (WAL, synchronous=NORMAL): a vote's
    time was mostly that flush, taken in turn by every writer."""
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    mode = c.execute('PRAGMA journal_mode').fetchone()[0]\n"
        "    sync = c.execute('PRAGMA synchronous').fetchone()[0]\n"
        "print(mode, sync)\n"
    )
    result = manage(
        "shell",
        "-c",
        script,
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **setting,
    )
    assert result.returncode == 0, result.stderr
    # (shell announces the models it imported on a line of its own first)
    assert result.stdout.strip().splitlines()[-1].split() == expected.split()
