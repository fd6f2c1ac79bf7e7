from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations import importers, services


class Command(BaseCommand):
    help = "Import articles from Markdown, HTML or plain-text files and print what was created."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--user", help="username or email of the importer (default: the first superuser)"
        )
        parser.add_argument(
            "--format", default="auto", choices=["auto", "markdown", "html", "plain"]
        )
        parser.add_argument(
            "--language", default="", help="en, zh-hans or zh-hant (default: guessed)"
        )

    def handle(self, *paths, **options):
        user = self._user(options["user"])
        failures = 0
        for path in map(Path, options["paths"]):
            try:
                article = self._import(path, user, options)
            except (OSError, importers.ImportFailed, ValidationError) as exc:
                failures += 1
                message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                self.stderr.write(f"{path}: {message}")
                continue
            self.stdout.write(
                f"{path}: created article {article.pk} “{article.title}” "
                f"({len(article.text):,} characters, {article.language}) "
                f"{article.get_absolute_url()}"
            )
        if failures:
            raise CommandError(f"{failures} of {len(options['paths'])} files were not imported.")

    def _user(self, name):
        users = get_user_model().objects
        if name:
            user = users.filter(username=name).first() or users.filter(email__iexact=name).first()
            if user is None:
                raise CommandError(f"No member called {name!r}.")
            return user
        user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("Name the importer with --user (there is no superuser).")
        return user

    def _import(self, path: Path, user, options):
        doc = importers.parse(path.read_bytes(), filename=path.name, format=options["format"])
        title = doc.title or importers.paragraphs(doc.text)[0][:120]
        return services.article_import(
            user=user,
            title=title,
            text=doc.text,
            language=options["language"] or doc.language,
            source_url=doc.source_url,
            published=doc.published,
            author=doc.author,
            publisher=doc.publisher,
        )
