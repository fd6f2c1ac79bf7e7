from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import importers, rules, selectors, services
from .forms import ArticlePreviewForm, ImportSourceForm, ReviseForm
from .models import Article, Language


def article_list(request):
    query = request.GET.get("q", "").strip()[:200]
    language = request.GET.get("language", "")
    if language not in Language.values:
        language = ""
    page = Paginator(selectors.article_list(query=query, language=language), 20).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "query": query, "language": language, "languages": Language}
    if request.htmx:
        return render(request, "annotations/article_list.html#results", context)
    return render(request, "annotations/article_list.html", context)


def _preview_context(form: ArticlePreviewForm, text: str) -> dict:
    paragraphs = importers.paragraphs(text) if text else []
    first = form["first"].value() or 1
    last = form["last"].value() or len(paragraphs)
    try:
        first, last = int(first), int(last)
    except (TypeError, ValueError):
        first, last = 1, len(paragraphs)
    numbered = [
        {"number": n, "text": p, "kept": first <= n <= last}
        for n, p in enumerate(paragraphs, start=1)
    ]
    return {"form": form, "paragraphs": numbered, "step": "preview"}


@login_required
@require_http_methods(["GET", "POST"])
def article_import(request):
    """Two steps in one URL: a source form that parses the file or paste, then a preview
    form (title, metadata, first/last paragraph) that saves through the service."""
    step = request.POST.get("step", "source")
    if request.method == "GET":
        return render(
            request, "annotations/import.html", {"form": ImportSourceForm(), "step": "source"}
        )

    if step == "source":
        source = ImportSourceForm(request.POST, request.FILES)
        if not source.is_valid():
            return render(
                request, "annotations/import.html", {"form": source, "step": "source"}, status=422
            )
        doc = source.cleaned_data["document"]
        count = len(importers.paragraphs(doc.text))
        preview = ArticlePreviewForm(
            initial={
                "title": doc.title,
                "language": doc.language,
                "source_url": source.cleaned_data.get("source_url") or doc.source_url,
                "published": doc.published,
                "author": doc.author,
                "publisher": doc.publisher,
                "text": doc.text,
                "first": 1,
                "last": count,
            }
        )
        return render(request, "annotations/import.html", _preview_context(preview, doc.text))

    preview = ArticlePreviewForm(request.POST)
    text = importers.canonicalize(request.POST.get("text", ""))
    if preview.is_valid() and request.POST.get("action") == "save":
        data = preview.cleaned_data
        try:
            article = services.article_import(
                user=request.user,
                title=data["title"],
                text=data["trimmed"],
                language=data["language"],
                source_url=data["source_url"],
                published=data["published"],
                author=data["author"],
                publisher=data["publisher"],
            )
        except services.DuplicateArticle as exc:
            context = _preview_context(preview, text)
            context["duplicate"] = exc.article
            return render(request, "annotations/import.html", context, status=409)
        except ValidationError as exc:
            _add_errors(preview, exc)
        else:
            messages.success(request, _("Article imported."))
            return redirect(article)
    status = 422 if preview.errors else 200
    return render(
        request, "annotations/import.html", _preview_context(preview, text), status=status
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["GET", "POST"])
def article_revise(request, pk):
    article = get_object_or_404(Article, pk=pk)
    if not rules.can_revise(request.user, article):
        raise PermissionDenied
    form = ReviseForm(request.POST or None, initial={"title": article.title, "text": article.text})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.article_revise(user=request.user, article=article, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                article.refresh_from_db()
                orphans = article.highlights.orphaned().count()
                messages.success(
                    request,
                    _("Revised. Passages were re-anchored; %(orphans)d no longer in the text.")
                    % {"orphans": orphans},
                )
                return redirect(article)
        status = 422
    revisions = article.revisions.select_related("created_by")
    return render(
        request,
        "annotations/revise.html",
        {"article": article, "form": form, "revisions": revisions},
        status=status,
    )
