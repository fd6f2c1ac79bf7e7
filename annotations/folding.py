"""Folding text for search: the one definition of which spellings count as the same word.

Stored texts are folded on write (the ``search_text`` columns) and queries are folded the
same way, so a plain substring match on the folded forms finds 「阿爾特曼」 for 「阿尔特曼」,
「耗電」 for 「耗电」 and 「ＡＩ」 for "ai". The steps, in order:

1. NFC, so a decomposed accent and its composed form fold alike;
2. Traditional -> Simplified Chinese with OpenCC's ``t2s`` profile (character and phrase
   tables);
3. per character: NFKC (full-width Latin letters, digits and punctuation become their
   half-width forms, the ideographic space a space, ligatures their letters), case folding,
   and the few CJK punctuation marks NFKC leaves alone (「」。、…) mapped onto ASCII.

Folding character by character (step 3) keeps a map from each folded character back to the
character of the original it came from, which the snippet highlighter needs. Step 2 maps
characters one to one for nearly every text; when it does not (a phrase converted into a
phrase of another length), :func:`fold_with_offsets` says so and the caller shows the
snippet without highlights rather than highlighting the wrong words.
"""

from __future__ import annotations

import html
import unicodedata
from functools import cache, lru_cache
from typing import Any

#: CJK punctuation NFKC leaves as it is, unified with what a reader types on a Latin keyboard.
_PUNCTUATION = {
    "。": ".",
    "、": ",",
    "「": '"',
    "」": '"',
    "『": '"',
    "』": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "〈": "<",
    "〉": ">",
    "《": "<",
    "》": ">",
    "【": "[",
    "】": "]",
}


@cache
def _converter() -> Any:
    import opencc  # imported on first use: loading its dictionaries takes a moment

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese -> Simplified; other scripts pass through unchanged."""
    if text.isascii():
        return text
    return str(_converter().convert(text))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    char = _PUNCTUATION.get(char, char)
    return unicodedata.normalize("NFKC", char).casefold()


def fold(text: str) -> str:
    """The folded form of `text`, as stored in a search column and matched against."""
    return fold_with_offsets(text, strict=False)[0]


def fold_with_offsets(text: str, *, strict: bool = True) -> tuple[str, list[int] | None]:
    """`text` folded, and for each folded character the index of the character of `text`
    it comes from (plus one final entry, len(text), so a match's end maps too). The map is
    None when conversion changed the number of characters (strict: the caller must not
    highlight); with strict=False it is not computed."""
    nfc = unicodedata.normalize("NFC", text)
    simplified = to_simplified(nfc)
    aligned = len(nfc) == len(text) and len(simplified) == len(text)
    parts: list[str] = []
    offsets: list[int] | None = [] if strict and aligned else None
    for index, char in enumerate(simplified):
        folded = _fold_char(char)
        parts.append(folded)
        if offsets is not None:
            offsets.extend([index] * len(folded))
    if offsets is not None:
        offsets.append(len(text))
    return "".join(parts), offsets


def terms(query: str) -> list[str]:
    """The folded words of a query (split on white space), each once, longest first, so
    that a highlight of a longer word is not cut by a shorter one inside it."""
    seen: dict[str, None] = {}
    for term in fold(query).split():
        seen.setdefault(term, None)
    return sorted(seen, key=len, reverse=True)


def count(folded: str, words: list[str]) -> int:
    """How many times the words occur in a folded text (the relevance of a result)."""
    return sum(folded.count(word) for word in words if word)


#: Snippets fold the text a piece at a time, from where the match probably is, so that
#: a long article costs a few short folds, not one of the whole text.
CHUNK = 500


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the folded words occur in `text`, as (start, end) in `text`, in order; none
    when folding did not keep the characters aligned."""
    folded, offsets = fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    if offsets is None:
        return spans
    for word in words:
        at = folded.find(word)
        while at != -1:
            start, end = offsets[at], offsets[at + len(word) - 1] + 1
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            at = folded.find(word, at + len(word))
    return sorted(spans)


def _first_match(text: str, words: list[str], hint: int) -> int | None:
    """Where the first match in `text` starts: the pieces from `hint` on are folded first,
    then those before it (a wrong hint costs time, never a match)."""
    longest = max(len(word) for word in words)
    hint = max(0, min(hint - longest, len(text)))
    for low in [*range(hint, len(text), CHUNK), *range(0, hint, CHUNK)]:
        # Each piece reaches `longest` into the next, so no match is cut in two.
        high = min(low + CHUNK, hint) if low < hint else low + CHUNK
        spans = _spans(text[low : high + longest], words)
        if spans:
            return low + spans[0][0]
    return None


def snippet(text: str, words: list[str], *, width: int = 60, folded: str | None = None) -> str:
    """About `width` characters of `text` around the first match of any of the folded
    `words`, as HTML: everything escaped, then each match inside wrapped in <mark>. Without
    a match (or when folding did not keep the characters aligned) the start of the text,
    escaped, with no marks. `folded` is the text's stored folded form, if at hand: it says
    whether there is a match at all and, when as long as the text, about where."""
    words = [word for word in words if word]
    hint = 0
    if folded is not None and words:
        found = [at for word in words if (at := folded.find(word)) != -1]
        if not found:
            words = []
        elif len(folded) == len(text):
            hint = min(found)
    first = _first_match(text, words, hint) if words else None
    if first is not None:
        begin = max(0, first - width // 3)
        # Start at a word boundary when one is near, so the snippet does not open mid-word.
        space = text.rfind(" ", max(0, begin - 10), first)
        begin = space + 1 if space >= begin - 10 and space != -1 else begin
        longest = max(len(word) for word in words)
        spans = [
            (begin + start, begin + end)
            for start, end in _spans(text[begin : max(begin + width, first) + longest], words)
        ]
    else:
        begin, spans = 0, []
    finish = min(len(text), begin + width)
    if spans and spans[0][1] > finish:
        finish = min(len(text), spans[0][1])
    pieces: list[str] = ["…" if begin > 0 else ""]
    position = begin
    for start, end in spans:
        if start < position or end > finish:
            continue
        pieces.append(_escape(text[position:start]))
        pieces.append(f"<mark>{_escape(text[start:end])}</mark>")
        position = end
    pieces.append(_escape(text[position:finish]))
    pieces.append("…" if finish < len(text) else "")
    return _squash("".join(pieces))


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _squash(markup: str) -> str:
    """Line breaks and runs of spaces read as one space in a one-line snippet."""
    return " ".join(markup.split())
