"""The moderation log as CSV, for moderators: each entry's sentence in the reader's
language, then its raw columns (ISO time, usernames, stored codes) for spreadsheets and
scripts. Streamed a page at a time, so a long log never sits in memory."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone, translation

from . import selectors, sentences

HEADER = [
    "sentence",
    "time",
    "moderator",
    "action",
    "target_type",
    "target_id",
    "member",
    "reason",
]
# What a spreadsheet reads as the start of a formula (OWASP's list: tab and carriage
# return too). Such a cell gets a leading apostrophe, which shows it as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell no spreadsheet runs as a formula: a member's name or a reason may be
    "=HYPERLINK(…)"."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def rows(pages: Iterable[selectors.LogPage]) -> Iterator[list[str]]:
    """The header, then one row per entry (a decision's two entries are two rows, each
    with its own sentence)."""
    yield HEADER
    for page in pages:
        for entry in page.entries:
            yield [
                safe_cell(value)
                for value in (
                    sentences.sentence([entry], page.title(entry)),
                    entry.created.isoformat(),
                    entry.moderator.username if entry.moderator else "",
                    entry.action,
                    entry.target_type,
                    entry.target_id,
                    entry.member.username if entry.member else "",
                    entry.reason,
                )
            ]


class _Echo:
    """csv.writer writes to a file; this one hands each line back to the stream."""

    def write(self, value: str) -> str:
        return value


def stream(entries, *, language: str, zone) -> Iterator[str]:
    """The CSV text of a moderation_log() queryset, line by line, in the reader's
    language and time zone (the stream is read after the view has returned, so both are
    carried here rather than taken from the request). A byte-order mark first, so
    spreadsheets read the Chinese as UTF-8."""
    writer = csv.writer(_Echo())
    with translation.override(language), timezone.override(zone):
        yield "\ufeff"
        for row in rows(selectors.moderation_log_pages(entries)):
            yield writer.writerow(row)
