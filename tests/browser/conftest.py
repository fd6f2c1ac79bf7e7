"""Browser tests: Playwright's sync API driving Debian's Chromium.

Playwright runs an event loop in the test thread, which makes Django's async-safety
check refuse ORM calls made by fixtures; the tests are synchronous, so it is switched
off for this folder only."""

import os
import shutil

import pytest

from .helpers import PAGE_TIMEOUT_MS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing_browser_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_browser_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run in CI: {reason}.")
        pytest.skip(
            f"Browser tests skipped: {reason}. Install Chromium (Debian: apt-get install "
            "chromium) or set CHROMIUM=/path/to/chromium to run them."
        )
    from playwright.sync_api import expect, sync_playwright

    # Waits, not speed limits: CI shares a 2-core machine, and a journey that takes 6 s
    # under load is still right (the benchmarks measure speed).
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()
