"""A newcomer signs up, imports an article and reads it — in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE = """What does a tenfold fall in price mean?

😀 An emoji comes first in this paragraph, then the claim.

第三段：价格每年下降九成，这个说法需要证据。"""


def test_a_newcomer_signs_up_imports_an_article_and_reads_it(page):
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.locator("#id_email").fill("newcomer@example.org")
    page.locator("#id_password1").fill("a long enough passphrase 42")
    page.locator("#id_password2").fill("a long enough passphrase 42")
    page.get_by_role("button", name="Sign Up").click()

    page.get_by_role("link", name="Import an article").click()
    page.get_by_label("…or paste the text or HTML").fill(ARTICLE)
    page.get_by_role("button", name="Preview").click()

    # The preview suggests the first line as the title; the member edits it and trims
    # the first paragraph away.
    page.get_by_label("Title").fill("Tenfold cheaper?")
    page.get_by_label("Start at paragraph").fill("2")
    page.get_by_role("button", name="Update preview").click()
    assert page.locator(".preview li.dropped").count() == 1
    page.get_by_role("button", name="Save article").click()

    page.wait_for_url("**/articles/*/")
    assert page.locator("h1").inner_text() == "Tenfold cheaper?"
    paragraphs = page.locator(".article-body p")
    assert paragraphs.count() == 2
    assert paragraphs.nth(0).get_attribute("data-offset") == "0"
    # 😀 is one code point: the second paragraph starts after 57 + 2 of them.
    first = paragraphs.nth(0).inner_text()
    assert paragraphs.nth(1).get_attribute("data-offset") == str(len(first) + 2)
    assert "第三段" in paragraphs.nth(1).inner_text()
    assert not [e for e in console_errors if "Content Security Policy" in e]
