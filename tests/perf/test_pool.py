"""DB_POOL_MAX_SIZE turns on Django's psycopg pool (docs/performance.md: pooling)."""

import os

import pytest

from tests.test_settings import manage

POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

PROBE = (
    "from django.db import connection; "
    "connection.ensure_connection(); "
    "print('pool', connection.pool.max_size, connection.settings_dict['CONN_MAX_AGE']); "
    "connection.cursor().execute('SELECT 1'); "
    "connection.close(); connection.close_pool()"
)


@pytest.mark.skipif(not POSTGRES, reason="the pool is PostgreSQL only")
def test_db_pool_max_size_serves_queries_from_a_bounded_pool():
    result = manage("shell", "-c", PROBE, DEBUG="1", DB_POOL_MAX_SIZE="4")
    assert result.returncode == 0, result.stderr
    assert "pool 4 0" in result.stdout.splitlines()


def test_a_pool_size_that_is_not_a_number_is_refused():
    result = manage("check", DEBUG="1", DB_POOL_MAX_SIZE="many")
    assert result.returncode != 0
    assert "DB_POOL_MAX_SIZE must be an integer" in result.stderr
