"""Outcomes people can follow, in a real browser (issue 14, item 4): three members flag an
answer; the moderator opens the dashboard, works the queue with the keyboard and removes
it with a suspension; the author reads the notice and appeals; the moderator restores it
on appeal; the flaggers and the author each read the outcome in their notifications.
Screenshots of the notifications page and of the appeal in the queue, at 1,280 and 390 px,
go to var/screenshots/ for a person to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from moderation.models import Appeal, ModerationAction
from tests.browser.helpers import PAGE_TIMEOUT_MS, sign_in
from tests.debates.moderation_setup import answer, passage
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
NOTE = "This quotes the vendor's price list as evidence; it is not an advertisement."


def _as(browser, live_server, email, width=1280):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    sign_in(page, email)
    return context, page


def _shoot(browser, live_server, email, url, name):
    for width in (1280, 390):
        context, page = _as(browser, live_server, email, width)
        page.goto(url)
        # Nothing wider than the window: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        context.close()


def test_flaggers_and_the_author_follow_a_removal_its_appeal_and_the_restoration(
    browser, live_server, alice, bob, mona, settings
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    settings.FLAG_HIDE_WEIGHT = 3
    highlight = passage(author=alice)
    ca = answer(author=bob, highlight=highlight, body="GPU list prices fell 40% (vendor sheet)")
    deep_link = f"/articles/{highlight.article_id}/passages/{highlight.pk}/"
    readers = [UserFactory(username=f"reader{n}", display_name=f"Reader {n}") for n in range(3)]

    for reader in readers:
        context, page = _as(browser, live_server, reader.email)
        page.goto(deep_link)
        item = page.locator(f"#ca-{ca.pk}")
        item.locator("details.flag summary").click()
        item.locator("select[name=reason]").select_option("spam")
        item.get_by_role("button", name="Send to the moderators").click()
        page.locator(f"#flag-counterargument-{ca.pk}.flagged").wait_for()
        context.close()

    # The moderator: the dashboard, then the queue from the keyboard.
    context, page = _as(browser, live_server, mona.email)
    page.goto("/moderation/")
    expect(page.locator("#figure-open-flags")).to_have_text("3")
    page.get_by_role("link", name="Review queue").click()
    item = page.locator(f"#queue-item-counterargument-{ca.pk}")
    expect(item).to_have_attribute("aria-current", "true")
    page.keyboard.press("j")  # only one item: j and k stay on it
    page.keyboard.press("k")
    expect(item).to_have_attribute("aria-current", "true")
    page.keyboard.press("s")
    expect(item.locator("select[name=duration]")).to_have_value("7d")
    page.keyboard.press("r")
    expect(item.locator("input[name=reason]")).to_be_focused()
    page.keyboard.type("Advertising")
    page.keyboard.press("Enter")
    expect(item.locator(".resolved")).to_contain_text(
        "Mona removed Bob's answer on 「An article」 and suspended Bob for 7 days: Advertising"
    )
    context.close()

    # The author: the notices, then the appeal (suspended, and still allowed to).
    context, page = _as(browser, live_server, bob.email)
    # Hidden pending review (the flags), removed, suspended.
    expect(page.locator(".notifications-link .badge")).to_have_text("3")
    page.get_by_role("link", name="Notifications").click()
    expect(page.locator("[data-kind=auto_hidden]")).to_contain_text("a moderator will review it")
    removed = page.locator("[data-kind=removed]")
    expect(removed).to_contain_text("A moderator removed your answer.")
    expect(removed).to_contain_text("Reason: Advertising")
    expect(removed).to_contain_text("GPU list prices fell 40%")  # his own words
    expect(page.locator("[data-kind=suspended]")).to_contain_text("Your account is suspended until")
    removed.locator("details.appeal-form summary").click()
    removed.locator("textarea[name=note]").fill(NOTE)
    removed.get_by_role("button", name="Send the appeal").click()
    expect(removed.locator(".appeal-state")).to_contain_text("Your appeal is sent.")
    context.close()
    _shoot(browser, live_server, bob.email, "/notifications/", "notifications-appealed")

    # The moderator restores on appeal, from the queue.
    context, page = _as(browser, live_server, mona.email)
    page.goto("/moderation/")
    expect(page.locator("#figure-appeals")).to_have_text("1")
    page.locator("#figure-appeals").click()
    appeal = Appeal.objects.get()
    entry = page.locator(f"#appeal-item-{appeal.pk}")
    expect(entry).to_contain_text(NOTE)
    expect(entry).to_contain_text("Mona removed Bob's answer")
    context.close()
    _shoot(browser, live_server, mona.email, "/moderation/queue/#appeals", "queue-appeal")
    context, page = _as(browser, live_server, mona.email)
    page.goto("/moderation/queue/")
    entry = page.locator(f"#appeal-item-{appeal.pk}")
    # j/k reach the appeals too; the flag keys (here r) leave an appeal alone.
    expect(entry).to_have_attribute("aria-current", "true")
    page.keyboard.press("j")
    page.keyboard.press("r")
    expect(entry).to_be_focused()
    expect(entry).to_have_attribute("aria-current", "true")
    entry.locator("input[name=reason]").fill("A fair quotation")
    entry.get_by_role("button", name="Restore the item").click()
    expect(entry.locator(".resolved")).to_contain_text(
        "Mona restored Bob's answer on 「An article」 on appeal: A fair quotation"
    )
    expect(page.locator("#queue-counts")).to_contain_text("0 appeals")
    context.close()

    # Each flagger learns their flag was upheld; the author, that the appeal succeeded.
    for reader in readers:
        context, page = _as(browser, live_server, reader.email)
        page.goto("/notifications/")
        expect(page.locator("[data-kind=flag_upheld]")).to_contain_text(
            "A moderator upheld your flag on this answer."
        )
        context.close()
    context, page = _as(browser, live_server, bob.email)
    page.goto("/notifications/")
    restored = page.locator("[data-kind=appeal_restored]")
    expect(restored).to_contain_text("Your appeal was accepted: your answer is restored.")
    expect(restored).to_have_class("unread")
    restored.get_by_role("link").first.click()
    expect(page.locator(f"#ca-{ca.pk}")).to_contain_text("GPU list prices fell 40%")
    expect(page.locator(f"#ca-{ca.pk}:target")).to_have_count(1)
    context.close()
    _shoot(browser, live_server, bob.email, "/notifications/", "notifications-restored")

    ca.refresh_from_db()
    assert ca.visibility == "visible"
    assert list(
        ModerationAction.objects.order_by("created", "pk").values_list("action", flat=True)
    ) == ["auto_hide", "suspend", "remove", "appeal_restore"]
