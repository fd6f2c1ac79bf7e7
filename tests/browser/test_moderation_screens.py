"""The moderator's pages at a desktop's 1,280 px and a phone's 390 px, in English and
Chinese: nothing wider than the window (tables wrap inside their cells), and a screenshot
of each in var/screenshots/ for a person to look at."""

from pathlib import Path

import pytest

from moderation import services as moderation_services
from tests.browser.helpers import PAGE_TIMEOUT_MS
from tests.debates.moderation_setup import answer, flaggers, passage
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PAGES = [
    ("dashboard", "/moderation/"),
    ("queue", "/moderation/queue/"),
    ("log", "/moderation/log/"),
    ("admin-index", "/admin/"),
    ("admin-answers", "/admin/debates/counterargument/"),
    ("admin-flags", "/admin/moderation/flag/"),
    ("admin-log", "/admin/moderation/moderationaction/"),
    ("admin-members", "/admin/accounts/user/"),
]


@pytest.fixture
def busy_queue(alice, bob, mona, settings):
    settings.FLAG_HIDE_WEIGHT = 3
    highlight = passage(author=alice)
    long_words = "Buy cheap GPUs at https://spam.example/" + "very-long-path-" * 12
    spam = answer(author=bob, highlight=highlight, body=long_words)
    rude = answer(author=bob, highlight=highlight, body="你们都是白痴，" * 20)
    for member in flaggers(3):
        moderation_services.flag_create(user=member, target=spam, reason="spam")
        moderation_services.flag_create(user=member, target=rude, reason="harassment")
    moderation_services.decide(
        moderator=mona, target=spam, action="remove", duration="7d", reason="Spam, again"
    )
    return rude


@pytest.mark.parametrize(
    ("width", "height", "locale"),
    [
        pytest.param(1280, 900, "en-US", id="desktop-en"),
        pytest.param(1280, 900, "zh-CN", id="desktop-zh"),
        pytest.param(390, 844, "en-US", id="phone-en"),
        pytest.param(390, 844, "zh-CN", id="phone-zh"),
    ],
)
def test_the_moderators_pages_fit_the_window(
    browser, live_server, mona, busy_queue, width, height, locale
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        base_url=live_server.url, locale=locale, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto("/accounts/login/")  # in either language: the fields, not the button's words
    page.locator("#id_login").fill(mona.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/")
    too_wide = []
    for name, url in PAGES:
        page.goto(url)
        page.screenshot(path=str(SHOTS / f"{name}-{width}-{locale}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            too_wide.append(f"{url} by {overflow}px")
    context.close()
    assert too_wide == []
