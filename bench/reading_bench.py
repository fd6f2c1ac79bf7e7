"""Benchmark for the reading page: server render time as an article's debate grows.

Run from anywhere:  python bench/reading_bench.py   (exit status 0; about 30-60 s)

It builds its own data in a throwaway SQLite file (never var/counterpoint.sqlite3): one
article of 1,000 paragraphs, read with 0, 100 and 1,000 marked passages, each passage
with 10 counterarguments (a third of them replies) and their votes -- the shape the
query-count test uses, written straight to the tables. Each page is rendered through
Django's test client (the whole stack: middleware, selectors, templates; no browser, no
network, no API) for an anonymous reader, and for an opened passage panel.

Rows: "reading page" is the page as readers get it (the article body and passage lists
from the reading cache, debates/reading_cache.py); "after a write" is the first read after
a write changed the marks (the reading version raised before each request, so the body
and lists are rendered again); "passage open" is the page with a passage's panel open.

Columns: ``queries`` = SQL queries for one render (must not grow with the rows);
``median``/``best``/``p95`` = wall time of one render in ms
(the machine's other load shows in p95, rarely in best); ``KB`` = the HTML's size;
``x empty`` = median / the median of the cached page with no passages.
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
RUNS = 40


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


def _count_queries(client, url: str) -> tuple[int, int]:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        # Counted at the driver, so the request cycle's resets of the query log don't matter.
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), len(response.content)


def _timed(client, url: str, before=None) -> float:
    if before is not None:
        before()
    started = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - started) * 1000


def main() -> int:
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="counterpoint-bench-"))
    try:
        _setup(workdir / "bench.sqlite3")
        from django.test import Client

        from annotations.services import reading_changed
        from tests.factories import UserFactory, bulk_debate, make_article

        authors = [UserFactory(username=f"bench{n}") for n in range(6)]
        text = "\n\n".join(
            f"Claim number {n} about cheaper AI: prices fall tenfold a year, they say."
            for n in range(PARAGRAPHS)
        )
        client = Client()
        # (name, passages, url, before each request): the cached page, the page right
        # after a write (its reading version raised, so the body is rendered again), and
        # a passage's panel opened on the page.
        pages = []
        for count in PASSAGE_COUNTS:
            article = make_article(
                user=authors[0], title=f"{count} passages", text=text + f"\n\nEdition {count}."
            )
            passages = bulk_debate(
                article=article, authors=authors, passages=count, answers=ANSWERS
            )
            url = f"/articles/{article.pk}/"

            def write(article_id=article.pk):
                reading_changed(article_id=article_id)

            pages.append(("reading page", count, url, None))
            pages.append(("after a write", count, url, write))
            if passages:
                middle = passages[len(passages) // 2]
                pages.append(
                    ("passage open", count, f"/articles/{article.pk}/passages/{middle.pk}/", None)
                )
        measured = {}
        for name, count, url, before in pages:
            client.get(url)  # warm: templates, translations, the session, the cache
            if before is not None:
                before()
            measured[name, count] = (*_count_queries(client, url), [])
        # Rounds over every page in turn, so the machine's changing load falls on all rows
        # alike and the ratios between rows hold even when the absolute times drift.
        for _ in range(RUNS):
            for name, count, url, before in pages:
                measured[name, count][2].append(_timed(client, url, before))

        print(
            f"Reading-page benchmark: {PARAGRAPHS:,}-paragraph article, {ANSWERS} "
            f"counterarguments per passage, SQLite, anonymous reader, {RUNS} rounds"
        )
        print()
        header = (
            f"{'page':<14}{'passages':>9}{'answers':>9}{'queries':>9}{'median ms':>11}"
            f"{'best ms':>9}{'p95 ms':>9}{'KB':>8}{'x empty':>9}"
        )
        print(header)
        print("-" * len(header))
        base = statistics.median(measured["reading page", 0][2])
        for name, count, _url, _before in pages:
            queries, size, times = measured[name, count]
            median = statistics.median(times)
            p95 = sorted(times)[int(0.95 * (len(times) - 1))]
            print(
                f"{name:<14}{count:>9,}{count * ANSWERS:>9,}{queries:>9}{median:>11.1f}"
                f"{min(times):>9.1f}{p95:>9.1f}{size / 1024:>8.0f}{median / base:>9.2f}"
            )
        largest = max(PASSAGE_COUNTS)
        ratio = statistics.median(measured["reading page", largest][2]) / base
        print()
        print(
            f"{largest:,} passages x {ANSWERS} answers: {ratio:.2f}x the empty page "
            f"(target: at most 2x)"
        )
        print(f"bench took {time.perf_counter() - started:.1f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
