from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import retarget, trigger_client_event

from . import importers, selectors, services
from .forms import ArticlePreviewForm, HighlightForm, ImportSourceForm, ReviseForm
from .models import Article, Highlight, Language


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


def _reading_context(request, article, *, passage=None, form=None) -> dict:
    page = selectors.reading_page(article)
    return {
        "article": article,
        "blocks": page.blocks,
        "passages": page.passages,
        "orphans": page.orphans,
        "passage": passage,
        "highlight_form": form or HighlightForm(),
        "can_revise": services.can_revise(request.user, article),
    }


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.select_related("imported_by"), pk=pk)
    return render(request, "annotations/article_detail.html", _reading_context(request, article))


def passage_detail(request, pk, highlight_pk):
    """A passage's panel: the htmx fragment when a mark is clicked, else the whole
    reading page with the panel open (the deep link)."""
    highlight = get_object_or_404(
        Highlight.objects.select_related("author", "article"), pk=highlight_pk, article_id=pk
    )
    if request.htmx and not request.htmx.history_restore_request:
        return render(
            request, "annotations/article_detail.html#passage-panel", {"passage": highlight}
        )
    context = _reading_context(request, highlight.article, passage=highlight)
    return render(request, "annotations/article_detail.html", context)


@require_POST
def highlight_create(request, pk):
    article = get_object_or_404(Article, pk=pk)
    if not request.user.is_authenticated:
        # htmx follows redirects itself; tell it to load the sign-in page instead.
        login = f"{reverse('account_login')}?next={article.get_absolute_url()}"
        if request.htmx:
            return HttpResponse(status=401, headers={"HX-Redirect": login})
        return redirect(login)
    form = HighlightForm(request.POST)
    highlight = None
    if form.is_valid():
        try:
            highlight = services.highlight_create(
                user=request.user, article=article, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if highlight is None:
        if not request.htmx:
            context = _reading_context(request, article, form=form)
            return render(request, "annotations/article_detail.html", context, status=422)
        response = render(
            request,
            "annotations/article_detail.html#highlight-errors",
            {"highlight_form": form},
            status=422,
        )
        return retarget(response, "#highlight-errors")
    if not request.htmx:
        return redirect(highlight)
    article.refresh_from_db()
    context = _reading_context(request, article, passage=highlight)
    response = render(request, "annotations/article_detail.html#highlight-created", context)
    response["HX-Push-Url"] = highlight.get_absolute_url()
    return trigger_client_event(response, "passage-highlighted", {"id": highlight.pk})


@login_required
@require_http_methods(["GET", "POST"])
def article_revise(request, pk):
    article = get_object_or_404(Article, pk=pk)
    if not services.can_revise(request.user, article):
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
