"""A selection that cuts words grows to the whole words (Intl.Segmenter, which finds
Chinese words too), and the passage stored is exactly those words at their code-point
offsets, after an emoji and a character outside the BMP as well."""

import pytest
from playwright.sync_api import expect

from annotations.models import Highlight
from tests.browser.helpers import sign_in
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Select from `start` (in the first text node holding it) to `end` (in the one holding
# it), each the first occurrence: the ends of a drag that cut words.
SELECT_BETWEEN = """([start, end]) => {
  const body = document.getElementById('article-body');
  const find = (needle) => {
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(needle);
      if (at >= 0) return [node, at];
    }
    throw new Error(needle + ' is not on the page');
  };
  const [a, i] = find(start);
  const [b, j] = find(end);
  const range = document.createRange();
  range.setStart(a, i);
  range.setEnd(b, j + end.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""

CASES = [
    pytest.param(
        "en",
        "🚀 Prices: AI cost falls tenfold every year, the report says.",
        ("ost", "fal"),
        "cost falls",
        id="english",
    ),
    pytest.param(
        "zh-hans",
        "引言。\n\n🍚𠀀 训练一个人需要二十年的食物，这个比较并不公平。",
        ("练一", "二"),
        "训练一个人需要二十",
        id="chinese",
    ),
    pytest.param(
        "zh-hans",
        "🍚𠀀 训练一个人需要二十年的食物，AI 的电费也是 cost。",
        ("物", "AI"),
        "食物，AI",
        id="chinese-then-latin",
    ),
]


@pytest.mark.parametrize(("language", "text", "ends", "words"), CASES)
def test_a_selection_that_cuts_words_quotes_and_stores_the_whole_words(
    page, alice, language, text, ends, words
):
    article = make_article(user=alice, title="Words", text=text, language=language)
    sign_in(page, alice.email)
    page.goto(f"/articles/{article.pk}/")
    page.evaluate(SELECT_BETWEEN, list(ends))
    page.locator("#counter-this").click()
    expect(page.locator("#highlight-quote")).to_have_text(words)
    # The page shows the words that will be quoted.
    assert page.evaluate("window.getSelection().toString()") == words

    page.locator("#highlight-form").get_by_role("button", name="Only mark the passage").click()
    expect(page.locator("#article-body mark.hl")).to_have_text(words)
    highlight = Highlight.objects.get()
    start = text.index(words)  # a Python index: code points
    assert (highlight.start, highlight.end, highlight.exact) == (start, start + len(words), words)
