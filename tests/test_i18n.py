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


# Traditional Chinese: written from the Simplified catalogue, so the two never drift.


def test_a_taiwan_or_hong_kong_browser_gets_traditional_chinese(client):
    for accept in ("zh-TW,zh;q=0.9", "zh-HK", "zh-Hant"):
        response = client.get("/", headers={"Accept-Language": accept})
        assert '<html lang="zh-hant">' in response.text, accept
        assert "登入" in response.text  # "Sign in": 登录 in Simplified, 登入 in Taiwan usage


def test_the_language_switch_offers_all_three(client):
    response = client.get("/")
    for name in ("English", "简体中文", "繁體中文"):
        assert name in response.text
    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
    assert '<html lang="zh-hant">' in client.get("/").text


def test_the_traditional_catalogue_is_the_simplified_one_converted():
    """`make messages` writes zh_Hant from zh_Hans; a hand edit or a forgotten run fails here."""
    from core.hant_messages import LOCALE, convert_catalogue

    for source in (LOCALE / "zh_Hans" / "LC_MESSAGES").glob("*.po"):
        target = LOCALE / "zh_Hant" / "LC_MESSAGES" / source.name
        assert target.read_text(encoding="utf-8") == convert_catalogue(
            source.read_text(encoding="utf-8")
        ), f"run `make messages`: {target} is out of step with {source}"


def test_conversion_touches_only_translations():
    from core.hant_messages import convert_catalogue

    po = (
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        "#. 软件 stays in a comment\n"
        'msgid "Software for %(name)s"\nmsgstr "给 %(name)s 的软件"\n\n'
        'msgid "Video"\nmsgid_plural "Videos"\nmsgstr[0] ""\n"视频"\n'
    )
    out = convert_catalogue(po)
    assert '"Language: zh_Hant\\n"' in out
    assert "#. 软件 stays in a comment" in out
    assert 'msgstr "給 %(name)s 的軟體"' in out
    assert 'msgstr[0] ""\n"影片"' in out
