"""Turn an article's canonical text into HTML blocks with <mark>s for its passages.

Pure module: no Django imports. Offsets are code points (Python str indices) into the
canonical text. The text itself is never changed: a paragraph that arrives as one
enormous line is shown as several display blocks, each carrying its own start offset,
so the selection script can still compute exact offsets.

Paragraphs that were headings, list items or quotes in their source (`kinds`, paragraph
number -> "h2" | "h3" | "li" | "blockquote") are rendered as such: consecutive list items
in one <ul>, consecutive quoted paragraphs in one <blockquote>. Every block element still
carries its start offset and holds exactly its stretch of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

# Blocks longer than this are cut into several display blocks at sentence ends.
MAX_BLOCK = 420
# ...but never into pieces shorter than this, so a cut never strands a short sentence.
MIN_BLOCK = 160

_SENTENCE_END = re.compile(r"(?:[。！？!?…]+[”’」』）)\"']*|[.;；](?=\s))\s*")
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


@dataclass(frozen=True)
class Span:
    """A passage to mark: [start, end) in code points. `level` (1-5) is its intensity."""

    start: int
    end: int
    key: int | str
    level: int = 1


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    html: str
    tag: str = "p"  # the block's element: p, h2, h3 or li
    opens: str = ""  # a group element to open before it: "ul" or "blockquote"
    closes: str = ""  # a group element to close after it


# kind -> (element, the group element around consecutive blocks of that kind)
_ELEMENTS = {
    "h2": ("h2", ""),
    "h3": ("h3", ""),
    "li": ("li", "ul"),
    "blockquote": ("p", "blockquote"),
}
# Kinds never cut into display blocks: a heading or a list item is one element.
_UNCUT = frozenset({"h2", "h3", "li"})


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every paragraph: the runs between blank lines."""
    ranges = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > position:
            ranges.append((position, match.start()))
        position = match.end()
    if position < len(text):
        ranges.append((position, len(text)))
    return ranges


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_BLOCK:
        return [(start, end)]
    pieces = []
    piece_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        cut = match.end()
        if cut >= end:
            break
        if cut - piece_start >= MIN_BLOCK and (
            cut - piece_start >= MAX_BLOCK // 2 or end - cut < MIN_BLOCK
        ):
            if end - cut < MIN_BLOCK:
                break
            pieces.append((piece_start, cut))
            piece_start = cut
    pieces.append((piece_start, end))
    return pieces


def display_ranges(text: str, kinds: Mapping[int, str] | None = None) -> list[tuple[int, int]]:
    """Paragraphs, with very long ones cut at sentence ends into readable blocks (except
    headings and list items, which stay whole)."""
    return [(start, end) for start, end, _kind in _display_blocks(text, kinds or {})]


def _display_blocks(text: str, kinds: Mapping[int, str]) -> list[tuple[int, int, str]]:
    blocks: list[tuple[int, int, str]] = []
    for number, (start, end) in enumerate(paragraph_ranges(text)):
        kind = kinds.get(number, "")
        kind = kind if kind in _ELEMENTS else ""
        pieces = [(start, end)] if kind in _UNCUT else _split_long(text, start, end)
        blocks.extend((piece_start, piece_end, kind) for piece_start, piece_end in pieces)
    return blocks


def _open_tag(span: Span, first: bool, link: str | None) -> str:
    classes = f"hl hl-{max(1, min(span.level, 5))}"
    if not first:
        classes += " hl-cont"
    key = escape(str(span.key))
    anchor = f' id="mark-{key}"' if first else ""
    # htmx opens the passage's panel; `consume` keeps an enclosing mark from opening too.
    action = (
        f' hx-get="{escape(link.format(key=span.key))}" hx-trigger="click consume"' if link else ""
    )
    return f'<mark class="{classes}" data-highlight="{key}"{anchor}{action}>'


def render_block(
    text: str, start: int, end: int, spans: Sequence[Span], seen: set, link: str | None = None
) -> str:
    """HTML for text[start:end] with the spans that touch it, nested correctly.

    Spans are opened outermost first (earlier start, then longer); when a span closes
    while a span opened after it is still open, the inner ones are closed and reopened,
    so the tags always nest. `seen` collects the keys already given an id attribute
    (the first piece of a passage carries the id the deep links point at).
    """
    relevant = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    if not relevant:
        return escape(text[start:end], quote=False)
    boundaries = {start, end}
    for span in relevant:
        boundaries.add(max(span.start, start))
        boundaries.add(min(span.end, end))
    cuts = sorted(boundaries)
    ordered = sorted(relevant, key=lambda s: (s.start, -s.end, str(s.key)))
    out: list[str] = []
    stack: list[Span] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = [s for s in ordered if s.start <= left and s.end >= right]
        # Keep the longest common prefix of the open stack; close and reopen the rest.
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            out.append("</mark>")
            stack.pop()
        for span in active[keep:]:
            first = span.key not in seen
            seen.add(span.key)
            out.append(_open_tag(span, first, link))
            stack.append(span)
        out.append(escape(text[left:right], quote=False))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def render(
    text: str,
    spans: Iterable[Span] = (),
    link: str | None = None,
    kinds: Mapping[int, str] | None = None,
) -> list[Block]:
    """All display blocks of the text, each with its HTML, start offset and element.
    `link`, a format string with `{key}`, is the URL each mark opens (its passage panel);
    `kinds` maps paragraph numbers to the kind of block they were (see the module)."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end, str(s.key)))
    seen: set = set()
    blocks = []
    # One sweep over blocks and spans, both in text order: each block is handed only the
    # spans that can touch it (started before its end, not ended before its start), so
    # the render is linear in blocks + spans instead of blocks x spans.
    upcoming = 0
    open_spans: list[Span] = []
    pieces = _display_blocks(text, kinds or {})
    groups = [_ELEMENTS[kind][1] if kind else "" for _start, _end, kind in pieces]
    for index, (start, end, kind) in enumerate(pieces):
        while upcoming < len(spans) and spans[upcoming].start < end:
            open_spans.append(spans[upcoming])
            upcoming += 1
        open_spans = [s for s in open_spans if s.end > start]
        group = groups[index]
        blocks.append(
            Block(
                start,
                end,
                render_block(text, start, end, open_spans, seen, link),
                tag=_ELEMENTS[kind][0] if kind else "p",
                opens=group if group and (index == 0 or groups[index - 1] != group) else "",
                closes=group if group and groups[index + 1 : index + 2] != [group] else "",
            )
        )
    return blocks
