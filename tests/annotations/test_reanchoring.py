"""Bulk re-anchoring (one diff of old and new text) gives the same result as `relocate`
passage by passage, on generated revisions, and touches the database in a few queries."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations import anchoring, services
from annotations.models import Highlight
from annotations.reanchoring import Stored, equal_blocks, reanchor_all
from tests.factories import make_article

CONTEXT = Highlight.CONTEXT


def sentence(rng: random.Random, serial: list[int]) -> str:
    # Every word is unique across the whole generated history (a serial number spelled
    # out in letters), so the text never repeats itself and `relocate` is unambiguous.
    words = []
    for _ in range(rng.randint(3, 9)):
        serial[0] += 1
        n, word = serial[0], ""
        while n:
            n, r = divmod(n, 26)
            word += "abcdefghijklmnopqrstuvwxyz"[r]
        words.append(word + "q")
    return " ".join(words).capitalize() + rng.choice([". ", "! ", "? ", ".\n\n"])


def revise(rng: random.Random, sentences: list[str], serial: list[int], edits: int) -> list[str]:
    out = list(sentences)
    for _ in range(edits):
        i = rng.randrange(len(out) + 1)
        kind = rng.choice(["insert", "delete", "replace", "touch", "move"])
        if kind == "insert" or not out:
            out.insert(i, sentence(rng, serial))
            continue
        i = min(i, len(out) - 1)
        if kind == "delete" and len(out) > 1:
            del out[i]
        elif kind == "replace":
            out[i] = sentence(rng, serial)
        elif kind == "touch":  # a few characters inside a sentence
            s, at = out[i], rng.randrange(len(out[i]))
            out[i] = s[:at] + rng.choice(["", ",", "xy", " zq"]) + s[at + rng.randint(0, 2) :]
        elif kind == "move" and len(out) > 1:
            out.insert(rng.randrange(len(out)), out.pop(i))
    return out


def passages(rng: random.Random, text: str, count: int) -> list[Stored]:
    out = []
    for _ in range(count):
        start = rng.randrange(len(text) - 1)
        end = min(len(text), start + rng.randint(1, 60))
        prefix, suffix = anchoring.context_for(text, start, end, width=CONTEXT)
        out.append(Stored(text[start:end], prefix, suffix, start, end))
    return out


def one_by_one(new: str, stored: list[Stored]):
    return [anchoring.relocate(new, p.exact, p.prefix, p.suffix, p.start, p.end) for p in stored]


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    size=st.integers(1, 60),
    edits=st.integers(0, 8),
    count=st.integers(1, 40),
)
def test_bulk_reanchoring_matches_relocate_passage_by_passage(seed, size, edits, count):
    rng, serial = random.Random(seed), [0]
    old_sentences = [sentence(rng, serial) for _ in range(size)]
    old = "".join(old_sentences)
    new = "".join(revise(rng, old_sentences, serial, edits))
    stored = passages(rng, old, count)
    assert reanchor_all(old, new, stored, context=CONTEXT) == one_by_one(new, stored)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab \n", max_size=80), st.text(alphabet="ab \n", max_size=80))
def test_the_diff_blocks_are_equal_text_in_order(old, new):
    last_a = last_b = 0
    for a0, a1, b0 in equal_blocks(old, new):
        assert a1 > a0 >= last_a
        assert b0 >= last_b
        assert old[a0:a1] == new[b0 : b0 + a1 - a0]
        last_a, last_b = a1, b0 + a1 - a0


def test_orphans_and_passages_not_in_place_go_through_relocate():
    old = "One two three four. " * 1 + "Alpha beta gamma delta epsilon zeta eta theta iota. " * 3
    new = old.replace("gamma", "GAMMA", 1)
    stale = Stored("beta gamma", "", "", 0, 10)  # offsets that mean nothing in `old`
    assert reanchor_all(old, new, [stale], context=CONTEXT) == one_by_one(new, [stale])


@pytest.mark.django_db
def test_a_revision_re_anchors_many_passages_in_a_few_queries(alice, bob):
    rng, serial = random.Random(7), [0]
    sentences = [sentence(rng, serial) for _ in range(120)]
    article = make_article(user=alice, text="".join(sentences), title="Long")
    stored = passages(rng, article.text, 80)
    Highlight.objects.bulk_create(
        Highlight(
            article=article,
            author=bob,
            exact=p.exact,
            prefix=p.prefix,
            suffix=p.suffix,
            start=p.start,
            end=p.end,
            revision=article.revision,
        )
        for p in stored
    )
    new = "".join(revise(rng, sentences, serial, 6))
    expected = one_by_one(new, stored)
    with CaptureQueriesContext(connection) as queries:
        services.article_revise(user=alice, article=article, text=new)
    # lock, duplicate check, old revision, article save, passages read, and one UPDATE
    # per batch of changed passages (80 < REANCHOR_BATCH) -- not one per passage.
    assert len(queries) <= 10, [q["sql"][:150] for q in queries]
    got = [
        None if h.state == Highlight.State.ORPHANED else (h.start, h.end)
        for h in Highlight.objects.filter(article=article).order_by("pk")
    ]
    assert got == expected
    assert any(e is None for e in expected)
    assert any(e is not None for e in expected)
