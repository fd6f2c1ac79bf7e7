"""Read models of answers and votes in the API: small functions building the dicts of
``CounterargumentOutput`` and ``VoteOutput`` (``serializers.py``), which keep the OpenAPI
schema; ``tests/api/test_read_models.py`` checks both give the same JSON. (Why:
``core/api/output.py``.)"""

from __future__ import annotations

from typing import TypedDict

from annotations.api_output import MemberData
from core.api.output import Links, iso_datetime

from . import rules
from .models import Counterargument
from .selectors import AnswerRow


class CounterargumentData(TypedDict):
    id: int
    highlight: int
    parent: int | None
    author: MemberData
    stance: str
    body: str
    body_html: str
    sources: list[str]
    visibility: str
    upvotes: int
    downvotes: int
    score: int
    my_vote: int
    replies: int
    created: str | None
    edited: str | None
    url: str
    api_url: str
    replies_url: str


class VoteData(TypedDict):
    counterargument: int
    upvotes: int
    downvotes: int
    score: int
    my_vote: int


def counterargument_item(
    row: AnswerRow, *, user, my_vote: int, replies: int, article_id: int, links: Links
) -> CounterargumentData:
    """An answer or reply as ``user`` gets it: ``my_vote`` is theirs, ``replies`` how many
    direct replies it has in the thread. Words they may not read
    (``rules.api_shows_words``) are left out, the item keeping its place."""
    pk, highlight = row.pk, row.highlight_id
    shown = rules.api_shows_words(user, row)
    return {
        "id": pk,
        "highlight": highlight,
        "parent": row.parent_id,
        "author": {"username": row.author_username, "name": row.author_name},
        "stance": row.stance,
        "body": row.body if shown else "",
        "body_html": row.body_html if shown else "",
        "sources": row.sources if shown else [],
        "visibility": row.visibility,
        "upvotes": row.upvotes,
        "downvotes": row.downvotes,
        "score": row.score,
        "my_vote": my_vote,
        "replies": replies,
        "created": iso_datetime(row.created),
        "edited": iso_datetime(row.edited),
        "url": links.absolute(f"/articles/{article_id}/passages/{highlight}/#ca-{pk}"),
        "api_url": links.path("api-counterargument", pk),
        "replies_url": links.path("api-counterargument-replies", pk),
    }


def vote_item(ca: Counterargument, *, my_vote: int) -> VoteData:
    """An item's tallies after a vote, with the voter's vote (0 for none)."""
    return {
        "counterargument": ca.pk,
        "upvotes": ca.upvotes,
        "downvotes": ca.downvotes,
        "score": ca.score,
        "my_vote": my_vote,
    }
