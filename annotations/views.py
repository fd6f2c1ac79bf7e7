import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import cleaning, importers, rules, selectors, services
from .forms import BLOCK_LABELS, REMOVAL_LABELS, ArticlePreviewForm, ImportSourceForm, ReviseForm
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
    kinds = _posted_kinds(form["blocks"].value(), text)
    numbered = [
        {
            "number": n,
            "text": p,
            "kept": first <= n <= last,
            "kind": kinds.get(n - 1, ""),
            "kind_label": BLOCK_LABELS.get(kinds.get(n - 1, ""), ""),
        }
        for n, p in enumerate(paragraphs, start=1)
    ]
    return {"form": form, "paragraphs": numbered, "step": "preview"}


def _posted_kinds(value, text: str) -> dict[int, str]:
    """Paragraph number -> kind from the preview's blocks field (a list before the form
    is posted, its JSON after); nothing for a value that doesn't fit the text."""
    try:
        blocks = json.loads(value) if isinstance(value, str) else value
        return dict(importers.check_blocks(blocks or [], text))
    except (ValueError, importers.ImportFailed):
        return {}


def _removals_context(removals, keep: frozenset[str]) -> list[dict]:
    """Each kind of removal the cleaning made, its lines, and whether the member kept it."""
    return [
        {
            "kind": removal.kind,
            "label": REMOVAL_LABELS[removal.kind],
            "lines": removal.lines,
            # Each line as (text, the glued markup that goes): the spot, shown marked.
            "spots": [
                cleaning.markup_spot(line) if removal.kind == "markup" else (line, "")
                for line in removal.lines
            ],
            "kept": removal.kind in keep,
        }
        for removal in removals
    ]


def _preview_initial(doc, *, source_url: str, original: str, keep: frozenset[str]) -> dict:
    return {
        "title": doc.title,
        "language": doc.language,
        "source_url": source_url or doc.source_url,
        "published": doc.published,
        "author": doc.author,
        "publisher": doc.publisher,
        "text": doc.text,
        "blocks": [list(pair) for pair in doc.blocks],
        "original": original if doc.removals else "",
        "source_format": doc.format,
        "keep": sorted(keep),
        "first": 1,
        "last": len(importers.paragraphs(doc.text)),
    }


def _reclean(request):
    """The preview's "keep these lines" / "remove them again": clean the source again with
    the chosen kinds kept. The fields the member edited stay as they are."""
    action = request.POST.get("action", "")
    verb, _sep, kind = action.partition(":")
    original = request.POST.get("original", "")
    source_format = request.POST.get("source_format", "")
    if kind not in cleaning.KINDS or not original or source_format not in importers.FORMATS:
        return None
    keep = set(request.POST.getlist("keep")) & set(cleaning.KINDS)
    if verb == "keep":
        keep.add(kind)
    else:
        keep.discard(kind)
    try:
        doc = importers.parse(original, format=source_format, keep=frozenset(keep))
    except importers.ImportFailed:
        return None
    initial = _preview_initial(
        doc, source_url=request.POST.get("source_url", ""), original=original, keep=frozenset(keep)
    )
    for name in ("title", "language", "published", "author", "publisher"):
        if request.POST.get(name):
            initial[name] = request.POST[name]
    if not request.POST.get("author") or kind == "byline":
        initial["author"] = doc.author or request.POST.get("author", "")
    context = _preview_context(ArticlePreviewForm(initial=initial), doc.text)
    context["removals"] = _removals_context(doc.removals, frozenset(keep))
    return render(request, "annotations/import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def article_import(request):
    """Two steps in one URL: a source form that parses the file or paste, then a preview
    form (title, metadata, first/last paragraph) that saves through the service."""
    if request.method == "GET":
        return render(
            request, "annotations/import.html", {"form": ImportSourceForm(), "step": "source"}
        )
    try:
        step = request.POST.get("step", "source")
    except RequestDataTooBig:
        # Over the request limit, Django refuses to read the form at all: say so in the
        # form instead of a bare 400 page (the page's script keeps the text in the box
        # by refusing before sending; without it the member pastes again).
        form = ImportSourceForm.refused_as_too_large()
        return render(
            request, "annotations/import.html", {"form": form, "step": "source"}, status=413
        )

    if step == "source":
        source = ImportSourceForm(
            request.POST,
            request.FILES,
            fetch=lambda url: services.fetch_page(user=request.user, url=url),
        )
        if not source.is_valid():
            return render(
                request, "annotations/import.html", {"form": source, "step": "source"}, status=422
            )
        doc = source.cleaned_data["document"]
        preview = ArticlePreviewForm(
            initial=_preview_initial(
                doc,
                source_url=source.cleaned_data.get("source_url") or "",
                original=source.cleaned_data["original"],
                keep=frozenset(),
            )
        )
        context = _preview_context(preview, doc.text)
        context["removals"] = _removals_context(doc.removals, frozenset())
        context["duplicate"] = selectors.existing_article(
            text_hash=Article.hash_text(importers.canonicalize(doc.text)),
            source_url=doc.source_url or source.cleaned_data.get("source_url") or "",
        )
        return render(request, "annotations/import.html", context)

    if request.POST.get("action", "").startswith(("keep:", "drop:")):
        response = _reclean(request)
        if response is not None:
            return response

    preview = ArticlePreviewForm(request.POST)
    text = importers.canonicalize(request.POST.get("text", ""))
    if preview.is_valid() and request.POST.get("action") != "save":
        # "Update preview" after a trim: a title guessed from a paragraph now trimmed off
        # is guessed again (importers.retitle).
        data = preview.cleaned_data
        title = importers.retitle(data["title"], data["text"], data["first"] - 1, data["last"] - 1)
        if title != data["title"]:
            posted = request.POST.copy()
            posted["title"] = title
            preview = ArticlePreviewForm(posted)
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
                blocks=data["trimmed_blocks"],
            )
        except services.DuplicateArticle as exc:
            context = _preview_context(preview, text)
            context["removals"] = _posted_removals(request)
            context["duplicate"] = exc.article
            return render(request, "annotations/import.html", context, status=409)
        except ValidationError as exc:
            _add_errors(preview, exc)
        else:
            messages.success(request, _("Article imported."))
            return redirect(article)
    status = 422 if preview.errors else 200
    context = _preview_context(preview, text)
    context["removals"] = _posted_removals(request)
    return render(request, "annotations/import.html", context, status=status)


def _posted_removals(request) -> list[dict]:
    """The removals list again, for a preview posted back (cleaning is deterministic)."""
    original = request.POST.get("original", "")
    source_format = request.POST.get("source_format", "")
    if not original or source_format not in importers.FORMATS:
        return []
    keep = frozenset(set(request.POST.getlist("keep")) & set(cleaning.KINDS))
    try:
        doc = importers.parse(original, format=source_format, keep=keep)
    except importers.ImportFailed:
        return []
    return _removals_context(doc.removals, keep)


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
                orphans = selectors.passage_counts(article, request.user)[Highlight.State.ORPHANED]
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
