"""A member suspended while the page is open: every write they still try is refused with
its sentence where they tried it, the page stays as it was — with DEBUG on too, where
django-htmx's debug script would otherwise swap the whole page for the 403 — and once the
page is loaded again no write control is offered."""

import pytest
from playwright.sync_api import expect

from debates.models import Counterargument, Vote
from moderation import services as moderation
from tests.browser.helpers import sign_in
from tests.factories import make_article, make_counterargument, make_passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "AI cost falls tenfold every year, the report says.\n\n"
    "Training a human takes twenty years of food, so the comparison is fair."
)
REASON = "Cooling off after a flame war."


@pytest.mark.parametrize("debug", [True, False], ids=["DEBUG=1", "DEBUG=0"])
def test_a_suspended_member_sees_each_refusal_in_place_and_then_no_write_controls(
    page, settings, alice, bob, mona, debug
):
    settings.DEBUG = debug
    article = make_article(user=alice, title="Twenty years of food", text=TEXT)
    passage = make_passage(user=alice, article=article, exact="twenty years of food")
    answer = make_counterargument(user=alice, highlight=passage, body="Food is cheap.")
    sign_in(page, bob.email)
    page.goto(f"/articles/{article.pk}/passages/{passage.pk}/")
    debug_script = page.locator("script[src*='django-htmx.js']")
    expect(debug_script).to_have_count(1 if debug else 0)
    page.evaluate("window.__sameDocument = true")

    moderation.member_suspend(moderator=mona, member=bob, duration="7d", reason=REASON)

    # A vote: the sentence beside the item.
    page.locator(f"#vote-widget-{answer.pk} button[value='1']").click()
    error = page.locator(f"#item-error-{answer.pk}")
    expect(error).to_contain_text(REASON)
    expect(page.locator("#live-status")).to_contain_text(REASON)
    expect(page.locator("h1")).to_have_text("Twenty years of food")

    # An answer: the sentence in the answer form, the words kept.
    form = page.locator(f"#answer-form-{passage.pk}")
    form.locator("label.stance-qualifies").click()
    form.locator("textarea[name=body]").fill("Food prices differ a lot.")
    form.get_by_role("button", name="Post").click()
    expect(page.locator(f"#answer-form-{passage.pk} .errorlist")).to_contain_text(REASON)
    expect(page.locator(f"#answer-form-{passage.pk} textarea[name=body]")).to_have_value(
        "Food prices differ a lot."
    )

    # A reply: the same, in the reply box.
    page.locator(f"#ca-{answer.pk} details.reply > summary").click()
    reply = page.locator(f"#reply-form-{answer.pk}")
    reply.locator("label.stance-qualifies").click()
    reply.locator("textarea[name=body]").fill("Not everywhere.")
    reply.get_by_role("button", name="Reply").click()
    expect(page.locator(f"#reply-form-{answer.pk} .errorlist")).to_contain_text(REASON)

    # A flag: its sentence in the flag box.
    page.locator(f"#flag-counterargument-{answer.pk} > summary").click()
    page.locator(f"#flag-counterargument-{answer.pk}").get_by_role(
        "button", name="Send to the moderators"
    ).click()
    expect(page.locator(f"#flag-counterargument-{answer.pk}")).to_contain_text(REASON)

    # Still the same page, nothing written.
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("#article-body")).to_be_visible()
    assert not Vote.objects.filter(user=bob).exists()
    assert not Counterargument.objects.filter(author=bob).exists()

    # Loaded again, the page offers no write control, and says why.
    page.reload()
    expect(page.locator(".notice.suspension")).to_contain_text(REASON)
    panel = page.locator("#passage-panel")
    expect(panel.locator(".thread")).to_be_visible()
    for control in ["form.argument-form", ".vote-widget button", "details.reply", "details.flag"]:
        expect(panel.locator(control)).to_have_count(0)
    expect(page.locator("#highlight-form, #counter-this")).to_have_count(0)
