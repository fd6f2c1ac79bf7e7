"""`{% moderation_dashboard %}`: the moderators' dashboard on the admin index. The admin
renders its own index view, so the figures are fetched here, for moderators only (the
same rule as the dashboard page)."""

from django import template

from moderation import rules
from moderation.dashboard import dashboard_context

register = template.Library()


@register.inclusion_tag("moderation/_admin_dashboard.html", takes_context=True)
def moderation_dashboard(context):
    request = context.get("request")
    if request is None or not rules.can_moderate(request.user):
        return {"shown": False}
    return {"shown": True, **dashboard_context()}
