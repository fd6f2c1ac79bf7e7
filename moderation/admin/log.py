"""The moderation log, read-only for everyone: the services write it as they act."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from annotations.models import Article, Highlight
from debates.models import Counterargument

from .. import sentences
from ..models import ModerationAction, TargetType
from .actions import short

_TARGET_MODELS = {
    TargetType.COUNTERARGUMENT: Counterargument,
    TargetType.HIGHLIGHT: Highlight,
    TargetType.MEMBER: User,  # the log says "member" (it said "user" here: no entry matched)
    TargetType.ARTICLE: Article,
}


class TargetFilter(admin.SimpleListFilter):
    """Narrows the log to one item (`?target_type=…&target_id=…`), the link an answer's
    or a passage's page offers as its moderation history."""

    title = _("target")
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        return [(key, model._meta.verbose_name_plural) for key, model in _TARGET_MODELS.items()]

    def queryset(self, request, queryset):
        if self.value():
            queryset = queryset.filter(target_type=self.value())
        target_id = request.GET.get("target_id", "")
        if self.value() and target_id.isdigit():
            queryset = queryset.filter(target_id=int(target_id))
        return queryset

    def expected_parameters(self):
        return [self.parameter_name, "target_id"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """Append-only: nobody adds, changes or deletes an entry here, whatever their
    permissions. Entries are written by the services as they act."""

    # One sentence says who did what to whom and why (moderation/sentences.py), as on the
    # log page; the target links to the item; the record reads in words.
    list_display = ("created", "what_happened", "target_link", "change")
    list_filter = ("action", ("moderator", admin.RelatedOnlyFieldListFilter), TargetFilter)
    search_fields = ("target_repr", "reason", "moderator__username", "member__username")
    list_select_related = ("moderator", "member")
    date_hierarchy = "created"
    fields = (
        "created",
        "action",
        "moderator_name",
        "target_link",
        "target_repr",
        "member",
        "reason",
        "change",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("moderator"), ordering="moderator")
    def moderator_name(self, obj):
        return obj.moderator or gettext("automatic")

    @admin.display(description=_("what happened"))
    def what_happened(self, obj):
        # Without the article's title: that would cost a query per row here.
        return sentences.sentence([obj])

    @admin.display(description=_("target"))
    def target_link(self, obj):
        model = _TARGET_MODELS.get(obj.target_type)
        label = f"{obj.get_target_type_display()}: {short(obj.target_repr, 60)}"
        if model is None:
            return label
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.target_id])
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("reason"))
    def short_reason(self, obj):
        return short(obj.reason, 60)

    @admin.display(description=_("before → after"))
    def change(self, obj):
        return format_html_join(
            "\n",
            "<div>{}: {} → {}</div>",
            ((capfirst(what), before, after) for what, before, after in sentences.changes(obj)),
        )
