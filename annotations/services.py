"""Every write to articles goes through here: the HTML views, the management commands
and the API call the same functions, so permission checks and validation live once."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import importers
from .models import Article, Language


class DuplicateArticle(ValidationError):
    """The text or source URL is already here; `article` is the existing one."""

    def __init__(self, article: Article):
        self.article = article
        super().__init__(
            _("This article is already here: “%(title)s”.") % {"title": article.title},
            code="duplicate",
        )

    def html_message(self) -> str:
        url = reverse("annotations:article", args=[self.article.pk])
        return format_html(
            '{} <a href="{}">{}</a>',
            _("This article is already here:"),
            url,
            self.article.title,
        )


def _clean_text(text: str) -> str:
    text = importers.canonicalize(text or "")
    if not text:
        raise ValidationError(_("The article has no text."), code="empty")
    if len(text) > importers.MAX_CHARS:
        raise ValidationError(
            _("The article is too long: %(count)s characters, the limit is %(limit)s.")
            % {"count": f"{len(text):,}", "limit": f"{importers.MAX_CHARS:,}"},
            code="too_long",
        )
    return text


def _find_duplicate(*, text_hash: str, source_url: str, exclude_pk: int | None = None):
    duplicates = Article.objects.filter(content_hash=text_hash)
    if source_url:
        duplicates = duplicates | Article.objects.filter(source_url=source_url)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("pk").first()


@transaction.atomic
def article_import(
    *,
    user,
    title: str,
    text: str,
    language: str = "",
    source_url: str = "",
    published: datetime.date | None = None,
    author: str = "",
    publisher: str = "",
) -> Article:
    """Store a new article for a signed-in member. The text is canonicalised here (again)
    so no caller can store a text whose offsets differ from what readers see.
    Raises ValidationError (DuplicateArticle for a text or URL already here)."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in to import an article."))
    text = _clean_text(text)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the article a title.")}, code="required")
    language = language or importers.guess_language(text)
    if language not in Language.values:
        raise ValidationError({"language": _("Unknown language.")}, code="invalid")
    source_url = (source_url or "").strip()
    text_hash = Article.hash_text(text)
    existing = _find_duplicate(text_hash=text_hash, source_url=source_url)
    if existing is not None:
        raise DuplicateArticle(existing)
    article = Article(
        title=title[:300],
        slug=slugify(title, allow_unicode=True)[:120],
        source_url=source_url,
        published=published,
        author=author[:200],
        publisher=publisher[:200],
        language=language,
        text=text,
        content_hash=text_hash,
        imported_by=user,
    )
    article.full_clean()
    try:
        # A savepoint, so a concurrent duplicate turns into a clean error instead of
        # breaking the caller's transaction.
        with transaction.atomic():
            article.save()
    except IntegrityError:
        existing = _find_duplicate(text_hash=text_hash, source_url=source_url)
        if existing is None:
            raise
        raise DuplicateArticle(existing) from None
    return article
