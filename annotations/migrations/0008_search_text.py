"""The folded search columns (annotations.folding), filled for the rows already here, and
on PostgreSQL a trigram index on each so that a substring match (LIKE "%word%") on the
folded text reads the index instead of every row. SQLite has no such index: the same
LIKE, over every row."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from annotations.folding import fold
from annotations.search_index import fill_search_text, trigram_index

def fill(apps, schema_editor):
    Article = apps.get_model("annotations", "Article")
    Highlight = apps.get_model("annotations", "Highlight")
    fill_search_text(Article, ["title", "text"], lambda a: fold(f"{a.title}\n{a.text}"))
    fill_search_text(Highlight, ["exact"], lambda h: fold(h.exact))


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0007_article_blocks"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.AddField(
            model_name="highlight",
            name="search_text",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        TrigramExtension(),
        trigram_index("annotations_article"),
        trigram_index("annotations_highlight"),
    ]
