"""Helpers the search migrations share (annotations 0008, debates 0007): filling a folded
column for the rows already stored, and the PostgreSQL-only trigram index on it."""

from django.db import migrations

BATCH = 500


def fill_search_text(model, fields, build, filters=None) -> int:
    """Write `build(row)` into the search_text of every row (matching `filters`), in
    batches; how many rows were written."""
    pending, count = [], 0
    rows = model.objects.filter(**(filters or {})).only("pk", *fields).order_by("pk")
    for row in rows.iterator(chunk_size=BATCH):
        row.search_text = build(row)
        pending.append(row)
        count += 1
        if len(pending) >= BATCH:
            model.objects.bulk_update(pending, ["search_text"])
            pending = []
    if pending:
        model.objects.bulk_update(pending, ["search_text"])
    return count


def trigram_index(table):
    """CREATE/DROP of a GIN trigram index on `table`.search_text, on PostgreSQL only."""
    name = f"{table}_search_trgm"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "{table}" USING gin ("search_text" gin_trgm_ops)'
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
