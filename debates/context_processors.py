from . import selectors


def notifications(request):
    """The unread count in the header (one query, only for signed-in members)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": selectors.unread_notifications(user)}
