"""English and Simplified Chinese: the browser's choice, and a switch."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_interface_follows_the_browser_language(client):
    response = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-hans">' in response.text
    assert "文章" in response.text


def test_english_is_the_default(client):
    response = client.get("/", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in response.text
    assert "Articles" in response.text


def test_a_reader_switches_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    assert "文章" in client.get("/").text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Articles" in client.get("/").text
