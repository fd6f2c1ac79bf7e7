"""Load test on PostgreSQL at scale: `make bench-scale` (SCALE, DURATION, USERS, WORKERS).

1. creates a throwaway database (cp_bench_scale_<pid>) on the PostgreSQL server of
   DATABASE_URL (default postgres://postgres@127.0.0.1:5432), migrates it, and fills it with
   `manage.py seed_scale --scale SCALE`;
2. gives USERS members an API token (one member per simulated user, see bench/locustfile.py);
3. starts gunicorn with WORKERS sync workers (DEBUG off, production settings);
4. runs locust headless for DURATION against it, then prints per endpoint: requests,
   non-2xx with their status codes, p50/p95/p99 in ms and requests/s, and the database's
   size; 5. stops gunicorn and drops the database.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCALE = os.environ.get("SCALE", "0.01")
DURATION = os.environ.get("DURATION", "60s")
USERS = int(os.environ.get("USERS", "24"))
WORKERS = int(os.environ.get("WORKERS", "3"))
PORT = int(os.environ.get("PORT", "8765"))
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def run(*args, env=None, **kw):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kw)


def main() -> int:
    base = SERVER.rsplit("/", 1)[0]
    name = f"cp_bench_scale_{os.getpid()}"
    url = f"{base}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    psql = [f"{base}/postgres"]
    run("psql", *psql, "-qc", f"CREATE DATABASE {name}")
    server = None
    workdir = Path(tempfile.mkdtemp(prefix="cp-scale-"))
    try:
        run(str(BIN / "python"), "manage.py", "migrate", "-v0", env=env)
        t0 = time.perf_counter()
        run(str(BIN / "python"), "manage.py", "seed_scale", "--scale", SCALE, env=env)
        seeded = time.perf_counter() - t0
        data = workdir / "data.json"
        run(str(BIN / "python"), "bench/scale_bench.py", "--prepare", str(data), env=env)
        prod = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": "load-test-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
        }
        # Production settings serve the hashed, compressed files of STATIC_ROOT.
        run(str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0", env=prod)
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=prod,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/health/", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        prefix = workdir / "locust"
        # Not check=True: locust exits 1 when any request failed; the table says which.
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                "bench/locustfile.py",
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(USERS),
                "-t",
                DURATION,
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "SCALE_BENCH_DATA": str(data)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        size = subprocess.run(
            ["psql", *psql, "-tAc", f"SELECT pg_size_pretty(pg_database_size('{name}'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        report(prefix, seeded, size)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker stuck in a request: the database
                server.kill()  # must still be dropped below
                server.wait()
        subprocess.run(["psql", *psql, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])
    return 0


def report(prefix: Path, seeded: float, size: str) -> None:
    stats = list(csv.DictReader(open(f"{prefix}_stats.csv")))  # noqa: SIM115
    failures: dict[str, list[str]] = {}
    for row in csv.DictReader(open(f"{prefix}_failures.csv")):  # noqa: SIM115
        failures.setdefault(row["Name"], []).append(f"{row['Error']} x{row['Occurrences']}")
    print()
    print(
        f"Load test: scale {SCALE} (seeded in {seeded:.0f} s), database {size}, {USERS} users, "
        f"{WORKERS} gunicorn workers, {DURATION}, PostgreSQL, this machine"
    )
    header = (
        f"{'endpoint':<24}{'requests':>9}{'non-2xx':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'req/s':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in stats:
        print(
            f"{row['Name']:<24}{int(row['Request Count']):>9,}{int(row['Failure Count']):>8,}"
            f"{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}{float(row['Requests/s']):>8.1f}"
        )
    for name, errors in failures.items():
        print(f"  non-2xx {name}: {'; '.join(errors)}")


def prepare(out: Path) -> None:
    """Tokens for USERS members, and the ids the traffic picks from (hot first)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import timedelta

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from annotations.models import Article, Highlight
    from debates.models import Counterargument

    members = list(User.objects.filter(username__startswith="scale-").order_by("pk")[:USERS])
    # Established accounts (the members a busy site has), each with its own token.
    User.objects.filter(pk__in=[m.pk for m in members]).update(
        date_joined=timezone.now() - timedelta(days=60)
    )
    Token.objects.bulk_create([Token(user=m, key=Token.generate_key()) for m in members])
    by_activity = list(Article.objects.order_by("-pk").values_list("pk", flat=True))
    busy = list(Highlight.objects.order_by("-answers").values_list("article_id", flat=True)[:200])
    hot = list(dict.fromkeys(busy))[:5]
    cold = [a for a in by_activity if a not in hot][:500]
    passages = list(Highlight.objects.order_by("-answers").values_list("article_id", "pk")[:2000])
    answers = list(Counterargument.objects.order_by("-upvotes").values_list("pk", flat=True)[:5000])
    out.write_text(
        json.dumps(
            {
                "tokens": [t.key for t in Token.objects.filter(user__in=members)],
                "hot": hot,
                "cold": cold,
                "passages": passages,
                "answers": answers,
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]))
        sys.exit(0)
    sys.exit(main())
