"""The review queue worked from the keyboard: j/k move, a keeps, s then r removes with a
suspension (the reason typed, Enter sends), keys typed into a field stay in the field,
and the header's badge and the queue's counts follow each decision without a reload."""

import pytest
from playwright.sync_api import expect

from moderation import services as moderation_services
from tests.browser.helpers import sign_in
from tests.debates.moderation_setup import answer, flaggers, passage
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_moderator_works_the_queue_with_the_keyboard(page, alice, bob, mona, settings):
    settings.FLAG_HIDE_WEIGHT = 10
    carol = UserFactory(username="carol", display_name="Carol")
    highlight = passage(author=alice)
    fine = answer(author=carol, highlight=highlight, body="A fair point, badly put")
    spam = answer(author=bob, highlight=highlight, body="Buy cheap GPUs")
    people = flaggers(2)
    for member in people:  # the spam has two flags: first in the queue
        moderation_services.flag_create(user=member, target=spam, reason="spam")
    moderation_services.flag_create(user=people[0], target=fine, reason="off_topic")

    sign_in(page, mona.email)
    page.goto("/moderation/queue/")
    expect(page.locator("#queue-keys")).to_be_visible()
    expect(page.locator(".queue-link .badge")).to_have_text("2")
    first = page.locator(f"#queue-item-counterargument-{spam.pk}")
    second = page.locator(f"#queue-item-counterargument-{fine.pk}")
    expect(first).to_have_class("queue-item is-current")
    page.evaluate("window.__sameDocument = true")

    page.keyboard.press("j")
    expect(second).to_have_attribute("aria-current", "true")
    page.keyboard.press("k")
    expect(first).to_have_attribute("aria-current", "true")

    # r asks for the reason; what is typed there is the reason, not shortcuts.
    page.keyboard.press("s")
    expect(first.locator("select[name=duration]")).to_have_value("7d")
    page.keyboard.press("r")
    reason = first.locator("input[name=reason]")
    expect(reason).to_be_focused()
    page.keyboard.type("Spam: ads for hardware, again")
    expect(reason).to_have_value("Spam: ads for hardware, again")
    expect(first.locator("select[name=action]")).to_have_value("remove")
    page.keyboard.press("Enter")
    expect(first.locator(".resolved")).to_contain_text(
        "Mona removed Bob's answer on 「An article」 and suspended Bob for 7 days"
    )
    # The next item is current; the badge and the counts changed in place.
    expect(second).to_have_attribute("aria-current", "true")
    expect(page.locator(".queue-link .badge")).to_have_text("1")
    expect(page.locator("#queue-counts")).to_contain_text("1 item waiting")

    page.keyboard.press("a")
    expect(second.locator(".resolved")).to_contain_text("kept Carol's answer")
    expect(page.locator(".queue-link .badge")).to_have_count(0)
    expect(page.locator("#queue-counts")).to_contain_text("0 items waiting")
    assert page.evaluate("window.__sameDocument") is True  # no reload

    spam.refresh_from_db()
    fine.refresh_from_db()
    bob.refresh_from_db()
    assert (spam.visibility, fine.visibility) == ("modremoved", "visible")
    assert bob.is_suspended
    assert bob.suspension_reason == "Spam: ads for hardware, again"
