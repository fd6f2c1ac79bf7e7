"""With JavaScript off: the page says why passages cannot be marked, and reading, opening
a passage, voting, answering, replying and flagging still work through plain links and
forms."""

import pytest
from playwright.sync_api import expect

from debates.models import Counterargument, Vote
from moderation.models import Flag
from tests.browser.helpers import PAGE_TIMEOUT_MS, sign_in
from tests.factories import make_article, make_counterargument, make_passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
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

    # Answering: a stance (none is chosen for them), the words, Post; a full page load.
    form = page.locator(f"#answer-form-{passage.pk}")
    form.locator("label.stance-asks").click()
    form.locator("textarea[name=body]").fill("Cheap for whom?")
    form.get_by_role("button", name="Post").click()
    expect(page.locator("li.counterargument", has_text="Cheap for whom?")).to_be_visible()

    # Replying, through the plain disclosure and form.
    page.locator(f"#ca-{answer.pk} details.reply > summary").click()
    reply = page.locator(f"#reply-form-{answer.pk}")
    reply.locator("label.stance-qualifies").click()
    reply.locator("textarea[name=body]").fill("Not everywhere.")
    reply.get_by_role("button", name="Reply").click()
    expect(page.locator(f"#ca-{answer.pk} ol.replies")).to_contain_text("Not everywhere.")

    # Flagging.
    page.locator(f"#flag-counterargument-{answer.pk} > summary").click()
    page.locator(f"#flag-counterargument-{answer.pk}").get_by_role(
        "button", name="Send to the moderators"
    ).click()
    page.wait_for_load_state()
    assert Counterargument.objects.filter(author=bob).count() == 2
    assert Flag.objects.filter(user=bob).count() == 1
