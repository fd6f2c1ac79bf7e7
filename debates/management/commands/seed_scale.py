"""Generate a large, realistic dataset straight in PostgreSQL, for load tests and EXPLAIN.

At ``--scale 1``: 100,000 members, 10,000 articles, 1,000,000 passages, 3,000,000 answers
and replies (two answers to a reply), 10,000,000 votes (fewer after removing the random
duplicates the one-vote-per-member rule forbids). Popularity follows a power law: a few
articles hold most passages, a few passages most answers, a few answers most votes.
Everything is written with set-based ``INSERT ... SELECT generate_series`` inside the
server (no row crosses the wire), then the denormalised counters (passage answers, answer
votes) are computed in one UPDATE each and the tables analysed.

Meant for a throwaway database (``make bench-scale`` creates one); it adds to whatever is
there. Members are named ``scale-<n>``, have no usable password, and article texts are
generated sentences, never real articles.
"""

from __future__ import annotations

import secrets
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from annotations.models import Article, Highlight, Visibility
from debates.models import Counterargument, Stance, Vote

FULL = {
    "members": 100_000,
    "articles": 10_000,
    "passages": 1_000_000,
    "answers": 3_000_000,
    "votes": 10_000_000,
}
#: Popularity exponent: item index = floor(n * random() ^ SKEW). With 5, the top 1% of
#: articles get 0.01 ** (1/5) = 40% of the passages.
SKEW = 5
PARAGRAPHS = 60  # per article; about 6,000 characters


def sizes(scale: float) -> dict[str, int]:
    out = {name: max(2, round(n * scale)) for name, n in FULL.items()}
    out["members"] = max(out["members"], 10)
    return out


class Command(BaseCommand):
    help = "Generate a large dataset in PostgreSQL (--scale 1 = 1M passages, 10M votes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="fraction of the full size (default 1)"
        )
        parser.add_argument("--seed", type=float, default=0.42, help="random seed, -1..1")

    def handle(self, *args, scale: float, seed: float, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale needs PostgreSQL (DATABASE_URL=postgres://...).")
        if not 0 < scale <= 10:
            raise CommandError("--scale must be more than 0 and at most 10.")
        if not -1 <= seed <= 1:
            raise CommandError("--seed must be between -1 and 1.")
        n = sizes(scale)
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SELECT setseed(%s)", [seed])
            for step, sql, params in _steps(n, run=secrets.token_hex(4)):
                t0 = time.perf_counter()
                cursor.execute(sql, params)
                rows, seconds = max(cursor.rowcount, 0), time.perf_counter() - t0
                self.stdout.write(f"  {step:<28} {rows:>11,} rows {seconds:7.1f} s")
        with connection.cursor() as cursor:
            for model in (get_user_model(), Article, Highlight, Counterargument, Vote):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.stdout.write(
            self.style.SUCCESS(f"scale {scale:g} in {time.perf_counter() - started:.1f} s")
        )


def _steps(n: dict[str, int], run: str):
    # `run` keeps usernames and content hashes unique when the command runs again.
    user = get_user_model()._meta.db_table
    article = Article._meta.db_table
    highlight = Highlight._meta.db_table
    answer = Counterargument._meta.db_table
    vote = Vote._meta.db_table
    visible = Visibility.VISIBLE.value
    stances = list(Stance.values)
    drop = "DROP TABLE IF EXISTS scale_members, scale_articles, scale_passages, scale_answers"
    yield ("(temporary maps)", drop, [])
    # Temporary maps from a generated item's number to its real id: ids are whatever the
    # sequences give, so the data can be added to a database that is not empty.
    yield (
        "members",
        f"""
        WITH made AS (
            INSERT INTO {user} (password, is_superuser, username, first_name, last_name,
                email, is_staff, is_active, date_joined, display_name, suspension_reason)
            SELECT '!scale', false, 'scale-' || g || '-' || %s,
                '', '', '', false, true, now() - random() * interval '700 days',
                'Member ' || g, ''
            FROM generate_series(1, %s) g
            RETURNING id
        )
        SELECT row_number() OVER (ORDER BY id) AS n, id INTO TEMP scale_members FROM made
        """,
        [run, n["members"]],
    )
    yield (
        "articles",
        f"""
        WITH made AS (
            INSERT INTO {article} (title, slug, source_url, publisher, author, language,
                text, blocks, revision, content_hash, debate_locked, created, updated,
                imported_by_id)
            SELECT 'Scale article ' || g, 'scale-article-' || g, '', 'Scale', '', 'en',
                (SELECT string_agg(format('Claim %%s of article %%s: prices fall %%s-fold a '
                    'year, or so the %%s say; the evidence is %%s.', p, g,
                    2 + (p * 7 + g) %% 9, (ARRAY['analysts','vendors','critics'])[1 + p %% 3],
                    (ARRAY['thin','mixed','strong','contested'])[1 + (p + g) %% 4]), E'\\n\\n')
                 FROM generate_series(1, {PARAGRAPHS}) p),
                '[]'::jsonb, 1, md5('scale' || %s || '-' || g), false,
                now() - random() * interval '700 days', now(), m.id
            FROM generate_series(1, %s) g
            JOIN scale_members m ON m.n = 1 + g %% {n["members"]}
            RETURNING id, length(text) AS len
        )
        SELECT row_number() OVER (ORDER BY id) AS n, id, len INTO TEMP scale_articles FROM made
        """,
        [run, n["articles"]],
    )
    yield (
        "passages",
        f"""
        WITH r AS MATERIALIZED (
            SELECT g, 1 + floor({n["articles"]} * random() ^ {SKEW})::int AS k,
                   random() AS at, 10 + floor(random() * 50)::int AS size,
                   1 + floor(random() * {n["members"]})::int AS who
            FROM generate_series(1, %s) g
        ), picked AS (
            SELECT r.g, a.id AS article_id, floor(r.at * (a.len - 80))::int AS start,
                   r.size, r.who
            FROM r JOIN scale_articles a ON a.n = r.k
        ), made AS (
            INSERT INTO {highlight} (exact, prefix, suffix, start, "end", revision, state,
                answers, created, article_id, author_id, moderation_note, visibility)
            SELECT substr(t.text, p.start + 1, p.size),
                   substr(t.text, greatest(p.start - 31, 1), least(p.start, 32)),
                   substr(t.text, p.start + p.size + 1, 32),
                   p.start, p.start + p.size, 1, %s, 0, now() - random() * interval '600 days',
                   p.article_id, m.id, '', %s
            FROM picked p JOIN {article} t ON t.id = p.article_id
            JOIN scale_members m ON m.n = p.who
            RETURNING id
        )
        SELECT row_number() OVER (ORDER BY id) AS n, id INTO TEMP scale_passages FROM made
        """,
        [n["passages"], Highlight.State.ANCHORED.value, visible],
    )
    top = n["answers"] * 2 // 3
    yield (
        "answers",
        f"""
        WITH r AS MATERIALIZED (
            SELECT g, 1 + floor({n["passages"]} * random() ^ 2)::int AS k
            FROM generate_series(1, %s) g
        ), made AS (
            INSERT INTO {answer} (stance, body, body_html, sources, visibility, upvotes,
                downvotes, created, edited, author_id, highlight_id, parent_id,
                moderation_note)
            SELECT (%s::text[])[1 + g %% 4], 'Answer ' || g || ': the figure leaves out '
                   'the cost of training.', '<p>Answer ' || g || ': the figure leaves out '
                   'the cost of training.</p>', '[]'::jsonb, %s, 0, 0,
                   now() - random() * interval '500 days', NULL, m.id, p.id, NULL, ''
            FROM r JOIN scale_passages p ON p.n = r.k
            JOIN scale_members m ON m.n = 1 + (g::bigint * 7919) %% {n["members"]}
            RETURNING id, highlight_id
        )
        SELECT row_number() OVER (ORDER BY id) AS n, id, highlight_id
        INTO TEMP scale_answers FROM made
        """,
        [top, stances, visible],
    )
    yield (
        "replies",
        f"""
        WITH r AS MATERIALIZED (
            SELECT g, 1 + floor({top} * random() ^ 2)::int AS k FROM generate_series(1, %s) g
        )
        INSERT INTO {answer} (stance, body, body_html, sources, visibility, upvotes,
            downvotes, created, edited, author_id, highlight_id, parent_id, moderation_note)
        SELECT (%s::text[])[1 + g %% 4], 'Reply ' || g || ': training is paid once.',
               '<p>Reply ' || g || ': training is paid once.</p>', '[]'::jsonb, %s, 0, 0,
               now() - random() * interval '400 days', NULL, m.id, a.highlight_id, a.id, ''
        FROM r JOIN scale_answers a ON a.n = r.k
        JOIN scale_members m ON m.n = 1 + (g::bigint * 104729) %% {n["members"]}
        """,
        [n["answers"] - top, stances, visible],
    )
    yield (
        "votes",
        f"""
        WITH r AS MATERIALIZED (
            SELECT 1 + floor({top} * random() ^ 3)::int AS k,
                   1 + floor(random() * {n["members"]})::int AS who,
                   CASE WHEN random() < 0.75 THEN 1 ELSE -1 END AS value
            FROM generate_series(1, %s) g
        )
        INSERT INTO {vote} (value, created, updated, counterargument_id, user_id)
        SELECT r.value, now(), now(), a.id, m.id
        FROM r JOIN scale_answers a ON a.n = r.k JOIN scale_members m ON m.n = r.who
        ON CONFLICT DO NOTHING
        """,
        [n["votes"]],
    )
    yield (
        "passage answer counts",
        f"""
        UPDATE {highlight} h SET answers = c.n
        FROM (SELECT highlight_id, count(*) AS n FROM {answer}
              WHERE highlight_id IN (SELECT id FROM scale_passages) GROUP BY highlight_id) c
        WHERE h.id = c.highlight_id
        """,
        [],
    )
    yield (
        "answer vote counts",
        f"""
        UPDATE {answer} a SET upvotes = v.up, downvotes = v.down
        FROM (SELECT counterargument_id, count(*) FILTER (WHERE value > 0) AS up,
                     count(*) FILTER (WHERE value < 0) AS down
              FROM {vote} WHERE counterargument_id IN (SELECT id FROM scale_answers)
              GROUP BY counterargument_id) v
        WHERE a.id = v.counterargument_id
        """,
        [],
    )
    yield ("(temporary maps)", drop, [])
