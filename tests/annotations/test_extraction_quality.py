"""The extraction benchmark's pages (bench/extraction_pages.py, generated with known
bodies) as a test: every page imports, and each family's body reaches the goal F1."""

import pytest

from bench.extraction_bench import GOAL, f1, ours
from bench.extraction_pages import FAMILIES, pages

PAGES = list(pages(per_family=4))


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_page_of_the_family_imports_with_its_body_title_and_no_furniture(family):
    scores = []
    for page in (p for p in PAGES if p.family == family):
        document = ours(page)
        assert document is not None, f"{family} page failed to import"
        scores.append(f1(document.text, "\n\n".join(page.body)))
        assert document.title == page.title
    assert min(scores) >= GOAL, scores


def test_f1_counts_words_in_english_and_characters_in_chinese():
    assert f1("Prices fall, fast.", "prices fall fast") == 1.0
    assert f1("训练成本", "训练") == pytest.approx(2 / 3)
    assert f1("", "anything") == 0.0
