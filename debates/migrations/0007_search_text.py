"""The folded search column of answers and replies, filled for the rows already here,
with its trigram index on PostgreSQL (as annotations" 0008)."""

from django.db import migrations, models

from annotations.folding import fold
from annotations.search_index import fill_search_text, trigram_index


def fill(apps, schema_editor):
    Counterargument = apps.get_model("debates", "Counterargument")
    fill_search_text(Counterargument, ["body"], lambda ca: fold(ca.body))


class Migration(migrations.Migration):

    dependencies = [
        ("debates", "0006_admin_labels"),
        ("annotations", "0008_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="counterargument",
            name="search_text",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        trigram_index("debates_counterargument"),
    ]
