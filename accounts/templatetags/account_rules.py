"""The account rules for templates: `{% if user|can_change_account %}` shows the forms
that change a member's name or API token (core.members.can_write is the one definition;
accounts.services asks the same through require_member)."""

from django import template

from core.members import can_write

register = template.Library()


@register.filter
def can_change_account(user) -> bool:
    return can_write(user)
