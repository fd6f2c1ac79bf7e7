"""A reader types in the header's search box, sees the first results appear under it
without a page load, and opens an answer from them: the reading page with the passage's
panel open at that answer."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, make_counterargument, make_passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "山姆·阿尔特曼说，人工智能的价格每年下降十倍。\n\n数据中心很耗电。"


def test_typing_in_the_header_box_lists_results_and_opens_an_answer(page, alice, bob):
    article = make_article(user=alice, title="阿尔特曼的预言", text=TEXT, language="zh-hans")
    passage = make_passage(user=alice, article=article, exact="人工智能的价格每年下降十倍")
    answer = make_counterargument(
        user=bob, highlight=passage, body="算力便宜了，但阿爾特曼沒算耗電。"
    )

    page.goto("/")
    page.evaluate("window.notReloaded = true")
    page.locator("#header-search-q").press_sequentially("阿爾特曼", delay=30)
    results = page.locator("#header-search-results")
    expect(results.locator(".search-article a")).to_have_text("阿尔特曼的预言")
    expect(results.locator(".search-counterargument mark")).to_have_text("阿爾特曼")
    assert page.evaluate("window.notReloaded") is True  # htmx swapped, no page load

    results.locator(".search-counterargument a").click()
    page.wait_for_url(f"**/articles/{article.pk}/passages/{passage.pk}/#ca-{answer.pk}")
    expect(page.locator(f"#passage-panel #ca-{answer.pk}")).to_be_visible()


def test_enter_in_the_header_box_opens_the_search_page(page, alice):
    make_article(user=alice, title="AI energy", text="Data centres use power.", language="en")
    page.goto("/")
    page.locator("#header-search-q").fill("power")
    page.locator("#header-search-q").press("Enter")
    page.wait_for_url("**/search/?q=power")
    expect(page.locator("#search-results .search-article a")).to_have_text("AI energy")
