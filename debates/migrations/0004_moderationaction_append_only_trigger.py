"""The moderation log is append-only in the database too, on PostgreSQL (production and
CI): a trigger refuses every UPDATE and DELETE of a row, whatever sends it (a raw query,
a shell, another program). TRUNCATE, which needs the table's owner, is left to the
owner (the test runner empties tables with it). SQLite, for development only, relies on
the model and queryset guards."""

from django.db import migrations

INSTALL = [
    """
CREATE OR REPLACE FUNCTION debates_moderationaction_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The moderation log is append-only: % refused.', TG_OP;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER debates_moderationaction_append_only
    BEFORE UPDATE OR DELETE ON debates_moderationaction
    FOR EACH ROW EXECUTE FUNCTION debates_moderationaction_append_only()
""",
]

UNINSTALL = [
    "DROP TRIGGER IF EXISTS debates_moderationaction_append_only ON debates_moderationaction",
    "DROP FUNCTION IF EXISTS debates_moderationaction_append_only()",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No params: the "%" in the message is PL/pgSQL's, not a placeholder.
        for statement in INSTALL:
            schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UNINSTALL:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("debates", "0003_moderators_permissions")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
