"""A member imports a page by its web address, checks what the cleaning removed, keeps one
kind of it and saves — in a real browser, the page served by a local HTTP server."""

import pytest
from django.core.cache import cache

from annotations.models import Article
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FLATTENED = """Home > World > Harbours

Harbour tolls rise again

12
Shares

By Jane Doe

The harbour authority announced on Tuesday that tolls will rise by twelve percent.

Shipping companies asked the council to wait for the public hearing next month.

Copyright 2025 The Daily Example. All rights reserved.

Related stories
A bridge closes for repairs
City Desk
2025-03-01 10:00
"""


def test_a_member_imports_by_url_keeps_the_byline_and_saves(page, alice, httpserver, settings):
    settings.IMPORT_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    cache.clear()
    httpserver.expect_request("/harbour").respond_with_data(
        FLATTENED, content_type="text/plain; charset=utf-8"
    )
    sign_in(page, alice.email)
    page.goto("/articles/import/")
    page.get_by_label("…or give the page's web address").fill(httpserver.url_for("/harbour"))
    page.get_by_role("button", name="Preview").click()

    assert page.get_by_label("Title").input_value() == "Harbour tolls rise again"
    assert page.get_by_label("Author").input_value() == "Jane Doe"
    removals = page.locator(".removals")
    removals.get_by_text("Breadcrumbs (1)").click()  # open the list of removed lines
    assert removals.get_by_text("Home > World > Harbours").is_visible()
    assert page.locator(".preview li").first.inner_text().startswith("The harbour authority")

    page.get_by_role("button", name="Keep: Bylines (the author is filled in)").click()
    assert page.locator(".preview li").first.inner_text() == "By Jane Doe"
    assert page.get_by_role("button", name="Remove again: Bylines (the author is filled in)")
    page.get_by_role("button", name="Save article").click()

    page.wait_for_url("**/articles/*/")
    article = Article.objects.get()
    assert article.text.startswith("By Jane Doe\n\nThe harbour authority")
    assert "Copyright" not in article.text
    assert article.source_url == httpserver.url_for("/harbour")
