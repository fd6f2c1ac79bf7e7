"""A phone in the hand (390x844 and 360x740, touch, mobile viewport): tapping a mark far
down the article opens the passage as a sheet inside the screen with the passage still in
sight above it; the answer form and the "Counter this" form fit the width; every control
in them is at least 44 px each way; answering works by taps. A screenshot of each step
goes to var/screenshots/ for a person to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from debates.models import Counterargument
from tests.browser.helpers import PAGE_TIMEOUT_MS, select_text, sign_in
from tests.factories import make_article, make_counterargument, make_passage, make_reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
FILLER = (
    "Electricity is a cost like any other, and the report counts it in dollars per "
    "million tokens, which hides where the power comes from and what it displaces."
)
TEXT = "\n\n".join(
    [FILLER] * 6
    + ["Training a human takes twenty years of food, so the comparison is fair."]
    + [FILLER] * 3
)
PHONES = {
    "390x844": {"width": 390, "height": 844},
    "360x740": {"width": 360, "height": 740},
}

# Everything a finger can operate in a container, with its size; links inside written
# prose (an answer's Markdown) are text, not controls (WCAG 2.5.8's inline exception).
TARGETS = """(selector) => {
  const root = document.querySelector(selector);
  const controls = root.querySelectorAll('a[href], button, input:not([type=hidden]), select, '
    + 'textarea, summary, label:has(input[type=radio])');
  return [...controls]
    .filter((el) => !el.closest('.md-body') && el.getClientRects().length)
    .filter((el) => !(el.matches('input[type=radio]') && el.closest('label')))
    .map((el) => {
      const r = el.getBoundingClientRect();
      const name = (el.getAttribute('aria-label') || el.textContent || el.name || '').trim();
      return {what: el.tagName.toLowerCase() + ' ' + name.slice(0, 30), w: r.width, h: r.height};
    });
}"""

OVERFLOW = """(selector) => {
  const doc = document.documentElement;
  const box = document.querySelector(selector);
  return {
    page: doc.scrollWidth - doc.clientWidth,
    box: box.scrollWidth - box.clientWidth,
    right: box.getBoundingClientRect().right - window.innerWidth,
    left: -box.getBoundingClientRect().left,
  };
}"""


def _rect(locator):
    return locator.evaluate(
        "(el) => { const r = el.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"
    )


def _between(rect, top, bottom):
    """The box lies between two heights of the screen (half a pixel of rounding allowed)."""
    assert rect["top"] >= top - 0.5, f"{rect} starts above {top}"
    assert rect["bottom"] <= bottom + 0.5, f"{rect} ends below {bottom}"


def _small(page, selector):
    return [
        f"{t['what']!r} is {t['w']:.0f}x{t['h']:.0f}"
        for t in page.evaluate(TARGETS, selector)
        if t["w"] < 44 or t["h"] < 44
    ]


def _fits(page, selector):
    overflow = page.evaluate(OVERFLOW, selector)
    assert overflow["page"] <= 0, f"the page scrolls sideways by {overflow['page']} px"
    assert overflow["box"] <= 0, f"{selector} scrolls sideways by {overflow['box']} px"
    assert overflow["right"] <= 0.5, f"{selector} leaves the screen on the right"
    assert overflow["left"] <= 0.5, f"{selector} leaves the screen on the left"


@pytest.fixture
def phone(request, browser, live_server):
    size = PHONES[request.param]
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport=size,
        has_touch=True,
        is_mobile=True,
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.size = request.param
    yield page
    context.close()


@pytest.mark.parametrize("phone", PHONES, indirect=True)
def test_a_phone_reader_taps_a_mark_sees_the_passage_and_answers_it(phone, alice, bob):
    page = phone
    SHOTS.mkdir(parents=True, exist_ok=True)
    article = make_article(user=alice, title="Twenty years of food", text=TEXT)
    passage = make_passage(user=alice, article=article, exact="twenty years of food")
    answer = make_counterargument(user=alice, highlight=passage, body="Food is cheap.")
    make_reply(user=bob, parent=answer, body="Not everywhere.")
    sign_in(page, bob.email)
    page.goto(f"/articles/{article.pk}/")

    mark = page.locator(f"#mark-{passage.pk}")
    mark.scroll_into_view_if_needed()
    mark.tap()
    sheet = page.locator("#passage-panel")
    expect(sheet.locator(".thread")).to_be_visible()
    page.wait_for_load_state("networkidle")

    # The sheet is on the screen, and the passage is in sight above it.
    height = page.evaluate("window.innerHeight")
    panel = _rect(sheet)
    _between(panel, 0, height)
    _between(_rect(mark), 0, panel["top"])
    expect(page.locator(f"#passage-title-{passage.pk}")).to_be_focused()
    page.screenshot(path=str(SHOTS / f"reading-panel-{page.size}.png"))

    # Nothing in the sheet is too small for a finger, nor wider than the screen.
    for summary in sheet.locator("details.reply > summary, details.flag > summary").all():
        summary.tap()
    small = _small(page, "#passage-panel")
    assert small == [], "\n".join(small)
    _fits(page, "#passage-panel")

    # Answering by taps: a stance, the words, Post.
    form = page.locator(f"#answer-form-{passage.pk}")
    form.scroll_into_view_if_needed()
    form.locator("label.stance-qualifies").tap()
    form.locator("textarea[name=body]").fill("Twenty years of food is also twenty years of work.")
    _fits(page, "#passage-panel")
    form.get_by_role("button", name="Post").tap()
    created = page.locator("li.counterargument", has_text="twenty years of work")
    expect(created).to_be_visible()
    assert Counterargument.objects.get(author=bob, parent=None).stance == "qualifies"
    _fits(page, "#passage-panel")
    page.screenshot(path=str(SHOTS / f"reading-answered-{page.size}.png"))


@pytest.mark.parametrize("phone", PHONES, indirect=True)
def test_a_phone_reader_selects_words_and_counters_them_within_the_screen(phone, alice, bob):
    page = phone
    SHOTS.mkdir(parents=True, exist_ok=True)
    article = make_article(user=alice, title="Twenty years of food", text=TEXT)
    sign_in(page, bob.email)
    page.goto(f"/articles/{article.pk}/")
    page.locator("#article-body p", has_text="Training a human").scroll_into_view_if_needed()

    # A long press selects; "Counter this" waits low on the screen, where the thumb is.
    select_text(page, "twenty years of food")
    control = page.locator("#counter-this")
    expect(control).to_be_visible()
    height = page.evaluate("window.innerHeight")
    where = _rect(control)
    _between(where, height * 0.6, height)
    assert where["bottom"] - where["top"] >= 44
    assert where["right"] - where["left"] >= 44
    control.tap()

    form = page.locator("#highlight-form")
    expect(form).to_be_visible()
    expect(page.locator("#highlight-quote")).to_have_text("twenty years of food")
    box = _rect(form)
    _between(box, 0, height)
    _fits(page, "#highlight-form")
    assert _small(page, "#highlight-form") == []
    page.screenshot(path=str(SHOTS / f"reading-counter-form-{page.size}.png"))

    form.locator("label.stance-refutes").tap()
    form.locator("textarea[name=body]").fill("Food is not electricity.")
    _fits(page, "#highlight-form")
    form.get_by_role("button", name="Post counterargument").tap()
    expect(page.locator("#article-body mark.hl")).to_have_text("twenty years of food")
    assert Counterargument.objects.get(author=bob).highlight.exact == "twenty years of food"
