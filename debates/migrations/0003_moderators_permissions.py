"""Give the "Moderators" group what the back office needs and nothing more: the moderate
permission (hide, remove, restore, keep, suspend) and read access to the items, their
earlier versions, flags, votes, the log and members. No add, change or delete: every
write goes through an admin action that calls a service and is logged. Idempotent."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = {
    "debates": [
        "moderate",
        "view_counterargument",
        "view_counterargumentversion",
        "view_flag",
        "view_moderationaction",
        # Who voted what: how a moderator spots a ring of accounts voting together.
        "view_vote",
    ],
    "annotations": ["view_highlight"],
    # Moderators suspend through an action (logged), never by editing the user.
    "accounts": ["view_user"],
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in PERMISSIONS.items():
        yield from Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make them now so the
    # group gets them on a fresh database too.
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = list(_permissions(apps))
    expected = sum(len(codenames) for codenames in PERMISSIONS.values())
    assert len(permissions) == expected, "a moderator permission is missing"
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_suspended_until_user_suspension_reason"),
        ("annotations", "0004_highlight_moderation_note_highlight_visibility"),
        ("debates", "0002_flag_moderationaction_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
