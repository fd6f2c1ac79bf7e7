from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import AdminSignInForm
from .models import User

# Signing in to the admin goes through the one sign-in limiter (accounts/signin.py).
admin.site.login_form = AdminSignInForm


class SuspensionFilter(admin.SimpleListFilter):
    title = _("suspension")
    parameter_name = "suspension"

    def lookups(self, request, model_admin):
        return [
            ("now", _("suspended now")),
            ("permanent", _("suspended permanently")),
            ("no", _("not suspended")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "now":
            return queryset.filter(suspended_until__gt=now)
        if self.value() == "permanent":
            return queryset.filter(suspended_until__gte=User.PERMANENT)
        if self.value() == "no":
            return queryset.filter(Q(suspended_until__isnull=True) | Q(suspended_until__lte=now))
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # A suspension is set and lifted only by the moderation actions, which log it with
    # a reason; here it is shown, never edited.
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Profile"), {"fields": ("display_name",)}),
        (_("Suspension"), {"fields": ("suspended_until", "suspension_reason")}),
    )
    # What someone who may look at members but not change them (a moderator) sees: who
    # they are and where they stand, not password hashes or permission lists.
    view_only_fieldsets = (
        (None, {"fields": ("username", "display_name", "email")}),
        (
            _("Standing"),
            {"fields": ("is_active", "is_staff", "groups", "date_joined", "last_login")},
        ),
        (_("Suspension"), {"fields": ("suspended_until", "suspension_reason")}),
    )
    readonly_fields = ("suspended_until", "suspension_reason")
    list_display = (
        "username",
        "email",
        "display_name",
        "is_staff",
        "group_names",
        "suspended_until",
        "date_joined",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", SuspensionFilter)
    search_fields = ("username", "email", "display_name")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.view_only_fieldsets
        return super().get_fieldsets(request, obj)

    @admin.display(description=_("groups"))
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())
