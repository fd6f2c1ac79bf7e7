"""The reading page at a desktop's 1,280 px and a phone's 390 px, in English and Chinese,
with a passage open and with the "Counter this" form open: on the wide screen both sit in
the side column, never over the words being answered; nothing is wider than the window.
A screenshot of each in var/screenshots/ for a person to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_TIMEOUT_MS, select_text
from tests.factories import PASSWORD, make_article, make_counterargument, make_passage, make_reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ARTICLES = {
    "en": (
        "Twenty years of food",
        "\n\n".join(
            [
                "AI cost falls tenfold every year, the report says, and the claim is repeated "
                "in every keynote as though it were a law of nature.",
                "Training a human takes twenty years of food, so the comparison is fair, the "
                "author argues; a model is trained once and copied for free.",
                "Electricity is a cost like any other, and the report counts it in dollars per "
                "million tokens, which hides where the power comes from.",
            ]
        ),
        "twenty years of food",
        "counts it in dollars",
    ),
    "zh-hans": (
        "“二十年的食物”",
        "报告说，AI 的成本每年下降十倍，这句话在每一场发布会上被重复，仿佛是自然规律。\n\n"
        "作者认为，培养一个人需要二十年的食物，所以这个比较是公平的；模型只训练一次，复制不花钱。\n\n"
        "电费和其他成本一样，报告按每百万个词元多少美元来计算，却没有说电从哪里来。",
        "二十年的食物",
        "每百万个词元",
    ),
}
VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


def _rect(page, selector):
    return page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }",
        selector,
    )


def _overlap(a, b):
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


@pytest.mark.parametrize("language", ARTICLES)
@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_reading_page_with_a_passage_and_the_answer_form_open(
    browser, live_server, alice, bob, language, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    title, text, marked, selected = ARTICLES[language]
    article = make_article(user=alice, title=title, text=text, language=language)
    passage = make_passage(user=alice, article=article, exact=marked)
    answer = make_counterargument(user=alice, highlight=passage, body="Food is **cheap**.")
    make_reply(user=bob, parent=answer, body="Not everywhere.")
    locale = "en-US" if language == "en" else "zh-CN"
    context = browser.new_context(
        base_url=live_server.url, locale=locale, viewport=VIEWPORTS[width]
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(bob.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("#id_password").press("Enter")
        page.wait_for_url("**/")
        page.goto(f"/articles/{article.pk}/")
        page.locator(f"#mark-{passage.pk}").click()
        expect(page.locator("#passage-panel .thread")).to_be_visible()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SHOTS / f"reading-panel-{width}-{language}.png"))
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        if width == "1280":
            # The panel is the side column, beside the text.
            assert _rect(page, "#passage-panel")["left"] >= _rect(page, "#article-body")["right"]

        page.keyboard.press("Escape")
        select_text(page, selected)
        page.locator("#counter-this").click()
        expect(page.locator("#highlight-form")).to_be_visible()
        # The words being answered, where they are once the form is open.
        words = page.evaluate(
            "() => { const r = getSelection().getRangeAt(0).getBoundingClientRect();"
            " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"
        )
        page.screenshot(path=str(SHOTS / f"reading-counter-form-{width}-{language}.png"))
        form = _rect(page, "#highlight-form")
        assert not _overlap(form, words), (form, words)
        if width == "1280":
            assert form["left"] >= _rect(page, "#article-body")["right"]
            assert form["right"] <= VIEWPORTS[width]["width"]
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    finally:
        context.close()
