from core.members import is_moderator, suspension_notice

from . import selectors


def moderation(request):
    """A suspended member's notice (why, until when), the items they flagged (asked by
    the flag widget: "You flagged this"; read only if a page asks), their appeals (the
    same way, for notices), and the review queue's
    size for moderators. Nothing for anonymous readers; one query for moderators."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context: dict[str, object] = {
        "suspension": suspension_notice(user),
        "viewer_flags": selectors.ViewerFlags(user),
        "viewer_appeals": selectors.ViewerAppeals(user),
    }
    if is_moderator(user):
        context["is_moderator"] = True
        context["queue_size"] = selectors.moderation_queue_size()
    return context
