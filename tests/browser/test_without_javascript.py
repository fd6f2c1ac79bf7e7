"""With JavaScript off: the page says why passages cannot be marked, and reading, opening
a passage and voting still work through plain links and forms."""

import pytest
from playwright.sync_api import expect

from debates.models import Vote
from tests.browser.helpers import sign_in
from tests.factories import make_article, make_counterargument, make_passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_without_javascript_the_page_explains_marking_and_the_rest_still_works(
    no_js_page, alice, bob
):
    page = no_js_page
    article = make_article(user=alice, title="Twenty years of food")
    passage = make_passage(user=alice, article=article, exact="AI cost")
    answer = make_counterargument(user=alice, highlight=passage, body="Food is cheap.")
    sign_in(page, bob.email)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator(".no-script")).to_contain_text("needs JavaScript")
    expect(page.locator("#mark-hint")).to_be_hidden()  # the keyboard hint is for script

    page.locator("ol.passage-list a").first.click()
    page.wait_for_url(f"**/articles/{article.pk}/passages/{passage.pk}/**")
    page.locator(f"#vote-widget-{answer.pk} button[value='1']").click()
    expect(page.locator(f"#vote-widget-{answer.pk} button[value='1']")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Vote.objects.get(user=bob).value == 1
