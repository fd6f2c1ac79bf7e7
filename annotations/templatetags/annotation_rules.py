"""The annotation rules for templates: `{% if article|can_mark:user %}`
(annotations/rules.py is the one definition)."""

from django import template

from annotations import rules

register = template.Library()


@register.filter
def can_mark(article, user) -> bool:
    return rules.can_mark(user, article)


@register.filter
def can_revise(article, user) -> bool:
    return rules.can_revise(user, article)


@register.filter
def could_mark(article) -> bool:
    return rules.could_mark(article)
