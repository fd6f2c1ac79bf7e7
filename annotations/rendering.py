"""Turn an article's canonical text into HTML blocks with <mark>s for its passages.

Pure module: no Django imports. Offsets are code points (Python str indices) into the
canonical text. The text itself is never changed: a paragraph that arrives as one
enormous line is shown as several display blocks, each carrying its own start offset,
so the selection script can still compute exact offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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


def display_ranges(text: str) -> list[tuple[int, int]]:
    """Paragraphs, with very long ones cut at sentence ends into readable blocks."""
    ranges: list[tuple[int, int]] = []
    for start, end in paragraph_ranges(text):
        ranges.extend(_split_long(text, start, end))
    return ranges


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


def render(text: str, spans: Iterable[Span] = (), link: str | None = None) -> list[Block]:
    """All display blocks of the text, each with its HTML and start offset. `link`, a
    format string with `{key}`, is the URL each mark opens (its passage panel)."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end, str(s.key)))
    seen: set = set()
    blocks = []
    # One sweep over blocks and spans, both in text order: each block is handed only the
    # spans that can touch it (started before its end, not ended before its start), so
    # the render is linear in blocks + spans instead of blocks x spans.
    upcoming = 0
    open_spans: list[Span] = []
    for start, end in display_ranges(text):
        while upcoming < len(spans) and spans[upcoming].start < end:
            open_spans.append(spans[upcoming])
            upcoming += 1
        open_spans = [s for s in open_spans if s.end > start]
        blocks.append(Block(start, end, render_block(text, start, end, open_spans, seen, link)))
    return blocks
