from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Article, ArticleRevision


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    fields = ("revision", "title", "created", "created_by")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        # Revisions are written by the revise service only, never by hand.
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "language",
        "publisher",
        "published",
        "imported_by",
        "revision",
        "debate_locked",
        "created",
    )
    list_filter = ("language", "debate_locked", "created")
    search_fields = ("title", "source_url", "publisher", "author")
    # The text and title change only through the revise service, which keeps history and
    # re-anchors passages; the lock only through the lock actions, which are logged.
    # Editing either here would bypass both; the text is revised on the revise page
    # (linked from the form), the title here goes through the service too (save_model).
    readonly_fields = (
        "revise_text",
        "text",
        "blocks",  # the paragraphs' kinds belong to the text
        "content_hash",
        "revision",
        "debate_locked",
        "created",
        "updated",
        "imported_by",
    )
    inlines = [RevisionInline]
    date_hierarchy = "created"

    @admin.display(description=_("text revision"))
    def revise_text(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("annotations:revise", args=[obj.pk]),
            _("Revise the text (kept in the history; passages re-anchored)"),
        )

    def has_add_permission(self, request) -> bool:
        # Articles come in through the importer (page, API, command), which cleans the
        # text and refuses duplicates.
        return False

    def save_model(self, request, obj, form, change):
        """A new title is a revision (kept in the history, by this admin); the other
        fields (source, publisher, author, date, language) are plain metadata."""
        if change and "title" in form.changed_data:
            original = Article.objects.get(pk=obj.pk)
            new_title = obj.title
            obj.title = original.title
            super().save_model(request, obj, form, change)
            services.article_revise(
                user=request.user, article=obj, text=original.text, title=new_title
            )
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    """The history, to read: written by the revise service only, never added or changed
    by hand (a superuser included). Deleting stays with whoever may delete articles: an
    article's revisions go with it."""

    list_display = ("article", "revision", "created", "created_by")
    search_fields = ("article__title",)
    readonly_fields = ("article", "revision", "title", "text", "blocks", "created", "created_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
