"""Benchmark for article extraction: how much of an imported page is the article's body.

Run from anywhere:  python bench/extraction_bench.py   (exit status 0; about 10-30 s)

Pages come from bench/extraction_pages.py: generated with known bodies (no third-party
text), in five families -- English and Chinese news pages in HTML, English and Traditional
Chinese pages scraped as flattened text (with pinyin glosses, glued markup, bylines,
footers and headline lists), and Markdown with front matter and a trailing source link.

For each page, our import (`annotations.importers.parse`, as the import page runs it) is
compared with the ground truth body by token-level F1 over bags of tokens, the measure of
the public article-extraction benchmarks: words for English, single characters for
Chinese (Han characters, plus Latin words and numbers), punctuation ignored. Beside it,
plain trafilatura (`trafilatura.extract` with its defaults) on the same page; a text or
Markdown page is given to trafilatura as the browser shows it (each paragraph a <p>),
since it reads only HTML. A page we refuse to import counts as a failure and F1 0.

Columns: pages; mean and lowest F1 (ours), mean F1 (trafilatura); failures (ours).
Title: whether our guessed title is the page's; author likewise (where the page has one).
"""

from __future__ import annotations

import html
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations import importers  # noqa: E402
from bench.extraction_pages import FAMILIES, Page, pages  # noqa: E402

GOAL = 0.97
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)


def tokens(text: str) -> Counter[str]:
    """Words, and each Han character on its own; punctuation and spaces are not tokens."""
    return Counter(token.lower() for token in _TOKEN.findall(text or ""))


def f1(found: str, truth: str) -> float:
    got, want = tokens(found), tokens(truth)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def ours(page: Page) -> importers.ImportedDocument | None:
    try:
        return importers.parse(page.raw.encode("utf-8"), filename=page.filename)
    except importers.ImportFailed:
        return None


def as_html(page: Page) -> str:
    if page.filename.endswith(".html"):
        return page.raw
    paragraphs = importers.paragraphs(importers.canonicalize(page.raw))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<html><body><article>{body}</article></body></html>"


def trafilatura_text(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(as_html(page)) or ""


def main() -> int:
    started = time.perf_counter()
    rows: dict[str, dict[str, list]] = {
        name: {"ours": [], "theirs": [], "fail": [], "title": [], "author": []} for name in FAMILIES
    }
    for page in pages():
        truth = "\n\n".join(page.body)
        document = ours(page)
        row = rows[page.family]
        row["fail"].append(document is None)
        row["ours"].append(f1(document.text, truth) if document else 0.0)
        row["theirs"].append(f1(trafilatura_text(page), truth))
        row["title"].append(bool(document) and document.title == page.title)
        row["author"].append(bool(document) and document.author == page.author)
    elapsed = time.perf_counter() - started

    print("Extraction benchmark: token-level F1 of the imported body against the truth")
    print("(words for English, characters for Chinese), goal >= ", GOAL, sep="")
    print()
    header = (
        f"{'family':<16}{'pages':>6}{'F1 ours':>10}{'lowest':>9}{'F1 trafilatura':>16}"
        f"{'failed':>8}{'title ok':>10}{'author ok':>11}"
    )
    print(header)
    print("-" * len(header))
    every_ours: list[float] = []
    every_theirs: list[float] = []
    failures = 0
    for name, row in rows.items():
        count = len(row["ours"])
        every_ours += row["ours"]
        every_theirs += row["theirs"]
        failures += sum(row["fail"])
        print(
            f"{name:<16}{count:>6}{sum(row['ours']) / count:>10.3f}{min(row['ours']):>9.3f}"
            f"{sum(row['theirs']) / count:>16.3f}{sum(row['fail']):>8}"
            f"{sum(row['title']):>7}/{count:<2}{sum(row['author']):>8}/{count:<2}"
        )
    print("-" * len(header))
    total = len(every_ours)
    print(
        f"{'all':<16}{total:>6}{sum(every_ours) / total:>10.3f}{min(every_ours):>9.3f}"
        f"{sum(every_theirs) / total:>16.3f}{failures:>8}"
    )
    print()
    print(f"  {total} pages in {elapsed:.1f} s (both extractors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
