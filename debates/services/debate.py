"""Every write of the debate layer: answers, replies, edits, removals, votes. The HTML
views and the API call these; each checks permission, validates, and runs in one
transaction, raising PermissionDenied or ValidationError with a sentence for the user."""

import functools
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations import folding
from annotations import services as annotation_services
from annotations.models import Article, Highlight
from core.db import lock, lock_member, retrying_atomic
from core.members import require_member, require_signed_in
from core.ratelimit import enforce_rate_limit

from .. import markdown, rules
from ..models import Counterargument, CounterargumentVersion, Notification, Stance, Visibility, Vote

_require_member = require_member


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error tied to a form field that keeps its code (a dict of plain messages loses
    it), so the HTML form and the API can both tell which check failed."""
    return ValidationError({field: ValidationError(message, code=code)})


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise _field_error("body", _("Write something first."), "empty")
    if len(body) > Counterargument.MAX_BODY:
        raise _field_error(
            "body",
            _("Keep it under %(limit)s characters (this has %(count)s).")
            % {"limit": f"{Counterargument.MAX_BODY:,}", "count": f"{len(body):,}"},
            "too_long",
        )
    return body


def clean_stance(stance: str) -> str:
    if stance not in Stance.values:
        raise _field_error(
            "stance", _("Choose a stance: refutes, qualifies, supports or asks."), "invalid_stance"
        )
    return stance


def clean_sources(sources) -> list[str]:
    if sources is None:
        return []
    if isinstance(sources, str):
        sources = sources.split()
    sources = [s.strip() for s in sources if isinstance(s, str) and s.strip()]
    if len(sources) > Counterargument.MAX_SOURCES:
        raise _field_error(
            "sources",
            _("Give at most %(limit)d sources.") % {"limit": Counterargument.MAX_SOURCES},
            "too_many_sources",
        )
    validate = URLValidator(schemes=["http", "https"])
    for source in sources:
        try:
            validate(source)
        except ValidationError:
            raise _field_error(
                "sources",
                _("“%(url)s” is not a web address (http or https).") % {"url": source[:200]},
                "bad_source",
            ) from None
    return list(dict.fromkeys(sources))


def _limit_answers(user) -> None:
    enforce_rate_limit(
        user=user, kind="counterargument", recent=Counterargument.objects.filter(author=user)
    )


def source_host(url: str) -> str:
    return urlsplit(url).hostname or url


def refresh_answer_count(highlight_id: int) -> None:
    """The passage's activity, read by the reading page for its marks' intensity.

    Caller is inside a transaction. The passage's row is locked before counting (last in
    the lock order of core.db), so two answers posted at once are counted one after the
    other and neither is missed. A changed count changes the mark's heat and the lists of
    the reading page: its cached body goes in the same transaction."""
    article_id, before = lock(Highlight.objects.filter(pk=highlight_id)).values_list(
        "article_id", "answers"
    )[0]
    # Only what readers see counts: hidden and removed answers are not activity.
    count = Counterargument.objects.filter(
        highlight_id=highlight_id, visibility=Visibility.VISIBLE
    ).count()
    if count != before:
        Highlight.objects.filter(pk=highlight_id).update(answers=count)
        annotation_services.reading_changed(article_id=article_id)


def _notify(*, recipient, actor, kind: str, counterargument: Counterargument) -> None:
    if recipient.pk != actor.pk:
        Notification.objects.create(
            recipient=recipient, actor=actor, kind=kind, counterargument=counterargument
        )


def _refuse_duplicate(*, user, highlight, parent, body: str) -> None:
    """A double click or a re-sent form must not post the same words twice. The member's
    row is locked (by the rate limit), so two copies sent at once are checked one after
    the other."""
    since = timezone.now() - timedelta(seconds=Counterargument.DUPLICATE_WINDOW_SECONDS)
    if Counterargument.objects.filter(
        author=user, highlight=highlight, parent=parent, body=body, created__gte=since
    ).exists():
        raise _field_error("body", _("You just posted these same words here."), "duplicate")


def _create_answer(*, user, highlight, parent, stance, body, sources) -> Counterargument:
    """Validate, count against the member's limit, store with its rendered Markdown, and
    recount the passage's activity. Caller is inside a transaction and has checked who
    may answer what."""
    body = clean_body(body)
    _limit_answers(user)
    _refuse_duplicate(user=user, highlight=highlight, parent=parent, body=body)
    answer = Counterargument.objects.create(
        highlight=highlight,
        parent=parent,
        author=user,
        stance=clean_stance(stance),
        body=body,
        body_html=markdown.render(body),
        sources=clean_sources(sources),
        search_text=folding.fold(body),
    )
    refresh_answer_count(highlight.pk)
    return answer


@retrying_atomic
def counterargument_post(
    *, user, highlight: Highlight, stance: str, body: str, sources=None
) -> Counterargument:
    """Answer a passage."""
    rules.raise_if(rules.answer_refusal(user, highlight))
    counterargument = _create_answer(
        user=user, highlight=highlight, parent=None, stance=stance, body=body, sources=sources
    )
    _notify(
        recipient=highlight.author,
        actor=user,
        kind=Notification.Kind.COUNTER,
        counterargument=counterargument,
    )
    return counterargument


@retrying_atomic
def passage_counter(
    *, user, article: Article, start, end, exact: str, stance: str, body: str, sources=None
) -> Counterargument:
    """Mark a passage and post its first answer together: both or neither."""
    _require_member(user, _("Sign in to answer a passage."))
    # Validate the answer before the passage, so a bad answer leaves no lonely mark.
    clean_stance(stance)
    clean_body(body)
    clean_sources(sources)
    highlight = annotation_services.highlight_create(
        user=user, article=article, start=start, end=end, exact=exact
    )
    return counterargument_post(
        user=user, highlight=highlight, stance=stance, body=body, sources=sources
    )


@retrying_atomic
def reply_post(
    *, user, parent: Counterargument, stance: str, body: str, sources=None
) -> Counterargument:
    """Answer an answer. Replies have their own stance towards their parent."""
    _require_member(user, _("Sign in to reply."))
    parent = Counterargument.objects.select_related("highlight__article", "author").get(
        pk=parent.pk
    )
    rules.raise_if(rules.reply_refusal(user, parent))
    reply = _create_answer(
        user=user,
        highlight=parent.highlight,
        parent=parent,
        stance=stance,
        body=body,
        sources=sources,
    )
    _notify(
        recipient=parent.author, actor=user, kind=Notification.Kind.REPLY, counterargument=reply
    )
    return reply


@retrying_atomic
def counterargument_edit(
    *, user, counterargument: Counterargument, stance: str, body: str, sources=None
) -> Counterargument:
    """The author rewrites their item: freely within 15 minutes, later with an "edited"
    mark and the previous version kept."""
    _require_member(user, _("Sign in to edit."))
    ca = lock(
        Counterargument.objects.select_related("highlight__article").filter(pk=counterargument.pk)
    ).get()
    rules.raise_if(rules.edit_refusal(user, ca))
    body, stance, sources = clean_body(body), clean_stance(stance), clean_sources(sources)
    if (body, stance, sources) == (ca.body, ca.stance, ca.sources):
        return ca
    if timezone.now() - ca.created > timedelta(minutes=Counterargument.FREE_EDIT_MINUTES):
        CounterargumentVersion.objects.create(
            counterargument=ca, stance=ca.stance, body=ca.body, sources=ca.sources
        )
        ca.edited = timezone.now()
    ca.body, ca.body_html, ca.stance, ca.sources = body, markdown.render(body), stance, sources
    ca.search_text = folding.fold(body)
    ca.save()
    return ca


@retrying_atomic
def counterargument_remove(*, user, counterargument: Counterargument) -> Counterargument:
    """The author takes their item down. It stays as "[removed by its author]" so the
    replies under it keep their place."""
    _require_member(user, _("Sign in to remove."))
    ca = lock(
        Counterargument.objects.select_related("highlight__article").filter(pk=counterargument.pk)
    ).get()
    rules.raise_if(rules.remove_refusal(user, ca))
    if ca.is_removed:
        return ca
    ca.visibility = Visibility.REMOVED_BY_AUTHOR
    ca.save(update_fields=["visibility"])
    refresh_answer_count(ca.highlight_id)
    return ca


def _recount(ca: Counterargument) -> None:
    """The item's tallies counted again from its votes and written, in one statement
    (``UPDATE … RETURNING``, which PostgreSQL and SQLite both have; it was a count and an
    update). Exact: the caller holds the item's lock, which serialises its votes."""
    with connection.cursor() as cursor:
        cursor.execute(_recount_sql(), [ca.pk, ca.pk, ca.pk])
        ca.upvotes, ca.downvotes = cursor.fetchone()


@functools.cache
def _recount_sql() -> str:
    q = connection.ops.quote_name
    answers, votes = q(Counterargument._meta.db_table), q(Vote._meta.db_table)
    of = q(str(Vote._meta.get_field("counterargument").get_attname_column()[1]))
    value = q(str(Vote._meta.get_field("value").get_attname_column()[1]))
    count = f"(SELECT COUNT(*) FROM {votes} WHERE {of} = %s AND {value} = {{}})"
    return (
        f"UPDATE {answers} SET {q('upvotes')} = {count.format(1)}, "
        f"{q('downvotes')} = {count.format(-1)} WHERE {q('id')} = %s "
        f"RETURNING {q('upvotes')}, {q('downvotes')}"
    )


def _vote(user, counterargument: Counterargument, choose) -> Counterargument:
    """Every vote write: `choose(current)` gives the new value (1, -1, or None for no
    vote) from the member's current one, read under the locks, so a toggle sent twice at
    once ends as the same two clicks in sequence would.

    Locks in the order of core.db: the member's row, then the answer's (which serialises
    votes on one item, so the recount is exact)."""
    _require_member(user, _("Sign in to vote."))
    lock_member(user)
    # The rules are asked once, of the row as locked; the article's text is not needed.
    ca = lock(
        Counterargument.objects.select_related("highlight__article")
        .defer("highlight__article__text")
        .filter(pk=counterargument.pk)
    ).get()
    rules.raise_if(rules.vote_refusal(user, ca))
    mine = Vote.objects.filter(user=user, counterargument=ca)
    current = mine.values_list("value", flat=True).first()
    value = choose(current)
    if value == current:
        return ca
    if value is None:
        mine.delete()
    else:
        enforce_rate_limit(
            user=user,
            kind="vote",
            recent=Vote.objects.filter(user=user),
            field="updated",
            member_locked=True,  # first thing above
        )
        # `current` was read under the member's lock, so it still holds: no get-or-create
        # (a SELECT FOR UPDATE and two savepoints) to find out again.
        if current is None:
            Vote.objects.create(user=user, counterargument=ca, value=value)
        else:
            mine.update(value=value, updated=timezone.now())
    _recount(ca)
    return ca


def _clean_vote(value) -> int:
    # 1.0 and True compare equal to 1: only the integers themselves are votes.
    if type(value) is not int or value not in (1, -1):
        raise _field_error("value", _("A vote is 1 (up) or -1 (down)."), "invalid_vote")
    return value


@retrying_atomic
def vote_cast(*, user, counterargument: Counterargument, value: int) -> Counterargument:
    """Record or change a member's vote (+1 or -1). Idempotent. Returns the item with its
    new tallies."""
    value = _clean_vote(value)
    return _vote(user, counterargument, lambda current: value)


@retrying_atomic
def vote_withdraw(*, user, counterargument: Counterargument) -> Counterargument:
    """Take a vote back. Idempotent."""
    return _vote(user, counterargument, lambda current: None)


@retrying_atomic
def vote_toggle(*, user, counterargument: Counterargument, value: int) -> Counterargument:
    """The vote buttons: clicking the direction you already chose takes the vote back."""
    value = _clean_vote(value)
    return _vote(user, counterargument, lambda current: None if current == value else value)


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the member's unread notifications (all, or those with `ids`) read; returns how
    many changed."""
    # Suspended members may still read their notifications and mark them read.
    require_signed_in(user, _("Sign in first."))
    unread = Notification.objects.filter(recipient=user, read=False)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read=True)
