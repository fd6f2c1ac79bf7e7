"""Read models of articles and passages in the API: the columns a response needs and
small functions building its dicts. The output serializers in ``serializers.py`` have the
same shapes and remain the OpenAPI schema's source; ``tests/api/test_read_models.py``
checks both give the same JSON. (Why: ``core/api/output.py``.)"""

from __future__ import annotations

from typing import Any, TypedDict

from django.db.models import QuerySet

from accounts.models import public_name
from core.api.output import Links, iso_date, iso_datetime, row_columns

from .models import Article, Highlight
from .serializers import ArticleListOutput


class MemberData(TypedDict):
    username: str
    name: str


class ArticleListData(TypedDict):
    id: int
    title: str
    language: str
    source_url: str
    publisher: str
    author: str
    published: str | None
    revision: int
    debate_locked: bool
    imported_by: MemberData | None
    created: str | None
    updated: str | None
    url: str
    api_url: str


class PassageCountsData(TypedDict):
    anchored: int
    orphaned: int


class ArticleData(ArticleListData):
    text: str
    blocks: list[list | None]
    passages: PassageCountsData
    highlights_url: str
    annotations_url: str
    export_url: str


class HighlightData(TypedDict):
    id: int
    article: int
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    state: str
    revision: int
    visibility: str
    answers: int
    author: MemberData
    created: str | None
    url: str
    api_url: str
    counterarguments_url: str
    annotation: str


def member(username: str | None, display_name: str | None) -> MemberData | None:
    """A member as the API names them; None for no member (an importer since deleted)."""
    if username is None:
        return None
    return {
        "username": username,
        "name": public_name(username=username, display_name=display_name or ""),
    }


def article_rows(articles: QuerySet[Article]) -> QuerySet[Any]:
    """The article list's columns only (those ``ArticleListOutput`` shows), as dicts (no
    model instances, no text)."""
    return articles.values(*row_columns(ArticleListOutput))


def article_list_item(row: dict[str, Any], links: Links) -> ArticleListData:
    pk = row["id"]
    return {
        "id": pk,
        "title": row["title"],
        "language": row["language"],
        "source_url": row["source_url"],
        "publisher": row["publisher"],
        "author": row["author"],
        "published": iso_date(row["published"]),
        "revision": row["revision"],
        "debate_locked": row["debate_locked"],
        "imported_by": member(row["imported_by__username"], row["imported_by__display_name"]),
        "created": iso_datetime(row["created"]),
        "updated": iso_datetime(row["updated"]),
        "url": links.path("article", pk),
        "api_url": links.path("api-article", pk),
    }


def article_item(article: Article, passage_counts: dict[str, int], links: Links) -> ArticleData:
    """An article with its text; ``passage_counts`` from ``selectors.passage_counts``.
    The importer is read from ``article.imported_by`` (select it with the article)."""
    importer = article.imported_by
    pk = article.pk
    return {
        "id": pk,
        "title": article.title,
        "language": article.language,
        "source_url": article.source_url,
        "publisher": article.publisher,
        "author": article.author,
        "published": iso_date(article.published),
        "revision": article.revision,
        "debate_locked": article.debate_locked,
        "imported_by": (
            {"username": importer.username, "name": importer.public_name} if importer else None
        ),
        "created": iso_datetime(article.created),
        "updated": iso_datetime(article.updated),
        "url": links.path("article", pk),
        "api_url": links.path("api-article", pk),
        "text": article.text,
        "blocks": [None if block is None else list(block) for block in article.blocks],
        "passages": {
            "anchored": passage_counts.get("anchored", 0),
            "orphaned": passage_counts.get("orphaned", 0),
        },
        "highlights_url": links.path("api-article-highlights", pk),
        "annotations_url": links.path("api-article-annotations", pk),
        "export_url": links.path("api-article-export", pk),
    }


def highlight_item(highlight: Highlight, links: Links) -> HighlightData:
    """A passage; its author is read from ``highlight.author`` (select it with it)."""
    author = highlight.author
    pk, article = highlight.pk, highlight.article_id
    return {
        "id": pk,
        "article": article,
        "exact": highlight.exact,
        "prefix": highlight.prefix,
        "suffix": highlight.suffix,
        "start": highlight.start,
        "end": highlight.end,
        "state": highlight.state,
        "revision": highlight.revision,
        "visibility": highlight.visibility,
        "answers": highlight.answers,
        "author": {"username": author.username, "name": author.public_name},
        "created": iso_datetime(highlight.created),
        "url": links.absolute(f"/articles/{article}/passages/{pk}/"),
        "api_url": links.path("api-highlight", pk),
        "counterarguments_url": links.path("api-highlight-counterarguments", pk),
        "annotation": links.path("api-annotation-highlight", article, pk),
    }
