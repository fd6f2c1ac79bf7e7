import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import text as text_rules


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SIMPLIFIED_CHINESE = "zh-hans", _("Chinese (Simplified)")
    TRADITIONAL_CHINESE = "zh-hant", _("Chinese (Traditional)")


class Visibility(models.TextChoices):
    """Who may see a passage or an answer. Moderators change only this, never the words."""

    VISIBLE = "visible", _("visible")
    PENDING_REVIEW = "pending", _("hidden pending review")
    HIDDEN_BY_MODERATOR = "hidden", _("hidden by a moderator")
    REMOVED_BY_MODERATOR = "modremoved", _("removed by a moderator")
    REMOVED_BY_AUTHOR = "removed", _("removed by its author")


HIDDEN = (
    Visibility.PENDING_REVIEW,
    Visibility.HIDDEN_BY_MODERATOR,
    Visibility.REMOVED_BY_MODERATOR,
)


class ArticleQuerySet(models.QuerySet):
    def newest(self):
        return self.order_by("-created", "-pk")

    def search(self, query: str):
        """Articles whose folded title or text holds every folded word of the query."""
        from .folding import terms

        articles = self
        for term in terms(query or ""):
            articles = articles.filter(search_text__contains=term)
        return articles


class Article(models.Model):
    """An imported text. `text` is canonical (NFC, "\\n" line ends, paragraphs separated
    by one blank line) and every offset in the system indexes it in code points."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True, blank=True)
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ENGLISH
    )
    text = models.TextField(_("text"))
    # [paragraph number, kind] for each paragraph of `text` that is a heading, a list item
    # or a block quote (importers.BLOCK_KINDS): the structure the source had, kept beside
    # the plain text so that the text and its offsets stay what every passage counts in.
    blocks = models.JSONField(_("paragraph kinds"), default=list, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imported_articles",
    )
    debate_locked = models.BooleanField(_("debate locked"), default=False)
    # The folded form of the title and the text (annotations.folding), written by the services with
    # every change of the words; what search matches. db_default: rows written by raw SQL
    # (the scale dataset) start empty; `manage.py fold_search_text --empty` fills them.
    search_text = models.TextField(editable=False, blank=True, default="", db_default="")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_url"],
                condition=~Q(source_url=""),
                name="article_unique_source_url",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
        ]
        permissions = [("lock_debate", _("Can lock and unlock an article's debate"))]
        # The article list (page and API, newest or oldest first) reads the first rows of
        # this index instead of sorting the whole table.
        indexes = [models.Index(fields=["created", "id"], name="article_created_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.pk])

    @property
    def block_kinds(self) -> dict[int, str]:
        """Paragraph number -> kind, for the reading page's renderer (entries that are not
        a [number, kind] pair are passed over: the renderer knows which kinds exist)."""
        kinds: dict[int, str] = {}
        for pair in self.blocks if isinstance(self.blocks, list) else []:
            if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], int):
                kinds[pair[0]] = str(pair[1])
        return kinds

    def clean(self):
        """A source link shows its address: no character in it may hide or reorder what
        the reader sees (core.text), whether it came from the import form, the API, a
        fetched page's metadata or the admin."""
        super().clean()
        refusal = text_rules.refusal(
            self.source_url or "",
            str(
                _(
                    "A source URL can't contain invisible characters or characters that "
                    "change the direction of text (found: %(found)s)."
                )
            ),
        )
        if refusal is not None:
            raise ValidationError({"source_url": refusal})

    @staticmethod
    def fold_for_search(title: str, text: str) -> str:
        from .folding import fold

        return fold(f"{title}\n{text}")

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArticleRevision(models.Model):
    """A text an article used to have, kept so passages can be re-anchored and the
    history shown."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField(_("revision"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    blocks = models.JSONField(_("paragraph kinds"), default=list, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        ordering = ["article", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "revision"], name="article_revision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} (r{self.revision})"


class HighlightQuerySet(models.QuerySet):
    def anchored(self):
        return self.filter(state=Highlight.State.ANCHORED)

    def orphaned(self):
        return self.filter(state=Highlight.State.ORPHANED)

    def visible_to(self, user):
        """Hidden passages are seen only by their author and moderators (rules.py)."""
        from .rules import passage_visible_q

        return self.filter(passage_visible_q(user))


class Highlight(models.Model):
    """A passage a member marked. Both W3C selectors are kept: the quote with its
    context (TextQuoteSelector) and the code-point offsets into the article's current
    text (TextPositionSelector). When the text is revised the offsets are recomputed
    from the quote; if the words are gone the highlight is orphaned, never moved onto
    other words."""

    class State(models.TextChoices):
        ANCHORED = "anchored", _("anchored")
        ORPHANED = "orphaned", _("no longer in the text")

    MAX_LENGTH = 2000
    CONTEXT = 32

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="highlights")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="highlights"
    )
    exact = models.TextField(_("quote"))
    prefix = models.CharField(_("text before"), max_length=CONTEXT, blank=True)
    suffix = models.CharField(_("text after"), max_length=CONTEXT, blank=True)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    revision = models.PositiveIntegerField(_("anchored to revision"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ANCHORED
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)
    # The folded form of the quote (annotations.folding), written by the services with
    # every change of the words; what search matches. db_default: rows written by raw SQL
    # (the scale dataset) start empty; `manage.py fold_search_text --empty` fills them.
    search_text = models.TextField(editable=False, blank=True, default="", db_default="")
    # How many answers the passage has: kept up to date by the debate layer, read here
    # for the mark's intensity without annotations depending on debates.
    answers = models.PositiveIntegerField(_("answers"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = HighlightQuerySet.as_manager()

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["article", "start", "end", "pk"]
        indexes = [models.Index(fields=["article", "state", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="highlight_start_before_end"
            ),
            models.CheckConstraint(condition=~Q(exact=""), name="highlight_exact_not_empty"),
        ]

    def __str__(self) -> str:
        quote = self.exact if len(self.exact) <= 60 else self.exact[:59] + "…"
        return f"“{quote}”"

    def get_absolute_url(self) -> str:
        return reverse("passage", args=[self.article_id, self.pk])

    @property
    def is_orphaned(self) -> bool:
        return self.state == self.State.ORPHANED

    @property
    def is_hidden(self) -> bool:
        return self.visibility in HIDDEN


class ReadingVersion(models.Model):
    """A counter of the changes to what the reading page shows of an article's passages
    (their marks, heat and lists). The page's cached body is stored under the article's
    revision and this number; every write that changes them adds one in its own
    transaction (``services.reading_changed``), so the write and the end of the old
    cached body commit together. The row is created by the first change; no row reads as
    0. A separate table, not a column of the article, so that bumping it is the last lock
    a write takes (core.db) instead of a second lock on the article row."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"
