"""Benchmark for the reading page: server render time as an article's debate grows.

Run from anywhere:  python bench/reading_bench.py   (exit status 0; about 30-60 s)

It builds its own data in a throwaway SQLite file (never var/counterpoint.sqlite3): one
article of 1,000 paragraphs, read with 0, 100 and 1,000 marked passages, each passage
with 10 counterarguments (a third of them replies) and their votes -- the shape the
query-count test uses, written straight to the tables. Each page is rendered through
Django's test client (the whole stack: middleware, selectors, templates; no browser, no
network, no API) for an anonymous reader, and for an opened passage panel.

Columns: ``queries`` = SQL queries for one render (must not grow with the rows);
``median``/``best``/``p95`` = wall time of one render in ms
(the machine's other load shows in p95, rarely in best); ``KB`` = the HTML's size;
``per passage`` = (median - median at 0 passages) / passages, the cost each marked passage
adds to the server render.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPHS = 1_000
PASSAGE_COUNTS = (0, 100, 1_000)
ANSWERS = 10
RUNS = 15


def _setup(database: Path) -> None:
    # Settings read the environment on import: point them at the throwaway file first.
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DEBUG"] = "1"  # development storage for static files; DEBUG goes off below
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)


def _time(client, url: str) -> tuple[list[float], int, int]:
    from django.db import connection

    client.get(url)  # warm caches: templates, translations, the session
    queries = []

    def count(execute, sql, params, many, context):
        # Counted at the driver, so the request cycle's resets of the query log don't matter.
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times, len(queries), len(response.content)


def main() -> int:
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="counterpoint-bench-"))
    try:
        _setup(workdir / "bench.sqlite3")
        from django.test import Client

        from tests.factories import UserFactory, bulk_debate, make_article

        authors = [UserFactory(username=f"bench{n}") for n in range(6)]
        text = "\n\n".join(
            f"Claim number {n} about cheaper AI: prices fall tenfold a year, they say."
            for n in range(PARAGRAPHS)
        )
        client = Client()
        rows = []
        for count in PASSAGE_COUNTS:
            article = make_article(
                user=authors[0], title=f"{count} passages", text=text + f"\n\nEdition {count}."
            )
            passages = bulk_debate(
                article=article, authors=authors, passages=count, answers=ANSWERS
            )
            page = _time(client, f"/articles/{article.pk}/")
            panel = None
            if passages:
                middle = passages[len(passages) // 2]
                panel = _time(client, f"/articles/{article.pk}/passages/{middle.pk}/")
            rows.append((count, page, panel))

        print(
            f"Reading-page benchmark: {PARAGRAPHS:,}-paragraph article, {ANSWERS} "
            f"counterarguments per passage, SQLite, anonymous reader, {RUNS} runs each"
        )
        print()
        header = (
            f"{'page':<14}{'passages':>9}{'answers':>9}{'queries':>9}{'median ms':>11}"
            f"{'best ms':>9}{'p95 ms':>9}{'KB':>8}{'per passage ms':>16}"
        )
        print(header)
        print("-" * len(header))
        base = statistics.median(rows[0][1][0])
        for count, page, panel in rows:
            for name, measured in (("reading page", page), ("passage open", panel)):
                if measured is None:
                    continue
                times, queries, size = measured
                median = statistics.median(times)
                p95 = sorted(times)[int(0.95 * (len(times) - 1))]
                per = f"{(median - base) / count:.3f}" if count and name == "reading page" else "-"
                print(
                    f"{name:<14}{count:>9,}{count * ANSWERS:>9,}{queries:>9}{median:>11.1f}"
                    f"{min(times):>9.1f}{p95:>9.1f}{size / 1024:>8.0f}{per:>16}"
                )
        print()
        print(f"bench took {time.perf_counter() - started:.1f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
