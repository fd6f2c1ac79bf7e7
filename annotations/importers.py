"""Turn an uploaded or pasted article into Counterpoint's canonical text.

Every offset in Counterpoint indexes an article's canonical text in Unicode code points, so
this module defines that text exactly (see `canonicalize`) and converts Markdown, HTML and
plain text into it. It is pure: no Django, no database, no network. Failures raise
`ImportFailed`, whose message is a sentence that can be shown to the person importing.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import yaml
from markdown_it import MarkdownIt

from . import cleaning

__all__ = [
    "BLOCK_KINDS",
    "FORMATS",
    "MAX_CHARS",
    "ImportFailed",
    "ImportedDocument",
    "canonicalize",
    "carry_blocks",
    "check_blocks",
    "decode",
    "detect_format",
    "guess_language",
    "paragraphs",
    "parse",
    "parse_html",
    "parse_markdown",
    "parse_plain",
    "retitle",
    "trim",
    "trim_blocks",
]

MAX_CHARS = 200_000
# Ceiling on the raw input (markup included) so a huge upload is refused before any parsing.
MAX_INPUT_CHARS = 5_000_000

FORMATS = ("markdown", "html", "plain")

# What a paragraph of the canonical text was in its source besides running text: a
# heading (the article's title is the page's h1, so headings start at h2), a list item or
# a block quote. Stored beside the text as (paragraph number, kind) pairs, so that the text
# and every offset into it stay plain.
BLOCK_KINDS = ("h2", "h3", "li", "blockquote")
Blocks = tuple[tuple[int, str], ...]
_HEADING = re.compile(r"h[1-6]\Z")

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
PLAIN_EXTENSIONS = frozenset({".txt", ".text", ""})

ACCEPTED_TYPES = "Markdown (.md, .markdown), HTML (.html, .htm, .xhtml) or plain text (.txt)"


class ImportFailed(ValueError):
    """The input cannot become an article. `str(error)` is a sentence for the user."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ImportedDocument:
    title: str  # may be "" if none was found
    text: str  # canonical text
    language: str  # "en", "zh-hans" or "zh-hant"
    source_url: str = ""
    published: datetime.date | None = None
    author: str = ""
    publisher: str = ""
    format: str = ""  # "markdown" | "html" | "plain"
    # What cleaning took out of a flattened page, by kind (see `cleaning.clean`).
    removals: tuple[cleaning.Removal, ...] = ()
    # (paragraph number, kind) for each paragraph that is not running text (BLOCK_KINDS).
    blocks: Blocks = ()


# --------------------------------------------------------------------------------------
# Canonical text
# --------------------------------------------------------------------------------------

# Removed outright. ZWJ/ZWNJ (U+200D/U+200C) are kept: emoji and some scripts need them.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u2060"))
# Every line boundary Python's str.splitlines() knows, except "\n" itself.
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")


def canonicalize(text: str) -> str:
    """Return the canonical form of `text`.

    Zero-width spaces, word joiners and BOMs are removed; the text is NFC-normalized; every
    line break becomes "\\n"; each line loses its leading and trailing whitespace (Python's
    definition, so U+3000 and U+00A0 too); lines that end up empty separate paragraphs;
    paragraphs are joined with exactly one blank line ("\\n\\n") and there are no blank lines
    at either end. Single line breaks inside a paragraph are kept. Nothing else changes.
    Idempotent.
    """
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    text = _LINE_BREAKS.sub("\n", text)
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return "\n\n".join("\n".join(block) for block in blocks)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of canonical `text` (an empty text has none)."""
    return text.split("\n\n") if text else []


def trim(text: str, first: int, last: int) -> str:
    """Keep paragraphs `first` to `last` (0-based, both included) of canonical `text`."""
    parts = paragraphs(text)
    count = len(parts)
    if not (isinstance(first, int) and isinstance(last, int)):
        raise ImportFailed("Choose the first and last paragraph by number.", "bad_range")
    if not 0 <= first < count or not 0 <= last < count:
        raise ImportFailed(
            f"The article has {count} paragraph{'s' if count != 1 else ''}; choose paragraphs "
            f"between 1 and {count}.",
            "bad_range",
        )
    if first > last:
        raise ImportFailed(
            "The first paragraph to keep must come before the last one.", "bad_range"
        )
    return "\n\n".join(parts[first : last + 1])


def _heading_levels(kinds: list[str]) -> list[str]:
    """Source headings ("h1".."h6") as ours: the shallowest level the body uses becomes
    h2 (under the page's h1, the title), every deeper one h3, so no level is skipped."""
    levels = [int(kind[1]) for kind in kinds if _HEADING.match(kind)]
    top = min(levels, default=0)
    return [
        ("h2" if int(kind[1]) == top else "h3") if _HEADING.match(kind) else kind for kind in kinds
    ]


def _blocks_of(kinds: list[str]) -> Blocks:
    """(paragraph number, kind) for the paragraphs whose kind is one of BLOCK_KINDS."""
    return tuple((number, kind) for number, kind in enumerate(kinds) if kind in BLOCK_KINDS)


def trim_blocks(blocks: Blocks, first: int, last: int) -> Blocks:
    """The blocks of `trim(text, first, last)`: those kept, renumbered from 0."""
    return tuple((number - first, kind) for number, kind in blocks if first <= number <= last)


def check_blocks(value: Any, text: str) -> Blocks:
    """Block kinds as sent back by a form or stored: a list of [paragraph number, kind]
    pairs, each number a paragraph of canonical `text`, each kind one of BLOCK_KINDS."""
    count = len(paragraphs(text))
    if not isinstance(value, list | tuple):
        raise ImportFailed("The paragraph kinds must be a list.", "bad_blocks")
    found: dict[int, str] = {}
    for pair in value:
        if (
            not isinstance(pair, list | tuple)
            or len(pair) != 2
            or not isinstance(pair[0], int)
            or isinstance(pair[0], bool)
            or pair[1] not in BLOCK_KINDS
        ):
            raise ImportFailed(
                "Each paragraph kind must be a paragraph number and one of "
                f"{', '.join(BLOCK_KINDS)}.",
                "bad_blocks",
            )
        if not 0 <= pair[0] < count:
            raise ImportFailed(
                f"A paragraph kind names paragraph {pair[0] + 1}, but the text has {count}.",
                "bad_blocks",
            )
        found[pair[0]] = pair[1]
    return tuple(sorted(found.items()))


def carry_blocks(old_text: str, new_text: str, blocks: Blocks) -> Blocks:
    """The block kinds of a revised text: a paragraph left unchanged keeps its kind."""
    import difflib

    if not blocks:
        return ()
    kinds = dict(blocks)
    old, new = paragraphs(old_text), paragraphs(new_text)
    carried = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for match in matcher.get_matching_blocks():
        for offset in range(match.size):
            kind = kinds.get(match.a + offset)
            if kind:
                carried.append((match.b + offset, kind))
    return tuple(carried)


def _clean_line(text: str) -> str:
    """A one-line field (title, author): canonical, with line breaks turned into spaces."""
    return " ".join(canonicalize(text).split("\n\n")).replace("\n", " ")


# --------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------

# Common characters that exist in only one of the two scripts, written as aligned pairs.
_TRADITIONAL_ONLY = frozenset(
    "這們個來說為時會對發學經與開關麼實還現過從國將應當點問題機東長門見讓話進動產業電網錢"
)
_SIMPLIFIED_ONLY = frozenset(
    "这们个来说为时会对发学经与开关么实还现过从国将应当点问题机东长门见让话进动产业电网钱"
)


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _is_latin_letter(char: str) -> bool:
    code = ord(char)
    return char.isalpha() and (code < 0x250 or 0x1E00 <= code <= 0x1EFF or 0xFF21 <= code <= 0xFF5A)


def guess_language(text: str) -> str:
    """Return "en" for mostly Latin text; otherwise "zh-hant" when characters that exist only
    in Traditional Chinese clearly outnumber those that exist only in Simplified Chinese (at
    least three to one), else "zh-hans". Text with neither script counts as English."""
    han = latin = traditional = simplified = 0
    for char in text:
        if _is_han(char):
            han += 1
            if char in _TRADITIONAL_ONLY:
                traditional += 1
            elif char in _SIMPLIFIED_ONLY:
                simplified += 1
        elif _is_latin_letter(char):
            latin += 1
    # A Han character carries roughly as much as three or four Latin letters.
    if han == 0 or latin > 3 * han:
        return "en"
    if traditional > 0 and traditional >= 3 * simplified:
        return "zh-hant"
    return "zh-hans"


def _language_from_tag(tag: Any) -> str:
    """Map a declared language ("zh-CN", ["zh-TW"], "en_US") to ours, or "" if unknown."""
    if isinstance(tag, list | tuple):
        tag = tag[0] if tag else ""
    if not isinstance(tag, str):
        return ""
    tag = tag.strip().lower().replace("_", "-")
    if tag == "en" or tag.startswith("en-"):
        return "en"
    if tag == "zh" or tag.startswith("zh-"):
        subtags = set(tag.split("-")[1:])
        if subtags & {"hant", "tw", "hk", "mo"}:
            return "zh-hant"
        return "zh-hans"
    return ""


# --------------------------------------------------------------------------------------
# Bytes and file types
# --------------------------------------------------------------------------------------

_CONTROL = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}
_SNIFF_SIZE = 8192
_MAX_CONTROL_SHARE = 0.05
_BINARY_MESSAGE = (
    "This file looks like a binary file (an image, a PDF or a program?), not text. "
    "Import a Markdown, HTML or plain text file."
)


def _looks_binary(codes: list[int]) -> bool:
    if not codes:
        return False
    if 0 in codes:
        return True
    controls = sum(1 for code in codes if code in _CONTROL)
    return controls / len(codes) > _MAX_CONTROL_SHARE


def decode(data: bytes) -> str:
    """Decode an uploaded file as UTF-8 (a leading BOM is dropped); refuse anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed(
            "This file is UTF-16 text, not UTF-8. Save it as UTF-8 and try again.", "not_utf8"
        )
    if b"\x00" in data or _looks_binary(list(data[:_SNIFF_SIZE])):
        raise ImportFailed(_BINARY_MESSAGE, "binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            "This file is not UTF-8 text. Save it as UTF-8 and try again.", "not_utf8"
        ) from None


_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\n(?P<yaml>(?:.*?\n)?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL
)
_YAML_KEY_LINE = re.compile(r"^[A-Za-z_][\w -]*:(?:[ \t]|$)", re.MULTILINE)
_HTML_START = re.compile(r"\A\s*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)


def _normalize_newlines(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter YAML or None, the rest) for text with "\\n" line breaks."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match["yaml"], text[match.end() :]


def _extension(filename: str) -> str:
    name = re.split(r"[\\/]", filename.strip())[-1]
    return posixpath.splitext(name)[1].lower()


def _format_from_extension(filename: str) -> str:
    """Return "markdown" or "html" when the extension decides, "" when the text must."""
    extension = _extension(filename)
    if extension in MARKDOWN_EXTENSIONS:
        return "markdown"
    if extension in HTML_EXTENSIONS:
        return "html"
    if extension in PLAIN_EXTENSIONS:
        return ""
    raise ImportFailed(
        f"We can't import {extension} files. Choose a {ACCEPTED_TYPES} file.",
        "unknown_type",
    )


def detect_format(filename: str, text: str) -> str:
    """Return "markdown", "html" or "plain", from the file's extension or, for .txt files
    and names without an extension, from the text itself."""
    by_extension = _format_from_extension(filename)
    if by_extension:
        return by_extension
    normalized = _normalize_newlines(text)
    front_matter, _ = _split_front_matter(normalized)
    if front_matter is not None and _YAML_KEY_LINE.search(front_matter):
        return "markdown"
    if _HTML_START.match(normalized):
        return "html"
    return "plain"


# --------------------------------------------------------------------------------------
# Metadata helpers
# --------------------------------------------------------------------------------------

_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


def _to_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        match = _DATE.match(value)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def _scalar_text(value: Any) -> str:
    if isinstance(value, str | int | float | datetime.date) and not isinstance(value, bool):
        return _clean_line(str(value))
    return ""


def _text_field(value: Any) -> str:
    """A one-line text from a metadata value; a list (of authors, say) is joined with ", "."""
    if isinstance(value, list | tuple):  # one level only: YAML aliases can make lists recursive
        return ", ".join(filter(None, map(_scalar_text, value)))
    return _scalar_text(value)


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"https?://\S+\Z", value, re.IGNORECASE))


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


_BR_TAG = re.compile(r"<br\s*/?>\Z", re.IGNORECASE)


def _is_br_tag(token: Any) -> bool:
    return token.type == "html_inline" and bool(_BR_TAG.match(token.content.strip()))


def _inline_text(token: Any) -> str:
    """The plain text of an inline token: markup dropped, link text kept, images dropped."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or _is_br_tag(child):
            parts.append("\n")
    return "".join(parts)


class _HTMLText(HTMLParser):
    """Text of a raw HTML block inside Markdown, with block tags as line breaks."""

    _BLOCKS = frozenset(
        {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"}
        | {"figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header"}
        | {"hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr"}
        | {"ul"}
    )
    _SKIP = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \t\n\r\f]+", " ", data))


def _html_block_text(html: str) -> str:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _one_paragraph(text: str) -> str:
    """Canonical text of one block, its inner blank lines removed so it stays one paragraph."""
    return canonicalize(text).replace("\n\n", "\n")


def _markdown_kind(stack: list[Any]) -> str:
    """What the innermost block open in `stack` makes of its text: "h1".."h6" for a
    heading, "li" in a list item, "blockquote" in a quote, else its token type."""
    parent = stack[-1] if stack else None
    if parent is not None and parent.type == "heading_open":
        return str(parent.tag)
    for token in reversed(stack):
        if token.type == "list_item_open":
            return "li"
        if token.type == "blockquote_open":
            return "blockquote"
    return parent.type.removesuffix("_open") if parent is not None else ""


def _markdown_blocks(body: str) -> list[tuple[str, str]]:
    """(kind, text) for each block of a Markdown body (kinds as `_markdown_kind`)."""
    blocks: list[tuple[str, str]] = []
    tokens = _markdown().parse(body)
    stack: list[Any] = []
    row: list[str] = []
    table_rows: list[str] = []
    for token in tokens:
        if token.nesting == 1:
            stack.append(token)
            if token.type == "tr_open":
                row = []
            elif token.type == "table_open":
                table_rows = []
            continue
        if token.nesting == -1:
            stack.pop()
            if token.type == "tr_close":
                table_rows.append(" | ".join(row))
            elif token.type == "table_close":
                blocks.append(("table", "\n".join(table_rows)))
            continue
        parent = stack[-1].type if stack else ""
        if token.type == "inline":
            text = _inline_text(token)
            if parent in ("th_open", "td_open"):
                row.append(_one_paragraph(text).replace("\n", " "))
            else:
                blocks.append((_markdown_kind(stack), text))
        elif token.type in ("fence", "code_block"):
            blocks.append(("code", token.content))
        elif token.type == "html_block":
            blocks.append(("html", _html_block_text(token.content)))
    cleaned = [(kind, _one_paragraph(text)) for kind, text in blocks]
    return [(kind, text) for kind, text in cleaned if text]


def _yaml_error_detail(error: yaml.YAMLError) -> str:
    """Where the YAML broke, such as ' (line 4: found unexpected end of stream, while scanning
    a quoted scalar that starts on line 2)', counting lines in the whole file."""
    problem_mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    if problem_mark is None or not problem:
        return ""
    detail = f"line {problem_mark.line + 2}: {problem}"
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    if context and context_mark is not None and context_mark.line != problem_mark.line:
        detail += f", {context} that starts on line {context_mark.line + 2}"
    return f" ({detail})"


def _front_matter_fields(source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise ImportFailed(
            "The front matter at the top of the file is not valid YAML"
            f"{_yaml_error_detail(error)}. Fix it, or remove the block between the two “---” "
            "lines, and try again.",
            "bad_front_matter",
        ) from None
    except ValueError as error:  # a well-formed but impossible value, like 2025-02-30
        raise ImportFailed(
            f"The front matter at the top of the file has an impossible value ({error}). Fix "
            "it, or remove the block between the two “---” lines, and try again.",
            "bad_front_matter",
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ImportFailed(
            "The front matter at the top of the file must be a list of “name: value” lines "
            "(such as “title: …”).",
            "bad_front_matter",
        )
    return {str(key).strip().lower(): value for key, value in data.items()}


def _first_of(fields: dict[str, Any], *names: str) -> Any:
    for name in names:
        value = fields.get(name)
        if value not in (None, "", []):
            return value
    return None


_MARKDOWN_LINK_LINE = re.compile(r"^\s*\[([^\]\n]+)\]\((https?://[^)\s]+)\)\s*$", re.M)


def parse_markdown(text: str, keep: frozenset[str] = frozenset()) -> ImportedDocument:
    """Markdown, optionally with YAML front matter, as an `ImportedDocument`."""
    front_matter, body = _split_front_matter(_normalize_newlines(text))
    fields = _front_matter_fields(front_matter) if front_matter is not None else {}

    blocks = _markdown_blocks(body)
    links = [(match[1].strip(), match[2]) for match in _MARKDOWN_LINK_LINE.finditer(body)]
    cleaned = cleaning.clean(
        [block for _, block in blocks], keep=keep, find_title=False, markdown_links=links
    )
    blocks = [
        (blocks[source][0], block)
        for source, block in zip(cleaned.sources, cleaned.paragraphs, strict=True)
    ]
    title = _text_field(fields.get("title"))
    if blocks and _HEADING.match(blocks[0][0]):
        heading = blocks[0][1].replace("\n", " ")
        if not title:
            title = heading
            blocks = blocks[1:]
        elif heading == title:  # the front matter title repeated as the first heading
            blocks = blocks[1:]
    body_text = "\n\n".join(text for _, text in blocks)
    kinds = _heading_levels([kind for kind, _ in blocks])

    source_url = ""
    publisher = _text_field(_first_of(fields, "publisher", "site", "site_name", "sitename"))
    author = _text_field(_first_of(fields, "author", "authors", "byline")) or cleaned.author
    for name in ("source_url", "url", "link", "source", "canonical_url"):
        value = _text_field(fields.get(name))
        if _looks_like_url(value):
            source_url = value
            break
        if name == "source" and value and not publisher:
            publisher = value  # "source: Reuters" names the publisher, not a URL
    source_url = source_url or cleaned.source_url

    language = _language_from_tag(_first_of(fields, "lang", "language", "locale"))
    return ImportedDocument(
        title=title,
        text=body_text,
        language=language or guess_language(body_text or title),
        source_url=source_url,
        published=_to_date(_first_of(fields, "date", "published", "pubdate")),
        author=author,
        publisher=publisher,
        format="markdown",
        removals=cleaned.removals,
        blocks=_blocks_of(kinds),
    )


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)
# Trafilatura's output elements that hold other blocks rather than running text.
_CONTAINERS = frozenset({"body", "div", "list", "quote", "item", "table", "row", "section"})
_BLOCK_TAGS = _CONTAINERS | {"p", "head", "code", "cell"}


def _xml_inline_text(element: Any) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.tag != "graphic" and node.text:
            parts.append(re.sub(r"[ \t\n\r\f]+", " ", node.text))
        if node.tag not in ("lb", "graphic"):
            for child in node:
                if child.tag in _BLOCK_TAGS:
                    continue
                walk(child)
                if child.tail:
                    parts.append(re.sub(r"[ \t\n\r\f]+", " ", child.tail))

    walk(element)
    return "".join(parts)


def _xml_kind(element: Any, within: str) -> str:
    """Our kind (BLOCK_KINDS, or "" for running text) of a trafilatura element's text."""
    if element.tag == "head":
        rend = str(element.get("rend") or "")
        return rend if _HEADING.match(rend) else "h2"
    if element.tag == "item":
        return "li"
    if element.tag == "quote":
        return within or "blockquote"
    return within


def _xml_blocks(element: Any, within: str = "") -> list[tuple[str, str, str]]:
    """(tag, kind, text) for each paragraph-like block under a trafilatura body element;
    `within` is the kind its list item or quote gives to everything inside it."""
    blocks: list[tuple[str, str, str]] = []
    kind = _xml_kind(element, within)
    inner = kind if kind in ("li", "blockquote") else within
    has_block_children = any(child.tag in _BLOCK_TAGS for child in element)
    if element.tag in _CONTAINERS and has_block_children:
        own = _one_paragraph(_xml_inline_text(element))
        if own:  # e.g. a list item's own text before a nested list
            blocks.append((element.tag, kind, own))
        for child in element:
            if child.tag in _BLOCK_TAGS:
                blocks.extend(_xml_blocks(child, inner))
                tail = _one_paragraph(child.tail or "")
                if tail:  # loose text between two blocks
                    blocks.append((element.tag, kind, tail))
    else:
        text = _one_paragraph(_xml_inline_text(element))
        if text:
            blocks.append((element.tag, kind, text))
    return blocks


# Page furniture removed before extraction, so that trafilatura's own fallbacks (which take
# whatever text is left on a page without an article) cannot return menus or link lists.
_PRUNE_XPATH = [
    "//nav",
    "//aside",
    "//footer",
    "//*[@role='navigation' or @role='complementary' or @role='contentinfo']",
]


def _extract_html(html: str) -> Any:
    import trafilatura  # heavy; only loaded when an HTML page is actually imported

    return trafilatura.bare_extraction(
        html,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        prune_xpath=_PRUNE_XPATH,
    )


def parse_html(html: str, keep: frozenset[str] = frozenset()) -> ImportedDocument:
    """A web page as an `ImportedDocument`: the article's text (navigation, related links
    and ads dropped) and its metadata, both via trafilatura; then the ad labels and "read
    more" links left inside the story (`cleaning.clean` with `page=False`, which lists them
    like any other removal)."""
    document = _extract_html(html) if html.strip() else None
    body = getattr(document, "body", None)
    blocks = _xml_blocks(body) if body is not None else []
    if not blocks:
        raise ImportFailed(
            "We couldn't find the article's text in this page. Copy the text and paste it instead.",
            "no_text",
        )

    title = _text_field(document.title)
    if blocks[0][0] == "head" and not title:
        title = blocks[0][2].replace("\n", " ")
    # The headline repeated as the body's first block (a heading or, on pages without
    # semantic markup, a plain one).
    if blocks[0][2].replace("\n", " ") == title and len(blocks) > 1:
        blocks = blocks[1:]
    cleaned = cleaning.clean([block for _, _, block in blocks], keep=keep, page=False)
    if not cleaned.paragraphs:
        raise ImportFailed(
            "We couldn't find the article's text in this page. Copy the text and paste it instead.",
            "no_text",
        )
    kinds = _heading_levels([blocks[source][1] for source in cleaned.sources])
    text = "\n\n".join(cleaned.paragraphs)

    guessed = guess_language(text)
    match = _HTML_LANG.search(html[: _SNIFF_SIZE * 4])
    declared = _language_from_tag(match[1]) if match else ""
    # Trust the page's declared language only where it agrees with the script in the text.
    language = declared if declared and declared[:2] == guessed[:2] else guessed
    url = _text_field(document.url)
    return ImportedDocument(
        title=title,
        text=text,
        language=language,
        source_url=url if _looks_like_url(url) else "",
        published=_to_date(document.date),
        author=cleaning.author_name(_text_field(document.author)),
        publisher=_text_field(document.sitename),
        format="html",
        removals=cleaned.removals,
        blocks=_blocks_of(kinds),
    )


# --------------------------------------------------------------------------------------
# Plain text and the entry point
# --------------------------------------------------------------------------------------

MAX_PLAIN_TITLE_CHARS = 120


def parse_plain(text: str, keep: frozenset[str] = frozenset()) -> ImportedDocument:
    """Plain text as an `ImportedDocument`, cleaned of what a flattened page scrape brings
    along (`cleaning.clean`). A short one-line first paragraph followed by more text is
    offered as the title, but stays in the text unless it sat in a page header."""
    cleaned = cleaning.clean(paragraphs(canonicalize(text)), keep=keep)
    canonical = canonicalize("\n\n".join(cleaned.paragraphs))
    in_header = any(removal.kind == "title" for removal in cleaned.removals)
    title = guess_title(cleaned.title if in_header else "", paragraphs(canonical))
    return ImportedDocument(
        title=title,
        text=canonical,
        language=guess_language(canonical),
        format="plain",
        author=cleaned.author,
        removals=cleaned.removals,
    )


def guess_title(found: str, parts: list[str]) -> str:
    """The title cleaning found, else a short one-line first paragraph followed by more."""
    if found:
        return _clean_line(found)
    if len(parts) > 1 and "\n" not in parts[0] and len(parts[0]) <= MAX_PLAIN_TITLE_CHARS:
        return parts[0]
    return ""


_SENTENCE_ENDS = ("。", "！", "？", ".", "!", "?", "…", "，", ",", ":", "：", ";", "；")


def _headline(paragraph: str) -> bool:
    return (
        "\n" not in paragraph
        and 2 <= len(paragraph) <= MAX_PLAIN_TITLE_CHARS
        and not paragraph.endswith(_SENTENCE_ENDS)
    )


def retitle(title: str, text: str, first: int, last: int) -> str:
    """The title to offer once the member keeps paragraphs `first` to `last` (0-based) of
    canonical `text`. A title that was one of the paragraphs trimmed off was a guess the
    member has just corrected, so it is guessed again: the first kept paragraph if it is
    headline-like, else the one just before the cut (the member cut right after the
    headline). Any other title (found in a page header, in metadata, typed) stays."""
    flat = [part.replace("\n", " ") for part in paragraphs(text)]
    if title not in flat[:first] + flat[last + 1 :]:
        return title
    candidates = paragraphs(text)[first : first + 1]
    if first > 0 and flat[first - 1] != title:
        candidates.append(paragraphs(text)[first - 1])
    return next((part for part in candidates if _headline(part)), title)


_PARSERS: dict[str, Any] = {
    "markdown": parse_markdown,
    "html": parse_html,
    "plain": parse_plain,
}


def parse(
    data: bytes | str, filename: str = "", format: str = "auto", keep: frozenset[str] = frozenset()
) -> ImportedDocument:
    """Decode, parse and validate an upload (bytes) or pasted text (str).

    `format` is "auto" (decided by `detect_format`), "markdown", "html" or "plain"; `keep`
    names the kinds of cleaning removal (`cleaning.KINDS`) the member chose to keep.
    """
    if format != "auto" and format not in _PARSERS:
        raise ImportFailed(
            f"We can't import the format “{format}”. Choose Markdown, HTML or plain text.",
            "unknown_type",
        )
    if format == "auto":
        _format_from_extension(filename)  # refuse a .pdf before trying to decode it
    if isinstance(data, bytes):
        text = decode(data)
    else:
        text = data
        if _looks_binary([ord(char) for char in text[:_SNIFF_SIZE]]) or "\x00" in text:
            raise ImportFailed(_BINARY_MESSAGE, "binary")
    if len(text) > MAX_INPUT_CHARS:
        raise ImportFailed(_too_long_message(len(text)), "too_long")
    if not canonicalize(text):
        raise ImportFailed("The article has no text.", "empty")

    chosen = detect_format(filename, text) if format == "auto" else format
    try:
        document = _PARSERS[chosen](text, keep)
    except ImportFailed as error:
        # "HTML page" chosen for a page scraped as text (stray tags and all): markup starts
        # with "<", so text that doesn't is read as the plain text it is.
        if chosen != "html" or error.code != "no_text" or text.lstrip().startswith("<"):
            raise
        document = parse_plain(text, keep)
    if not document.text:
        raise ImportFailed("The article has no text.", "empty")
    if len(document.text) > MAX_CHARS:
        raise ImportFailed(_too_long_message(len(document.text)), "too_long")
    return document


def _too_long_message(length: int) -> str:
    return (
        f"The article is too long: it has {length:,} characters and the limit is "
        f"{MAX_CHARS:,}. Import a shorter part of it."
    )
