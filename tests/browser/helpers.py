"""Shared steps for the browser tests."""

from tests.factories import PASSWORD

#: How long a page action waits (a wait, not a speed limit: CI shares a 2-core machine).
PAGE_TIMEOUT_MS = 20_000

SELECT_TEXT = """(needle) => {
  // Select the first occurrence of `needle` in the article body, as a reader's drag would.
  const body = document.getElementById('article-body');
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/")


def select_text(page, needle):
    assert page.evaluate(SELECT_TEXT, needle), f"{needle!r} is not on the page"
