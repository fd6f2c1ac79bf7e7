"""The reading page and everything done on it. Views are glue: parse the request, call a
service or selector, render the page or its htmx fragment (same template source)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from annotations import rules as annotation_rules
from annotations import selectors as annotation_selectors
from annotations import services as annotation_services
from annotations.forms import HighlightForm
from annotations.models import Article, Highlight
from core.http import REFUSALS, add_to_form, member_required, refusal

from . import markdown, notices, ranking, reading_cache, selectors, services
from . import search as search_selectors
from .forms import CounterargumentForm, PassageCounterForm, PreviewForm, SearchForm, VoteForm
from .models import Counterargument, SearchOrdering

PAGE = "debates/reading.html"


def _ordering(request) -> str:
    ordering = request.GET.get("ordering", "best")
    return ordering if ordering in ranking.ORDERINGS else "best"


def _thread_context(request, highlight: Highlight, ordering: str = "best") -> dict:
    return {
        "passage": highlight,
        "article": highlight.article,
        "thread": selectors.passage_thread(
            highlight=highlight, user=request.user, ordering=ordering
        ),
        "ordering": ordering,
        "orderings": ranking.ORDERINGS,
        "max_depth": selectors.MAX_DEPTH,
        "answer_form": CounterargumentForm(),
    }


def _page_context(request, article: Article, *, passage=None, ordering="best") -> dict:
    fragments = reading_cache.reading_fragments(article, request.user)
    context = {
        "article": article,
        "body_html": fragments.body_html,
        "lists_html": fragments.lists_html,
        "passage": passage,
        "counter_form": PassageCounterForm(),
        "can_revise": annotation_rules.can_revise(request.user, article),
    }
    if passage is not None:
        context.update(_thread_context(request, passage, ordering))
    return context


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.select_related("imported_by"), pk=pk)
    return render(request, PAGE, _page_context(request, article))


def passage_detail(request, pk, highlight_pk):
    """A passage's panel with its debate: the htmx fragment when a mark is clicked, else
    the whole reading page with the panel open (the deep link)."""
    highlight = get_object_or_404(
        Highlight.objects.visible_to(request.user).select_related("author", "article__imported_by"),
        pk=highlight_pk,
        article_id=pk,
    )
    ordering = _ordering(request)
    if request.htmx and not request.htmx.history_restore_request:
        return render(
            request, f"{PAGE}#passage-panel", _thread_context(request, highlight, ordering)
        )
    context = _page_context(request, highlight.article, passage=highlight, ordering=ordering)
    return render(request, PAGE, context)


def _form_error(
    request, *, form, partial: str, target: str, context: dict, passage=None, status=422
):
    """A refused write: the htmx form re-renders in place with its errors (422, or 403/429
    when the member may not write now); without htmx, the reading page shows them."""
    if request.htmx:
        # `answer_form` is the blank form the reply partial falls back to.
        context = {**context, "form": form, "answer_form": CounterargumentForm()}
        response = render(request, f"{PAGE}#{partial}", context, status=status)
        return reswap(retarget(response, target), "outerHTML")
    article = context["article"]
    page = _page_context(request, article, passage=passage)
    page.update({"page_errors": form.non_field_errors() + _field_errors(form)})
    return render(request, PAGE, page, status=status)


def _field_errors(form) -> list[str]:
    return [error for name, errors in form.errors.items() if name != "__all__" for error in errors]


def _ordering_posted(request) -> str:
    ordering = request.POST.get("ordering", "best")
    return ordering if ordering in ranking.ORDERINGS else "best"


def _thread_response(request, highlight: Highlight, event: str, payload: dict):
    """The passage's thread, re-rendered in the order the reader had chosen."""
    highlight = Highlight.objects.select_related("article").get(pk=highlight.pk)
    ordering = _ordering_posted(request)
    response = render(request, f"{PAGE}#thread", _thread_context(request, highlight, ordering))
    return trigger_client_event(response, event, payload)


@require_POST
@member_required
def passage_counter(request, pk):
    """The "Counter this" form: mark the selected words and post the first answer in one
    go, or (the "mark only" button) just mark them."""
    article = get_object_or_404(Article, pk=pk)
    mark_only = request.POST.get("action") == "mark"
    form = (HighlightForm if mark_only else PassageCounterForm)(request.POST)
    created, status = None, 422
    if form.is_valid():
        try:
            if mark_only:
                created = annotation_services.highlight_create(
                    user=request.user, article=article, **form.cleaned_data
                )
            else:
                created = services.passage_counter(
                    user=request.user, article=article, **form.cleaned_data
                ).highlight
        except REFUSALS as exc:
            status = add_to_form(form, exc)
    if created is None:
        return _form_error(
            request,
            form=form,
            partial="counter-errors",
            target="#counter-errors",
            context={"article": article},
            status=status,
        )
    if not request.htmx:
        return redirect(created)
    article.refresh_from_db()
    context = _page_context(request, article, passage=created)
    response = render(request, f"{PAGE}#passage-created", context)
    response["HX-Push-Url"] = created.get_absolute_url()
    return trigger_client_event(response, "passage-highlighted", {"id": created.pk})


@require_POST
@member_required
def counterargument_create(request, pk):
    highlight = get_object_or_404(
        Highlight.objects.visible_to(request.user).select_related("article"), pk=pk
    )
    form = CounterargumentForm(request.POST)
    created, status = None, 422
    if form.is_valid():
        try:
            created = services.counterargument_post(
                user=request.user, highlight=highlight, **form.cleaned_data
            )
        except REFUSALS as exc:
            status = add_to_form(form, exc)
    if created is None:
        return _form_error(
            request,
            form=form,
            partial="answer-form",
            target=f"#answer-form-{highlight.pk}",
            context={"passage": highlight, "article": highlight.article},
            passage=highlight,
            status=status,
        )
    if not request.htmx:
        return redirect(created)
    return _thread_response(request, highlight, "counterargument-created", {"id": created.pk})


def _visible(request, pk) -> Counterargument:
    return get_object_or_404(
        Counterargument.objects.visible_to(request.user).select_related(
            "highlight__article", "author"
        ),
        pk=pk,
    )


@require_POST
@member_required
def reply_create(request, pk):
    parent = _visible(request, pk)
    form = CounterargumentForm(request.POST)
    created, status = None, 422
    if form.is_valid():
        try:
            created = services.reply_post(user=request.user, parent=parent, **form.cleaned_data)
        except REFUSALS as exc:
            status = add_to_form(form, exc)
    if created is None:
        return _form_error(
            request,
            form=form,
            partial="reply-form",
            target=f"#reply-form-{parent.pk}",
            context={"ca": parent, "article": parent.highlight.article},
            passage=parent.highlight,
            status=status,
        )
    if not request.htmx:
        return redirect(created)
    return _thread_response(
        request, parent.highlight, "counterargument-created", {"id": created.pk}
    )


@require_http_methods(["GET", "POST"])
@member_required
def counterargument_edit(request, pk):
    ca = _visible(request, pk)
    if ca.author_id != request.user.pk:
        raise PermissionDenied
    context = {"ca": ca, "article": ca.highlight.article}
    if request.method == "GET":
        form = CounterargumentForm(
            initial={"stance": ca.stance, "body": ca.body, "sources": "\n".join(ca.sources)}
        )
        template = f"{PAGE}#edit-form" if request.htmx else "debates/edit.html"
        return render(request, template, {**context, "form": form})
    form = CounterargumentForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            services.counterargument_edit(
                user=request.user, counterargument=ca, **form.cleaned_data
            )
        except REFUSALS as exc:
            status = add_to_form(form, exc)
        else:
            if not request.htmx:
                return redirect(ca)
            return _thread_response(request, ca.highlight, "counterargument-edited", {"id": ca.pk})
    if request.htmx:
        return _form_error(
            request,
            form=form,
            partial="edit-form",
            target=f"#edit-form-{ca.pk}",
            context=context,
            status=status,
        )
    return render(request, "debates/edit.html", {**context, "form": form}, status=status)


def _item_error(request, ca: Counterargument, error: str, status: int):
    """A refused action on one item: the message appears beside it (htmx), or as a
    message on the page it came from."""
    if not request.htmx:
        messages.error(request, error)
        return redirect(ca)
    response = render(request, f"{PAGE}#item-error", {"ca": ca, "error": error}, status=status)
    return reswap(retarget(response, f"#item-error-{ca.pk}"), "outerHTML")


@require_POST
@member_required
def counterargument_remove(request, pk):
    ca = _visible(request, pk)
    if ca.author_id != request.user.pk:
        raise PermissionDenied
    try:
        services.counterargument_remove(user=request.user, counterargument=ca)
    except REFUSALS as exc:
        return _item_error(request, ca, *refusal(exc))
    if not request.htmx:
        return redirect(ca)
    return _thread_response(request, ca.highlight, "counterargument-removed", {"id": ca.pk})


@require_POST
@member_required
def vote(request, pk):
    """The vote buttons: up, down, or the same button again to take the vote back."""
    ca = _visible(request, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _item_error(request, ca, form.errors["value"][0], 422)
    try:
        ca = services.vote_toggle(user=request.user, counterargument=ca, **form.cleaned_data)
    except REFUSALS as exc:
        return _item_error(request, ca, *refusal(exc))
    if not request.htmx:
        return redirect(ca)
    # Only this item's widget changes: the thread keeps its order until the reader asks.
    node = selectors.thread_item(counterargument=ca, user=request.user)
    context = {"ca": ca, "node": node, "ordering": _ordering_posted(request)}
    response = render(request, f"{PAGE}#vote-widget", context)
    return trigger_client_event(response, "vote-changed", {"id": ca.pk, "score": ca.score})


@require_POST
def preview(request):
    """The live Markdown preview under the argument box."""
    form = PreviewForm(request.POST)
    html = markdown.render(form.cleaned_data["body"]) if form.is_valid() else ""
    return render(request, f"{PAGE}#markdown-preview", {"html": html})


@login_required
def notification_list(request):
    items = list(selectors.notifications(request.user))
    unread = {n.pk for n in items if not n.read}
    # Opening the list is reading it; the page still shows which ones were new.
    services.notifications_mark_read(user=request.user, ids=unread)
    context = {
        "notifications": items,
        "unread": unread,
        "appeal_here": notices.appeal_places(items, request.user),
    }
    return render(request, "debates/notifications.html", context)


def profile(request, username):
    """A member's public page: what they imported, marked and wrote, as this viewer may
    see it. Here, not in accounts, because it reads every layer."""
    member = get_object_or_404(get_user_model(), username=username, is_active=True)
    articles = annotation_selectors.article_list().filter(imported_by=member)[:50]
    activity = selectors.member_activity(member=member, viewer=request.user)
    return render(
        request,
        "accounts/profile.html",
        {"member": member, "articles": articles, "activity": activity},
    )


def search(request):
    """The search page (`/search/?q=`), and its results alone for htmx: the page's own
    form (results as one types) and the header's box (a short list under it)."""
    form = SearchForm(request.GET)
    results, error, status = None, None, 200
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            results = search_selectors.search(
                user=request.user,
                query=data["q"],
                kind=data["kind"],
                language=data["language"],
                author=data["author"],
                since=data["since"],
                until=data["until"],
                ordering=data["ordering"] or SearchOrdering.RELEVANCE,
                limit=search_selectors.HEADER_LIMIT
                if request.GET.get("from") == "header"
                else search_selectors.PER_KIND,
            )
    else:
        error, status = next(iter(form.errors.values()))[0], 422
    context = {
        "form": form,
        "query": form.cleaned_data.get("q", "") if not error else "",
        "results": results,
        "error": error,
        "header": request.GET.get("from") == "header",
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "debates/search.html#search-results", context, status=status)
    return render(request, "debates/search.html", context, status=status)
