"""annotations.importers turns uploads and pasted text into canonical article text: every
offset in Counterpoint indexes that text, so it is pinned down exactly here."""

import datetime
import re
import unicodedata

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.importers import (
    MAX_CHARS,
    ImportedDocument,
    ImportFailed,
    canonicalize,
    decode,
    detect_format,
    guess_language,
    paragraphs,
    parse,
    parse_html,
    parse_markdown,
    parse_plain,
    trim,
)
from tests.seeds import seeds_dir

SEEDS = seeds_dir()


# --------------------------------------------------------------------------------------
# Fixtures written for these tests
# --------------------------------------------------------------------------------------

ARTICLE_PARAGRAPHS = [
    "The harbour authority announced on Tuesday that tolls for cargo ships will rise by "
    "twelve percent next spring, the third increase in as many years.",
    "Shipping companies said the change would push up prices for imported goods, and several "
    "asked the city council to delay the decision until an independent review is complete.",
    "The authority argued that the money is needed to dredge the main channel, which has "
    "silted up faster than engineers expected after two unusually wet winters.",
    "A public hearing is planned for next month, where residents and businesses will be able "
    "to comment on the proposal before a final vote in June.",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour tolls rise again | The Daily Example</title>
<meta property="og:title" content="Harbour tolls rise again">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://news.example.org/2025/03/harbour-tolls">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-04T08:00:00Z">
</head>
<body>
<nav><ul>
  <li><a href="/">Front page</a></li>
  <li><a href="/world">World desk</a></li>
  <li><a href="/sport">Sport pages</a></li>
</ul></nav>
<div class="ad advertisement">Buy cheap sunglasses today at SunnyDeals</div>
<article>
<h1>Harbour tolls rise again</h1>
<p>{ARTICLE_PARAGRAPHS[0]}</p>
<p>{ARTICLE_PARAGRAPHS[1]}</p>
<div class="ad">Advertisement: win a cruise with MegaLotto</div>
<p>{ARTICLE_PARAGRAPHS[2]}</p>
<p>{ARTICLE_PARAGRAPHS[3]}</p>
</article>
<aside class="related">
  <h2>Related articles</h2>
  <ul>
    <li><a href="/a">Ferry strike enters second week</a></li>
    <li><a href="/b">New bridge opens to cyclists</a></li>
  </ul>
</aside>
<footer>Copyright The Daily Example</footer>
</body>
</html>
"""

TRADITIONAL_PAGE = """<html lang="zh-TW"><head><title>港口收費再漲</title></head><body>
<nav><a href="/">首頁</a> <a href="/news">新聞</a></nav>
<article>
<p>港務局週二宣布，明年春天貨船的收費將調漲一成二，這是三年來第三次調漲。</p>
<p>航運公司說，這會讓進口商品變貴，並要求議會在獨立調查完成前暫緩決定。</p>
</article></body></html>
"""

MARKDOWN_ARTICLE = """---
title: "Harbour tolls rise again"
date: "2025-03-04 08:00:00"
source: "https://news.example.org/2025/03/harbour-tolls"
author: Jane Doe
publisher: The Daily Example
lang: en-GB
tags: [harbour, tolls]
---

The **harbour authority** announced on Tuesday that tolls will rise
by *twelve percent* next spring.

Shipping companies [asked the council](https://example.org/council) to wait.
![A cargo ship](ship.jpg)

## What happens next

- A public hearing next month
- A final vote in June

> Tolls pay for dredging,
> the authority said.
"""


def fails_with(code, call, *args, **kwargs):
    with pytest.raises(ImportFailed) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    return str(caught.value)


# --------------------------------------------------------------------------------------
# canonicalize, paragraphs, trim
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        pytest.param("One\r\ntwo\r\n\r\nThree", "One\ntwo\n\nThree", id="crlf"),
        pytest.param("One\rtwo\r\rThree", "One\ntwo\n\nThree", id="lone-cr"),
        pytest.param("a\u2028b\u2029\u2029c", "a\nb\n\nc", id="unicode-line-separators"),
        pytest.param("a\x0bb\x0c\x0cc\x85d", "a\nb\n\nc\nd", id="vt-ff-nel"),
        pytest.param("Cafe\u0301 de\u0301ja\u0300", "Café déjà", id="nfd-to-nfc"),
        pytest.param("Hangul \u1112\u1161\u11ab", "Hangul \ud55c", id="nfd-hangul-to-nfc"),
        pytest.param("line   \t\nnext\u3000", "line\nnext", id="trailing-whitespace"),
        pytest.param("\u3000\u3000第一段。\n  second line", "第一段。\nsecond line", id="indent"),
        pytest.param("a\n \t\u3000\nb", "a\n\nb", id="whitespace-only-line-is-blank"),
        pytest.param("a\n\n\n\n\nb", "a\n\nb", id="blank-runs-collapse"),
        pytest.param("\n\n  \nbody\n\n\n", "body", id="outer-blank-lines"),
        pytest.param("\ufeffHello\u200b world\u2060!", "Hello world!", id="bom-and-zero-width"),
        pytest.param("a\n\u200b\nb", "a\n\nb", id="zero-width-only-line-is-blank"),
        pytest.param("dev: 👩\u200d💻", "dev: 👩\u200d💻", id="zwj-kept"),
        pytest.param("a  b\t c", "a  b\t c", id="inner-spaces-kept"),
        pytest.param(
            "“Quotes” — dashes… 「引號」，全形標點。ＡＢＣ１２３",
            "“Quotes” — dashes… 「引號」，全形標點。ＡＢＣ１２３",
            id="punctuation-and-width-untouched",
        ),
        pytest.param("", "", id="empty"),
        pytest.param(" \n\t\r\n\u3000", "", id="whitespace-only"),
    ],
)
def test_it_canonicalizes_text(raw, canonical):
    assert canonicalize(raw) == canonical
    assert canonicalize(canonical) == canonical


_tricky_characters = st.sampled_from(
    list(
        "\r\n\u2028\u2029\x0b\x0c\x85 \t\u3000\xa0\ufeff\u200b\u2060\u200de\u0301\u0308\u1100\u1161"
    )
)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), _tricky_characters), max_size=80))
def test_canonicalizing_twice_changes_nothing(raw):
    once = canonicalize(raw)
    assert canonicalize(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\n\n\n" not in once
    assert once == once.strip()
    for paragraph in paragraphs(once):
        assert paragraph
        assert all(line and line == line.strip() for line in paragraph.split("\n"))


def test_it_splits_canonical_text_into_paragraphs():
    assert paragraphs("One\ntwo\n\nThree") == ["One\ntwo", "Three"]
    assert paragraphs("") == []


@pytest.mark.parametrize(
    ("first", "last", "kept"),
    [
        pytest.param(0, 0, "Zero", id="first-only"),
        pytest.param(1, 2, "One\nline\n\nTwo", id="middle"),
        pytest.param(0, 3, "Zero\n\nOne\nline\n\nTwo\n\nThree", id="everything"),
        pytest.param(3, 3, "Three", id="last-only"),
    ],
)
def test_it_trims_to_a_range_of_paragraphs(first, last, kept):
    assert trim("Zero\n\nOne\nline\n\nTwo\n\nThree", first, last) == kept


@pytest.mark.parametrize(
    ("first", "last"),
    [
        pytest.param(-1, 2, id="negative"),
        pytest.param(0, 4, id="past-the-end"),
        pytest.param(4, 4, id="first-past-the-end"),
        pytest.param(2, 1, id="reversed"),
    ],
)
def test_it_refuses_a_trim_outside_the_article(first, last):
    message = fails_with("bad_range", trim, "Zero\n\nOne\n\nTwo\n\nThree", first, last)
    assert message.endswith(".")


# --------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("The council will vote on the harbour tolls in June.", "en", id="english"),
        pytest.param("", "en", id="empty"),
        pytest.param("2025-03-04 12:00 — 42 %", "en", id="no-letters"),
        pytest.param(
            "这是一个关于港口收费的报道，我们来说明为什么会这样发展。", "zh-hans", id="hans"
        ),
        pytest.param(
            "這是一個關於港口收費的報導，我們來說明為什麼會這樣發展。", "zh-hant", id="hant"
        ),
        pytest.param(
            "OpenAI发布了GPT-4o模型，这是一个新的多模态模型，价格比GPT-4便宜很多。",
            "zh-hans",
            id="hans-with-english-words",
        ),
        pytest.param(
            "The mayor of Taipei, 蔣萬安, said the harbour plan would go ahead next spring.",
            "en",
            id="english-with-a-chinese-name",
        ),
        pytest.param(
            "這個問題們還沒有答案，那么政府會怎樣說明？經濟學家對這個發展的看法不同。",
            "zh-hant",
            id="hant-with-a-simplified-slip",
        ),
        pytest.param("中文文章", "zh-hans", id="shared-characters-default-to-hans"),
    ],
)
def test_it_guesses_the_language(text, language):
    assert guess_language(text) == language


# --------------------------------------------------------------------------------------
# Bytes and file types
# --------------------------------------------------------------------------------------


def test_it_decodes_utf8_with_or_without_a_bom():
    assert decode("港口 café".encode()) == "港口 café"
    assert decode(b"\xef\xbb\xbfhello") == "hello"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "binary", id="png"),
        pytest.param(b"%PDF-1.7\n\x00\x01\x02binary", "binary", id="pdf-with-nul"),
        pytest.param(bytes(range(1, 9)) * 20 + b"text", "binary", id="control-characters"),
        pytest.param("Café crème à la française".encode("latin-1"), "not_utf8", id="latin-1"),
        pytest.param("港口收費".encode("big5"), "not_utf8", id="big5"),
        pytest.param("hello".encode("utf-16"), "not_utf8", id="utf-16-with-bom"),
    ],
)
def test_it_refuses_bytes_that_are_not_utf8_text(data, code):
    message = fails_with(code, decode, data)
    if code == "not_utf8":
        assert "UTF-8" in message


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [
        pytest.param("story.md", "plain words", "markdown", id="md"),
        pytest.param("Story.MARKDOWN", "", "markdown", id="markdown-upper-case"),
        pytest.param("page.html", "just text", "html", id="html"),
        pytest.param("page.htm", "", "html", id="htm"),
        pytest.param("page.xhtml", "", "html", id="xhtml"),
        pytest.param("notes.txt", "Just some words.", "plain", id="txt"),
        pytest.param("notes.text", "Just some words.", "plain", id="text"),
        pytest.param("", "Just some words.", "plain", id="no-name"),
        pytest.param("README", "Just some words.", "plain", id="no-extension"),
        pytest.param("notes.txt", "---\ntitle: Hi\n---\nBody", "markdown", id="front-matter"),
        pytest.param("notes.txt", "---\r\ntitle: Hi\r\n---\r\nBody", "markdown", id="fm-crlf"),
        pytest.param("notes.txt", "---\nChapter one\n---\nBody", "plain", id="rules-not-yaml"),
        pytest.param("notes.txt", "---\nNo closing line", "plain", id="unclosed-rule"),
        pytest.param("saved", "  \n<!DOCTYPE html><html><p>x", "html", id="doctype"),
        pytest.param("saved.txt", "<HTML lang=en><body>x", "html", id="html-tag"),
        pytest.param("notes.txt", "<b>bold</b> words", "plain", id="markup-inside-text"),
        pytest.param("C:\\Users\\me\\story.md", "", "markdown", id="windows-path"),
    ],
)
def test_it_detects_the_format(filename, text, expected):
    assert detect_format(filename, text) == expected


@pytest.mark.parametrize(
    "filename",
    [
        pytest.param("report.pdf", id="pdf"),
        pytest.param("letter.docx", id="docx"),
        pytest.param("photo.png", id="png"),
        pytest.param("setup.exe", id="exe"),
    ],
)
def test_it_refuses_an_unknown_file_type(filename):
    message = fails_with("unknown_type", detect_format, filename, "text")
    assert filename.rsplit(".", 1)[1] in message
    for accepted in (".md", ".html", ".txt"):
        assert accepted in message


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------


def test_it_reads_markdown_with_front_matter():
    document = parse_markdown(MARKDOWN_ARTICLE)
    assert document == ImportedDocument(
        title="Harbour tolls rise again",
        text=(
            "The harbour authority announced on Tuesday that tolls will rise\n"
            "by twelve percent next spring.\n\n"
            "Shipping companies asked the council to wait.\n\n"
            "What happens next\n\n"
            "A public hearing next month\n\n"
            "A final vote in June\n\n"
            "Tolls pay for dredging,\n"
            "the authority said."
        ),
        language="en",
        source_url="https://news.example.org/2025/03/harbour-tolls",
        published=datetime.date(2025, 3, 4),
        author="Jane Doe",
        publisher="The Daily Example",
        format="markdown",
        # The section heading, the two list items and the quote keep their kind beside the
        # plain text.
        blocks=((2, "h2"), (3, "li"), (4, "li"), (5, "blockquote")),
    )


def test_it_takes_the_title_from_a_leading_heading_without_front_matter():
    document = parse_markdown("# Harbour *tolls* rise\n\nFirst paragraph.\n\n## Later\n\nMore.")
    assert document.title == "Harbour tolls rise"
    assert document.text == "First paragraph.\n\nLater\n\nMore."
    assert document.format == "markdown"


def test_it_keeps_a_heading_that_does_not_start_the_body():
    document = parse_markdown("Intro line.\n\n# Heading\n\nMore.")
    assert document.title == ""
    assert document.text == "Intro line.\n\nHeading\n\nMore."


def test_it_drops_a_leading_heading_that_repeats_the_front_matter_title():
    document = parse_markdown("---\ntitle: Same\n---\n# Same\n\nBody.")
    assert (document.title, document.text) == ("Same", "Body.")


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        pytest.param("a **b** _c_ `d` ~~e~~", "a b c d e", id="inline-markup"),
        pytest.param("see [the report](http://x.org) now", "see the report now", id="link"),
        pytest.param("<https://example.org>", "https://example.org", id="autolink"),
        pytest.param("before ![alt text](x.png) after", "before  after", id="image"),
        pytest.param("![only an image](x.png)\n\nText", "Text", id="image-paragraph"),
        pytest.param("soft\nbreak", "soft\nbreak", id="softbreak"),
        pytest.param("hard  \nbreak\\\nagain", "hard\nbreak\nagain", id="hardbreak"),
        pytest.param("one<br>two", "one\ntwo", id="br-tag"),
        pytest.param("a \\*literal\\* &amp; more", "a *literal* & more", id="escapes"),
        pytest.param("1. first\n2. second\n   - nested", "first\n\nsecond\n\nnested", id="lists"),
        pytest.param("> quoted\n>\n> again", "quoted\n\nagain", id="blockquote"),
        pytest.param("```\nx = 1\n\n  y = 2\n```", "x = 1\ny = 2", id="code-block"),
        pytest.param("Text\n\n<!-- comment -->\n\nMore", "Text\n\nMore", id="html-comment"),
        pytest.param("<div>\n<p>Raw <b>HTML</b></p>\n</div>", "Raw HTML", id="html-block"),
        pytest.param("| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2", id="table"),
        pytest.param("Above\n\n---\n\nBelow", "Above\n\nBelow", id="thematic-break"),
        pytest.param("Line\r\nnext\r\n\r\nPara", "Line\nnext\n\nPara", id="crlf"),
    ],
)
def test_it_turns_markdown_blocks_into_paragraphs(markdown, text):
    document = parse_markdown(markdown)
    assert document.text == text
    assert canonicalize(document.text) == document.text


@pytest.mark.parametrize(
    ("front_matter", "published"),
    [
        pytest.param('date: "2025-02-10 09:30:00"', datetime.date(2025, 2, 10), id="string"),
        pytest.param("date: 2025-02-10", datetime.date(2025, 2, 10), id="yaml-date"),
        pytest.param("date: 2025-02-10 09:30:00", datetime.date(2025, 2, 10), id="yaml-datetime"),
        pytest.param('date: "2025-02-10T09:30:00+08:00"', datetime.date(2025, 2, 10), id="iso"),
        pytest.param('date: "2025/2/10"', datetime.date(2025, 2, 10), id="slashes"),
        pytest.param('date: "2025年2月10日"', datetime.date(2025, 2, 10), id="chinese"),
        pytest.param('date: "soon"', None, id="not-a-date"),
        pytest.param('date: "2025-02-30"', None, id="impossible-date"),
        pytest.param("author: X", None, id="missing"),
    ],
)
def test_it_reads_the_front_matter_date(front_matter, published):
    assert parse_markdown(f"---\n{front_matter}\n---\nBody.").published == published


@pytest.mark.parametrize(
    ("lang", "language"),
    [
        pytest.param('["zh-CN"]', "zh-hans", id="list-zh-cn"),
        pytest.param("zh-TW", "zh-hant", id="zh-tw"),
        pytest.param("zh-HK", "zh-hant", id="zh-hk"),
        pytest.param("zh_Hant", "zh-hant", id="zh-hant-underscore"),
        pytest.param("zh", "zh-hans", id="zh"),
        pytest.param("en-US", "en", id="en-us"),
        pytest.param("fr", "zh-hant", id="unsupported-falls-back-to-guess"),
        pytest.param("[]", "zh-hant", id="empty-list-falls-back-to-guess"),
    ],
)
def test_it_reads_the_front_matter_language(lang, language):
    body = "這是一個關於港口收費的報導，我們來說明為什麼會這樣發展。"
    assert parse_markdown(f"---\nlang: {lang}\n---\n{body}").language == language


@pytest.mark.parametrize(
    ("field", "source_url", "publisher"),
    [
        pytest.param("source: https://a.example/x", "https://a.example/x", "", id="source"),
        pytest.param("source_url: https://a.example/x", "https://a.example/x", "", id="source_url"),
        pytest.param("url: https://a.example/x", "https://a.example/x", "", id="url"),
        pytest.param("link: http://a.example/x", "http://a.example/x", "", id="link"),
        pytest.param("source: Reuters", "", "Reuters", id="source-name"),
        pytest.param("site: Example Daily", "", "Example Daily", id="site"),
    ],
)
def test_it_reads_the_source_and_publisher(field, source_url, publisher):
    document = parse_markdown(f"---\n{field}\n---\nBody.")
    assert (document.source_url, document.publisher) == (source_url, publisher)


def test_it_refuses_front_matter_that_is_not_yaml():
    broken = '---\ntitle: "Harbour tolls\ndate: 2025-03-04\n---\nBody.'
    message = fails_with("bad_front_matter", parse_markdown, broken)
    assert "not valid YAML" in message
    assert "quoted scalar that starts on line 2" in message  # the opening "---" is line 1


def test_it_names_the_line_of_the_yaml_error():
    message = fails_with("bad_front_matter", parse_markdown, "---\ntitle: a: b\n---\nBody.")
    assert "(line 2: mapping values are not allowed here)" in message

    broken = "---\ntitle: fine\nauthor: [unclosed\n---\nBody."
    message = fails_with("bad_front_matter", parse_markdown, broken)
    assert "flow sequence that starts on line 3" in message


@pytest.mark.parametrize(
    "front_matter",
    [
        pytest.param("- a\n- b", id="list"),
        pytest.param("just words", id="scalar"),
    ],
)
def test_it_refuses_front_matter_that_is_not_a_mapping(front_matter):
    message = fails_with("bad_front_matter", parse_markdown, f"---\n{front_matter}\n---\nBody.")
    assert "name: value" in message


def test_it_refuses_front_matter_with_an_impossible_date():
    message = fails_with("bad_front_matter", parse_markdown, "---\ndate: 2025-02-30\n---\nBody.")
    assert "day is out of range" in message


def test_it_survives_odd_front_matter_values():
    document = parse_markdown(
        "---\ntitle: &loop [*loop, Real title]\nauthor: [Ann, Bo, {x: 1}]\n"
        "publisher: {name: X}\ndate: 20250210\nlang: 7\n---\nBody."
    )
    assert document.title == "Real title"
    assert document.author == "Ann, Bo"
    assert document.publisher == ""
    assert document.published is None
    assert document.language == "en"


def test_it_accepts_empty_front_matter():
    assert parse_markdown("---\n---\nBody.").text == "Body."


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------


def test_it_extracts_the_article_from_a_web_page():
    document = parse_html(NEWS_PAGE)
    assert paragraphs(document.text) == ARTICLE_PARAGRAPHS
    assert document.title == "Harbour tolls rise again"
    assert document.language == "en"
    assert document.source_url == "https://news.example.org/2025/03/harbour-tolls"
    assert document.published == datetime.date(2025, 3, 4)
    assert document.author == "Jane Doe"
    assert document.publisher == "The Daily Example"
    assert document.format == "html"


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param("Front page", id="nav"),
        pytest.param("World desk", id="nav-2"),
        pytest.param("Related articles", id="related-heading"),
        pytest.param("Ferry strike", id="related-link"),
        pytest.param("SunnyDeals", id="ad"),
        pytest.param("MegaLotto", id="ad-inside-article"),
        pytest.param("Copyright", id="footer"),
    ],
)
def test_it_drops_page_furniture(junk):
    assert junk not in parse_html(NEWS_PAGE).text


def test_it_reads_a_traditional_chinese_page():
    document = parse_html(TRADITIONAL_PAGE)
    assert document.language == "zh-hant"
    assert len(paragraphs(document.text)) == 2
    assert "首頁" not in document.text


def test_it_keeps_line_breaks_and_lists_from_a_page():
    page = (
        "<html><body><article><p>Line one of a short paragraph<br>and its second line.</p>"
        "<ul><li>first item</li><li>second item</li></ul>"
        "<blockquote><p>quoted words here</p></blockquote></article></body></html>"
    )
    assert parse_html(page).text == (
        "Line one of a short paragraph\nand its second line.\n\n"
        "first item\n\nsecond item\n\nquoted words here"
    )


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("<!doctype html><html><head><title>T</title></head><body></body></html>"),
        pytest.param("<html><body><img src='a.png'><script>var x = 1;</script></body></html>"),
        pytest.param("<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"),
        pytest.param("", id="empty"),
    ],
)
def test_it_refuses_a_page_without_article_text(page):
    message = fails_with("no_text", parse_html, page)
    assert "couldn't find" in message


# --------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------


def test_it_offers_a_short_first_line_as_the_title_and_keeps_it_in_the_text():
    document = parse_plain("Harbour tolls rise\r\n\r\n\u3000\u3000The authority said so.\n")
    assert document == ImportedDocument(
        title="Harbour tolls rise",
        text="Harbour tolls rise\n\nThe authority said so.",
        language="en",
        format="plain",
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Only one paragraph.", id="single-paragraph"),
        pytest.param("Two lines\nin the first\n\nSecond.", id="multi-line-first-paragraph"),
        pytest.param("x" * 121 + "\n\nSecond.", id="long-first-line"),
    ],
)
def test_it_offers_no_title_when_the_first_paragraph_is_not_a_headline(text):
    assert parse_plain(text).title == ""


# --------------------------------------------------------------------------------------
# parse: the entry point
# --------------------------------------------------------------------------------------


def test_it_parses_uploaded_bytes_by_file_name():
    assert parse(NEWS_PAGE.encode(), "page.html").format == "html"
    assert parse(MARKDOWN_ARTICLE.encode(), "story.md").title == "Harbour tolls rise again"
    assert parse(MARKDOWN_ARTICLE.encode(), "story.txt").format == "markdown"
    assert parse("Pasted words.\n\nMore.").format == "plain"


def test_an_explicit_format_wins_over_the_file_name():
    document = parse(MARKDOWN_ARTICLE.encode(), "story.md", format="plain")
    assert document.format == "plain"
    assert document.text.startswith("---\ntitle:")
    assert parse("# Title\n\nBody", "notes.txt", format="markdown").title == "Title"


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        pytest.param(b"", "a.txt", "empty", id="empty-bytes"),
        pytest.param("", "", "empty", id="empty-string"),
        pytest.param(" \n\t\r\n\u3000\u200b ", "", "empty", id="whitespace-only"),
        pytest.param(b"\xef\xbb\xbf\n\n", "a.txt", "empty", id="bom-only"),
        pytest.param("---\ntitle: Nothing else\n---\n", "a.md", "empty", id="front-matter-only"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", "binary", id="png-bytes"),
        pytest.param("text\x00with nul", "", "binary", id="nul-in-pasted-text"),
        pytest.param("Café".encode("latin-1"), "a.txt", "not_utf8", id="latin-1"),
        pytest.param(b"%PDF-1.7\n\x00\x00", "report.pdf", "unknown_type", id="pdf-by-name"),
        pytest.param("<html><body></body></html>", "a.html", "no_text", id="html-no-text"),
        pytest.param("---\nt: [\n---\nBody", "a.md", "bad_front_matter", id="bad-yaml"),
    ],
)
def test_it_refuses_bad_input(data, filename, code):
    message = fails_with(code, parse, data, filename)
    assert message[0].isupper()
    assert message.endswith(".")


def test_it_says_an_empty_article_has_no_text():
    assert fails_with("empty", parse, "  \n ") == "The article has no text."


def test_it_refuses_an_article_over_the_limit():
    message = fails_with("too_long", parse, "x" * (MAX_CHARS + 1))
    assert "200,000" in message
    assert "200,001" in message


def test_it_counts_the_limit_on_canonical_text_in_code_points():
    assert len(parse("港" * MAX_CHARS).text) == MAX_CHARS
    assert len(parse("x" * MAX_CHARS + "\n" * 1000 + "   ").text) == MAX_CHARS


def test_it_refuses_an_unknown_format_value():
    message = fails_with("unknown_type", parse, "words", "", format="docx")
    assert "docx" in message


# --------------------------------------------------------------------------------------
# Real scraped seeds (read at test time; none of their text lives in this repository)
# --------------------------------------------------------------------------------------


@pytest.fixture
def seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not here ({SEEDS} does not exist)")
    return SEEDS


def test_it_imports_the_markdown_seed_saved_as_txt(seeds):
    path = seeds / "003_46da49157f37382e.txt"
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("---\n")
    front_matter_source, body = raw[len("---\n") :].split("\n---\n", 1)
    front_matter = yaml.safe_load(front_matter_source)
    first_line = next(line for line in body.splitlines() if line.strip())
    first_sentence = first_line.strip().split("。")[0] + "。"

    document = parse(path.read_bytes(), path.name)

    assert document.format == "markdown"
    assert document.title == front_matter["title"]
    assert document.language == "zh-hans"
    assert document.published == datetime.date(2025, 2, 10)
    assert paragraphs(document.text)[0].startswith(first_sentence)
    assert canonicalize(document.text) == document.text
    assert not document.text.startswith("---")
    for key in front_matter:
        assert f"{key}:" not in document.text
    assert "![" not in document.text  # the inline image is dropped
    assert "](http" not in document.text  # the trailing source link keeps only its text


# A flattened ruby gloss as the seed has it: "訓(xùn)" (a Han character, then its reading).
_SEED_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-z\u00e0-\u01dc]+\)")


def _seed_000_expectations(raw: str) -> dict[str, str]:
    """What the issue asks of seed 000, read from the seed's own lines (none of its text
    lives here): the headline, the byline's name, the first and last body paragraphs."""
    lines = [_SEED_GLOSS.sub("", line).strip() for line in raw.splitlines()]
    lines = [line for line in lines if line]
    byline = next(i for i, line in enumerate(lines) if line.startswith("作者|"))
    credit = next(i for i, line in enumerate(lines) if line.startswith("*"))
    return {
        "title": lines[2],
        "author": lines[byline].split("|", 1)[1],
        "first": lines[byline + 2],
        "last": lines[credit - 1],
    }


@pytest.mark.parametrize("as_bytes", [True, False], ids=["file", "paste"])
def test_the_scraped_page_seed_is_cleaned_to_its_article(seeds, as_bytes):
    path = seeds / "000_a5bbe538e2f41d8b.txt"
    raw = path.read_text(encoding="utf-8")
    expected = _seed_000_expectations(raw)
    document = parse(path.read_bytes() if as_bytes else raw, path.name if as_bytes else "")

    assert document.format == "plain"
    assert document.title == expected["title"]
    assert document.title.startswith("20 年生命 vs 2 小時訓練")
    assert document.author == expected["author"] == "樺林舞王"
    parts = paragraphs(document.text)
    assert parts[0] == expected["first"]
    assert parts[0].startswith("如果幾年前有人跟我說")
    assert parts[-1] == expected["last"]
    assert parts[-1].endswith("把人類當作「低效 AI」的世界里")
    assert document.language == "zh-hant"
    assert canonicalize(document.text) == document.text
    assert not _SEED_GLOSS.search(document.text)
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", document.text)  # related list
    for furniture in ("網易首頁", "分享至", "作者|", "編輯|", "相關推薦", "轉載", "/p>", "頭圖"):
        assert furniture not in document.text
    kinds = {removal.kind: removal.lines for removal in document.removals}
    assert {"spam", "breadcrumb", "counter", "byline", "gloss", "markup", "related"} <= set(kinds)
    assert len(kinds["markup"]) == 4
    assert kinds["image_credit"][0].startswith("*")


def test_a_kept_kind_of_removal_stays_in_the_text(seeds):
    raw = (seeds / "000_a5bbe538e2f41d8b.txt").read_text(encoding="utf-8")
    document = parse(raw, keep=frozenset({"byline", "gloss"}))
    assert "作者|樺林舞王" in document.text
    assert _SEED_GLOSS.search(document.text)
    assert "byline" in {removal.kind for removal in document.removals}
    assert "相關推薦" not in document.text


def test_the_markdown_seed_gets_its_source_url_from_the_trailing_link(seeds):
    path = seeds / "003_46da49157f37382e.txt"
    document = parse(path.read_bytes(), path.name)
    last_link = re.findall(r"^\[(\w+)\]\((https?://[^)]+)\)$", path.read_text("utf-8"), re.M)[-1]
    assert document.source_url == last_link[1]
    assert paragraphs(document.text)[-1] != last_link[0]
    assert ("source_link", (last_link[0],)) in [(r.kind, r.lines) for r in document.removals]


# --------------------------------------------------------------------------------------
# Metadata from JSON-LD, <title> and rel=canonical; mojibake
# --------------------------------------------------------------------------------------

JSON_LD_PAGE = """<html lang="zh-CN"><head><title>电费与训练 - 示例日报</title>
<link rel="canonical" href="https://news.example.org/2025/power">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "电费与训练", "datePublished": "2025-02-10T08:00:00+08:00",
"author": {"@type": "Person", "name": "林晓"},
"publisher": {"@type": "Organization", "name": "示例日报"}}</script></head>
<body><article><p>训练一个模型需要多少电，这个问题比看上去更难回答，因为各家公司公布的数字口径并不一致。</p>
<p>批评者认为，拿一个人二十年的饮食来类比并不公平，因为模型训练完成后还要长期运行。</p></article></body></html>"""


def test_an_html_page_fills_its_metadata_from_json_ld_title_and_canonical_link():
    document = parse_html(JSON_LD_PAGE)
    assert document.title == "电费与训练"
    assert document.author == "林晓"
    assert document.publisher == "示例日报"
    assert document.published == datetime.date(2025, 2, 10)
    assert document.source_url == "https://news.example.org/2025/power"
    assert document.language == "zh-hans"


def test_mojibake_is_repaired_where_ftfy_can():
    broken = "训练成本的问题。".encode().decode("latin-1")  # UTF-8 read as Latin-1
    document = parse_plain(f"Title\n\n{broken}\n\nAnother sentence.")
    assert "训练成本的问题。" in document.text


def test_text_imported_as_html_with_no_markup_is_read_as_plain_text():
    text = "Harbour tolls rise\n\nThe authority said so.</a>\n\n<h3>\n\nMore words here."
    document = parse(text, format="html")
    assert document.format == "plain"
    assert document.title == "Harbour tolls rise"
    fails_with("no_text", parse, "<html><body><nav>Home</nav></body></html>", format="html")


def test_the_scraped_page_seed_imported_as_an_html_page_is_cleaned_too(seeds):
    raw = (seeds / "000_a5bbe538e2f41d8b.txt").read_text(encoding="utf-8")
    document = parse(raw, format="html")
    assert document.title.startswith("20 年生命 vs 2 小時訓練")
    assert paragraphs(document.text)[0].startswith("如果幾年前有人跟我說")
