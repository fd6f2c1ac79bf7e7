"""Characters that must not hide in what readers trust at a glance: names and the hosts
of source links. Bidirectional controls (U+202E turns "gpj.exe" into "exe.jpg" on
screen) and invisible or format characters let one name pass for another, so the
places that take a name or a source URL refuse them, all through this one rule.

`hidden_characters` and `describe` use the standard library only; `refusal` wraps the
answer in a Django ValidationError with the caller's sentence."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

# The explicit and isolate direction controls, and the implicit marks (LRM, RLM, ALM).
BIDI_CONTROLS = frozenset(
    chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
)

# Format (Cf), control (Cc), private-use, surrogate and unassigned code points, and line
# or paragraph separators: nothing a reader can see or check.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})

# Characters of other categories that draw nothing: the Hangul fillers, the braille
# blank, Khmer's invisible vowels, the combining grapheme joiner, Mongolian selectors.
BLANK_GLYPHS = frozenset(
    chr(c) for c in (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0)
) | frozenset(chr(c) for c in range(0x180B, 0x1810))

# Zero-width (non-)joiners shape Persian, Arabic and Indic words and emoji sequences:
# allowed between two visible characters, refused anywhere else (padding, edges).
JOINERS = frozenset({"\u200c", "\u200d"})


def _hidden(ch: str) -> bool:
    return (
        ch in BIDI_CONTROLS or ch in BLANK_GLYPHS or unicodedata.category(ch) in HIDDEN_CATEGORIES
    )


def _visible(ch: str) -> bool:
    return not _hidden(ch) and not ch.isspace()


def hidden_characters(text: str) -> list[str]:
    """The bidi controls and invisible characters in `text`, each once, in order of
    first appearance. A joiner between two visible characters is part of the word."""
    found: list[str] = []
    for index, ch in enumerate(text):
        if not _hidden(ch):
            continue
        if (
            ch in JOINERS
            and 0 < index < len(text) - 1
            and _visible(text[index - 1])
            and _visible(text[index + 1])
        ):
            continue
        if ch not in found:
            found.append(ch)
    return found


def describe(ch: str) -> str:
    """ "U+202E RIGHT-TO-LEFT OVERRIDE": how a sentence names a character nobody sees."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".strip()


def refusal(text: str, message: str) -> ValidationError | None:
    """A ValidationError saying `message` (with %(found)s for the characters found), or
    None when `text` hides nothing."""
    found = hidden_characters(text)
    if not found:
        return None
    return ValidationError(
        message,
        code="hidden_character",
        params={"found": ", ".join(describe(ch) for ch in found[:3])},
    )
