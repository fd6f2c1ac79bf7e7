"""Clean a page that was scraped as flattened text before it becomes an article.

Pages people paste carry what surrounded the article: SEO-spam keyword lines, breadcrumbs,
share counters, bylines, copyright footers, "related" headline lists, image credits,
flattened ruby glosses ("訓(xùn)") and markup fragments glued to sentences. `clean` finds
them and returns every removal by kind with the lines it took, so that the preview can list
them and the member can keep any kind with one click: nothing is dropped silently.

Pure: no Django, no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import ftfy

__all__ = ["KINDS", "Cleaned", "Removal", "author_name", "clean", "markup_spot", "strip_glosses"]

# Every kind of removal, in the order the preview lists them.
KINDS = (
    "spam",
    "menu",
    "breadcrumb",
    "counter",
    "title",
    "header",
    "byline",
    "gloss",
    "markup",
    "promo",
    "duplicate",
    "image_credit",
    "related",
    "footer",
    "source_link",
)


@dataclass(frozen=True)
class Removal:
    kind: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Cleaned:
    paragraphs: tuple[str, ...]
    title: str = ""
    author: str = ""
    source_url: str = ""
    removals: tuple[Removal, ...] = field(default_factory=tuple)
    # The number of the input paragraph each output paragraph comes from, so a caller can
    # carry what it knows of a paragraph (a heading, a list item) across the cleaning.
    sources: tuple[int, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------------------
# In-line repairs: mojibake, ruby glosses, markup fragments
# --------------------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_GLOSS = re.compile(rf"([{_HAN}])\(([{_PINYIN_LETTERS}]{{1,7}})\)")
# A closing tag the scrape left glued to the end of a sentence, with the broken characters
# before it that ftfy cannot restore: "的?!?/p>".
_MARKUP_FRAGMENT = re.compile(r"[?!\ufffd]*<?/(?:p|div|span|a|li|h[1-6]|strong|em|b|i)>\s*$")
_MARKUP_LINE = re.compile(r"^\s*(?:<[^>]*>?|<?/[a-z0-9]+>)\s*$|^\s*<[a-z]+\b[^>]*$", re.I)


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin  # its dictionaries load on first use

    readings = pinyin(char, heteronym=True, style=Style.TONE, errors="ignore")
    return frozenset(reading for group in readings for reading in group)


def markup_spot(line: str) -> tuple[str, str]:
    """(the sentence kept, the fragment dropped) of a line with glued markup; for the
    preview, which shows the member the spot."""
    match = _MARKUP_FRAGMENT.search(line)
    if not match or not match.start():
        return line, ""
    return line[: match.start()], match[0]


def strip_glosses(line: str) -> str:
    """Remove "(syllable)" after a Han character where the syllable is a reading of it;
    "(AI)" or "(2025)" stay."""

    def replace(match: re.Match[str]) -> str:
        char, syllable = match[1], match[2]
        return char if syllable in _readings(char) else match[0]

    return _GLOSS.sub(replace, line)


def _repair(line: str) -> str:
    return ftfy.fix_encoding(line)


# --------------------------------------------------------------------------------------
# Line kinds
# --------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？!?.…」』”]$")
_BREADCRUMB_SEP = re.compile(r"\s*(?:>|›|»|＞)\s*")
_SHARE_WORDS = re.compile(
    r"^(?:\d+\s*)?(?:分享至|分享|點贊|点赞|收藏|轉發|转发|評論|评论|share|shares|like|likes|"
    r"tweet|comments?)$",
    re.I,
)
_NUMBER = re.compile(r"^\d[\d,.]*[kKwW萬万]?$")
_BYLINE = re.compile(
    r"^(作者|撰文|文|記者|记者|編輯|编辑|責任編輯|责任编辑|責編|责编|編譯|编译)"
    r"\s*[|｜:：/]\s*(.{1,40})$"
    # "By Jane Doe", "Written by Jane Doe and Li Wei": capitalised names, no sentence.
    r"|^(By|Written by|Edited by)\s+((?:[A-Z][\w'.-]*\s?(?:and\s|,\s)?){1,6})$"
)
_AUTHOR_LABELS = frozenset({"作者", "撰文", "文", "記者", "记者", "by", "author", "written by"})
_IMAGE_CREDIT = re.compile(
    r"^\*?\s*(?:頭圖來源|头图来源|題圖來源|题图来源|圖片來源|图片来源|封面來源|封面来源|"
    r"image credit|photo credit|image|photo|credit)\s*[:：]",
    re.I,
)
_FOOTER = re.compile(
    r"轉載|转载|版權所有|版权所有|copyright|©|all rights reserved|特別聲明|特别声明|"
    r"免責聲明|免责声明|notice: the content above|原創文章|原创文章|關注我們|关注我们|"
    r"follow us|點贊關注|点赞关注|掃碼關注|扫码关注|無障礙瀏覽|无障碍浏览",
    re.I,
)
_RELATED = re.compile(
    r"^(?:相關推薦|相关推荐|熱點推薦|热点推荐|熱門推薦|热门推荐|猜你喜歡|猜你喜欢|延伸閱讀|"
    r"延伸阅读|相關閱讀|相关阅读|往期回顧|往期回顾|related(?: articles| stories)?|"
    r"more stories|read more|you may also like|.{0,4}要聞|.{0,4}要闻)(?:\s.{0,12})?$",
    re.I,
)
_TIMESTAMP = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
# A line of its own that is an ad slot's label or a "read more" link inside the story.
_PROMO = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|廣告|广告|推廣|推广|贊助內容|赞助内容)$"
    r"|^(?:read more|read also|also read|see also|more on this|延伸閱讀|延伸阅读|相關閱讀|相关阅读|"
    r"推薦閱讀|推荐阅读|閱讀更多|阅读更多|相關文章|相关文章)\s*[:：]\s*\S.{0,80}$",
    re.I,
)
# A site's menu flattened into one paragraph: several short lines, none of them a sentence.
MENU_LINES = 3
MENU_LINE_CHARS = 16
MAX_TITLE_CHARS = 120
# Only the first lines of a page can be its header (spam, breadcrumb, title, byline).
HEADER_LINES = 20


def _is_spam(line: str) -> bool:
    parts = [part.strip() for part in re.split(r"[|｜]", line)]
    return len(parts) >= 4 and all(len(part) <= 24 for part in parts)


def _is_breadcrumb(line: str) -> bool:
    parts = _BREADCRUMB_SEP.split(line)
    return len(parts) >= 3 and all(len(part) <= 24 for part in parts)


def author_name(text: str) -> str:
    """The name in a byline ("作者|林晓", "By Jane Doe"), or the text as it is."""
    match = _BYLINE.match(text.strip())
    if not match:
        return text.strip()
    return (match[2] if match[1] else match[4]).strip()


def _menus(lines: list[tuple[int, str]]) -> set[int]:
    """Indexes of the lines of header paragraphs that are menus (see MENU_LINES)."""
    by_paragraph: dict[int, list[int]] = {}
    for index, (number, _) in enumerate(lines[:HEADER_LINES]):
        by_paragraph.setdefault(number, []).append(index)
    menus: set[int] = set()
    for indexes in by_paragraph.values():
        texts = [lines[index][1] for index in indexes]
        # Only before the article: some later line must be a sentence.
        after = (line for _, line in lines[indexes[-1] + 1 :])
        if not any(_SENTENCE_END.search(line) for line in after):
            continue
        if len(texts) >= MENU_LINES and all(
            len(text) <= MENU_LINE_CHARS and not _SENTENCE_END.search(text) for text in texts
        ):
            menus.update(indexes)
    return menus


def _headline_like(line: str) -> bool:
    return 2 <= len(line) <= MAX_TITLE_CHARS and not line.endswith(("。", "，", ",", ":", "："))


# --------------------------------------------------------------------------------------
# clean
# --------------------------------------------------------------------------------------


def clean(
    paragraphs: Iterable[str],
    *,
    keep: Iterable[str] = (),
    find_title: bool = True,
    markdown_links: Iterable[tuple[str, str]] = (),
    page: bool = True,
) -> Cleaned:
    """Clean the paragraphs (each may hold several lines) of a flattened page.

    Kinds in `keep` are reported but not removed. `markdown_links` are the (text, url) of a
    Markdown document's links, so that a trailing "[site](url)" paragraph becomes the
    source URL. With `page=False` (the body an HTML extractor already found) only the
    in-line repairs and the ads and "read more" lines inside the story are looked for: the
    header, the tail and repeats were the extractor's job.
    """
    keep = frozenset(keep)
    removed: dict[str, list[str]] = {kind: [] for kind in KINDS}
    # (paragraph number, line) for every line, repaired in place.
    lines: list[tuple[int, str]] = []
    for number, paragraph in enumerate(paragraphs):
        for raw in paragraph.split("\n"):
            line = _repair(raw).strip()
            glossless = strip_glosses(line)
            if glossless != line:
                removed["gloss"].append(line)
                if "gloss" not in keep:
                    line = glossless
            unglued = _MARKUP_FRAGMENT.sub("", line)
            if unglued != line and unglued:
                removed["markup"].append(line)
                if "markup" not in keep:
                    line = unglued
            if line:
                lines.append((number, line))

    kinds: list[str | None] = [None] * len(lines)
    title = author = source_url = ""

    for index, (_, line) in enumerate(lines):
        if _PROMO.match(line):
            kinds[index] = "promo"
    if not page:
        return _cleaned(lines, kinds, keep, removed, title, author, source_url)
    for index in _menus(lines):
        kinds[index] = kinds[index] or "menu"

    # The header: spam, breadcrumbs, counters, the title and the byline.
    byline_at = -1
    for index, (_, line) in enumerate(lines[:HEADER_LINES]):
        match = _BYLINE.match(line)
        if match:
            label, name = (match[1], match[2]) if match[1] else (match[3], match[4])
            kinds[index] = "byline"
            if label.lower() in _AUTHOR_LABELS and not author:
                author = name.strip()
            byline_at = index
    for index, (_, line) in enumerate(lines[:HEADER_LINES]):
        if kinds[index]:
            continue
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if _is_spam(line):
            kinds[index] = "spam"
        elif _is_breadcrumb(line):
            kinds[index] = "breadcrumb"
        elif _SHARE_WORDS.match(line) or (_NUMBER.match(line) and _SHARE_WORDS.match(following)):
            kinds[index] = "counter"
    if find_title:
        for index, (_, line) in enumerate(lines[:HEADER_LINES]):
            if kinds[index] is None and _headline_like(line):
                title = line
                # The title stays in the text unless the page had a header around it.
                if byline_at > index or any(kinds[:index]):
                    kinds[index] = "title"
                break
    if byline_at >= 0:
        for index in range(byline_at):
            if kinds[index] is None:
                kinds[index] = "header"

    # The tail: from the first image credit, footer or related list to the end.
    tail_at = len(lines)
    for index in range(max(byline_at + 1, 1), len(lines)):
        line = lines[index][1]
        if kinds[index] is not None:
            continue
        if (
            _IMAGE_CREDIT.match(line)
            or _RELATED.match(line)
            or (_FOOTER.search(line) and len(line) <= 300)
        ):
            tail_at = index
            break
    for index in range(tail_at, len(lines)):
        line = lines[index][1]
        if _IMAGE_CREDIT.match(line):
            kinds[index] = "image_credit"
        elif _RELATED.match(line) or _TIMESTAMP.match(line) or _MARKUP_LINE.match(line):
            kinds[index] = "related"
        elif _FOOTER.search(line):
            kinds[index] = "footer"
        else:
            # A headline of the related list is followed by its source and timestamp.
            ahead = [candidate for _, candidate in lines[index + 1 : index + 4]]
            in_list = any(_TIMESTAMP.match(candidate) for candidate in ahead)
            kinds[index] = "related" if in_list else "footer"

    # Duplicated lines in the body, and a trailing Markdown source link.
    seen: set[str] = set()
    for index, (_, line) in enumerate(lines):
        if kinds[index] is not None:
            continue
        if line in seen and len(line) >= 8:
            kinds[index] = "duplicate"
        seen.add(line)
    links = dict(markdown_links)
    body_indexes = [index for index in range(len(lines)) if kinds[index] is None]
    if body_indexes and links:
        last = body_indexes[-1]
        text = lines[last][1]
        if text in links and re.match(r"^https?://", links[text]):
            source_url = links[text]
            kinds[last] = "source_link"

    return _cleaned(lines, kinds, keep, removed, title, author, source_url)


def _cleaned(
    lines: list[tuple[int, str]],
    kinds: list[str | None],
    keep: frozenset[str],
    removed: dict[str, list[str]],
    title: str,
    author: str,
    source_url: str,
) -> Cleaned:
    for index, (_, line) in enumerate(lines):
        kind = kinds[index]
        if kind is not None:
            removed[kind].append(line)

    out: list[list[str]] = []
    sources: list[int] = []
    previous = -1
    for index, (number, line) in enumerate(lines):
        kind = kinds[index]
        if kind is not None and kind not in keep:
            continue
        if number != previous or not out:
            out.append([])
            sources.append(number)
            previous = number
        out[-1].append(line)
    return Cleaned(
        paragraphs=tuple("\n".join(paragraph) for paragraph in out),
        sources=tuple(sources),
        title=title,
        author=author,
        source_url=source_url,
        removals=tuple(Removal(kind, tuple(removed[kind])) for kind in KINDS if removed[kind]),
    )
