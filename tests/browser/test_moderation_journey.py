"""The moderator's journey in a real browser: three members flag an answer and it hides;
the moderator removes it from the queue with a reason and suspends its author; the author
sees why and cannot post; the audit log shows all of it."""

import pytest

from moderation.models import ModerationAction
from tests.browser.helpers import PAGE_TIMEOUT_MS, sign_in
from tests.debates.moderation_setup import answer, passage
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    sign_in(page, email)
    return context, page


def test_flags_hide_an_answer_and_the_moderator_removes_it_and_suspends_its_author(
    browser, live_server, alice, bob, mona, settings
):
    settings.FLAG_HIDE_WEIGHT = 3
    highlight = passage(author=alice)
    ca = answer(author=bob, highlight=highlight, body="Buy cheap GPUs at spam.example")
    deep_link = f"/articles/{highlight.article_id}/passages/{highlight.pk}/"
    flaggers = [UserFactory(username=f"reader{n}") for n in range(3)]

    for reader in flaggers:
        context, page = _as(browser, live_server, reader.email)
        page.goto(deep_link)
        item = page.locator(f"#ca-{ca.pk}")
        item.locator("details.flag summary").click()
        item.locator("select[name=reason]").select_option("spam")
        item.get_by_role("button", name="Send to the moderators").click()
        page.locator(f"#flag-counterargument-{ca.pk}.flagged").wait_for()
        context.close()

    ca.refresh_from_db()
    assert ca.visibility == "pending"
    context, page = _as(browser, live_server, "alice@example.org")
    page.goto(deep_link)
    assert page.locator(f"#ca-{ca.pk}").inner_text().strip() == "[hidden pending review]"
    context.close()

    context, page = _as(browser, live_server, mona.email)
    page.get_by_role("link", name="Moderation").click()
    page.locator("#dashboard").wait_for()
    page.get_by_role("link", name="Review queue").click()
    item = page.locator(f"#queue-item-counterargument-{ca.pk}")
    assert "3 flags" in item.inner_text()
    assert "cheap GPUs" in item.inner_text()
    page.evaluate("window.__sameDocument = true")
    item.locator("select[name=action]").select_option("remove")
    item.locator("select[name=duration]").select_option("7d")
    item.locator("input[name=reason]").fill("Advertising, again")
    item.get_by_role("button", name="Apply").click()
    page.locator(f"#queue-item-counterargument-{ca.pk} .resolved").wait_for()
    assert page.evaluate("window.__sameDocument") is True  # decided in place, no reload
    context.close()

    context, page = _as(browser, live_server, bob.email)
    banner = page.locator(".suspension")
    assert "suspended until" in banner.inner_text()
    assert "Advertising, again" in banner.inner_text()
    page.goto(deep_link)
    mine = page.locator(f"#ca-{ca.pk}")
    assert "Removed by a moderator" in mine.inner_text()
    assert "Advertising, again" in mine.inner_text()
    # No write control that would be refused: the banner says why.
    assert page.locator(f"#answer-form-{highlight.pk}").count() == 0
    assert page.locator(".vote-widget form").count() == 0
    context.close()

    context, page = _as(browser, live_server, mona.email)
    page.goto("/moderation/log/")
    # The removal and the suspension are one decision, one sentence; the automatic hide
    # another.
    assert page.locator("ol.log .log-entry").count() == 2
    text = page.locator("ol.log").inner_text()
    for words in ("removed", "and suspended", "for 7 days", "Automatic moderation hid"):
        assert words in text
    context.close()
    assert ModerationAction.objects.count() == 3
