"""Chinese text's curly quotes (and its ellipsis and dash) are drawn by a CJK font, full
width as Chinese readers expect, not by the Latin font that comes first in the stack:
in a Chinese article on an English page, and everywhere on a Chinese page."""

import pytest

from tests.factories import make_article, make_passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "引言。\n\n他说：“训练一个人需要二十年的食物……”——这个比较并不公平。"


def _fonts(page, selector):
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = client.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in fonts}


@pytest.mark.parametrize(
    ("locale", "language", "font"),
    [
        pytest.param("en-US", "zh-hans", "CJK SC", id="simplified-on-an-english-page"),
        pytest.param("zh-CN", "zh-hans", "CJK SC", id="simplified-on-a-chinese-page"),
        pytest.param("zh-TW", "zh-hant", "CJK TC", id="traditional"),
    ],
)
def test_chinese_curly_quotes_are_drawn_by_a_cjk_font(
    browser, live_server, alice, locale, language, font
):
    article = make_article(user=alice, title="“二十年”的食物", text=TEXT, language=language)
    make_passage(user=alice, article=article, exact="训练一个人需要二十年的食物")
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    try:
        page.goto(f"/articles/{article.pk}/")
        for selector in ["#article-body p:nth-of-type(2)", ".article-header h1", ".passage-list a"]:
            fonts = _fonts(page, selector)
            assert all(font in name for name in fonts), f"{selector}: {fonts}"
    finally:
        context.close()
