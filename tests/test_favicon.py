"""Every page has the site's icon, the admin's too, and /favicon.ico leads to it."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/admin/login/"])
def test_every_kind_of_page_links_the_icon_and_the_icon_is_served(client, url):
    page = client.get(url).text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = client.get("/static/favicon.svg")
    body = b"".join(icon.streaming_content)
    icon.close()
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    assert body.startswith(b"<svg")


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
