from html import unescape

from django import template
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from debates import services

register = template.Library()

ICONS = {"refutes": "✗", "qualifies": "≈", "supports": "✓", "asks": "?"}
ORDERING_LABELS = {"best": _("Best"), "controversial": _("Controversial"), "newest": _("Newest")}


@register.filter
def stance_icon(stance: str) -> str:
    return ICONS.get(stance, "")


@register.filter
def ordering_label(ordering: str) -> str:
    return ORDERING_LABELS.get(ordering, ordering)


@register.filter
def source_host(url: str) -> str:
    return services.source_host(url)


@register.filter
def plain_text(html: str) -> str:
    """An answer's rendered HTML as plain text, for excerpts (escaped again on output)."""
    return unescape(strip_tags(html)).strip()
