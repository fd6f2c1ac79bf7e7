"""Write the folded search text (annotations.folding) of every article, passage and answer
again: after a change to the folding rules, or for rows written by raw SQL (seed_scale),
which start with an empty one. The services keep it current on every write; this is only
for rows that did not go through them.

    python manage.py fold_search_text            # every row
    python manage.py fold_search_text --empty    # only rows whose search text is empty
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from annotations.folding import fold
from annotations.models import Article, Highlight
from annotations.search_index import fill_search_text
from debates.models import Counterargument


class Command(BaseCommand):
    help = "Rewrite the folded search text of articles, passages and answers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--empty", action="store_true", help="Only rows whose search text is empty."
        )

    def handle(self, *args, empty: bool = False, **options):
        only = {"search_text": ""} if empty else {}
        jobs = [
            (Article, ["title", "text"], lambda a: Article.fold_for_search(a.title, a.text)),
            (Highlight, ["exact"], lambda h: fold(h.exact)),
            (Counterargument, ["body"], lambda ca: fold(ca.body)),
        ]
        for model, fields, build in jobs:
            count = fill_search_text(model, fields, build, filters=only)
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count:,} folded")
