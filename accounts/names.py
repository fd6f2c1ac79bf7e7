"""What a member may be called: the one rule for display names and usernames, asked by
the sign-up (allauth's adapter, which generates the username), the profile form (through
accounts.services.profile_update), the admin (User.clean) and any API alike.

Two refusals: characters that hide or reorder text (core.text), and names that look like
the site's staff ("Mona (moderator)", "官方客服"), which only staff members may carry."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import text

# Matched anywhere in the folded name (letters and digits only, lookalikes mapped), so
# "Mona (Moderator)", "m0derat0r", "ＡＤＭＩＮ" and "AdminTeam" are all caught.
RESERVED_WORDS = ("moderator", "moderation", "admin", "staff", "official", "counterpoint")
# Simplified and Traditional forms (版主 and 官方 are written the same in both).
RESERVED_CJK = ("管理员", "管理員", "版主", "官方", "站长", "站長")
# Too short to look for inside words ("modern"), so only as a word of their own.
RESERVED_TOKENS = frozenset({"mod", "mods", "sysop"})
# Ordinary words that happen to contain a reserved one.
ORDINARY = ("badminton", "stafford")

# Letters from other scripts and digits that pass for Latin letters in a name.
LOOKALIKES = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ѐ": "e",
        "ё": "e",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "ԁ": "d",
        "ɑ": "a",
        # Greek
        "α": "a",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
    }
)

HIDDEN_MESSAGE = {
    "display_name": _(
        "A display name can't contain invisible characters or characters that change the "
        "direction of text (found: %(found)s)."
    ),
    "username": _(
        "A username can't contain invisible characters or characters that change the "
        "direction of text (found: %(found)s)."
    ),
}
RESERVED_MESSAGE = _(
    "Names that look like the site's staff (such as “moderator”, “admin”, “official” or "
    "“管理员”) are kept for the staff; choose another name."
)


def _fold(name: str) -> str:
    """NFKC (full-width and styled letters become plain), case-folded, marks dropped."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def looks_like_staff(name: str) -> bool:
    """Whether the name could be taken for a moderator's, an administrator's or the
    site's own."""
    folded = _fold(name)
    if any(word in folded for word in RESERVED_CJK):
        return True
    tokens = re.split(r"[\W_]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).casefold())
    if RESERVED_TOKENS.intersection(tokens):
        return True
    mapped = folded.translate(LOOKALIKES)
    # "1" passes for an "l" as well as an "i": try both readings.
    readings = {mapped, folded.replace("1", "l").translate(LOOKALIKES)}
    for reading in readings:
        letters = "".join(ch for ch in reading if ch.isalnum())
        for word in ORDINARY:
            letters = letters.replace(word, "")
        if any(word in letters for word in RESERVED_WORDS):
            return True
    return False


def name_refusal(value: str, *, field: str, is_staff: bool) -> ValidationError | None:
    """Why `value` may not be this member's display name or username (`field`), or None.
    Staff members may carry staff-looking names; nobody may hide characters in one."""
    hidden = text.refusal(value, str(HIDDEN_MESSAGE[field]))
    if hidden is not None:
        return hidden
    if value and not is_staff and looks_like_staff(value):
        return ValidationError(RESERVED_MESSAGE, code="reserved_name")
    return None


def check_name(value: str, *, field: str, is_staff: bool) -> None:
    """Raise the refusal, if any, on its field."""
    refusal = name_refusal(value, field=field, is_staff=is_staff)
    if refusal is not None:
        raise ValidationError({field: refusal})
