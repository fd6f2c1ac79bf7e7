"""Reads that are more than a one-line query."""

from django.db.models import QuerySet

from .models import Article


def article_list(*, query: str = "", language: str = "") -> QuerySet[Article]:
    articles = Article.objects.search(query).newest().select_related("imported_by")
    if language:
        articles = articles.filter(language=language)
    return articles.defer("text")
