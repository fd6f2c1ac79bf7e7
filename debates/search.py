"""One search over articles (title and text), passages (their quote) and answers and
replies (their text), for HTML and API alike.

Every stored text has a folded copy (``search_text``, annotations.folding, written by the
services); the query is folded the same way and each of its words must occur in the folded
copy (a substring match: LIKE, which PostgreSQL answers from a trigram index). What a
reader may find is what the reading page shows them: passages through
``Highlight.objects.visible_to``, answers through ``rules.answer_words_found_q``. One query
per kind searched, whatever the number of results."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length, Replace
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from annotations import folding
from annotations.models import Article, Highlight

from . import rules
from .models import Counterargument, SearchKind, SearchOrdering

StrOrPromise = str | Promise
MAX_QUERY = 200
#: Results per kind on the page (the API pages through at most MAX_RESULTS of them).
PER_KIND = 20
#: Results per kind in the list under the header's search box.
HEADER_LIMIT = 3
MAX_RESULTS = 100


@dataclass
class Hit:
    kind: str
    pk: int
    title: str
    snippet: SafeString
    url: str
    language: str
    created: datetime
    matches: int


@dataclass
class Results:
    query: str
    words: list[str]
    groups: dict[str, list[Hit]] = field(default_factory=dict)

    @property
    def hits(self) -> list[Hit]:
        return [hit for kind in SearchKind.values for hit in self.groups.get(kind, [])]

    @property
    def grouped(self) -> list[tuple[str, StrOrPromise, list[Hit]]]:
        """(kind, its label, its hits) for each kind with hits, in SearchKind's order."""
        return [
            (kind, label, self.groups[kind])
            for kind, label in SearchKind.choices
            if self.groups.get(kind)
        ]

    @property
    def total(self) -> int:
        return sum(len(hits) for hits in self.groups.values())


def clean_query(query: str | None) -> str:
    """The query as searched (spaces trimmed), or a ValidationError with a sentence. An
    empty query is not an error here: the page shows a hint, the API refuses it."""
    query = " ".join((query or "").split())
    if len(query) > MAX_QUERY:
        raise ValidationError(
            _("A search can be at most %(limit)s characters long; this one has %(count)s.")
            % {"limit": MAX_QUERY, "count": len(query)},
            code="too_long",
        )
    if any(char == "\x00" or unicodedata.category(char) in ("Cs", "Cc") for char in query):
        raise ValidationError(
            _("A search can't contain control characters."), code="invalid_characters"
        )
    return query


def _matching(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Rows whose folded text holds every word, with `matches`: how often they occur."""
    matches = None
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
        occurrences = (
            Length("search_text") - Length(Replace("search_text", Value(word), Value("")))
        ) / len(word)
        matches = occurrences if matches is None else matches + occurrences
    return queryset.annotate(matches=matches if matches is not None else Value(0))


def _narrowed(
    queryset: QuerySet, member: str, author: str, since: date | None, until: date | None
) -> QuerySet:
    if author:
        queryset = queryset.filter(**{f"{member}__username": author})
    if since is not None:
        queryset = queryset.filter(created__date__gte=since)
    if until is not None:
        queryset = queryset.filter(created__date__lte=until)
    return queryset


def _ordered(queryset: QuerySet, ordering: str, *, exact: Q | None = None) -> QuerySet:
    if ordering == SearchOrdering.NEWEST:
        return queryset.order_by("-created", "-pk")
    if exact is not None:
        queryset = queryset.annotate(
            exact=Case(When(exact, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        return queryset.order_by("-exact", F("matches").desc(), "-created", "-pk")
    return queryset.order_by(F("matches").desc(), "-created", "-pk")


def _snippet(text: str, words: list[str], folded: str) -> SafeString:
    # folding.snippet escapes every character of the text before adding its <mark>s.
    return mark_safe(folding.snippet(text, words, folded=folded))  # noqa: S308


def _folded_text(article: Article) -> str:
    """The stored folded form of the article's text alone (its search text is the title's
    and the text's, one line apart)."""
    return article.search_text[len(folding.fold(article.title)) + 1 :]


def search(
    *,
    user,
    query: str,
    kind: str = "",
    language: str = "",
    author: str = "",
    since: date | None = None,
    until: date | None = None,
    ordering: str = SearchOrdering.RELEVANCE,
    limit: int = PER_KIND,
) -> Results:
    """What `user` may find for `query` (already cleaned by clean_query), grouped by kind,
    at most `limit` of each kind: the most relevant first (an article titled exactly so,
    then the most matches), or the newest. `author` is a username (who imported the
    article, marked the passage, wrote the answer); `since` and `until` bound the day it
    was created, both included."""
    words = folding.terms(query)
    results = Results(query=query, words=words)
    if not words:
        return results
    kinds = [kind] if kind else list(SearchKind.values)
    folded = folding.fold(query)
    if SearchKind.ARTICLE in kinds:
        articles = _matching(Article.objects.all(), words)
        if language:
            articles = articles.filter(language=language)
        articles = _narrowed(articles, "imported_by", author, since, until)
        articles = _ordered(articles, ordering, exact=Q(search_text__startswith=folded + "\n"))
        results.groups[SearchKind.ARTICLE] = [
            Hit(
                kind=SearchKind.ARTICLE,
                pk=article.pk,
                title=article.title,
                snippet=_snippet(article.text, words, _folded_text(article)),
                url=article.get_absolute_url(),
                language=article.language,
                created=article.created,
                matches=article.matches,
            )
            for article in articles.defer("blocks")[:limit]
        ]
    if SearchKind.PASSAGE in kinds:
        passages = _matching(Highlight.objects.visible_to(user), words).select_related("article")
        if language:
            passages = passages.filter(article__language=language)
        passages = _narrowed(passages, "author", author, since, until)
        results.groups[SearchKind.PASSAGE] = [
            Hit(
                kind=SearchKind.PASSAGE,
                pk=passage.pk,
                title=passage.article.title,
                snippet=_snippet(passage.exact, words, passage.search_text),
                url=f"{passage.article.get_absolute_url()}#mark-{passage.pk}",
                language=passage.article.language,
                created=passage.created,
                matches=passage.matches,
            )
            for passage in _ordered(passages, ordering).defer(
                "article__text", "article__search_text", "article__blocks"
            )[:limit]
        ]
    if SearchKind.COUNTERARGUMENT in kinds:
        answers = _matching(
            Counterargument.objects.filter(rules.answer_words_found_q(user)), words
        ).select_related("highlight__article")
        if language:
            answers = answers.filter(highlight__article__language=language)
        answers = _narrowed(answers, "author", author, since, until)
        results.groups[SearchKind.COUNTERARGUMENT] = [
            Hit(
                kind=SearchKind.COUNTERARGUMENT,
                pk=answer.pk,
                title=answer.highlight.article.title,
                snippet=_snippet(answer.body, words, answer.search_text),
                url=answer.get_absolute_url(),
                language=answer.highlight.article.language,
                created=answer.created,
                matches=answer.matches,
            )
            for answer in _ordered(answers, ordering).defer(
                "body_html",
                "highlight__search_text",
                "highlight__article__text",
                "highlight__article__search_text",
                "highlight__article__blocks",
            )[:limit]
        ]
    return results
