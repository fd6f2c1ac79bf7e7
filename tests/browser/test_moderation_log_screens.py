"""The moderation log in a browser at 1,280 px and 390 px, in English and Chinese: its
sentences, an opened record of what changed, and a filter error, all inside the window;
screenshots in var/screenshots/ for a person to look at."""

import pytest

from moderation import services as moderation_services
from tests.browser.helpers import PAGE_TIMEOUT_MS
from tests.browser.test_moderation_screens import SHOTS, busy_queue  # noqa: F401
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("width", "height", "locale", "sentence"),
    [
        pytest.param(1280, 900, "en-US", "and suspended Bob for 7 days", id="desktop-en"),
        pytest.param(390, 844, "zh-CN", "并封禁了 Bob 7 天", id="phone-zh"),
        pytest.param(1280, 900, "zh-CN", "并封禁了 Bob 7 天", id="desktop-zh"),
        pytest.param(390, 844, "en-US", "and suspended Bob for 7 days", id="phone-en"),
    ],
)
def test_the_log_reads_and_fits(
    browser,
    live_server,
    mona,
    busy_queue,  # noqa: F811 (the fixture imported above)
    width,
    height,
    locale,
    sentence,
):
    moderation_services.debate_lock(
        moderator=mona, article=busy_queue.highlight.article, locked=True, reason="Cooling off"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        base_url=live_server.url, locale=locale, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(mona.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/")
    page.goto("/moderation/log/")
    assert sentence in page.locator(".log-sentence").first.inner_text() or sentence in (
        page.locator("ol.log").inner_text()
    )
    for summary in page.locator(".log-changes summary").all():
        summary.click()
    page.screenshot(path=str(SHOTS / f"log-open-{width}-{locale}.png"), full_page=True)
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    page.goto("/moderation/log/?from=2026-05-02&to=2026-05-01&action=delete")
    assert page.locator(".errorlist li").count() == 2
    page.screenshot(path=str(SHOTS / f"log-error-{width}-{locale}.png"), full_page=True)
    assert page.evaluate(overflow) <= 0
    context.close()
