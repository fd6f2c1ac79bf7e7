"""API throughput, measured against a real server: gunicorn on 127.0.0.1 serving a
throwaway database this script populates, and a load generator of threads with
keep-alive http.client connections.

Run from anywhere:  python bench/api_bench.py   (exit status 0; about 30 s)

The database is a throwaway SQLite file, or, with BENCH_DATABASE_URL=postgres://user@host:port/any,
a throwaway PostgreSQL database (cp_bench_api_<pid>) made on that server and dropped after.

Rows: a trivial endpoint (/api/health/: one SELECT 1, no DRF) as the server's ceiling on
this machine, then the article list, a passage's counterarguments (ranked, with the
reader's votes) and a vote (PUT, a write under the member's rate-limit check), each read
or written with a member's token. The load generator runs on the same machine and takes
its share of the CPU, so compare rows with each other rather than with other machines.

The rows are measured in BENCH_ROUNDS rounds (default 4), each row for its share of
BENCH_SECONDS in every round, so that a burst of load from another process on a shared
machine falls on every row alike and the ratios to the first row hold.

Options (environment): BENCH_SECONDS (per row, default 4), BENCH_CLIENTS (threads,
default 16), BENCH_WORKERS (gunicorn processes, default: CPUs), BENCH_THREADS (per
worker, default 4).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "4")))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
POSTGRES = os.environ.get("BENCH_DATABASE_URL", "")
VOTERS = 300  # each vote request comes from the next voter, so no one hits the rate limit

POPULATE = r"""
import datetime, json, sys
from django.utils import timezone
from accounts.models import User
from accounts.services import token_get_or_create
from annotations import services as annotation_services
from debates import services

old = timezone.now() - datetime.timedelta(days=30)
# No passwords: hashing hundreds of them would dominate the set-up; tokens sign them in.
author = User.objects.create_user("author", "author@example.org", None, date_joined=old)
paragraph = (
    "AI inference gets ten times cheaper every year, the report says, while raising a "
    "person takes twenty years of food and a model takes one training run. "
)
articles = []
for n in range(40):
    text = f"Article {n}.\n\n" + "\n\n".join(paragraph + f"Paragraph {p}." for p in range(12))
    articles.append(annotation_services.article_import(
        user=author, title=f"Cheaper every year, part {n}", text=text, language="en"))
article = articles[-1]
members = [User.objects.create_user(f"m{n}", f"m{n}@example.org", None, date_joined=old)
           for n in range(VOTERS)]
start = article.text.index("ten times cheaper")
passage = annotation_services.highlight_create(
    user=author, article=article, start=start, end=start + 17, exact="ten times cheaper")
answers = []
for n, member in enumerate(members[:30]):
    ca = services.counterargument_post(
        user=member, highlight=passage, stance=["refutes", "qualifies", "asks"][n % 3],
        body=f"Answer {n}: per token, **not** per task. See the [prices](https://example.org/{n}).",
        sources=[f"https://example.org/source/{n}"])
    answers.append(ca)
for n, ca in enumerate(answers[:10]):
    services.reply_post(user=members[n + 40], parent=ca, stance="asks", body="Which models?")
for n, member in enumerate(members[100:160]):
    services.vote_cast(user=member, counterargument=answers[n % 30], value=1 if n % 3 else -1)
json.dump({
    "passage": passage.pk,
    "answers": [ca.pk for ca in answers],
    "reader": token_get_or_create(user=author).key,
    "voters": [token_get_or_create(user=m).key for m in members[200:]],
}, sys.stdout)
""".replace("VOTERS", str(VOTERS))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database: str) -> dict[str, str]:
    """The server's settings; `database` is a DATABASE_URL."""
    env = dict(os.environ)
    env.pop("PYTEST_VERSION", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database,
        CONN_MAX_AGE="60",
        API_ANON_RATE="1000000/second",
        LOG_LEVEL="WARNING",
        # whitenoise warns that STATIC_ROOT is missing; the API serves no static files.
        PYTHONWARNINGS="ignore:No directory at",
    )
    return env


def populate(env: dict[str, str]) -> dict:
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    result = subprocess.run(
        [python, "manage.py", "shell", "-c", POPULATE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            str(THREADS),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/health/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


class Load:
    """CLIENTS threads, each on its own keep-alive connection, sending requests made by
    `make(i)` for a while, as many times as asked (`_run`); latencies and statuses are
    collected over all of them, and each client's `i` goes on where it stopped."""

    def __init__(self, port: int, make):
        self.port, self.make = port, make
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.elapsed = 0.0
        self.next = list(range(CLIENTS))
        self.lock = threading.Lock()

    def worker(self, index: int, stop: float):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        latencies, statuses, n = [], {}, self.next[index]
        while time.monotonic() < stop:
            method, path, headers, body = self.make(n)
            n += CLIENTS
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status = 0
            latencies.append(time.perf_counter() - began)
            statuses[status] = statuses.get(status, 0) + 1
        connection.close()
        self.next[index] = n
        with self.lock:
            self.latencies.extend(latencies)
            for status, count in statuses.items():
                self.statuses[status] = self.statuses.get(status, 0) + count

    def warm_up(self) -> None:
        """A short run of its own: connections, caches."""
        Load(self.port, self.make)._run(min(1.0, SECONDS / 4))

    def _run(self, seconds: float) -> None:
        stop = time.monotonic() + seconds
        began = time.monotonic()
        threads = [threading.Thread(target=self.worker, args=(i, stop)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed += time.monotonic() - began

    def result(self) -> dict:
        ordered = sorted(self.latencies)
        return {
            "requests": len(ordered),
            "rps": len(ordered) / self.elapsed,
            "p50": statistics.median(ordered) * 1000 if ordered else 0,
            "p99": ordered[int(len(ordered) * 0.99) - 1] * 1000 if ordered else 0,
            "statuses": dict(sorted(self.statuses.items())),
        }


@contextlib.contextmanager
def database() -> Iterator[str]:
    """A throwaway database's URL: a SQLite file, or a PostgreSQL database."""
    if not POSTGRES:
        with tempfile.TemporaryDirectory(prefix="counterpoint-bench-") as folder:
            # IMMEDIATE transactions make concurrent SQLite writers queue instead of failing.
            yield f"sqlite:///{folder}/bench.sqlite3?transaction_mode=IMMEDIATE&timeout=30"
        return
    base = POSTGRES.rsplit("/", 1)[0]
    name = f"cp_bench_api_{os.getpid()}"
    admin = f"{base}/postgres"
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        yield f"{base}/{name}"
    finally:
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])


def main() -> int:
    kind = "PostgreSQL" if POSTGRES else "SQLite"
    with database() as url:
        env = environment(url)
        print(f"Populating a throwaway {kind} database…", flush=True)
        data = populate(env)
        port = free_port()
        server = start_server(env, port)
        try:
            reader = {"Authorization": f"Token {data['reader']}", "Accept": "application/json"}
            voters, answers = data["voters"], data["answers"]

            def vote(n: int):
                headers = {
                    "Authorization": f"Token {voters[n % len(voters)]}",
                    "Content-Type": "application/json",
                }
                body = json.dumps({"value": 1 if (n // len(voters)) % 2 == 0 else -1})
                return "PUT", f"/api/v1/counterarguments/{answers[n % 7]}/vote/", headers, body

            rows = [
                ("trivial: GET /api/health/", lambda n: ("GET", "/api/health/", {}, None)),
                (
                    "GET /api/v1/articles/ (20 of 40)",
                    lambda n: ("GET", "/api/v1/articles/", reader, None),
                ),
                (
                    "GET a passage's counterarguments (30)",
                    lambda n: (
                        "GET",
                        f"/api/v1/highlights/{data['passage']}/counterarguments/",
                        reader,
                        None,
                    ),
                ),
                ("PUT a vote (a write)", vote),
            ]
            print(
                f"\nAPI throughput: gunicorn gthread, {WORKERS} workers x {THREADS} threads, "
                f"{CLIENTS} keep-alive clients, {SECONDS:g} s per row in {ROUNDS} rounds, "
                f"{kind}\n"
            )
            header = f"{'endpoint':<42} {'requests':>9} {'req/s':>8} {'share':>7} {'p50 ms':>8} {'p99 ms':>8}  statuses"
            print(header)
            print("-" * len(header))
            loads = [Load(port, make) for _, make in rows]
            for load in loads:
                load.warm_up()
            for _ in range(ROUNDS):
                for load in loads:
                    load._run(SECONDS / ROUNDS)
            ceiling = None
            for (name, _), load in zip(rows, loads, strict=True):
                result = load.result()
                ceiling = ceiling or result["rps"]
                statuses = " ".join(f"{k}:{v}" for k, v in result["statuses"].items())
                print(
                    f"{name:<42} {result['requests']:>9} {result['rps']:>8.0f} "
                    f"{result['rps'] / ceiling:>7.0%} "
                    f"{result['p50']:>8.1f} {result['p99']:>8.1f}  {statuses}",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
