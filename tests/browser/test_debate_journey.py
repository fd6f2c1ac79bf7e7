"""The debate in a real browser: alice counters a passage, bob replies and votes; the
thread, the scores and the order change in place without a page load, and script hidden
in an answer stays inert."""

import re

import pytest
from playwright.sync_api import expect

from debates.models import Counterargument, Vote
from tests.browser.helpers import PAGE_TIMEOUT_MS, select_text, sign_in
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "AI cost falls tenfold every year, the report says.\n\n"
    "Training a human takes twenty years of food, so the comparison is fair."
)
PASSAGE = "twenty years of food"
ATTACK = (
    "It is **not** fair. <script>window.__xss = 1</script> "
    '<img src="x" onerror="window.__xss = 2"> [click me](javascript:window.__xss=3)'
)


@pytest.fixture
def bob_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()


def _no_reload_marker(page):
    page.evaluate("window.__sameDocument = true")


def _still_same_document(page):
    return page.evaluate("window.__sameDocument") is True


def test_alice_counters_bob_replies_and_votes_and_everything_updates_in_place(
    page, bob_page, alice, bob
):
    article = make_article(user=alice, title="Twenty years of food", text=TEXT)

    # Alice selects the words and counters them: passage and first answer in one go.
    sign_in(page, "alice@example.org")
    page.goto(f"/articles/{article.pk}/")
    _no_reload_marker(page)
    select_text(page, PASSAGE)
    page.get_by_role("button", name="Counter this").click()
    form = page.locator("#highlight-form")
    form.locator("label.stance-refutes").click()
    form.locator("textarea[name=body]").fill(ATTACK)
    expect(form.locator(".md-preview strong")).to_have_text("not")  # the live preview
    form.get_by_role("button", name="Post counterargument").click()
    expect(page.locator("#article-body mark.hl")).to_have_text(PASSAGE)
    first = Counterargument.objects.get()
    panel = page.locator("#passage-panel")
    expect(panel.locator(f"#ca-{first.pk} .md-body strong")).to_have_text("not")
    assert _still_same_document(page)

    # The attack is shown as text; nothing in it runs or links anywhere.
    body = panel.locator(f"#ca-{first.pk} .md-body")
    expect(body).to_contain_text("<script>window.__xss = 1</script>")
    assert body.locator("script, img, iframe").count() == 0
    assert body.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("window.__xss") is None

    # A second answer from the panel's own form.
    answer_form = panel.locator("form.argument-form[id^=answer-form]")
    answer_form.locator("label.stance-qualifies").click()
    answer_form.locator("textarea[name=body]").fill("Food is a small share of the cost.")
    answer_form.get_by_role("button", name="Post").click()
    expect(panel.locator("ol.counterarguments > li")).to_have_count(2)
    second = Counterargument.objects.exclude(pk=first.pk).get()
    assert _still_same_document(page)

    # Bob opens the passage, replies to the first answer and votes the second up.
    sign_in(bob_page, "bob@example.org")
    bob_page.goto(f"/articles/{article.pk}/passages/{first.highlight_id}/")
    _no_reload_marker(bob_page)
    thread = bob_page.locator(f"#thread-{first.highlight_id}")
    top = thread.locator("ol.counterarguments > li")
    expect(top).to_have_count(2)
    expect(top.first).to_have_attribute("id", f"ca-{first.pk}")  # no votes yet: oldest first
    assert bob_page.evaluate("window.__xss") is None

    bob_page.locator(f"#ca-{first.pk} > footer details.reply > summary").click()
    reply_form = bob_page.locator(f"#reply-form-{first.pk}")
    reply_form.locator("label.stance-asks").click()
    reply_form.locator("textarea[name=body]").fill("Which comparison, exactly?")
    reply_form.get_by_role("button", name="Reply").click()
    reply = bob_page.locator(f"#ca-{first.pk} ol.replies > li")
    expect(reply).to_have_count(1)
    expect(reply.locator("header .stance-asks")).to_be_visible()
    expect(reply).to_contain_text("Which comparison, exactly?")

    bob_page.locator(f"#vote-widget-{second.pk}").get_by_role("button", name="Vote up").click()
    expect(bob_page.locator(f"#vote-widget-{second.pk} .score")).to_have_text("1")
    expect(bob_page.locator(f"#vote-widget-{second.pk} .vote.up")).to_have_class(
        re.compile(r"\bchosen\b")
    )
    # Only the widget changes: the answers stay where the reader's eyes are (the new
    # order shows on the next load).
    expect(top.first).to_have_attribute("id", f"ca-{first.pk}")
    assert _still_same_document(bob_page)

    # Changing direction, then taking the vote back, each in place.
    bob_page.locator(f"#vote-widget-{second.pk}").get_by_role("button", name="Vote down").click()
    expect(bob_page.locator(f"#vote-widget-{second.pk} .score")).to_have_text("-1")
    expect(top.first).to_have_attribute("id", f"ca-{first.pk}")
    bob_page.locator(f"#vote-widget-{second.pk}").get_by_role("button", name="Vote down").click()
    expect(bob_page.locator(f"#vote-widget-{second.pk} .score")).to_have_text("0")
    assert _still_same_document(bob_page)
    assert not Vote.objects.exists()
    second.refresh_from_db()
    assert (second.upvotes, second.downvotes) == (0, 0)

    # Bob can't vote on his own reply: no buttons there.
    bob_reply = Counterargument.objects.get(parent=first)
    assert bob_page.locator(f"#vote-widget-{bob_reply.pk} button").count() == 0

    # Alice sees the reply counted in her header.
    page.goto("/")
    expect(page.locator(".notifications-link .badge")).to_have_text("1")
