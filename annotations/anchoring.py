"""Re-anchor a highlight in a revised text.

A highlight is stored as two W3C selectors over the article's canonical text:

* a ``TextQuoteSelector`` -- the quoted passage (``exact``) plus up to 32 code points of
  context on either side (``prefix``, ``suffix``), and
* a ``TextPositionSelector`` -- ``start``/``end`` offsets in Unicode code points, which are
  exactly Python ``str`` indices (astral characters such as emoji or U+20000 are one index
  each, so nothing here needs to care about UTF-16 surrogates).

When the text is revised, :func:`relocate` finds where the passage is now, or decides that
it is gone. The guiding rule is that a *wrong* anchor is worse than an *orphan*: a reader's
answer pinned to the wrong sentence misrepresents them, while an orphaned highlight can be
shown in a "no longer in the text" list. So every step below prefers ``None`` to a guess.

The search runs in order of cost and of confidence:

a. The quote is still at its stored offsets -> keep them (the overwhelmingly common case
   for highlights before the first edit of a revision).
b. Exact occurrences of the quote (``str.find``, C speed). Each is scored by how well the
   stored prefix/suffix match its surroundings and by how close it is to the old offset.
   A clear winner is returned; occurrences that tie with no context to tell them apart
   make us give up rather than guess.
c. Approximate occurrences within a bounded number of edits (punctuation changes, a word
   changed inside the passage). Candidate regions come from exact matches of short pieces
   of the quote (the pigeonhole principle: ``k`` edits can spoil at most ``k`` disjoint
   pieces), and only those small windows are verified with Myers' bit-parallel edit
   distance algorithm, so we never run an O(n*m) dynamic programme over the whole article.
d. Nothing good enough -> ``None`` (the highlight is orphaned).

This module is deliberately pure: standard library only, no Django, no I/O, no caching
keyed on the text, so that it can be unit-tested and benchmarked in isolation and called
from anywhere (a migration, a management command, a request).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

__all__ = ["CONTEXT_WIDTH", "context_for", "max_errors", "relocate"]

#: How many code points of context a TextQuoteSelector keeps on each side.
CONTEXT_WIDTH = 32

# --- Tuning knobs. The values were chosen with bench/anchoring_bench.py; each says why. ---

#: Quotes shorter than this never match approximately: with 1 edit a 3-character quote
#: matches almost anything, so a "fuzzy" hit would be a guess.
MIN_FUZZY_LENGTH = 4

#: Quotes longer than this are only looked for verbatim (steps a and b). The approximate
#: search runs the edit-distance automaton on ints of the quote's length over windows
#: about as long as the quote, so its cost grows with the square of the quote's length:
#: a passage is at most 2,000 code points (the Highlight model's limit), and a longer
#: quote sent from outside (a W3C annotation) must not cost seconds of CPU.
MAX_FUZZY_LENGTH = 2000

#: Context similarity (0..1, see ``_Context.score``) at or above which the surroundings
#: clearly confirm a candidate.
CTX_GOOD = 0.6

#: Context similarity an approximate match needs: its surroundings are usually intact (the
#: edit was inside the passage) or only re-punctuated, while a look-alike elsewhere in the
#: article rarely shares more than half its context.
CTX_FUZZY = 0.65

#: Context similarity below which the surroundings contradict a candidate. Unrelated
#: stretches of the same article share a few character trigrams by chance (the article
#: keeps talking about the same things), so "contradicts" is not 0. Short quotes need
#: more than this (see ``_context_floor``).
CTX_CONTRADICTS = 0.3

#: An exact, unique occurrence at least this long is accepted even when its context has
#: changed completely (e.g. a paragraph moved and its neighbours were rewritten): a quote
#: this long is far more specific than 2 x 32 characters of context.
LONG_QUOTE = 64

#: Score margin under which two candidates count as tied (see ``_decide``).
TIE_MARGIN = 0.05

#: Weights of the final candidate score: quote fidelity dominates, then context, and the
#: old position (relative to the text's length) only breaks near-ties -- a paragraph may
#: legitimately move anywhere.
W_QUOTE, W_CONTEXT, W_POSITION = 0.5, 0.4, 0.02

#: A side of context this long (or longer) counts fully; shorter ones proportionally.
FULL_WITNESS = 8

#: Most a side of context scores when it is not found verbatim next to the passage: a
#: context found only shifted or in pieces is weaker evidence than one found in place, so
#: of two otherwise equal candidates the one with its context intact wins.
SHIFTED = 0.97

#: Extra characters of the text looked at beyond the stored context length, so that a few
#: inserted characters next to the passage do not push the context out of the window.
CONTEXT_SLACK = 8

#: Stop enumerating exact occurrences after this many (a one-word quote in a long text).
MAX_EXACT = 2000
#: Exact occurrences scored one by one; with more, only those with CONTEXT_ANCHOR code
#: points of the stored context next to them (found by str.find) and the nearest are.
MAX_SCORED = 16
CONTEXT_ANCHOR = 6

#: The stored prefix and suffix must be at least this long to pin down a "slot".
SLOT_CONTEXT = 12
#: ... and at most twice the quote's length plus this many code points apart.
SLOT_SLACK = 64

#: The first approximate search looks this far (plus twice the quote length) around the
#: old offset before searching the whole article.
LOCAL_RADIUS = 200

#: Fuzzy seeding: at most this many pieces of the quote are looked up, a piece with more
#: than MAX_PIECE_HITS occurrences is too common to say anything, and at most
#: MAX_WINDOWS candidate regions are aligned in full.
MAX_PIECES = 24
GLOBAL_PIECES = 12
MAX_PIECE_HITS = 48
MAX_WINDOWS = 6

#: When placing the ends of an approximate match, each code point of agreement with the
#: stored context (up to 16) is worth this many edits.
BOUNDARY_BONUS = 0.5


def context_for(text: str, start: int, end: int, width: int = CONTEXT_WIDTH) -> tuple[str, str]:
    """Return ``(prefix, suffix)``: up to ``width`` code points before ``start`` and after
    ``end``. Offsets are clamped to the text so a stale span never raises."""
    n = len(text)
    start = min(max(start, 0), n)
    end = min(max(end, start), n)
    return text[max(0, start - width) : start], text[end : end + width]


def max_errors(length: int) -> int:
    """The edit budget for an approximate match of a quote of ``length`` code points.

    Roughly 20% for long quotes -- enough for a changed word or re-punctuation, not for a
    rewrite -- and tighter for short ones, where a single edit is already a large share of
    the quote and chance matches abound. Below ``MIN_FUZZY_LENGTH`` nothing is allowed.
    """
    if length < MIN_FUZZY_LENGTH:
        return 0
    if length < 10:
        return 1
    if length < 20:
        return length // 6
    return length // 5


def relocate(
    text: str,
    exact: str,
    prefix: str,
    suffix: str,
    start: int,
    end: int,
    *,
    approximate: bool = True,
) -> tuple[int, int] | None:
    """Find the highlighted passage in (possibly revised) ``text``.

    ``exact``/``prefix``/``suffix`` are the stored TextQuoteSelector, ``start``/``end`` the
    stored TextPositionSelector (code-point offsets into the *old* text; only a hint here).
    Returns the new ``(start, end)`` or ``None`` when the passage is gone, rewritten beyond
    recognition, or cannot be told apart from look-alikes.

    ``approximate=False`` looks for the words verbatim only (steps a and b), for callers
    that would refuse anything else. Quotes longer than ``MAX_FUZZY_LENGTH`` are only
    looked for verbatim either way. The context is read up to ``CONTEXT_WIDTH`` code
    points on each side (what is stored), however much a caller passes.
    """
    if not exact:
        return None
    prefix, suffix = prefix[-CONTEXT_WIDTH:], suffix[:CONTEXT_WIDTH]
    m, n = len(exact), len(text)

    # (a) Still where it was, context and all: the common case, O(m).
    in_place = start >= 0 and end - start == m and text.startswith(exact, start)
    if in_place and text.endswith(prefix, 0, start) and text.startswith(suffix, end):
        return start, end
    ctx = _Context(prefix, suffix)
    hint = min(max(start, 0), n)

    # (b) Exact occurrences -- including the one at the old offsets, if any: with its
    # context changed it has to compete (a deleted sentence can slide a look-alike into
    # the very same offsets while the real passage moved along).
    exact_cands = _exact_candidates(text, exact, ctx, hint)
    chosen = _decide(exact_cands, m, n, hint)
    # An exact hit whose context merely "does not contradict" might be a look-alike while
    # the real passage was edited; only a hit the context confirms -- or one still at the
    # old offsets -- skips the fuzzy search.
    if chosen is not None and (
        chosen.ctx is None or chosen.ctx >= CTX_GOOD or (in_place and chosen.start == start)
    ):
        return chosen.start, chosen.end

    # (c) Approximate occurrences, competing with the exact ones on equal terms.
    k = max_errors(m) if approximate and m <= MAX_FUZZY_LENGTH else 0
    if k == 0:
        return _span(chosen)
    seen = {(c.start, c.end) for c in exact_cands}
    cands = list(exact_cands)

    def add(found: list[_Candidate]) -> None:
        for c in found:
            if (c.start, c.end) not in seen:
                seen.add((c.start, c.end))
                cands.append(c)

    slot = _slot(text, ctx, m, k)
    if slot is not None:
        # Both stored contexts are still there, verbatim and adjacent: they pin down where
        # the passage is, so whatever lies between them is the only candidate -- close
        # enough to the quote (an edit inside the passage) or not (rewritten / deleted).
        a, b = slot
        dist = _bounded_lev(exact, text[a:b], k)
        if dist <= k:
            add([_Candidate(a, b, dist, ctx.score(text, a, b))])
        return _span(_decide(cands, m, n, hint))

    # Only one stored context survives verbatim, at a single place: if the passage is
    # still there at all, it is right next to it. (If it was moved *and* edited, we orphan
    # it rather than guess.)
    windows = _anchored_windows(text, ctx, m, k)
    if windows:
        for lo, hi in windows:
            add(_fuzzy_candidates(text, exact, k, ctx, hint, lo, hi))
        return _span(_decide(cands, m, n, hint))

    # Near the old position first: most edits do not move the passage far, and searching
    # a few hundred characters is much cheaper than the whole article.
    radius = 2 * m + LOCAL_RADIUS
    lo, hi = max(0, hint - radius), min(n, hint + m + radius)
    add(_fuzzy_candidates(text, exact, k, ctx, hint, lo, hi))
    chosen = _decide(cands, m, n, hint)
    if chosen is None and (lo > 0 or hi < n):
        # Last resort, the whole article, with fewer (longer-spaced) seeds.
        add(_fuzzy_candidates(text, exact, k, ctx, hint, 0, n, GLOBAL_PIECES))
        chosen = _decide(cands, m, n, hint)
    return _span(chosen)


def _span(c: _Candidate | None) -> tuple[int, int] | None:
    return None if c is None else (c.start, c.end)


# --------------------------------------------------------------------------------------
# Candidates and the decision between them
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    dist: int  # edit distance between the quote and text[start:end]
    ctx: float | None  # context similarity, None when there is no stored context
    score: float = 0.0


def _context_floor(m: int) -> float:
    """The least context similarity at which a verbatim occurrence of an ``m``-code-point
    quote is believed. Short quotes recur by chance (a word, a stock phrase), so they need
    their surroundings to vouch for them; longer ones need only not be contradicted."""
    if m >= LONG_QUOTE:
        return 0.0
    return max(CTX_CONTRADICTS, 0.6 - m / 100)


def _acceptable(c: _Candidate, m: int) -> bool:
    """Whether a candidate is plausible on its own, before comparing it with others."""
    ctx = c.ctx
    if c.dist == 0:
        # The quote is there verbatim (give or take the width of its punctuation).
        return ctx is None or ctx >= _context_floor(m)
    if c.dist > max_errors(m):
        return False
    if ctx is None:
        return c.dist * 10 <= m  # no context to help: only near-verbatim long quotes
    # An approximate match is weaker evidence than an exact one, so the context must
    # positively confirm it -- more so for short quotes, where one edit is a big change.
    if ctx >= (CTX_FUZZY + 0.05 if m < 10 else CTX_FUZZY):
        return True
    # A long quote with very few edits is specific on its own (moved *and* touched up).
    return m >= 48 and c.dist * 20 <= m and ctx >= CTX_CONTRADICTS


def _decide(cands: list[_Candidate], m: int, n: int, hint: int) -> _Candidate | None:
    """Pick the best acceptable candidate, or ``None`` when the choice would be a guess.

    Score = quote fidelity, then context similarity, then closeness to the old offset
    (relative to the text length). If the runner-up scores within ``TIE_MARGIN`` and the
    winner's context is not clearly good, nothing distinguishes them -> ``None``.
    """
    ok = [c for c in cands if _acceptable(c, m)]
    if not ok:
        return None
    span = max(n, 1)
    for c in ok:
        ctx = 0.5 if c.ctx is None else c.ctx
        closeness = 1.0 - min(1.0, abs(c.start - hint) / span)
        c.score = W_QUOTE * (1.0 - c.dist / m) + W_CONTEXT * ctx + W_POSITION * closeness
    ok.sort(key=lambda c: c.score, reverse=True)
    best = ok[0]
    for other in ok[1:]:
        if other.start < best.end and best.start < other.end:
            continue  # overlapping variants of the same hit, not a rival
        if best.score - other.score < TIE_MARGIN and (best.ctx is None or best.ctx < CTX_GOOD):
            return None
        break
    return best


# --------------------------------------------------------------------------------------
# Context similarity
# --------------------------------------------------------------------------------------


class _Context:
    """The stored prefix/suffix, pre-digested for scoring many candidates.

    Similarity is the share of the stored context's character trigrams found in the text
    next to the candidate *at about the same distance from the passage* (within
    ``CONTEXT_SLACK`` code points). Why this measure:

    * unrelated text scores near 0 -- unlike an edit-distance ratio, which gives any two
      English strings ~35% -- so "the context contradicts this" is measurable;
    * a changed word next to the passage only removes the trigrams that touch it, and a
      few inserted or deleted characters shift the rest by less than the slack;
    * requiring the distance to match tells a passage from a copy of it pasted a sentence
      away, whose surroundings contain the same words but shifted;
    * it is cheap: a few dozen bounded ``str.find`` calls in a 40-character string, and
      none at all in the common case, where the context is found verbatim.
    """

    __slots__ = ("prefix", "suffix", "_pgrams", "_sgrams")

    def __init__(self, prefix: str, suffix: str) -> None:
        # Context beyond a paragraph break is a weaker witness: paragraphs get reordered,
        # inserted and deleted as units. Keep the break itself ("starts a paragraph" is
        # worth knowing) and drop what lies beyond it.
        cut = prefix.rfind("\n\n")
        if cut != -1:
            prefix = prefix[cut:]
        cut = suffix.find("\n\n")
        if cut != -1:
            suffix = suffix[: cut + 2]
        self.prefix = prefix
        self.suffix = suffix
        # (trigram, distance of its near end from the passage), computed on first need.
        self._pgrams: list[tuple[str, int]] | None = None
        self._sgrams: list[tuple[str, int]] | None = None

    def score(self, text: str, start: int, end: int) -> float | None:
        """Similarity of the context around ``text[start:end]`` to the stored one, 0..1;
        ``None`` when no context was stored (the passage was the whole text).

        The two sides are independent witnesses and count equally, unless one is very short
        (the passage is near the start or end of the text, or the context was cut at a
        paragraph break): then it counts in proportion to its length, up to
        ``FULL_WITNESS`` code points -- "starts a paragraph" alone proves little."""
        p, s = self.prefix, self.suffix
        sides = 0.0
        total = 0.0
        slack = CONTEXT_SLACK
        if p:
            w = min(len(p), FULL_WITNESS) / FULL_WITNESS
            sides += w
            # Read the text before the passage backwards, so distances count from it.
            before = text[max(0, start - len(p) - slack) : start][::-1]
            if before.startswith(p[::-1]):
                total += w
            elif len(p) >= 3:
                if self._pgrams is None:
                    r = p[::-1]
                    self._pgrams = [(r[i : i + 3], i) for i in range(len(r) - 2)]
                find = before.find
                grams = self._pgrams
                hits = sum(1 for g, i in grams if find(g, max(0, i - slack), i + 3 + slack) >= 0)
                total += w * SHIFTED * hits / len(grams)
        if s:
            w = min(len(s), FULL_WITNESS) / FULL_WITNESS
            sides += w
            after = text[end : end + len(s) + slack]
            if after.startswith(s):
                total += w
            elif len(s) >= 3:
                if self._sgrams is None:
                    self._sgrams = [(s[i : i + 3], i) for i in range(len(s) - 2)]
                find = after.find
                grams = self._sgrams
                hits = sum(1 for g, i in grams if find(g, max(0, i - slack), i + 3 + slack) >= 0)
                total += w * SHIFTED * hits / len(grams)
        return total / sides if sides else None

    def prefix_run(self, text: str, start: int) -> int:
        """Length of the common run between the stored prefix and the text before ``start``
        (used to place the boundaries of an approximate match)."""
        p = self.prefix
        k = 0
        while k < len(p) and start - k - 1 >= 0 and text[start - k - 1] == p[-k - 1]:
            k += 1
        return k

    def suffix_run(self, text: str, end: int) -> int:
        """Length of the common run between the stored suffix and the text after ``end``."""
        s = self.suffix
        k = 0
        n = len(text)
        while k < len(s) and end + k < n and text[end + k] == s[k]:
            k += 1
        return k


# --------------------------------------------------------------------------------------
# (b) exact occurrences
# --------------------------------------------------------------------------------------


def _exact_candidates(text: str, exact: str, ctx: _Context, hint: int) -> list[_Candidate]:
    """Every verbatim occurrence of the quote, scored. A very common quote (one short word
    in a long article) is narrowed first, at C speed: to the occurrences that still have
    a few characters of the stored context next to them, plus the ones nearest the old
    offset -- an occurrence with neither could not win anyway."""
    m = len(exact)
    positions = _find_all(text, exact, 0, len(text), MAX_EXACT)
    if len(positions) > MAX_SCORED:
        keep: set[int] = set()
        head = ctx.prefix[-CONTEXT_ANCHOR:]
        if head:
            keep.update(i + len(head) for i in _find_all(text, head + exact, 0, len(text), 64))
        tail = ctx.suffix[:CONTEXT_ANCHOR]
        if tail:
            keep.update(_find_all(text, exact + tail, 0, len(text), 64))
        at = bisect.bisect_left(positions, hint)
        keep.update(positions[max(0, at - 2) : at + 2])
        positions = sorted(keep)
    return [_Candidate(p, p + m, 0, ctx.score(text, p, p + m)) for p in positions]


def _find_all(text: str, needle: str, lo: int, hi: int, limit: int) -> list[int]:
    """Offsets of ``needle`` in ``text[lo:hi]`` (overlapping ones too), at most
    ``limit + 1`` of them, so callers can tell "too many" from "exactly limit"."""
    out = []
    find = text.find
    i = find(needle, lo, hi)
    while i != -1:
        out.append(i)
        if len(out) > limit:
            break
        i = find(needle, i + 1, hi)
    return out


def _slot(text: str, ctx: _Context, m: int, k: int) -> tuple[int, int] | None:
    """Where the passage must be if the stored prefix and suffix both survive verbatim,
    not too far apart, and only one such place. The slot may be much longer or shorter
    than the quote (a rewrite); the caller judges what is in it."""
    p, s = ctx.prefix, ctx.suffix
    if len(p) < SLOT_CONTEXT or len(s) < SLOT_CONTEXT:
        return None
    found = None
    for i in _find_all(text, p, 0, len(text), 4):
        a = i + len(p)
        b = text.find(s, a, a + 2 * m + SLOT_SLACK + len(s))
        if b != -1:
            if found is not None:
                return None  # the context itself is repeated: it pins nothing down
            found = (a, b)
    return found


def _anchored_windows(text: str, ctx: _Context, m: int, k: int) -> list[tuple[int, int]]:
    """Stretches right after the stored prefix / right before the stored suffix, for each
    of the two that occurs verbatim exactly once in the text."""
    n = len(text)
    out = []
    p, s = ctx.prefix, ctx.suffix
    if len(p) >= SLOT_CONTEXT:
        hits = _find_all(text, p, 0, n, 1)
        if len(hits) == 1:
            a = hits[0] + len(p)
            out.append((a, min(n, a + m + k)))
    if len(s) >= SLOT_CONTEXT:
        hits = _find_all(text, s, 0, n, 1)
        if len(hits) == 1:
            out.append((max(0, hits[0] - m - k), hits[0]))
    return out


def _bounded_lev(a: str, b: str, k: int) -> int:
    """Levenshtein distance of ``a`` and ``b`` if it is at most ``k``, else some value
    above ``k``. Cheap in the two common cases: a small edit (the common prefix and
    suffix are stripped first, by slice comparison, so only the edited middle is run
    through the automaton) and a rewrite (most pieces of ``a`` are missing from ``b``,
    and each missing piece costs at least one edit)."""
    if abs(len(a) - len(b)) > k:
        return k + 1
    cut = _common_prefix(a, b)
    a, b = a[cut:], b[cut:]
    cut = _common_prefix(a[::-1], b[::-1])
    if cut:
        a, b = a[:-cut], b[:-cut]
    if not a or not b:
        return len(a) + len(b)
    size = 4 if len(a) < 40 else 8
    if len(a) >= 2 * size:
        fa, fb = a.translate(_FOLD), b.translate(_FOLD)
        missing = sum(1 for i in range(0, len(a) - size + 1, size) if fa[i : i + size] not in fb)
        if missing > k:
            return k + 1
    return _lev(a, b)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by binary search over slice comparisons (C speed)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


# --------------------------------------------------------------------------------------
# (c) approximate occurrences: seeding + Myers' bit-parallel edit distance
# --------------------------------------------------------------------------------------


def _peq(pattern: str) -> dict[str, int]:
    """Myers' match masks: for each character, the bit set of its positions in pattern.

    Punctuation that differs only in width or typography (``,``/``，``, ``"``/``“``,
    ``-``/``—`` ...) matches for free: re-punctuating a passage (a CJK input method, a
    "smart quotes" pass) does not change what it says, and should not use up the edit
    budget meant for real changes."""
    peq: dict[str, int] = {}
    bit = 1
    for ch in pattern:
        for alt in _EQUIVALENT.get(ch, ch):
            peq[alt] = peq.get(alt, 0) | bit
        bit <<= 1
    return peq


_EQUIVALENT_CLASSES = [
    ",，、､",
    ".。．｡",
    ";；",
    ":：",
    "?？",
    "!！",
    "(（",
    ")）",
    '"“”„＂',
    "'‘’＇",
    "-‐‑–—―－",
    " \u00a0\u3000",
]
_EQUIVALENT = {ch: cls for cls in _EQUIVALENT_CLASSES for ch in cls}
_FOLD = str.maketrans({ch: cls[0] for cls in _EQUIVALENT_CLASSES for ch in cls[1:]})


def _prefix_distances(pattern: str, text: str, lo: int, hi: int, step: int) -> list[int]:
    """Edit distances between ``pattern`` and every stretch of ``text`` that starts
    (``step=1``) or ends (``step=-1``) at a fixed point, by Myers' bit-parallel algorithm
    (1999) with the global boundary condition (Hyyro's formulation).

    ``step=1``:  result[i] = lev(pattern, text[lo : lo + i])      for i in 0..hi-lo
    ``step=-1``: result[i] = lev(pattern, text[hi - i : hi])      for i in 0..hi-lo
    (for ``step=-1`` the pattern is matched reversed). One pass, O(hi - lo) operations on
    ints of len(pattern) bits -- a few microseconds for a context-sized gap.
    """
    m = len(pattern)
    if m == 0:
        return list(range(hi - lo + 1))
    peq = _peq(pattern if step == 1 else pattern[::-1])
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out = [m]
    get = peq.get
    for j in range(lo, hi) if step == 1 else range(hi - 1, lo - 1, -1):
        eq = get(text[j], 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) | 1  # row 0 grows by one per character: the match is anchored
        mh <<= 1
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
        out.append(score)
    return out


def _lev(a: str, b: str) -> int:
    """Plain Levenshtein distance (used between consecutive seeds, where gaps are short)."""
    if a == b:
        return 0
    if not a or not b:
        return len(a) + len(b)
    return _prefix_distances(a, b, 0, len(b), 1)[-1]


def _piece_size(exact: str, k: int) -> int:
    """Seed length: short enough that ``k + 1`` disjoint pieces fit in the quote whenever
    that leaves them specific enough (then the pigeonhole bound is a guarantee), capped
    at 4 Han characters -- already rare in an article -- or 8 characters of alphabetic
    text, which needs about that many to be specific."""
    m = len(exact)
    wide = sum(1 for ch in exact if ch >= "\u2e80")
    cap, floor = (4, 2) if wide * 2 >= m else (8, 3)
    if m >= 5 * cap:
        return cap  # long quote: k + 1 pieces would be tiny; rely on the vote instead
    return max(floor, min(cap, m // (k + 1)))


def _chain(seeds: list[tuple[int, int]], size: int, k: int) -> list[tuple[int, int]]:
    """Longest co-linear chain of seeds ``(quote offset, text position)``: both offsets
    increasing, pieces not overlapping in the text, consecutive diagonals within ``k``.
    Seeds per cluster are few (< ~50), so the quadratic DP is cheap."""
    seeds.sort()
    best = [1] * len(seeds)
    back = [-1] * len(seeds)
    for i, (oi, pi) in enumerate(seeds):
        di = pi - oi
        for j in range(i):
            oj, pj = seeds[j]
            if oj < oi and pj + size <= pi and abs(di - (pj - oj)) <= k and best[j] + 1 > best[i]:
                best[i], back[i] = best[j] + 1, j
    i = max(range(len(seeds)), key=best.__getitem__)
    chain = []
    while i != -1:
        chain.append(seeds[i])
        i = back[i]
    return chain[::-1]


def _extend(
    text: str, exact: str, chain: list[tuple[int, int]], size: int, k: int, ctx: _Context
) -> _Candidate | None:
    """Align the whole quote through a chain of exact seeds and measure its edit cost.

    Between consecutive seeds the gap is compared directly (usually equal -> free) or by
    Levenshtein distance; before the first and after the last seed the boundary is free,
    and is placed where edit cost minus a bonus for agreeing with the stored context is
    least. The bonus keeps an inserted word just inside the passage inside it, instead of
    "matching" the passage's last word against the first letters of the insertion.
    The cost is an upper bound of the true distance (the optimum through these seeds).
    """
    cost = 0
    for (o1, p1), (o2, p2) in zip(chain, chain[1:], strict=False):
        cost += _lev(exact[o1 + size : o2], text[p1 + size : p2])
        if cost > k:
            return None

    o_first, p_first = chain[0]
    if o_first == 0:
        start = p_first
    else:
        budget = k - cost
        lo = max(0, p_first - o_first - budget)
        dists = _prefix_distances(exact[:o_first], text, lo, p_first, -1)
        start, best = -1, None
        for i, d in enumerate(dists):
            if d > budget:
                continue
            s = p_first - i
            key = d - BOUNDARY_BONUS * min(ctx.prefix_run(text, s), 16)
            if best is None or key <= best[0]:  # "<=": on a tie the longer span wins
                best, start = (key, d), s
        if best is None:
            return None
        cost += best[1]

    o_last, p_last = chain[-1]
    tail = exact[o_last + size :]
    p_end = p_last + size
    if not tail:
        end = p_end
    else:
        budget = k - cost
        hi = min(len(text), p_end + len(tail) + budget)
        dists = _prefix_distances(tail, text, p_end, hi, 1)
        end, best = -1, None
        for i, d in enumerate(dists):
            if d > budget:
                continue
            e = p_end + i
            key = d - BOUNDARY_BONUS * min(ctx.suffix_run(text, e), 16)
            if best is None or key <= best[0]:
                best, end = (key, d), e
        if best is None:
            return None
        cost += best[1]
    return _Candidate(start, end, cost, ctx.score(text, start, end))


def _fuzzy_candidates(
    text: str,
    exact: str,
    k: int,
    ctx: _Context,
    hint: int,
    lo: int,
    hi: int,
    max_pieces: int = MAX_PIECES,
) -> list[_Candidate]:
    """Approximate occurrences of ``exact`` within ``k`` edits in ``text[lo:hi]``, by
    seed and extend.

    The quote is cut into disjoint pieces; each edit spoils at most one piece, so a true
    match keeps at least ``pieces - k`` of them, in order, on nearly the same diagonal
    (text position minus quote offset; insertions and deletions shift it by at most
    ``k``). Pieces are located with ``str.find``; occurrences are grouped by diagonal;
    each group's best co-linear chain is extended into a full alignment. Only the gaps
    between seeds and the two ends are ever run through the edit-distance automaton, so
    the cost is nearly independent of the article's length.
    """
    m = len(exact)
    size = _piece_size(exact, k)
    offsets = list(range(0, m - size + 1, size))
    if len(offsets) > max_pieces:
        step = len(offsets) / max_pieces
        offsets = [offsets[int(i * step)] for i in range(max_pieces)]

    seeds: list[tuple[int, int, int]] = []  # (diagonal, quote offset, text position)
    used = 0
    for o in offsets:
        hits = _find_all(text, exact[o : o + size], lo, hi, MAX_PIECE_HITS)
        if len(hits) > MAX_PIECE_HITS:
            continue  # too common to be evidence
        used += 1
        seeds.extend((p - o, o, p) for p in hits)
    if not seeds:
        return []

    # A match with d <= k edits keeps >= used - d pieces: fewer votes rule a group out.
    # Beyond that guarantee, demand that a quarter of the pieces survive: real edits are
    # not spread evenly enough to break three pieces in four while staying within k, but
    # chance hits of one common piece elsewhere in the article are everywhere.
    min_votes = max(1, used - k, (used + 3) // 4)
    seeds.sort()
    groups: list[list[tuple[int, int]]] = []
    prev = None
    for d, o, p in seeds:
        if prev is None or d - prev > k:
            groups.append([])
        groups[-1].append((o, p))
        prev = d
    ranked = []
    for g in groups:
        votes = len({o for o, _ in g})
        if votes >= min_votes:
            ranked.append((-votes, abs(g[0][1] - g[0][0] - hint), g))
    ranked.sort(key=lambda r: r[:2])

    out = []
    for _, _, g in ranked[:MAX_WINDOWS]:
        chain = _chain(g, size, k)
        if used - len(chain) > k:
            continue
        cand = _extend(text, exact, chain, size, k, ctx)
        if cand is not None:
            out.append(cand)
    return out
