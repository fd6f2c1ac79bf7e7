"""Traditional Chinese, made from the Simplified catalogue (`make messages` runs this).

The Simplified catalogue (locale/zh_Hans) is the one people translate; the Traditional one
(locale/zh_Hant) is written from it by OpenCC with the Taiwan phrase profile (s2twp: 软件 →
軟體, 视频 → 影片, not only character by character). One source, so the two never drift;
a phrase that needs a hand-made Traditional wording belongs in OpenCC's dictionaries, not
in a second catalogue.

    python -m core.hant_messages          # rewrite locale/zh_Hant from locale/zh_Hans
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
SOURCE, TARGET = "zh_Hans", "zh_Hant"

_QUOTED = re.compile(r'^(\s*(?:msgstr(?:\[\d+\])?\s+)?)"(.*)"\s*$')


@cache
def _converter() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("s2twp").convert


def to_traditional(text: str) -> str:
    """Simplified → Traditional (Taiwan phrasing); Latin text and placeholders unchanged."""
    return _converter()(text)


def convert_catalogue(po: str, convert: Callable[[str], str] = to_traditional) -> str:
    """The zh_Hant .po text for a zh_Hans .po text: every msgstr converted, msgids and
    comments kept, the header's Language switched."""
    out: list[str] = []
    in_msgstr = False
    for line in po.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith("msgstr"):
            in_msgstr = True
        elif stripped.startswith(("msgid", "msgctxt", "#")) or not stripped.strip():
            in_msgstr = False
        if in_msgstr:
            match = _QUOTED.match(line.rstrip("\n"))
            if match:
                body = match.group(2)
                if body.startswith("Language: "):
                    body = f"Language: {TARGET}\\n"
                line = f'{match.group(1)}"{convert(body)}"\n'
        out.append(line)
    return "".join(out)


def write_traditional(locale: Path = LOCALE) -> list[Path]:
    written = []
    for source in sorted((locale / SOURCE / "LC_MESSAGES").glob("*.po")):
        target = locale / TARGET / "LC_MESSAGES" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(convert_catalogue(source.read_text(encoding="utf-8")), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in write_traditional():
        sys.stdout.write(f"wrote {path.relative_to(LOCALE.parent)}\n")
