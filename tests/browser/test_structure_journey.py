"""A page's headings and list items on the reading page, in a real browser: a selection
that runs from a paragraph through a heading into the next paragraph becomes a passage
with the plain text's offsets."""

import pytest

from annotations.models import Highlight
from tests.annotations.test_structure_kept import HTML_BLOCKS, HTML_TEXT
from tests.browser.helpers import sign_in
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELECT_ACROSS = """([first, last]) => {
  // From the start of `first` to the end of `last`, each in its own block, as a drag would.
  const body = document.getElementById('article-body');
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!started && node.data.indexOf(first) >= 0) {
      range.setStart(node, node.data.indexOf(first));
      started = true;
    } else if (started && node.data.indexOf(last) >= 0) {
      range.setEnd(node, node.data.indexOf(last) + last.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def test_a_selection_across_a_heading_becomes_a_passage_with_plain_offsets(page, alice, bob):
    article = make_article(user=alice, title="Harbour tolls", text=HTML_TEXT, blocks=HTML_BLOCKS)
    sign_in(page, bob.email)
    page.goto(f"/articles/{article.pk}/")
    assert page.locator("#article-body h2").inner_text() == "What happens next"
    assert page.locator("#article-body ul li").count() == 2
    assert page.locator("#article-body blockquote p").count() == 1

    assert page.evaluate(SELECT_ACROSS, ["twelve percent", "Shipping companies"])
    page.get_by_role("button", name="Counter this").click()
    page.locator("#highlight-form").get_by_role("button", name="Only mark the passage").click()
    page.locator("#article-body h2 mark.hl").wait_for()

    start = HTML_TEXT.index("twelve percent")
    end = HTML_TEXT.index("Shipping companies") + len("Shipping companies")
    highlight = Highlight.objects.get()
    assert (highlight.start, highlight.end) == (start, end)
    assert highlight.exact == HTML_TEXT[start:end]
