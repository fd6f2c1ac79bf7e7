"""axe-core finds no WCAG 2.2 A/AA violation on any kind of page, in every language the
site speaks, on a desktop and on a phone: each page as a reader reaches it, scripts run,
panels and forms open."""

import pytest
from django.conf import settings

from debates.models import Counterargument
from moderation import services as moderation
from tests.browser.a11y import violations
from tests.browser.helpers import PAGE_TIMEOUT_MS, select_text
from tests.factories import PASSWORD, make_article, make_counterargument, make_passage, make_reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "AI cost falls tenfold every year, the report says. 🚀 Prices keep falling.\n\n"
    "Training a human takes twenty years of food, so the comparison is fair."
)

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# The browser's language, as Accept-Language sends it; one per language the site speaks.
BROWSER_LOCALES = {"en": "en-US", "zh-hans": "zh-CN", "zh-hant": "zh-TW"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def debate(alice, bob, mona):
    article = make_article(user=alice, title="Twenty years of food", text=TEXT)
    passage = make_passage(user=alice, article=article, exact="twenty years of food")
    answer = make_counterargument(user=alice, highlight=passage, body="Food is **cheap**.")
    make_reply(user=bob, parent=answer, body="Not everywhere.")
    moderation.flag_create(user=bob, target=answer, reason="spam")
    return article, passage


def _sign_in(page, email):
    """Sign in whatever the page's language (the button's name is translated)."""
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/")


def _check(page, where, found):
    page.wait_for_load_state("networkidle")
    found.extend(f"{where}: {line}" for line in violations(page))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_page_has_an_accessibility_violation(
    browser, live_server, debate, mona, language, viewport
):
    article, passage = debate
    context = browser.new_context(
        base_url=live_server.url, locale=BROWSER_LOCALES[language], viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    found: list[str] = []
    reading = f"/articles/{article.pk}/"
    try:
        for where in [
            "/",
            "/?q=food",
            "/search/",
            "/search/?q=food",
            reading,
            f"{reading}passages/{passage.pk}/",
            "/accounts/login/",
            "/accounts/signup/",
            "/u/alice/",
        ]:
            page.goto(where)
            _check(page, where, found)

        _sign_in(page, mona.email)
        assert page.evaluate("document.documentElement.lang") == language
        for where in [
            reading,
            "/notifications/",
            "/u/mona/",
            "/profile/",
            "/articles/import/",
            "/moderation/",
            "/moderation/queue/",
            "/moderation/log/",
        ]:
            page.goto(where)
            _check(page, where, found)

        # The thread panel opened from a mark, as a click does it (htmx, no page load).
        page.goto(reading)
        page.locator(f"#mark-{passage.pk}").click()
        page.locator("#passage-panel .thread").wait_for()
        page.locator("#passage-panel details.reply > summary").first.click()
        page.locator("#passage-panel details.flag > summary").first.click()
        _check(page, "thread panel open", found)

        # The header's search box listing its first results as one types.
        page.goto("/")
        page.locator("#header-search-q").fill("food")
        page.locator("#header-search-results .search-hit").first.wait_for()
        _check(page, "header search results", found)

        # The answer form opened on a selection.
        page.goto(reading)
        select_text(page, "AI cost falls")
        page.locator("#counter-this").click()
        page.locator("#highlight-form textarea[name=body]").wait_for()
        _check(page, "answer form open", found)

        # Import and its preview.
        page.goto("/articles/import/")
        page.locator("textarea[name=pasted]").fill("A title\n\nOne paragraph.\n\nAnother one.")
        page.locator("form.stacked button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        _check(page, "import preview", found)
    finally:
        context.close()
    assert Counterargument.objects.count() == 2  # looking changed nothing
    assert found == [], "\n".join(found)
