"""Every write of the debate layer: answers, replies, edits and votes. Import from here.
(Flags, review decisions, suspensions and locks are the moderation app's.)"""

from .debate import (
    clean_body,
    clean_sources,
    clean_stance,
    counterargument_edit,
    counterargument_post,
    counterargument_remove,
    notifications_mark_read,
    passage_counter,
    refresh_answer_count,
    reply_post,
    source_host,
    vote_cast,
    vote_toggle,
    vote_withdraw,
)

__all__ = [
    "clean_body",
    "clean_sources",
    "clean_stance",
    "counterargument_edit",
    "counterargument_post",
    "counterargument_remove",
    "notifications_mark_read",
    "passage_counter",
    "refresh_answer_count",
    "reply_post",
    "source_host",
    "vote_cast",
    "vote_toggle",
    "vote_withdraw",
]
