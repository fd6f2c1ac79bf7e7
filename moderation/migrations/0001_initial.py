"""Flag and ModerationAction, taken over from the debate layer with their tables as they
are (db_table keeps the old names): nothing is created in the database. Their content
types move with them, so the Moderators group's permissions and the admin's history
follow."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ("flag", "moderationaction")


def _move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _move(apps, "debates", "moderation")


def move_content_types_back(apps, schema_editor):
    _move(apps, "moderation", "debates")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("annotations", "0004_highlight_moderation_note_highlight_visibility"),
        ("debates", "0005_move_flag_and_log_to_moderation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Flag",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("spam", "Spam"),
                                    ("harassment", "Harassment"),
                                    ("off_topic", "Off-topic"),
                                    ("misinformation", "Misinformation"),
                                    ("other", "Other"),
                                ],
                                max_length=20,
                                verbose_name="reason",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("open", "open"),
                                    ("dismissed", "dismissed"),
                                    ("upheld", "upheld"),
                                ],
                                default="open",
                                max_length=10,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "created",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "counterargument",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="flags",
                                to="debates.counterargument",
                            ),
                        ),
                        (
                            "highlight",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="flags",
                                to="annotations.highlight",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="flags",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "flag",
                        "verbose_name_plural": "flags",
                        "db_table": "debates_flag",
                        "ordering": ["created", "pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("counterargument__isnull", True),
                                        ("highlight__isnull", False),
                                    ),
                                    models.Q(
                                        ("counterargument__isnull", False),
                                        ("highlight__isnull", True),
                                    ),
                                    _connector="OR",
                                ),
                                name="flag_exactly_one_target",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("highlight__isnull", False)),
                                fields=("user", "highlight"),
                                name="one_flag_per_member_and_passage",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("counterargument__isnull", False)),
                                fields=("user", "counterargument"),
                                name="one_flag_per_member_and_answer",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "reason__in",
                                        [
                                            "spam",
                                            "harassment",
                                            "off_topic",
                                            "misinformation",
                                            "other",
                                        ],
                                    )
                                ),
                                name="flag_known_reason",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ModerationAction",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("auto_hide", "hidden automatically after flags"),
                                    ("keep", "kept (flags dismissed)"),
                                    ("hide", "hidden"),
                                    ("restore", "restored"),
                                    ("remove", "removed"),
                                    ("suspend", "member suspended"),
                                    ("unsuspend", "suspension lifted"),
                                    ("lock", "debate locked"),
                                    ("unlock", "debate unlocked"),
                                ],
                                max_length=20,
                                verbose_name="action",
                            ),
                        ),
                        (
                            "target_type",
                            models.CharField(
                                choices=[
                                    ("highlight", "passage"),
                                    ("counterargument", "answer"),
                                    ("member", "member"),
                                    ("article", "article"),
                                ],
                                max_length=20,
                                verbose_name="target type",
                            ),
                        ),
                        ("target_id", models.PositiveBigIntegerField(verbose_name="target id")),
                        ("target_repr", models.CharField(max_length=200, verbose_name="target")),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        ("before", models.JSONField(default=dict, verbose_name="before")),
                        ("after", models.JSONField(default=dict, verbose_name="after")),
                        (
                            "created",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="when"
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                blank=True,
                                help_text="The member whose item or account it was.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="moderation_received",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "moderator",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty for automatic actions.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="moderation_actions",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "moderation action",
                        "verbose_name_plural": "moderation log",
                        "db_table": "debates_moderationaction",
                        "ordering": ["-created", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["target_type", "target_id"],
                                name="debates_mod_target__5e36c3_idx",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
