"""Where an API request's time goes, in process: the API bench's dataset, requests sent
one after another through Django's WSGI handler (no server, no network), CPU time per
request, and a cProfile of each endpoint grouped by the part of the stack it is in.

Run from anywhere:  python bench/api_profile.py   (SQLite; about 20 s)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/api_profile.py

Options (environment): PROFILE_REQUESTS (per endpoint, default 300), PROFILE_TOP (rows of
the raw profile per endpoint, default 0: only the grouped table).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_bench  # noqa: E402

CHILD = r"""
import cProfile, io, json, os, pstats, sys, time
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, reset_queries

data = json.loads(os.environ["PROFILE_DATA"])
N = int(os.environ.get("PROFILE_REQUESTS", "300"))
TOP = int(os.environ.get("PROFILE_TOP", "0"))
handler = WSGIHandler()


def environ(method, path, token, body=b""):
    return {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "application/json",
        "HTTP_ACCEPT": "application/json", "REMOTE_ADDR": "127.0.0.1",
        **({"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}),
    }


def health(n):
    return environ("GET", "/api/health/", None)


def articles(n):
    return environ("GET", "/api/v1/articles/", data["reader"])


def answers(n):
    return environ("GET", f"/api/v1/highlights/{data['passage']}/counterarguments/",
                   data["reader"])


def vote(n):
    voters = data["voters"]
    body = json.dumps({"value": 1 if (n // len(voters)) % 2 == 0 else -1}).encode()
    return environ("PUT", f"/api/v1/counterarguments/{data['answers'][n % 7]}/vote/",
                   voters[n % len(voters)], body)


def call(env):
    status = []
    body = b"".join(handler(env, lambda s, h, *a: status.append(s)))
    return status[0], body


# Parts of the stack, by the module or function a profiled frame is in (first match).
PARTS = [
    ("JSON rendering", ("rest_framework/renderers.py", "json/encoder.py", "json/__init__.py")),
    ("authentication", ("rest_framework/authentication.py", "authtoken")),
    ("throttling", ("rest_framework/throttling.py", "core/api/throttling.py",
                    "core/ratelimit.py")),
    ("pagination", ("rest_framework/pagination.py", "core/api/pagination.py")),
    ("database (driver)", ("sqlite3/base.py", "psycopg/", "backends/utils.py")),
    ("ORM: compile queries", ("models/sql/compiler.py", "models/sql/query.py",
                              "models/sql/where.py", "models/expressions.py",
                              "models/lookups.py", "models/query_utils.py")),
    ("ORM: other", ("django/db/",)),
    ("read models / serializers", ("api_output.py", "core/api/output.py",
                                   "rest_framework/serializers.py",
                                   "rest_framework/fields.py", "rest_framework/relations.py")),
    ("app code (views, services, selectors, rules)", ("/annotations/", "/debates/",
                                                       "/accounts/", "/core/")),
    ("DRF view machinery", ("rest_framework/",)),
    ("middleware", ("django/middleware/", "django/contrib/sessions/",
                    "django/contrib/auth/middleware", "django/contrib/messages/",
                    "whitenoise/", "csp/", "django_htmx/", "allauth/")),
    ("URL resolving", ("django/urls/",)),
    ("request/response", ("django/http/", "django/core/handlers/")),
]


def part_of(filename, function):
    if filename == "~":  # a built-in: name it by what it is a method of
        if "sqlite3" in function or "psycopg" in function:
            return "database (driver)"
        if "encode" in function or "json" in function:
            return "JSON rendering"
    for part, needles in PARTS:
        if any(needle in filename for needle in needles):
            return part
    return "other (stdlib, translation, signals, ...)"


print(f"{'endpoint':<28} {'status':>6} {'queries':>7} {'CPU ms/request':>15}")
profiles = {}
for name, make in [("health", health), ("article list", articles),
                   ("passage answers", answers), ("vote", vote)]:
    for n in range(30):  # warm up: connections, caches, URL patterns
        call(make(n))
    from django.conf import settings
    settings.DEBUG = True
    reset_queries()
    status, _ = call(make(30))
    queries = len(connection.queries)
    settings.DEBUG = False
    began = time.process_time()
    for n in range(31, 31 + N):
        call(make(n))
    cpu = (time.process_time() - began) / N * 1000
    print(f"{name:<28} {status.split()[0]:>6} {queries:>7} {cpu:>15.2f}")
    profile = cProfile.Profile()
    profile.enable()
    for n in range(31 + N, 31 + 2 * N):
        call(make(n))
    profile.disable()
    profiles[name] = profile

for name, profile in profiles.items():
    stats = pstats.Stats(profile)
    total = sum(tt for (cc, nc, tt, ct, callers) in stats.stats.values())
    parts = {}
    for (filename, line, function), (cc, nc, tt, ct, callers) in stats.stats.items():
        part = part_of(filename, function)
        parts[part] = parts.get(part, 0.0) + tt
    print(f"\n{name}: own time by part (profiled, {total / N * 1000:.2f} ms/request)")
    for part, tt in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {part:<46} {tt / N * 1000:6.2f} ms {tt / total:6.0%}")
    if TOP:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(TOP)
        print(out.getvalue())
"""


def main() -> int:
    kind = "PostgreSQL" if api_bench.POSTGRES else "SQLite"
    with api_bench.database() as url:
        env = api_bench.environment(url)
        print(f"Populating a throwaway {kind} database…", flush=True)
        data = api_bench.populate(env)
        print(f"\nIn process, {kind}: requests one after another through the WSGI handler\n")
        subprocess.run(
            [sys.executable, "-c", CHILD],
            cwd=api_bench.ROOT,
            env={**env, "PROFILE_DATA": json.dumps(data)},
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
