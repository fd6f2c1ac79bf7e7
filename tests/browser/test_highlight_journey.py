"""Marking a passage in a real browser: a Chinese passage after an emoji lands on
exactly its characters, survives a reload, and follows its words through a revision."""

import pytest

from annotations import services
from annotations.models import Highlight
from tests.browser.helpers import select_text, sign_in
from tests.factories import PASSWORD, make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "引言：AI 的电费。\n\n🍚𠀀 训练一个人需要二十年的食物，这个比较并不公平。\n\n结尾。"
PASSAGE = "训练一个人需要二十年的食物"


def test_a_member_marks_a_chinese_passage_after_an_emoji_and_it_follows_a_revision(page, alice):
    article = make_article(user=alice, title="二十年的食物", text=TEXT, language="zh-hans")
    sign_in(page, "alice@example.org")
    page.goto(f"/articles/{article.pk}/")

    select_text(page, PASSAGE)
    page.get_by_role("button", name="Counter this").click()
    form = page.locator("#highlight-form")
    assert form.locator(".quote").inner_text() == PASSAGE
    url_before = page.url
    page.evaluate("window.__sameDocument = true")
    form.get_by_role("button", name="Only mark the passage").click()

    mark = page.locator("#article-body mark.hl").first
    mark.wait_for()
    assert mark.inner_text() == PASSAGE
    assert page.evaluate("window.__sameDocument") is True  # no page load happened
    assert page.url != url_before  # the address is now the passage's deep link
    highlight = Highlight.objects.get()
    start = TEXT.index(PASSAGE)
    assert (highlight.start, highlight.end) == (start, start + len(PASSAGE))
    assert page.locator("#passage-panel .quote").inner_text() == PASSAGE

    page.reload()
    assert page.locator("#article-body mark.hl").inner_text() == PASSAGE

    page.goto(f"/articles/{article.pk}/revise/")
    revised = "新的开头段落。\n\n" + TEXT.replace("这个比较", "然而这个比较")
    page.locator("#id_text").fill(revised)
    page.get_by_role("button", name="Save the revision").click()
    page.wait_for_url(f"**/articles/{article.pk}/")
    assert page.locator("#article-body mark.hl").inner_text() == PASSAGE
    highlight.refresh_from_db()
    assert highlight.start == revised.index(PASSAGE)


def test_an_anonymous_reader_is_invited_to_sign_in_and_comes_back_to_the_selection(page, alice):
    article = make_article(user=alice, title="Cost", text="Prices fall tenfold a year, they say.")
    page.goto(f"/articles/{article.pk}/")
    select_text(page, "tenfold a year")
    link = page.get_by_role("link", name="Sign in to counter this")
    link.click()
    page.locator("#id_login").fill("alice@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**/articles/{article.pk}/?sel=*")
    form = page.locator("#highlight-form")
    form.wait_for()
    assert form.locator(".quote").inner_text() == "tenfold a year"
    form.get_by_role("button", name="Only mark the passage").click()
    page.locator("#article-body mark.hl").wait_for()
    assert Highlight.objects.get().exact == "tenfold a year"


def test_the_deep_link_opens_the_page_with_the_passage_panel_open(page, alice):
    article = make_article(user=alice, title="Cost", text="Prices fall tenfold a year, they say.")
    highlight = services.highlight_create(
        user=alice, article=article, start=12, end=26, exact="tenfold a year"
    )
    page.goto(f"/articles/{article.pk}/passages/{highlight.pk}/#mark-{highlight.pk}")
    assert page.locator("#passage-panel .quote").inner_text() == "tenfold a year"
    page.goto(f"/articles/{article.pk}/")
    page.locator(f"#mark-{highlight.pk}").click()
    page.locator("#passage-panel .quote").wait_for()
    assert page.url.endswith(f"/passages/{highlight.pk}/")
