"""A member's name is shown next to every passage they marked, in the reading page's
cached lists. Names change in accounts (the profile form, the admin), which sits below
annotations and cannot call it: these receivers retire the cached pages of every article
the member marked, in the transaction that changes or deletes them."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_delete

# The fields a reader sees of a passage's author (User.public_name).
SHOWN = frozenset({"display_name", "username"})


def _name_may_have_changed(sender, instance, created, update_fields=None, **kwargs) -> None:
    # A save naming its fields (last_login, a suspension) that leaves the name alone
    # changes nothing the page shows; a full save (profile form, admin) may.
    if created or (update_fields is not None and not SHOWN & set(update_fields)):
        return
    from .services import reading_changed

    reading_changed(author_id=instance.pk)


def _member_deleted(sender, instance, **kwargs) -> None:
    # Their passages go with them (on_delete=CASCADE).
    from .services import reading_changed

    reading_changed(author_id=instance.pk)


def connect() -> None:
    User = get_user_model()
    post_save.connect(_name_may_have_changed, sender=User, dispatch_uid="reading-names")
    pre_delete.connect(_member_deleted, sender=User, dispatch_uid="reading-members")
