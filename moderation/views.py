"""Flags from members, and the moderators' pages: the review queue, its actions, debate
locks and the audit log. Glue only: every decision is a service in moderation/services.py,
which checks the permission again and logs it.

Refusals raised by services (Refused, Suspended, RateLimited) are answered by
core.http.RefusalMiddleware, the same on every path."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from annotations.models import Article, Highlight
from core.errors import NotFound
from core.http import REFUSALS, member_required, refusal
from core.members import require_moderator
from debates.models import Counterargument

from . import export, selectors, sentences, services
from .dashboard import dashboard_context
from .forms import (
    AppealDecisionForm,
    AppealForm,
    BulkModerationForm,
    FlagForm,
    LockForm,
    LogFilterForm,
    ModerationForm,
)
from .models import Appeal, ModerationAction, TargetType

PAGE = "moderation/queue.html"
LOG_PAGE = 50
FLAGGABLE: dict[str, type[Counterargument] | type[Highlight]] = {
    TargetType.COUNTERARGUMENT: Counterargument,
    TargetType.HIGHLIGHT: Highlight,
}


def _messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _flag_target(request, kind: str, pk: int):
    """The item being flagged, if this reader can see it (else 404: hidden items do not
    leak)."""
    if kind not in FLAGGABLE:
        raise Http404
    try:
        return services.flaggable_target(user=request.user, target_type=kind, target_id=pk)
    except NotFound:
        raise Http404 from None


@require_POST
@member_required
def flag(request, kind, pk):
    """A member reports a passage or an answer."""
    target = _flag_target(request, kind, pk)
    form = FlagForm(request.POST)
    errors: list[str] = []
    status = 422
    if form.is_valid():
        try:
            services.flag_create(user=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            errors = _messages(exc)
        except REFUSALS as exc:  # suspended, rate-limited: said in the flag box too
            message, status = refusal(exc)
            errors = [message]
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    context = {"target": target, "kind": kind, "errors": errors, "flagged": not errors}
    if not request.htmx:
        if errors:
            for error in errors:
                messages.error(request, error)
        else:
            messages.success(request, _("Thank you: the moderators will review it."))
        return redirect(target.get_absolute_url())
    response = render(
        request, "moderation/queue.html#flag-widget", context, status=status if errors else 200
    )
    if errors:
        return response
    return trigger_client_event(response, "item-flagged", {"kind": kind, "id": target.pk})


def _moderator_page(request):
    require_moderator(request.user)


@require_GET
@member_required
def dashboard(request):
    """The moderators' home: what needs them now, what happened, flags and decisions
    per day."""
    _moderator_page(request)
    return render(request, "moderation/dashboard.html", dashboard_context())


@require_GET
@member_required
def badge(request):
    """The header's queue badge, fetched again on "queue-changed" after each decision."""
    _moderator_page(request)
    return render(
        request, "moderation/_badge.html", {"queue_size": selectors.moderation_queue_size()}
    )


@require_GET
@member_required
def queue_counts(request):
    """The queue page's counts, fetched again on "queue-changed"."""
    _moderator_page(request)
    return render(
        request, f"{PAGE}#queue-counts", {"dashboard": selectors.moderation_queue_counts()}
    )


@require_GET
@member_required
def queue(request):
    _moderator_page(request)
    return render(
        request,
        PAGE,
        {
            "queue": selectors.moderation_queue(),
            "appeals": selectors.open_appeals(),
            "dashboard": selectors.moderation_queue_counts(),
        },
    )


@require_POST
@member_required
def act(request):
    """One decision from the queue: keep, hide, remove, restore, or suspend the author."""
    _moderator_page(request)
    form = ModerationForm(request.POST)
    errors: list[str] = []
    target = None
    done: list[ModerationAction] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            target = services.target_for(data["target_type"], data["target_id"])
            done = services.decide(
                moderator=request.user,
                target=target,
                action=data["action"],
                reason=data["reason"],
                duration=data["duration"],
            )
        except ValidationError as exc:
            errors = _messages(exc)
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    if not request.htmx:
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, sentences.sentence(done, sentences.item_title(target)))
        return redirect("moderation_queue")
    if errors:
        response = render(request, f"{PAGE}#queue-errors", {"errors": errors}, status=422)
        key = f"{form.data.get('target_type')}-{form.data.get('target_id')}"
        return reswap(retarget(response, f"#queue-errors-{key}"), "outerHTML")
    assert target is not None  # a valid decision names its target
    kind = form.cleaned_data["target_type"]
    target.refresh_from_db(fields=["visibility"])  # as the decision left it
    context = {
        "entry": selectors.queue_item(kind=kind, pk=target.pk),
        "done": sentences.sentence(done, sentences.item_title(target)) if done else "",
        "key": f"{kind}-{target.pk}",
        "target": target,
    }
    response = render(request, f"{PAGE}#queue-item", context)
    trigger_client_event(response, "item-moderated", {"kind": kind, "id": target.pk})
    return trigger_client_event(response, "queue-changed")


@require_POST
@member_required
def bulk(request):
    """The same decision on every ticked item (a spam wave); each one is logged."""
    _moderator_page(request)
    form = BulkModerationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            targets = [services.target_for(kind, pk) for kind, pk in data["items"]]
            done = services.bulk_moderate(
                moderator=request.user,
                targets=targets,
                action=data["action"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("%(n)d items changed.") % {"n": done})
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
    return redirect("moderation_queue")


APPEAL_PAGE = "moderation/appeal.html"


@member_required
def appeal(request, kind, pk):
    """The author's appeal of a hide or a removal of their own passage or answer: the
    decision, then the form (or the appeal already made). Suspended members come here
    too (member_required lets them read; the service lets them appeal)."""
    target = _flag_target(request, kind, pk)  # 404 for what this reader cannot see
    errors: list[str] = []
    made = None
    if request.method == "POST":
        form = AppealForm(request.POST)
        form.is_valid()  # a single optional text field: always valid
        try:
            made = services.appeal_create(
                user=request.user, target=target, note=form.cleaned_data.get("note", "")
            )
        except ValidationError as exc:
            errors = _messages(exc)
        if not request.htmx and not errors:
            messages.success(
                request, _("Your appeal is sent. A moderator will decide; their decision is final.")
            )
            return redirect(request.path)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "target": target,
        "kind": kind,
        "appeal": made or selectors.appeal_on(target),
        "decision": selectors.latest_decision(target),
        "errors": errors,
        "note": request.POST.get("note", ""),
        "sent": made is not None,
    }
    template = f"{APPEAL_PAGE}#appeal-widget" if request.htmx else APPEAL_PAGE
    return render(request, template, context, status=422 if errors else 200)


@require_POST
@member_required
def appeal_decide(request, pk):
    """A moderator's final decision on an appeal, from the queue."""
    _moderator_page(request)
    appeal = get_object_or_404(Appeal, pk=pk)
    form = AppealDecisionForm(request.POST)
    errors: list[str] = []
    entry = None
    if form.is_valid():
        try:
            entry = services.appeal_decide(
                moderator=request.user, appeal=appeal, **form.cleaned_data
            )
        except ValidationError as exc:
            errors = _messages(exc)
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    target = appeal.target
    done = sentences.sentence([entry], sentences.item_title(target)) if entry else ""
    if not request.htmx:
        for error in errors:
            messages.error(request, error)
        if done:
            messages.success(request, done)
        return redirect(reverse("moderation_queue") + "#appeals")
    if errors:
        response = render(
            request, f"{PAGE}#appeal-errors", {"errors": errors, "appeal": appeal}, status=422
        )
        return reswap(retarget(response, f"#appeal-errors-{appeal.pk}"), "outerHTML")
    response = render(
        request, f"{PAGE}#appeal-item", {"appeal": appeal, "done": done, "target": target}
    )
    trigger_client_event(response, "appeal-decided", {"id": appeal.pk})
    return trigger_client_event(response, "queue-changed")


@require_POST
@member_required
def unsuspend(request, username):
    _moderator_page(request)
    member = get_object_or_404(get_user_model(), username=username)
    services.member_unsuspend(
        moderator=request.user, member=member, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("The suspension is lifted."))
    return redirect(member.get_absolute_url())


@require_POST
@member_required
def lock(request, pk):
    """Lock or unlock an article's debate (moderators)."""
    article = get_object_or_404(Article, pk=pk)
    form = LockForm(request.POST)
    if form.is_valid():
        try:
            services.debate_lock(moderator=request.user, article=article, **form.cleaned_data)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
    else:
        messages.error(request, _("Choose to lock or to unlock."))
    return redirect(article.get_absolute_url())


def _log_filters(request):
    """The log's filters from the query string, and the member ?member= names (404 when
    there is no such member: the links that carry it come from pages that showed them)."""
    member = None
    if request.GET.get("member"):
        member = get_object_or_404(get_user_model(), username=request.GET["member"])
    form = LogFilterForm(request.GET, moderators=selectors.log_moderators())
    return form, member


def _log_page(request, form, member, status: int = 200):
    page = None
    if form.is_valid():
        page = selectors.moderation_log_page(
            selectors.moderation_log(member=member, **form.filters()),
            after=form.cleaned_data["after"],
            size=LOG_PAGE,
        )
    return render(
        request,
        "moderation/log.html",
        {
            "form": form,
            "member": member,
            "page": page,
            "lines": sentences.lines(page) if page else [],
        },
        status=status if form.is_valid() else 400,
    )


@require_GET
@member_required
def log(request):
    """The audit log for moderators as sentences, newest first, a page at a time;
    filtered by moderator, action, target, days and member (?member=<username>)."""
    _moderator_page(request)
    form, member = _log_filters(request)
    return _log_page(request, form, member)


@require_GET
@member_required
def log_csv(request):
    """The filtered log as CSV (moderators), streamed. Bad filters get the log page with
    the error, not a file."""
    _moderator_page(request)
    form, member = _log_filters(request)
    if not form.is_valid():
        return _log_page(request, form, member)
    entries = selectors.moderation_log(member=member, **form.filters())
    response = StreamingHttpResponse(
        export.stream(
            entries,
            language=translation.get_language(),
            zone=timezone.get_current_timezone(),
        ),
        content_type="text/csv; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="moderation-log-{day}.csv"'
    return response
