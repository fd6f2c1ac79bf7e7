from django.contrib import admin

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
    # The text changes only through the revise service, which keeps history and
    # re-anchors passages; editing it here would bypass both.
    readonly_fields = ("text", "content_hash", "revision", "created", "updated", "imported_by")
    inlines = [RevisionInline]
    date_hierarchy = "created"


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    list_display = ("article", "revision", "created", "created_by")
    search_fields = ("article__title",)
    readonly_fields = ("article", "revision", "title", "text", "created", "created_by")
