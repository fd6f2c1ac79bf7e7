"""Keyboard only, as a reader without a mouse does it: Tab reaches the marked passage in
the text, Enter opens it with focus in its panel, the vote and the reply are a few Tabs
away, focus lands on what each action made and the live region says what happened, and
Escape closes the panel with focus back on the passage."""

import pytest
from playwright.sync_api import expect

from debates.models import Counterargument, Vote
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.helpers import PAGE_TIMEOUT_MS, sign_in
from tests.factories import make_article, make_counterargument, make_passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "AI cost falls tenfold every year, the report says.\n\n"
    "Training a human takes twenty years of food, so the comparison is fair."
)


def _focused(page) -> str:
    return page.evaluate(
        "() => { const a = document.activeElement;"
        " return a ? (a.id || a.tagName + '.' + a.className + '[' + (a.value || '') + ']') : ''; }"
    )


def _tab_until(page, predicate, limit):
    """Press Tab until `predicate` (JS, on document.activeElement) holds; the number of
    presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(a) => {predicate}", page.evaluate_handle("document.activeElement")):
            return presses
    raise AssertionError(f"not reached in {limit} Tabs; focus is on {_focused(page)}")


def test_a_keyboard_reader_opens_a_passage_votes_replies_and_closes_it(page, alice, bob):
    article = make_article(user=alice, title="Twenty years of food", text=TEXT)
    passage = make_passage(user=alice, article=article, exact="twenty years of food")
    answer = make_counterargument(user=alice, highlight=passage, body="Food is cheap.")
    sign_in(page, bob.email)
    page.goto(f"/articles/{article.pk}/")
    live = page.locator("#live-status")

    # The first Tab offers the skip link; it leads to the content.
    page.keyboard.press("Tab")
    assert _focused(page).startswith("A.skip-link")
    page.keyboard.press("Enter")
    assert _focused(page) == "main"

    # The mark in the text is a Tab stop, before any list below the article.
    _tab_until(page, f"a.id === 'mark-{passage.pk}'", limit=8)
    page.keyboard.press("Enter")
    title = page.locator(f"#passage-title-{passage.pk}")
    expect(title).to_be_focused()
    expect(page).to_have_url(
        f"{page.url.split('/articles/')[0]}/articles/{article.pk}/passages/{passage.pk}/"
    )
    expect(live).to_have_text("Passage opened.")

    # The vote is a few Tabs into the panel; Enter votes, focus stays on the button.
    # (Close, who marked it, its link, Flag, the answer's author, then the vote.)
    presses = _tab_until(page, f"a.closest('#vote-widget-{answer.pk}') && a.value === '1'", 8)
    assert presses <= 6
    page.keyboard.press("Enter")
    up = page.locator(f"#vote-widget-{answer.pk} button[value='1']")
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(up).to_be_focused()
    expect(live).to_have_text("Vote counted. The score is now 1.")
    assert Vote.objects.get(user=bob).value == 1

    # Reply: open the reply box, write, send; focus lands on the new reply.
    _tab_until(page, "a.tagName === 'SUMMARY' && a.parentElement.matches('details.reply')", 6)
    page.keyboard.press("Enter")
    # No stance is chosen for them: the first Tab lands on the stances, Space picks one.
    _tab_until(page, "a.type === 'radio' && a.name === 'stance'", 2)
    page.keyboard.press("ArrowRight")  # arrows move through the stances and choose
    _tab_until(page, "a.tagName === 'TEXTAREA' && a.name === 'body'", 2)
    page.keyboard.type("Cheap here, not everywhere.")
    _tab_until(page, "a.tagName === 'BUTTON' && a.type === 'submit'", 6)
    page.keyboard.press("Enter")
    reply = page.locator("li.counterargument.depth-1")
    expect(reply).to_contain_text("Cheap here, not everywhere.")
    created = Counterargument.objects.get(author=bob)
    assert created.stance == "qualifies"
    expect(page.locator(f"#ca-{created.pk}")).to_be_focused()
    expect(live).to_have_text("Posted.")

    # Escape closes the panel and gives focus back to the passage in the text.
    page.keyboard.press("Escape")
    expect(page.locator("#passage-panel .passage")).to_have_count(0)
    expect(page.locator(f"#mark-{passage.pk}")).to_be_focused()
    expect(page).to_have_url(f"{page.url.split('/articles/')[0]}/articles/{article.pk}/")
    expect(live).to_have_text("Passage closed.")

    # Space opens it again just as well.
    page.keyboard.press(" ")
    expect(title).to_be_focused()


@pytest.fixture
def caret_page(browser, live_server):
    """A browser with caret browsing on (F7 in Chrome): the arrow keys move a caret through
    the text, and Shift with them selects, as keyboard readers select words."""
    caret = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*ARGS, "--enable-caret-browsing"], headless=True
    )
    context = caret.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()
    caret.close()


def test_a_keyboard_selection_opens_counter_this_with_enter(caret_page, alice, bob):
    page = caret_page
    article = make_article(user=alice, title="Twenty years of food", text=TEXT)
    sign_in(page, bob.email)
    page.goto(f"/articles/{article.pk}/")
    # A caret placed in the text (caret browsing, F7), then Shift+arrows select words.
    page.evaluate(
        """() => { const p = document.querySelector('#article-body p[data-offset]');
        const node = p.firstChild; const at = node.data.indexOf('tenfold');
        window.getSelection().collapse(node, at); }"""
    )
    for _ in range(len("tenfold")):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#counter-this")).to_be_visible()
    page.keyboard.press("Enter")
    form = page.locator("#highlight-form")
    expect(form).to_be_visible()
    expect(page.locator("#highlight-quote")).to_have_text("tenfold")
    # Focus on the form's first question, the stance (none is chosen for the reader).
    expect(form.locator("input[name=stance]").first).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(form.locator("textarea[name=body]")).to_be_focused()
    page.keyboard.type("Not every year.")
    form.get_by_role("button", name="Post counterargument").press("Enter")
    expect(page.locator("#article-body mark.hl")).to_have_text("tenfold")
    created = Counterargument.objects.get()
    assert (created.highlight.exact, created.stance) == ("tenfold", "refutes")
