"""Reads that are more than a one-line query."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.urls import reverse

from . import rendering, rules
from .models import Article, Highlight, ReadingVersion, Visibility


def article_list(*, query: str = "", language: str = "") -> QuerySet[Article]:
    articles = Article.objects.search(query).newest().select_related("imported_by")
    if language:
        articles = articles.filter(language=language)
    return articles.defer("text")


def intensity(*, markers: int, answers: int) -> int:
    """1-5: how many people marked the same words, plus how much they were answered."""
    activity = markers + answers
    for level, threshold in enumerate((1, 3, 6, 12), start=1):
        if activity <= threshold:
            return level
    return 5


@dataclass
class ReadingPage:
    article: Article
    blocks: list[rendering.Block]
    passages: list[Highlight]
    orphans: list[Highlight]


def reading_page(article: Article, user=None, figures: dict | None = None) -> ReadingPage:
    """The article's text cut into blocks with a <mark> per anchored passage, and its
    passages (anchored, then orphaned), leaving out those hidden from this reader. Two
    queries whatever the number of passages (plus the reader's permissions, once).

    `figures`: more per-passage figures as queryset annotations, from the layer above
    that knows how to count them (the debate's replies), read in the same query."""
    highlights = list(
        Highlight.objects.filter(article=article)
        .visible_to(user)
        .select_related("author")
        .annotate(**(figures or {}))
        .order_by("start", "pk")
    )
    anchored = [h for h in highlights if h.state == Highlight.State.ANCHORED]
    orphans = [h for h in highlights if h.state == Highlight.State.ORPHANED]
    same_span = Counter((h.start, h.end) for h in anchored)
    spans = [
        rendering.Span(
            h.start, h.end, h.pk, intensity(markers=same_span[h.start, h.end], answers=h.answers)
        )
        for h in anchored
    ]
    # One URL pattern for every mark: the passage id goes where the placeholder is.
    head, _, tail = reverse("passage", args=[article.pk, 0]).rpartition("/0/")
    link = head + "/{key}/" + tail
    return ReadingPage(
        article=article,
        blocks=rendering.render(article.text, spans, link=link, kinds=article.block_kinds),
        passages=anchored,
        orphans=orphans,
    )


def reading_version(article: Article) -> int:
    """How many times what the reading page shows of the article's passages has changed
    (one query; 0 before the first change)."""
    return (
        ReadingVersion.objects.filter(article_id=article.pk)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def hidden_passages_seen(article: Article, user) -> list[int]:
    """The article's passages this reader sees although they are hidden from everyone
    else (their own, or all of them for a moderator), in id order: what makes their
    reading page differ from the public one. No query for a reader who sees none."""
    if not rules.may_see_hidden_passages(user):
        return []
    return list(
        Highlight.objects.filter(article=article)
        .exclude(visibility=Visibility.VISIBLE)
        .visible_to(user)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def passage_counts(article: Article, user) -> dict[str, int]:
    """How many of the article's passages this reader may see are anchored and orphaned
    (one query): hidden and removed ones count only for those who may see them."""
    counts = dict(
        Highlight.objects.filter(article=article)
        .visible_to(user)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in Highlight.State.values}


def article_highlights(*, article: Article, user) -> QuerySet[Highlight]:
    """The article's passages this reader may see, in text order."""
    return (
        Highlight.objects.filter(article=article)
        .visible_to(user)
        .select_related("author")
        .order_by("start", "pk")
    )


def existing_article(
    *, text_hash: str, source_url: str = "", exclude_pk: int | None = None
) -> Article | None:
    """The article already here with the same text or the same source URL: the one rule
    of what counts as a duplicate, asked at preview (to warn) and at save (to refuse)."""
    duplicates = Article.objects.filter(content_hash=text_hash)
    if source_url:
        duplicates = duplicates | Article.objects.filter(source_url=source_url)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("pk").first()
