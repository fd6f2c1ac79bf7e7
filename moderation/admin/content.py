"""Answers, passages and flags (moderated through actions), votes and notifications
(records to read)."""

from django.contrib import admin
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from annotations.models import Highlight
from debates.models import Counterargument, CounterargumentVersion, Notification, Vote

from ..models import Flag
from .actions import ItemModerationMixin, NoHardDelete, ViewOnly, admin_link, short


class OpenFlagsFilter(admin.SimpleListFilter):
    """The review queue: items members flagged and no moderator has looked at yet."""

    title = _("open flags")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", _("with open flags")), ("no", _("without open flags"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_flags__gt=0)
        if self.value() == "no":
            return queryset.filter(open_flags=0)
        return queryset


def _with_open_flags(queryset):
    return queryset.annotate(open_flags=Count("flags", filter=Q(flags__state=Flag.State.OPEN)))


# --- Inlines -----------------------------------------------------------------------


class VersionInline(ViewOnly, admin.TabularInline):
    model = CounterargumentVersion
    extra = 0
    can_delete = False
    fields = ("created", "stance", "body", "sources")
    readonly_fields = fields
    verbose_name = _("earlier version")
    verbose_name_plural = _("earlier versions")


class FlagInline(ViewOnly, admin.TabularInline):
    model = Flag
    extra = 0
    can_delete = False
    fields = ("created", "user", "reason", "note", "state")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class CounterargumentFlagInline(FlagInline):
    fk_name = "counterargument"


class HighlightFlagInline(FlagInline):
    fk_name = "highlight"


class AnswerInline(ViewOnly, admin.TabularInline):
    model = Counterargument
    fk_name = "highlight"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("created", "author", "stance", "short_body", "visibility", "upvotes", "downvotes")
    readonly_fields = fields
    verbose_name = _("answer")
    verbose_name_plural = _("answers and replies")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    @admin.display(description=_("body"))
    def short_body(self, obj):
        return short(obj.body)


# --- Answers and passages ----------------------------------------------------------


@admin.register(Counterargument)
class CounterargumentAdmin(NoHardDelete, ItemModerationMixin, ViewOnly, admin.ModelAdmin):
    # Few columns, so the words have room at 1,280 px; the rest is on the change page.
    list_display = (
        "short_body",
        "stance",
        "author_name",
        "score",
        "open_flags",
        "visibility",
        "created",
    )
    list_filter = ("visibility", OpenFlagsFilter, "stance", "created")
    search_fields = ("body", "author__username", "author__email", "author__display_name")
    list_select_related = ("author", "highlight")
    date_hierarchy = "created"
    # Everything is read-only, even for someone later given the change permission:
    # a member's words are theirs, and visibility changes only through a logged action.
    fieldsets = (
        (None, {"fields": ("passage", "parent", "author", "stance", "body", "sources")}),
        (
            _("Moderation"),
            {"fields": ("visibility", "moderation_note", "open_flags", "log")},
        ),
        (_("Votes"), {"fields": ("score", "upvotes", "downvotes")}),
        (_("Dates"), {"fields": ("created", "edited")}),
    )
    readonly_fields = (
        "passage",
        "parent",
        "author",
        "stance",
        "body",
        "sources",
        "visibility",
        "moderation_note",
        "open_flags",
        "log",
        "score",
        "upvotes",
        "downvotes",
        "created",
        "edited",
    )
    inlines = [CounterargumentFlagInline, VersionInline]

    def get_queryset(self, request):
        return _with_open_flags(super().get_queryset(request)).annotate(
            net_score=F("upvotes") - F("downvotes")
        )

    @admin.display(description=_("body"))
    def short_body(self, obj):
        return short(obj.body)

    @admin.display(description=_("author"), ordering="author__username")
    def author_name(self, obj):
        return obj.author

    @admin.display(description=_("passage"))
    def passage(self, obj):
        return admin_link(obj.highlight)

    @admin.display(description=_("score"), ordering="net_score")
    def score(self, obj):
        return obj.score

    @admin.display(description=_("open flags"), ordering="open_flags")
    def open_flags(self, obj):
        return obj.open_flags

    @admin.display(description=_("moderation log"))
    def log(self, obj):
        return _log_link("counterargument", obj.pk)


@admin.register(Highlight)
class HighlightAdmin(NoHardDelete, ItemModerationMixin, ViewOnly, admin.ModelAdmin):
    list_display = (
        "quote",
        "article",
        "author_name",
        "visibility",
        "open_flags",
        "answers",
        "created",
    )
    list_filter = ("visibility", OpenFlagsFilter, "state", "created")
    search_fields = ("exact", "article__title", "author__username", "author__email")
    list_select_related = ("article", "author")
    date_hierarchy = "created"
    fieldsets = (
        (None, {"fields": ("article", "author", "exact", "prefix", "suffix")}),
        (_("Anchor"), {"fields": ("start", "end", "revision", "state")}),
        (
            _("Moderation"),
            {"fields": ("visibility", "moderation_note", "open_flags", "log")},
        ),
        (None, {"fields": ("answers", "created")}),
    )
    readonly_fields = (
        "article",
        "author",
        "exact",
        "prefix",
        "suffix",
        "start",
        "end",
        "revision",
        "state",
        "visibility",
        "moderation_note",
        "open_flags",
        "log",
        "answers",
        "created",
    )
    inlines = [HighlightFlagInline, AnswerInline]

    def get_queryset(self, request):
        return _with_open_flags(super().get_queryset(request))

    @admin.display(description=_("author"), ordering="author__username")
    def author_name(self, obj):
        return obj.author

    @admin.display(description=_("quote"), ordering="exact")
    def quote(self, obj):
        return short(obj.exact, 60)

    @admin.display(description=_("open flags"), ordering="open_flags")
    def open_flags(self, obj):
        return obj.open_flags

    @admin.display(description=_("moderation log"))
    def log(self, obj):
        return _log_link("highlight", obj.pk)


def _log_link(target_type: str, target_id: int):
    url = reverse("admin:moderation_moderationaction_changelist")
    return format_html(
        '<a href="{}?target_type={}&amp;target_id={}">{}</a>',
        url,
        target_type,
        target_id,
        gettext("Its moderation history"),
    )


# --- Flags -------------------------------------------------------------------------


class FlagTargetFilter(admin.SimpleListFilter):
    title = _("flagged item")
    parameter_name = "on"

    def lookups(self, request, model_admin):
        return [("counterargument", _("answers")), ("highlight", _("passages"))]

    def queryset(self, request, queryset):
        if self.value() in ("counterargument", "highlight"):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Flag)
class FlagAdmin(ItemModerationMixin, ViewOnly, admin.ModelAdmin):
    """Flags are members' words too: read-only. Acting on a flag means acting on what it
    flags; the service then closes every open flag on that item."""

    list_display = ("created", "reason", "short_note", "state", "user", "target")
    list_filter = ("state", "reason", FlagTargetFilter, "created")
    search_fields = (
        "note",
        "user__username",
        "user__email",
        "counterargument__body",
        "highlight__exact",
    )
    list_select_related = ("user", "counterargument__author", "highlight__author")
    date_hierarchy = "created"
    fields = ("created", "user", "reason", "note", "state", "target")
    readonly_fields = fields

    def get_actions(self, request):
        # The shared descriptions name the selection ("Hide selected flags"), but these
        # act on the flagged items.
        descriptions = {
            "hide_selected": _("Hide the flagged items…"),
            "remove_selected": _("Remove the flagged items…"),
            "restore_selected": _("Restore the flagged items…"),
            "keep_selected": _("Keep the flagged items (dismiss their flags)…"),
        }
        return {
            name: (func, name, descriptions.get(name, description))
            for name, (func, _name, description) in super().get_actions(request).items()
        }

    def moderation_targets(self, queryset) -> list:
        seen, targets = set(), []
        for flag in queryset:
            target = flag.target
            key = (type(target), target.pk)
            if key not in seen:
                seen.add(key)
                targets.append(target)
        return targets

    @admin.display(description=_("note"))
    def short_note(self, obj):
        return short(obj.note, 60)

    @admin.display(description=_("flagged item"))
    def target(self, obj):
        return admin_link(obj.target)


# --- Votes and notifications: read-only records ------------------------------------


@admin.register(Vote)
class VoteAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ("updated", "user", "value", "counterargument")
    list_filter = ("value", "updated")
    search_fields = ("user__username", "user__email", "counterargument__body")
    list_select_related = ("user", "counterargument")
    fields = ("user", "counterargument", "value", "created", "updated")
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None) -> bool:
        # An answer's tallies are recounted by the vote service; deleting a vote here
        # would leave them wrong.
        return False


@admin.register(Notification)
class NotificationAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ("created", "recipient", "actor", "kind", "read")
    list_filter = ("kind", "read", "created")
    search_fields = ("recipient__username", "actor__username")
    list_select_related = ("recipient", "actor", "counterargument")
    fields = ("created", "recipient", "actor", "kind", "counterargument", "read")
    readonly_fields = fields
