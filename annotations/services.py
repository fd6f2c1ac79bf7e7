"""Every write to articles goes through here: the HTML views, the management commands
and the API call the same functions, so permission checks and validation live once."""

import datetime
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.db import lock, retrying_atomic
from core.errors import Invalid, Refused
from core.members import require_member
from core.ratelimit import enforce_action_rate_limit, enforce_rate_limit

from . import anchoring, fetching, folding, importers, reanchoring, selectors, w3c
from .models import Article, ArticleRevision, Highlight, Language, ReadingVersion
from .rules import can_revise

#: Rows per UPDATE when a revision re-anchors its passages: bulk_update's CASE grows with
#: the batch, and PostgreSQL evaluates it per row, so huge batches are quadratic.
REANCHOR_BATCH = 500


class DuplicateArticle(Invalid):
    """The text or source URL is already here; `article` is the existing one."""

    status = 409

    def __init__(self, article: Article):
        self.article = article
        super().__init__(
            _("This article is already here: “%(title)s”.") % {"title": article.title},
            code="duplicate",
        )

    def html_message(self) -> str:
        url = reverse("article", args=[self.article.pk])
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


@retrying_atomic
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
    blocks=(),
) -> Article:
    """Store a new article for a signed-in member. The text is canonicalised here (again)
    so no caller can store a text whose offsets differ from what readers see. `blocks`
    are the paragraphs that are headings, list items or quotes ([number, kind] pairs,
    importers.BLOCK_KINDS). Raises ValidationError (DuplicateArticle for a text or URL
    already here)."""
    require_member(user, _("Sign in to import an article."))
    text = _clean_text(text)
    blocks = _clean_blocks(blocks, text)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(
            {"title": ValidationError(_("Give the article a title."), code="required")}
        )
    language = language or importers.guess_language(text)
    if language not in Language.values:
        raise ValidationError({"language": ValidationError(_("Unknown language."), code="invalid")})
    source_url = (source_url or "").strip()
    text_hash = Article.hash_text(text)
    existing = selectors.existing_article(text_hash=text_hash, source_url=source_url)
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
        blocks=[list(pair) for pair in blocks],
        content_hash=text_hash,
        imported_by=user,
        search_text=Article.fold_for_search(title[:300], text),
    )
    article.full_clean()
    try:
        # A savepoint, so a concurrent duplicate turns into a clean error instead of
        # breaking the caller's transaction.
        with transaction.atomic():
            article.save()
    except IntegrityError:
        existing = selectors.existing_article(text_hash=text_hash, source_url=source_url)
        if existing is None:
            raise
        raise DuplicateArticle(existing) from None
    return article


def _clean_blocks(blocks, text: str) -> importers.Blocks:
    try:
        return importers.check_blocks(list(blocks or ()), text)
    except importers.ImportFailed:
        raise ValidationError(
            {
                "blocks": ValidationError(
                    _(
                        "The paragraph kinds don't fit the text: each must name one of its "
                        "paragraphs and be a heading (h2, h3), a list item (li) or a quote "
                        "(blockquote)."
                    ),
                    code="invalid",
                )
            }
        ) from None


def _require_open_debate(article: Article) -> None:
    if article.debate_locked:
        raise ValidationError(_("This article's debate is locked."), code="locked")


def reading_changed(*, article_id: int | None = None, author_id: int | None = None) -> None:
    """What the reading page shows of an article's passages changed (a passage added,
    deleted, moved, hidden or restored, its answer count, its author's name): add one to
    the article's reading version -- or, with ``author_id``, to that of every article the
    member marked -- so its cached body is not served again. Call it inside the write's
    transaction, after its other locks: the version row is the last lock of core.db's
    order. One statement (an upsert: the row is created by the first change)."""
    table = connection.ops.quote_name(ReadingVersion._meta.db_table)
    upsert = f"ON CONFLICT (article_id) DO UPDATE SET version = {table}.version + 1"
    with connection.cursor() as cursor:
        if article_id is not None:
            cursor.execute(
                f"INSERT INTO {table} (article_id, version) VALUES (%s, 1) {upsert}", [article_id]
            )
        if author_id is not None:
            highlights = connection.ops.quote_name(Highlight._meta.db_table)
            # Rows in one order (article id), so two such bumps cannot deadlock each other.
            cursor.execute(
                f"INSERT INTO {table} (article_id, version) SELECT DISTINCT article_id, 1 "
                f"FROM {highlights} WHERE author_id = %s ORDER BY article_id {upsert}",
                [author_id],
            )


def highlight_validate(*, article: Article, start, end, exact: str) -> tuple[int, int, str]:
    """Check a selection against the article's current text; returns (start, end, exact)
    with surrounding whitespace moved out of the passage."""
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise ValidationError(
            _("The selection's position is not a number."), code="invalid"
        ) from None
    text = article.text
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            _("The selection is outside the article (it has %(count)s characters).")
            % {"count": f"{len(text):,}"},
            code="out_of_range",
        )
    if text[start:end] != exact:
        raise ValidationError(
            _("The selected words do not match the article's text; reload the page and try again."),
            code="mismatch",
        )
    # Trim whitespace the browser included at the edges (a triple click takes the line end).
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError(_("Select some words, not only spaces."), code="empty")
    if end - start > Highlight.MAX_LENGTH:
        raise ValidationError(
            _("Select at most %(limit)s characters (this selection has %(count)s).")
            % {"limit": f"{Highlight.MAX_LENGTH:,}", "count": f"{end - start:,}"},
            code="too_long",
        )
    return start, end, text[start:end]


@retrying_atomic
def highlight_create(*, user, article: Article, start, end, exact: str) -> Highlight:
    """Mark a passage of the article's current text for a signed-in member. The quote
    context is taken from the stored text, never trusted from the client."""
    require_member(user, _("Sign in to mark a passage."))
    _require_open_debate(article)
    # The lock order of core.db: the member's row (the rate limit), then the article's.
    enforce_rate_limit(user=user, kind="passage", recent=Highlight.objects.filter(author=user))
    article = lock(Article.objects.filter(pk=article.pk)).get()
    _require_open_debate(article)
    start, end, exact = highlight_validate(article=article, start=start, end=end, exact=exact)
    prefix, suffix = anchoring.context_for(article.text, start, end, width=Highlight.CONTEXT)
    highlight = Highlight(
        article=article,
        author=user,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        revision=article.revision,
        search_text=folding.fold(exact),
    )
    highlight.full_clean()
    highlight.save()
    reading_changed(article_id=article.pk)
    return highlight


@retrying_atomic
def article_revise(*, user, article: Article, text: str, title: str | None = None) -> Article:
    """Replace an article's text (its importer or staff only). The old text is kept as an
    ArticleRevision and every passage is re-anchored; passages whose words are gone are
    orphaned, never attached to other words."""
    require_member(user, _("Sign in to revise an article."))
    if not can_revise(user, article):
        raise Refused(_("Only the member who imported this article, or staff, can revise it."))
    article = lock(Article.objects.filter(pk=article.pk)).get()
    text = _clean_text(text)
    title = " ".join((title if title is not None else article.title).split())
    if not title:
        raise ValidationError(
            {"title": ValidationError(_("Give the article a title."), code="required")}
        )
    if text == article.text and title == article.title:
        return article
    text_hash = Article.hash_text(text)
    existing = selectors.existing_article(text_hash=text_hash, source_url="", exclude_pk=article.pk)
    if existing is not None:
        raise DuplicateArticle(existing)
    ArticleRevision.objects.create(
        article=article,
        revision=article.revision,
        title=article.title,
        text=article.text,
        blocks=article.blocks,
        created_by=user,
    )
    text_changed = text != article.text
    old_text = article.text
    # Unchanged paragraphs keep their kind (a heading stays a heading).
    carried = importers.carry_blocks(old_text, text, tuple(sorted(article.block_kinds.items())))
    article.blocks = [list(pair) for pair in carried]
    article.text = text
    article.title = title[:300]
    article.content_hash = text_hash
    article.revision += 1
    article.search_text = Article.fold_for_search(article.title, text)
    article.save()
    if text_changed:
        reanchor(article, old_text)
    reading_changed(article_id=article.pk)
    return article


def reanchor(article: Article, old_text: str = "") -> dict[str, int]:
    """Relocate every passage of the article in its current text, through one diff of
    ``old_text`` (the text before the revision) and the new one: passages in unchanged
    stretches move by the stretch's offset, only those touching a change are searched
    again (``annotations.reanchoring``). Caller holds the article's row lock and the
    transaction; rows are written in batches, and only those that changed. Returns how
    many were anchored and orphaned."""
    counts = {"anchored": 0, "orphaned": 0}
    fields = ["start", "end", "exact", "prefix", "suffix", "state", "revision", "search_text"]
    highlights = list(article.highlights.only("pk", "article", *fields).order_by("pk"))
    found_all = reanchoring.reanchor_all(
        old_text,
        article.text,
        [reanchoring.Stored(h.exact, h.prefix, h.suffix, h.start, h.end) for h in highlights],
        context=Highlight.CONTEXT,
    )
    changed = []
    for highlight, found in zip(highlights, found_all, strict=True):
        before = [getattr(highlight, f) for f in fields]
        if found is None:
            # Keep the last known quote and context so it can be shown (and re-found
            # if a later revision brings the words back).
            highlight.state = Highlight.State.ORPHANED
        else:
            start, end = found
            highlight.start, highlight.end = start, end
            if article.text[start:end] != highlight.exact:
                highlight.exact = article.text[start:end]
                highlight.search_text = folding.fold(highlight.exact)
            highlight.prefix, highlight.suffix = anchoring.context_for(
                article.text, start, end, width=Highlight.CONTEXT
            )
            highlight.state = Highlight.State.ANCHORED
            highlight.revision = article.revision
        counts[highlight.state] += 1
        if [getattr(highlight, f) for f in fields] != before:
            changed.append(highlight)
    _write_anchors(changed, fields)
    return counts


def _write_anchors(changed: list[Highlight], fields: list[str]) -> None:
    """One UPDATE ... FROM unnest(arrays) on PostgreSQL: Django's bulk_update spends
    seconds building CASE expressions for 10,000 rows (docs/performance.md)."""
    if connection.vendor != "postgresql":
        Highlight.objects.bulk_update(changed, fields, batch_size=REANCHOR_BATCH)
        return
    if not changed:
        return
    meta = Highlight._meta
    columns = [str(cast(Field, meta.get_field(f)).column) for f in fields]
    types = {"start": "int", "end": "int", "revision": "int"}
    quote = connection.ops.quote_name
    arrays = ", ".join(f"%s::{types.get(f, 'text')}[]" for f in fields)
    names = ", ".join(quote(c) for c in columns)
    sets = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns)
    sql = (
        f"UPDATE {quote(meta.db_table)} h SET {sets} "
        f"FROM unnest(%s::bigint[], {arrays}) AS v(id, {names}) WHERE h.id = v.id"
    )
    params = [[h.pk for h in changed]] + [[getattr(h, f) for h in changed] for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@retrying_atomic
def highlight_import_w3c(*, user, article: Article, annotation) -> Highlight:
    """Create a highlight from a W3C annotation, anchored against the article's current
    text: its position if the quote is there, else wherever the quote (with its context)
    is found verbatim. A quote that is not in the text is refused, never guessed.

    Everything that can refuse the request cheaply -- signed out, suspended, the quote's
    length, a locked debate, the rate limit -- is checked before the text is searched, so
    a request that will be refused costs no anchoring work, and the search itself is
    verbatim only (an approximate match would be refused anyway) and bounded by the
    quote's length limit."""
    require_member(user, _("Sign in to mark a passage."))
    try:
        selectors = w3c.selectors_from(annotation)
    except w3c.InvalidAnnotation as exc:
        raise ValidationError(str(exc), code="invalid") from None
    exact = selectors["exact"]
    # The words of a passage, give or take the whitespace highlight_validate trims.
    if len(exact) > 2 * Highlight.MAX_LENGTH or len(exact.strip()) > Highlight.MAX_LENGTH:
        raise ValidationError(
            _("The annotation quotes %(count)s characters; a passage has at most %(limit)s.")
            % {"count": f"{len(exact):,}", "limit": f"{Highlight.MAX_LENGTH:,}"},
            code="too_long",
        )
    _require_open_debate(article)
    # First in the lock order; also what makes the search below happen at most at the
    # member's rate.
    enforce_rate_limit(user=user, kind="passage", recent=Highlight.objects.filter(author=user))
    start, end = selectors["start"], selectors["end"]
    found = anchoring.relocate(
        article.text,
        exact,
        selectors["prefix"],
        selectors["suffix"],
        start if start is not None else 0,
        end if end is not None else 0,
        approximate=False,
    )
    if found is None or article.text[found[0] : found[1]] != exact:
        raise ValidationError(
            _("The annotation's quoted words are not in this article's text."), code="mismatch"
        )
    start, end = found
    return highlight_create(
        user=user, article=article, start=start, end=end, exact=article.text[start:end]
    )


@retrying_atomic
def highlight_delete(*, user, highlight: Highlight) -> None:
    """Its author takes back a passage nobody has answered yet. Once answered, the
    passage belongs to the debate: only a moderator can hide or remove it."""
    require_member(user, _("Sign in to delete a passage."))
    highlight = lock(Highlight.objects.filter(pk=highlight.pk)).get()
    if highlight.author_id != user.pk:
        raise Refused(_("Only the member who marked this passage can delete it."))
    # `answers` is kept by the debate layer (annotations does not know it): every answer
    # except those their authors removed, which may go with the passage.
    if highlight.answers:
        raise ValidationError(
            _("This passage has answers; it can't be deleted any more."), code="answered"
        )
    article_id = highlight.article_id
    highlight.delete()
    reading_changed(article_id=article_id)


# annotations.fetching speaks English; members read these, in their language.
FETCH_ERRORS = {
    "bad_url": gettext_lazy("This is not a web address we can read."),
    "bad_scheme": gettext_lazy(
        "Only web pages (addresses starting with http:// or https://) can be imported."
    ),
    "credentials": gettext_lazy(
        "Web addresses with a user name or password in them can't be imported."
    ),
    "idn_host": gettext_lazy(
        "Web addresses with international (non-Latin) host names can't be imported yet; "
        "copy the page's text and paste it instead."
    ),
    "private_address": gettext_lazy(
        "This address points inside a private network, which we don't fetch from. Give the "
        "public address of the page."
    ),
    "dns": gettext_lazy("We couldn't find the site “%(host)s”. Check the address."),
    "unreachable": gettext_lazy(
        "We couldn't connect to “%(host)s”. Check the address or try later."
    ),
    "timeout": gettext_lazy("The site took too long to answer. Try again later."),
    "http_error": gettext_lazy("The site answered “%(status)s” instead of the page."),
    "bad_redirect": gettext_lazy("The site redirected to nowhere."),
    "redirect_loop": gettext_lazy("The page redirects in a loop, so there is nothing to import."),
    "too_many_redirects": gettext_lazy(
        "The page redirects more than %(max)s times, so we stopped following it."
    ),
    "bad_content_type": gettext_lazy(
        "The address gives a file of type “%(type)s”, not a web page or text; only HTML, "
        "plain text and Markdown can be imported."
    ),
    "too_big": gettext_lazy("The page is larger than %(mb)s MB, which is more than we fetch."),
}


def fetch_page(*, user, url: str) -> fetching.Fetched:
    """Fetch a page for an import preview (nothing is stored). Limited per member; only
    the networks in settings.IMPORT_ALLOWED_NETWORKS are reachable besides public ones.
    Raises ValidationError on the "url" field, or RateLimited."""
    require_member(user, _("Sign in to import an article."))
    enforce_action_rate_limit(user=user, kind="url_import")
    networks = fetching.parse_networks(settings.IMPORT_ALLOWED_NETWORKS)
    try:
        # The module's timeout read now, not when `fetch` was defined: the tests shorten it.
        return fetching.fetch(url, allowed_networks=networks, timeout=fetching.TIMEOUT)
    except fetching.FetchFailed as exc:
        template = FETCH_ERRORS.get(exc.code)
        message = str(template) % exc.params if template and exc.params else str(template or exc)
        raise ValidationError({"url": ValidationError(message, code=exc.code)}) from None
