from html import unescape

from django import template
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from annotations.models import Visibility
from debates import notices, services

register = template.Library()

ICONS = {"refutes": "✗", "qualifies": "≈", "supports": "✓", "asks": "?"}
ORDERING_LABELS = {"best": _("Best"), "controversial": _("Controversial"), "newest": _("Newest")}


@register.filter
def stance_icon(stance: str) -> str:
    return ICONS.get(stance, "")


@register.filter
def ordering_label(ordering: str) -> str:
    return str(ORDERING_LABELS.get(ordering, ordering))


@register.filter
def source_host(url: str) -> str:
    return services.source_host(url)


@register.filter
def plain_text(html: str) -> str:
    """An answer's rendered HTML as plain text, for excerpts (escaped again on output)."""
    return unescape(strip_tags(html)).strip()


# What readers who may not see a hidden item's words read in its place, and what its
# author and the moderators are told above it: one sentence per Visibility.
PLACEHOLDERS = {
    Visibility.PENDING_REVIEW: _("[hidden pending review]"),
    Visibility.REMOVED_BY_MODERATOR: _("[removed by a moderator]"),
    Visibility.HIDDEN_BY_MODERATOR: _("[hidden by a moderator]"),
    Visibility.REMOVED_BY_AUTHOR: _("[removed by its author]"),
}
NOTICES = {
    Visibility.PENDING_REVIEW: _(
        "Hidden pending review: only you and the moderators can see this."
    ),
    Visibility.REMOVED_BY_MODERATOR: _(
        "Removed by a moderator: only you and the moderators can see this."
    ),
    Visibility.HIDDEN_BY_MODERATOR: _(
        "Hidden by a moderator: only you and the moderators can see this."
    ),
}


@register.filter
def hidden_placeholder(item) -> str:
    return str(PLACEHOLDERS.get(item.visibility, ""))


@register.filter
def hidden_notice(item) -> str:
    return str(NOTICES.get(item.visibility, ""))


# Notifications (debates/notices.py says what each one says).


@register.filter
def notice_headline(n) -> str:
    return notices.headline(n)


@register.filter
def notice_excerpt(n, user) -> str:
    return notices.excerpt(n, user)


@register.filter
def notice_article(n):
    return notices.article_of(n)


@register.filter
def notice_reason(n) -> str:
    return n.reason if notices.shows_reason(n) else ""


@register.filter
def notice_on_own_hidden_item(n, user) -> bool:
    return notices.about_own_hidden_item(n, user)
