"""A paste larger than the server reads is refused in the form, the text kept."""

import pytest

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_oversized_paste_is_refused_in_place_and_keeps_its_text(page, alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200_000
    sign_in(page, alice.email)
    page.goto("/articles/import/")
    box = page.get_by_label("…or paste the text or HTML")
    pasted = "第一段，" + "价格下降九成。" * 20_000  # about 420 kB of UTF-8
    box.fill(pasted)
    page.get_by_role("button", name="Preview").click()

    alert = page.locator("#paste-too-large")
    alert.wait_for()
    assert "too large to send" in alert.inner_text()
    assert page.url.endswith("/articles/import/")
    assert page.evaluate("() => document.activeElement.name") == "pasted"
    assert len(box.input_value()) == len(pasted)

    # Trimmed under the limit, the same form goes on to the preview.
    box.fill("A short title\n\nOne paragraph to argue with.")
    page.get_by_role("button", name="Preview").click()
    page.get_by_label("Title").wait_for()
    assert page.locator("#paste-too-large").count() == 0
