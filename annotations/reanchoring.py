"""Re-anchor every passage of an article after a revision, through one diff.

:func:`annotations.anchoring.relocate` searches the whole new text for one passage; doing
that for each of 10,000 passages costs seconds. But a revision usually changes a few
places: everything between two changes moved by one fixed offset. So the old and new texts
are diffed once, and a passage whose quote *and stored context* lie inside one unchanged
stretch simply moves by that stretch's offset (a bisect, O(log changes)). Only passages
touching a change -- or not in place in the old text, or orphaned -- go through
``relocate``, with the same arguments it would get on its own.

Pure like ``anchoring``: standard library only, no Django, no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from annotations.anchoring import relocate

__all__ = ["Stored", "equal_blocks", "reanchor_all"]

# A token is a run of non-space characters with the spaces after it, or leading spaces:
# tokens concatenate back to the text, and a word-level diff is far cheaper than a
# character-level one while every "equal" block is still exactly equal text.
_TOKEN = re.compile(r"\s+|\S+\s*")


@dataclass(frozen=True, slots=True)
class Stored:
    """A passage's stored selectors, as ``relocate`` takes them."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search with C-speed slice comparisons
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def equal_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    """``(old_start, old_end, new_start)`` of the stretches the revision left unchanged,
    in order: ``old[old_start:old_end] == new[new_start:new_start + old_end - old_start]``.

    Two levels, so that a long article costs a diff of its lines plus small diffs of the
    lines that changed: lines first (unique enough for SequenceMatcher to be quick), then
    words inside each changed group of lines.
    """
    head = _common_prefix(old, new)
    tail = _common_suffix(old, new, min(len(old), len(new)) - head)
    blocks = [(0, head, 0)] if head else []
    a_mid, b_mid = old[head : len(old) - tail], new[head : len(new) - tail]
    a_lines, b_lines = a_mid.splitlines(keepends=True), b_mid.splitlines(keepends=True)
    a_pos, b_pos = _offsets(a_lines, head), _offsets(b_lines, head)
    lines = SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            blocks.append((a_pos[i1], a_pos[i2], b_pos[j1]))
        elif tag == "replace":
            blocks.extend(_word_blocks(old, a_pos[i1], a_pos[i2], new, b_pos[j1], b_pos[j2]))
    if tail:
        blocks.append((len(old) - tail, len(old), len(new) - tail))
    return _merged(blocks)


def _word_blocks(
    old: str, a0: int, a1: int, new: str, b0: int, b1: int
) -> list[tuple[int, int, int]]:
    a_tok, b_tok = _TOKEN.findall(old, a0, a1), _TOKEN.findall(new, b0, b1)
    a_pos, b_pos = _offsets(a_tok, a0), _offsets(b_tok, b0)
    matcher = SequenceMatcher(None, a_tok, b_tok, autojunk=False)
    return [
        (a_pos[i], a_pos[i + size], b_pos[j])
        for i, j, size in matcher.get_matching_blocks()
        if size
    ]


def _offsets(tokens: Sequence[str], base: int) -> list[int]:
    out = [base]
    for t in tokens:
        out.append(out[-1] + len(t))
    return out


def _merged(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for a0, a1, b0 in blocks:
        if out and out[-1][1] == a0 and out[-1][2] + (out[-1][1] - out[-1][0]) == b0:
            p0, _p1, q0 = out[-1]
            out[-1] = (p0, a1, q0)
        else:
            out.append((a0, a1, b0))
    return out


def reanchor_all(
    old: str, new: str, passages: Sequence[Stored], context: int
) -> list[tuple[int, int] | None]:
    """The new ``(start, end)`` of each passage in ``new`` (``None``: orphaned), as
    ``relocate`` passage by passage would find them wherever the text does not repeat
    itself (where it does, the diff is the better witness: it keeps a passage whose
    surroundings are untouched instead of orphaning it as ambiguous).

    ``context`` is the stored context width: a passage whose stored prefix or suffix is
    shorter (at an edge of the text) is left to ``relocate``, whose scoring depends on it.
    """
    blocks = equal_blocks(old, new)
    starts = [b[0] for b in blocks]
    out: list[tuple[int, int] | None] = []
    for p in passages:
        out.append(_shifted(old, p, blocks, starts, context) or _relocated(new, p))
    return out


def _relocated(new: str, p: Stored) -> tuple[int, int] | None:
    return relocate(new, p.exact, p.prefix, p.suffix, p.start, p.end)


def _shifted(
    old: str, p: Stored, blocks: list[tuple[int, int, int]], starts: list[int], context: int
) -> tuple[int, int] | None:
    if len(p.prefix) < context or len(p.suffix) < context or not p.exact:
        return None
    lo, hi = p.start - len(p.prefix), p.end + len(p.suffix)
    # In place in the old text, context and all (else its offsets mean nothing there).
    if p.end - p.start != len(p.exact) or old[lo:hi] != p.prefix + p.exact + p.suffix:
        return None
    k = bisect.bisect_right(starts, lo) - 1
    if k < 0:
        return None
    a0, a1, b0 = blocks[k]
    # Strictly inside the unchanged stretch: an insertion right at its edge touches it.
    if not (a0 < lo or a0 == 0 == b0) or hi >= a1:
        return None
    shift = b0 - a0
    return p.start + shift, p.end + shift
