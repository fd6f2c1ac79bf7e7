"""The moderation log refuses TRUNCATE too, on PostgreSQL: the row trigger of
debates/0004 refuses UPDATE and DELETE, but TRUNCATE fires no row triggers, so one
statement could empty the log. A statement trigger refuses it, also when the log would
only be emptied by a TRUNCATE ... CASCADE of a table it points at (the members).

Wiping the log on purpose (the test runner between transactional tests, a developer
resetting a database) says so in its session first:
    SET counterpoint.wipe_moderation_log = 'on';
or for every session of a development database:
    ALTER DATABASE name SET counterpoint.wipe_moderation_log = 'on';
Never set in production."""

from django.db import migrations

INSTALL = [
    """
CREATE OR REPLACE FUNCTION debates_moderationaction_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('counterpoint.wipe_moderation_log', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The moderation log is append-only: TRUNCATE refused.'
        USING HINT = 'To wipe it on purpose, SET counterpoint.wipe_moderation_log = ''on'' first.';
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER debates_moderationaction_no_truncate
    BEFORE TRUNCATE ON debates_moderationaction
    FOR EACH STATEMENT EXECUTE FUNCTION debates_moderationaction_no_truncate()
""",
]

UNINSTALL = [
    "DROP TRIGGER IF EXISTS debates_moderationaction_no_truncate ON debates_moderationaction",
    "DROP FUNCTION IF EXISTS debates_moderationaction_no_truncate()",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No params: nothing here is a placeholder.
        for statement in INSTALL:
            schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UNINSTALL:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
