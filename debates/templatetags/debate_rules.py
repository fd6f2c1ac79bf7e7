"""The debate layer's rules for templates: `{% if ca|can_vote:user %}`. Templates ask
these instead of retyping a condition (debates/rules.py is the one definition)."""

from django import template

from debates import rules

register = template.Library()


@register.filter
def can_answer(highlight, user) -> bool:
    return rules.can_answer(user, highlight)


@register.filter
def could_answer(highlight) -> bool:
    return rules.could_answer(highlight)


@register.filter
def can_reply(ca, user) -> bool:
    return rules.can_reply(user, ca)


@register.filter
def could_reply(ca) -> bool:
    return rules.could_reply(ca)


@register.filter
def can_vote(ca, user) -> bool:
    return rules.can_vote(user, ca)


@register.filter
def can_edit(ca, user) -> bool:
    return rules.can_edit(user, ca)


@register.filter
def can_remove(ca, user) -> bool:
    return rules.can_remove(user, ca)


@register.filter
def could_vote(ca) -> bool:
    return rules.could_vote(ca)


@register.filter
def can_see_words(ca, user) -> bool:
    return not ca.is_removed and rules.can_see_words(user, ca)
