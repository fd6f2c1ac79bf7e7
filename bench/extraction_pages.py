"""Test pages for the extraction benchmark, generated with known bodies.

Every page is written here from hand-made sentence lists (on the first corpus's subject:
what AI costs, in money and energy, against what raising a person costs) with a seeded RNG,
then wrapped in what real pages carry around an article: navigation, share bars, bylines,
ads, "related" lists, newsletter boxes and footers for HTML; breadcrumbs, SEO-spam lines,
share counters, bylines, pinyin glosses, glued markup, image credits, footers and headline
lists for flattened text scrapes; front matter and a trailing source link for Markdown. No
third-party article and none of the seeds' text is used.

`pages(seed)` returns `Page`s: the raw source, the file name it would be uploaded as, and
the ground truth (the article's body paragraphs, in order, without title or byline).
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

SEED = 20261203
PAGES_PER_FAMILY = 12


@dataclass(frozen=True)
class Page:
    family: str  # e.g. "en-html"
    language: str  # "en" | "zh-hans" | "zh-hant"
    filename: str
    raw: str
    title: str
    author: str
    body: tuple[str, ...]  # the ground truth: the article's paragraphs


# --------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------

EN_SUBJECTS = [
    "The price of a million tokens",
    "Training a frontier model",
    "A data centre outside the city",
    "The energy bill of inference",
    "Raising a child to adulthood",
    "The cost of a single query",
    "Cooling water for the servers",
    "The chip supply in the region",
    "A small open model",
    "The grid operator's forecast",
]
EN_VERBS = [
    "has fallen by roughly a factor of ten each year",
    "depends far more on electricity prices than on clever code",
    "is often compared with twenty years of food and schooling",
    "looks cheap until the cooling and the land are counted",
    "rose sharply after the last round of contracts",
    "is measured in megawatt hours rather than in dollars",
    "changes the argument once the hardware is paid for",
    "matters less than the number of people who use the result",
]
EN_TAILS = [
    "according to the figures the companies published this spring",
    "although the estimates disagree by a wide margin",
    "which critics say leaves out the cost of building the plants",
    "as engineers in several countries have pointed out",
    "and the comparison with a human life does not hold for long",
    "while regulators are still deciding what to measure",
    "if the forecasts of the utilities turn out to be right",
    "so the question is who pays and when",
]
EN_HEADINGS = [
    "What the numbers leave out",
    "Who pays for the power",
    "A comparison that does not fit",
    "The view from the grid",
    "Cheaper every year",
]
EN_TITLES = [
    "Is a human really more expensive to train than a model?",
    "The falling price of machine intelligence, counted again",
    "Power lines, not algorithms, set the pace of AI",
    "Twenty years of food against two hours of training",
]
EN_NAMES = ["Jane Doe", "Li Wei", "Maria Santos", "Tom Becker", "Amara Okafor"]

ZH_SUBJECTS = [
    "每百万个词元的价格",
    "训练一个前沿模型",
    "城郊新建的数据中心",
    "推理环节的电费",
    "把一个孩子养大成人",
    "单次查询的成本",
    "服务器的冷却用水",
    "本地区的芯片供应",
    "一个小型开源模型",
    "电网公司的负荷预测",
]
ZH_VERBS = [
    "每年大约下降到原来的十分之一",
    "更多取决于电价而不是算法本身",
    "常常被拿来和二十年的饮食与教育相比",
    "在算上冷却和土地之后就不再便宜",
    "在上一轮合同签订后明显上涨",
    "更适合用兆瓦时而不是用金钱来衡量",
    "在硬件付清之后就改变了整个论证",
    "远不如使用这些结果的人数重要",
]
ZH_TAILS = [
    "这是根据几家公司今年春天公布的数字",
    "尽管各方的估算相差很大",
    "批评者认为这没有算上建设电厂的成本",
    "多个国家的工程师都指出过这一点",
    "而拿人的一生来类比很快就站不住脚",
    "监管部门仍在决定究竟该衡量什么",
    "前提是电力公司的预测没有出错",
    "所以真正的问题是谁来付钱以及何时付钱",
]
ZH_HEADINGS = ["数字没有告诉我们的", "谁来承担电费", "一个并不恰当的类比", "来自电网的视角"]
ZH_TITLES = [
    "训练一个人真的比训练一个模型更贵吗",
    "重新计算人工智能不断下降的价格",
    "决定人工智能速度的是电线而不是算法",
    "二十年的饮食对比两小时的训练",
]
ZH_NAMES = ["林晓", "王一舟", "陈思远", "周明"]

RELATED_EN = [
    "A bridge closes for repairs",
    "Local team wins the cup final",
    "Ten recipes for a rainy weekend",
    "Markets steady ahead of the holiday",
    "New rail line opens to the coast",
    "Five gadgets worth buying this month",
]
RELATED_ZH = [
    "春季新品发布会今天举行",
    "本市地铁新线路开通运营",
    "周末天气晴转多云",
    "球队主场逆转取得胜利",
    "十款值得入手的数码产品",
    "假期前股市保持平稳",
]


@cache
def _to_traditional():
    import opencc

    return opencc.OpenCC("s2twp").convert


def _en_sentence(rng: random.Random) -> str:
    return f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_VERBS)}, {rng.choice(EN_TAILS)}."


def _zh_sentence(rng: random.Random) -> str:
    return f"{rng.choice(ZH_SUBJECTS)}{rng.choice(ZH_VERBS)}，{rng.choice(ZH_TAILS)}。"


def _paragraph(rng: random.Random, zh: bool) -> str:
    make = _zh_sentence if zh else _en_sentence
    return ("" if zh else " ").join(make(rng) for _ in range(rng.randint(2, 4)))


def _body(rng: random.Random, zh: bool, structured: bool) -> list[tuple[str, str]]:
    """(kind, text) for each paragraph: "p", "h2", "li" or "quote"."""
    blocks: list[tuple[str, str]] = []
    headings = list(ZH_HEADINGS if zh else EN_HEADINGS)
    rng.shuffle(headings)
    for number in range(rng.randint(5, 11)):
        if structured and number and number % 4 == 0 and headings:
            blocks.append(("h2", headings.pop()))
        if structured and number == 3:
            items = [_zh_sentence(rng) if zh else _en_sentence(rng) for _ in range(3)]
            blocks.extend(("li", item) for item in items)
        if structured and number == 5:
            blocks.append(("quote", _zh_sentence(rng) if zh else _en_sentence(rng)))
        blocks.append(("p", _paragraph(rng, zh)))
    return blocks


def _date(rng: random.Random) -> str:
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _stamp(rng: random.Random) -> str:
    return f"{_date(rng)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"


# --------------------------------------------------------------------------------------
# HTML pages
# --------------------------------------------------------------------------------------


def _html_page(rng: random.Random, zh: bool) -> Page:
    e = html.escape
    title = rng.choice(ZH_TITLES if zh else EN_TITLES)
    author = rng.choice(ZH_NAMES if zh else EN_NAMES)
    site = "示例日报" if zh else "The Daily Example"
    blocks = _body(rng, zh, structured=True)
    words = {
        "home": "首页" if zh else "Home",
        "section": "科技" if zh else "Technology",
        "share": "分享至" if zh else "Share",
        "ad": "广告" if zh else "Advertisement",
        "related": "相关推荐" if zh else "Related stories",
        "news": "订阅我们的每日简报" if zh else "Sign up for our daily briefing",
        "rights": f"© 2025 {site} 版权所有" if zh else f"© 2025 {site}. All rights reserved.",
        "by": "作者：" if zh else "By ",
        "more": "延伸阅读：" if zh else "Read more: ",
        "photo": "图片来源：示例图库" if zh else "Photo: Example Picture Desk",
        "tags": "标签" if zh else "Tags",
        "bio": f"{author}长期关注能源与科技。" if zh else f"{author} covers energy for {site}.",
        "comments": "条评论" if zh else " comments",
        "comment": "我不同意这个比较。" if zh else "I do not buy this comparison at all.",
    }
    parts = []
    list_open = False
    for kind, text in blocks:
        if kind == "li" and not list_open:
            parts.append("<ul>")
            list_open = True
        elif kind != "li" and list_open:
            parts.append("</ul>")
            list_open = False
        if kind == "p":
            parts.append(f"<p>{e(text)}</p>")
        elif kind == "h2":
            parts.append(f"<h2>{e(text)}</h2>")
        elif kind == "li":
            parts.append(f"<li>{e(text)}</li>")
        else:
            parts.append(f"<blockquote><p>{e(text)}</p></blockquote>")
        if kind == "p" and rng.random() < 0.25:  # an ad slot between paragraphs
            parts.append(f'<div class="ad-slot"><span>{words["ad"]}</span></div>')
        if kind == "p" and rng.random() < 0.15:  # a "read more" link inside the story
            headline = rng.choice(RELATED_ZH if zh else RELATED_EN)
            parts.append(f'<p class="read-more">{words["more"]}<a href="/x">{e(headline)}</a></p>')
        if kind == "p" and rng.random() < 0.1:  # a picture with its credit
            parts.append(
                f'<figure><img src="/i.jpg" alt=""><figcaption>{words["photo"]}</figcaption></figure>'
            )
    if list_open:
        parts.append("</ul>")
    related = "".join(
        f'<li><a href="/n/{n}">{e(headline)}</a> <time>{_date(rng)}</time></li>'
        for n, headline in enumerate(rng.sample(RELATED_ZH if zh else RELATED_EN, 4))
    )
    container = rng.choice(["article", "main", 'div class="story-body"'])
    tag = container.split()[0]
    lang = "zh-CN" if zh else "en"
    raw = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{e(title)} - {e(site)}</title>
<meta property="og:title" content="{e(title)}">
<meta name="author" content="{e(author)}">
<meta property="article:published_time" content="{_date(rng)}T08:00:00Z">
</head><body>
<header><nav><ul><li><a href="/">{words["home"]}</a></li><li><a href="/t">{words["section"]}</a></li>
<li><a href="/w">World</a></li></ul></nav></header>
<{container}>
<h1>{e(title)}</h1>
<p class="byline">{words["by"]}{e(author)} · <time>{_date(rng)}</time></p>
<div class="share-bar"><a href="#">{words["share"]}</a> <a href="#">Twitter</a> <a href="#">WeChat</a>
<span class="count">{rng.randint(0, 900)}</span></div>
{"".join(parts)}
<div class="tags">{words["tags"]}: <a href="/t/ai">AI</a> <a href="/t/energy">Energy</a></div>
<div class="share-bar bottom"><a href="#">{words["share"]}</a> <a href="#">Facebook</a></div>
<div class="author-bio"><p>{e(words["bio"])}</p></div>
</{tag}>
<section id="comments"><h3>{rng.randint(2, 40)}{words["comments"]}</h3>
<div class="comment"><p>{words["comment"]}</p></div></section>
<aside class="related"><h3>{words["related"]}</h3><ul>{related}</ul></aside>
<div class="newsletter"><p>{words["news"]}</p><form><input name="email"></form></div>
<footer><p>{words["rights"]}</p><p><a href="/about">About</a> <a href="/privacy">Privacy</a></p>
</footer></body></html>"""
    return Page(
        family="zh-html" if zh else "en-html",
        language="zh-hans" if zh else "en",
        filename="page.html",
        raw=raw,
        title=title,
        author=author,
        body=tuple(text for _, text in blocks),
    )


def _div_soup(rng: random.Random) -> Page:
    """A blog-like page with no semantic elements at all: menus, sidebar, article and
    comments are all <div>s, told apart only by class names and link density."""
    e = html.escape
    zh = rng.random() < 0.5
    title = rng.choice(ZH_TITLES if zh else EN_TITLES)
    author = rng.choice(ZH_NAMES if zh else EN_NAMES)
    body = [_paragraph(rng, zh) for _ in range(rng.randint(4, 9))]
    menu = "".join(
        f'<div class="menu-item"><a href="/{n}">{w}</a></div>'
        for n, w in enumerate(["Home", "Archive", "About", "Contact", "RSS"])
    )
    about = (
        "我写关于能源和计算的文章，已经写了十年。"
        if zh
        else "I write about energy and computing and have done so for ten years."
    )
    recent = "".join(
        f'<div class="recent"><a href="/p/{n}">{e(h)}</a></div>'
        for n, h in enumerate(rng.sample(RELATED_ZH if zh else RELATED_EN, 5))
    )
    comments = "".join(
        f'<div class="comment"><div class="comment-author">{e(name)}</div>'
        f'<div class="comment-body">{e(_zh_sentence(rng) if zh else _en_sentence(rng))}</div>'
        "</div>"
        for name in rng.sample(ZH_NAMES if zh else EN_NAMES, 2)
    )
    paragraphs = "".join(f'<div class="para">{e(p)}</div>' for p in body)
    raw = f"""<html lang="{"zh-CN" if zh else "en"}"><head><title>{e(title)}</title></head><body>
<div id="top"><div class="logo">Example Notes</div><div class="menu">{menu}</div></div>
<div id="wrap"><div id="sidebar"><div class="widget"><div class="widget-title">About</div>
<div class="widget-body">{e(about)}</div></div><div class="widget">{recent}</div></div>
<div id="content" class="post"><div class="post-title">{e(title)}</div>
<div class="post-meta">{e(author)} | {_date(rng)}</div>
<div class="post-body">{paragraphs}</div>
<div class="comments"><div class="comments-title">Comments</div>{comments}</div></div></div>
<div id="bottom">Powered by a blog engine · Theme by someone</div></body></html>"""
    return Page(
        family="div-soup-html",
        language="zh-hans" if zh else "en",
        filename="post.html",
        raw=raw,
        title=title,
        author=author,
        body=tuple(body),
    )


# --------------------------------------------------------------------------------------
# Flattened text scrapes
# --------------------------------------------------------------------------------------


def _gloss(text: str, rng: random.Random) -> str:
    """Flattened ruby: some Han characters followed by their reading, as "訓(xùn)"."""
    from pypinyin import Style, pinyin

    out = []
    for char in text:
        out.append(char)
        if "\u4e00" <= char <= "\u9fff" and rng.random() < 0.2:
            reading = pinyin(char, style=Style.TONE)[0][0]
            if reading != char:
                out.append(f"({reading})")
    return "".join(out)


def _zh_scrape(rng: random.Random) -> Page:
    convert = _to_traditional()
    title = convert(rng.choice(ZH_TITLES))
    author = convert(rng.choice(ZH_NAMES))
    body = [convert(text) for _, text in _body(rng, zh=True, structured=False)]
    glossed = rng.random() < 0.75
    gloss = (lambda t: _gloss(t, rng)) if glossed else (lambda t: t)
    lines = []
    if rng.random() < 0.6:
        lines.append(
            "|".join(
                convert(w) for w in ["免费影片", "在线观看", "高清无码", "每日更新", "热门排行"]
            )
        )
    lines.append(gloss(convert("网易首页 > 网易号 > 正文 申请入驻")))
    lines.append(gloss(title))
    lines.append(f"{rng.randint(0, 99)}\n{convert('分享至')}")
    if rng.random() < 0.5:
        lines.append(gloss(convert("一个关于成本的副标题")))
    lines.append(f"作者|{author}")
    lines.append(convert("编辑|") + rng.choice(ZH_NAMES))
    for number, paragraph in enumerate(body):
        line = gloss(paragraph)
        if number in (1, 4) and rng.random() < 0.7:
            line += "/p>"  # a closing tag glued to the sentence
        lines.append(line)
        if number == 2 and rng.random() < 0.5:
            lines.append(convert("广告"))
    lines.append(convert("*头图来源：示例图库"))
    lines.append(
        convert("特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。")
    )
    lines.append(convert("相关推荐"))
    for headline in rng.sample(RELATED_ZH, 4):
        lines.append(convert(headline))
        lines.append(convert("示例日报"))
        lines.append(f"{_stamp(rng)}:{rng.randint(10, 59)}")
    lines.append(convert("态度原创"))
    lines.append("\n".join(convert(w) for w in ["房产", "健康", "亲子", "艺术", "旅游"]))
    lines.append(convert("无障碍浏览 进入关怀版"))
    return Page(
        family="zh-hant-scrape",
        language="zh-hant",
        filename="scrape.txt",
        raw="\n\n".join(lines) + "\n",
        title=title,
        author=author,
        body=tuple(body),
    )


def _en_scrape(rng: random.Random) -> Page:
    title = rng.choice(EN_TITLES)
    author = rng.choice(EN_NAMES)
    body = [text for _, text in _body(rng, zh=False, structured=False)]
    lines = [
        "Home\nWorld\nBusiness\nTechnology\nSport",
        "Home > Technology > Energy",
        title,
        f"{rng.randint(1, 900)}\nShares",
        f"By {author}",
        *body,
    ]
    if rng.random() < 0.5:
        lines.insert(6, body[1])  # a paragraph the scrape repeated
    if rng.random() < 0.5:
        lines.insert(8, "Advertisement")
    if rng.random() < 0.5:
        lines.insert(9, f"Read more: {rng.choice(RELATED_EN)}")
    body_lines = lines
    body_lines.append("Image credit: Example Picture Desk")
    body_lines.append("Copyright 2025 The Daily Example. All rights reserved.")
    body_lines.append("Related stories")
    for headline in rng.sample(RELATED_EN, 4):
        body_lines.append(f"{headline}\nCity Desk\n{_stamp(rng)}")
    return Page(
        family="en-scrape",
        language="en",
        filename="scrape.txt",
        raw="\n\n".join(body_lines) + "\n",
        title=title,
        author=author,
        body=tuple(body),
    )


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------


def _markdown(rng: random.Random) -> Page:
    zh = rng.random() < 0.5
    title = rng.choice(ZH_TITLES if zh else EN_TITLES)
    author = rng.choice(ZH_NAMES if zh else EN_NAMES)
    blocks = _body(rng, zh, structured=True)
    out = []
    for kind, text in blocks:
        prefix = {"p": "", "h2": "## ", "li": "- ", "quote": "> "}[kind]
        out.append(prefix + text)
    markdown = "\n\n".join(out)
    raw = (
        f'---\ntitle: "{title}"\ndate: "{_date(rng)} 10:00:00"\nauthor: {author}\n'
        f'tags:\n  - "ai"\n---\n\n{markdown}\n\n[site](https://news.example.org/a/{rng.randint(1, 9999)})\n'
    )
    return Page(
        family="markdown",
        language="zh-hans" if zh else "en",
        filename="article.md",
        raw=raw,
        title=title,
        author=author,
        body=tuple(text for _, text in blocks),
    )


FAMILIES = {
    "en-html": lambda rng: _html_page(rng, zh=False),
    "zh-html": lambda rng: _html_page(rng, zh=True),
    "div-soup-html": _div_soup,
    "en-scrape": _en_scrape,
    "zh-hant-scrape": _zh_scrape,
    "markdown": _markdown,
}


def pages(seed: int = SEED, per_family: int = PAGES_PER_FAMILY) -> Iterator[Page]:
    rng = random.Random(seed)
    for make in FAMILIES.values():
        for _ in range(per_family):
            yield make(rng)
