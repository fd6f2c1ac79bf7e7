from django.contrib import admin

from . import services
from .models import Article, ArticleRevision


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    extra = 0
    fields = ("revision", "title", "created", "created_by")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


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
    # Editing either here would bypass both.
    readonly_fields = (
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
    list_display = ("article", "revision", "created", "created_by")
    search_fields = ("article__title",)
    readonly_fields = ("article", "revision", "title", "text", "blocks", "created", "created_by")
