from annotations.models import is_moderator
from annotations.permissions import suspension_notice

from . import selectors


def notifications(request):
    """The unread count in the header (one query, only for signed-in members)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": selectors.unread_notifications(user)}


def moderation(request):
    """A suspended member's notice (why, until when), and the review queue's size for
    moderators. Nothing for anonymous readers; one query for moderators."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"suspension": suspension_notice(user)}
    if is_moderator(user):
        context["is_moderator"] = True
        context["queue_size"] = selectors.moderation_queue_size()
    return context
