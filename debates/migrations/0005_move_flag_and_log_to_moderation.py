"""Flag and ModerationAction move to the moderation app. Only Django's picture of the
models changes: the tables (debates_flag, debates_moderationaction), their rows and the
log's append-only trigger stay where they are (moderation/migrations/0001 takes them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("debates", "0004_moderationaction_append_only_trigger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="moderationaction",
                    name="member",
                ),
                migrations.RemoveField(
                    model_name="moderationaction",
                    name="moderator",
                ),
                migrations.DeleteModel(
                    name="Flag",
                ),
                migrations.DeleteModel(
                    name="ModerationAction",
                ),
            ],
        ),
    ]
