"""The API for answers, replies, votes, flags, moderation and the member's own account:
parse, call the same services and selectors as the HTML views, serialise."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.models import Article, Highlight
from config.drf import RankedCursor

from . import ranking, selectors, services
from .models import Counterargument, ModerationAction, Vote
from .serializers import (
    CounterargumentEditInput,
    CounterargumentInput,
    CounterargumentOutput,
    FlagInput,
    FlagOutput,
    LogEntryOutput,
    ModerationActionInput,
    ModerationResultOutput,
    QueueItemOutput,
    VoteInput,
    VoteOutput,
)

ORDERING_PARAMETER = OpenApiParameter(
    "ordering",
    str,
    enum=list(ranking.ORDERINGS),
    description="best (Wilson score, the default), controversial or newest.",
)
CURSOR_PARAMETER = OpenApiParameter("cursor", str, description="From `next` or `previous`.")


def visible_highlight(request, pk) -> Highlight:
    """404 for a passage this reader may not see (hidden ones are not admitted to exist)."""
    return get_object_or_404(
        Highlight.objects.visible_to(request.user).select_related("article"), pk=pk
    )


def visible_counterargument(request, pk) -> Counterargument:
    """The item if this reader may see it and its passage; else 404."""
    user = request.user
    return get_object_or_404(
        Counterargument.objects.visible_to(user)
        .filter(highlight__in=Highlight.objects.visible_to(user))
        .select_related("author", "highlight__article"),
        pk=pk,
    )


def _ordering(request) -> str:
    ordering = request.query_params.get("ordering", "best")
    if ordering not in ranking.ORDERINGS:
        message = _("Order by %(choices)s.") % {"choices": ", ".join(ranking.ORDERINGS)}
        raise ValidationError({"ordering": ValidationError(message, code="invalid_ordering")})
    return ordering


def _find(nodes, pk):
    for node in nodes:
        if node.item.pk == pk:
            return node
        found = _find(node.children, pk)
        if found is not None:
            return found
    return None


def _thread_node(request, ca: Counterargument):
    """The item's place in its passage's thread as this reader sees it (the same
    selector the reading page uses): their vote and the replies they can see."""
    roots = selectors.passage_thread(highlight=ca.highlight, user=request.user)
    return _find(roots, ca.pk)


def _items_response(request, paginator: RankedCursor, nodes, highlight: Highlight) -> Response:
    page = paginator.paginate_list(nodes, request)
    for node in page:
        node.item.highlight = highlight  # one passage for the whole page: no query per item
    context = {
        "request": request,
        "votes": {n.item.pk: n.my_vote for n in page},
        "reply_counts": {n.item.pk: len(n.children) for n in page},
    }
    data = CounterargumentOutput([n.item for n in page], many=True, context=context).data
    return paginator.get_paginated_response(data)


def _item_data(request, ca: Counterargument, status_code=status.HTTP_200_OK) -> Response:
    node = _thread_node(request, ca)
    context = {
        "request": request,
        "votes": {ca.pk: node.my_vote if node else 0},
        "reply_counts": {ca.pk: len(node.children) if node else 0},
    }
    return Response(CounterargumentOutput(ca, context=context).data, status=status_code)


class PassageCounterargumentsApi(generics.GenericAPIView):
    queryset = Highlight.objects.none()  # for the schema's path parameter type
    pagination_class = RankedCursor
    serializer_class = CounterargumentOutput

    @extend_schema(
        summary="A passage's answers",
        description="Top-level answers in the chosen order; replies are under each answer's "
        "`replies_url`.",
        parameters=[ORDERING_PARAMETER, CURSOR_PARAMETER],
        responses=CounterargumentOutput(many=True),
    )
    def get(self, request, pk):
        highlight = visible_highlight(request, pk)
        roots = selectors.passage_thread(
            highlight=highlight, user=request.user, ordering=_ordering(request)
        )
        return _items_response(request, self.paginator, roots, highlight)

    @extend_schema(
        summary="Answer a passage",
        request=CounterargumentInput,
        responses={201: CounterargumentOutput},
    )
    def post(self, request, pk):
        highlight = visible_highlight(request, pk)
        data = CounterargumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        ca = services.counterargument_post(
            user=request.user, highlight=highlight, **data.validated_data
        )
        return _item_data(request, ca, status.HTTP_201_CREATED)


class CounterargumentDetailApi(generics.GenericAPIView):
    serializer_class = CounterargumentOutput

    @extend_schema(summary="An answer or a reply")
    def get(self, request, pk):
        return _item_data(request, visible_counterargument(request, pk))

    @extend_schema(
        summary="Edit one's own answer",
        description="Within 15 minutes freely; later with an “edited” mark, the previous "
        "version kept.",
        request=CounterargumentEditInput,
        responses=CounterargumentOutput,
    )
    def patch(self, request, pk):
        ca = visible_counterargument(request, pk)
        data = CounterargumentEditInput(data=request.data)
        data.is_valid(raise_exception=True)
        changes = data.validated_data
        ca = services.counterargument_edit(
            user=request.user,
            counterargument=ca,
            stance=changes.get("stance", ca.stance),
            body=changes.get("body", ca.body),
            sources=changes.get("sources", ca.sources),
        )
        return _item_data(request, ca)

    @extend_schema(
        summary="Remove one's own answer",
        description="It stays in the thread as a placeholder so replies keep their place.",
        request=None,
        responses={204: None},
    )
    def delete(self, request, pk):
        ca = visible_counterargument(request, pk)
        services.counterargument_remove(user=request.user, counterargument=ca)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RepliesApi(generics.GenericAPIView):
    queryset = Counterargument.objects.none()  # for the schema's path parameter type
    pagination_class = RankedCursor
    serializer_class = CounterargumentOutput

    @extend_schema(
        summary="Direct replies to an answer, best first",
        parameters=[CURSOR_PARAMETER],
        responses=CounterargumentOutput(many=True),
    )
    def get(self, request, pk):
        parent = visible_counterargument(request, pk)
        node = _thread_node(request, parent)
        children = node.children if node else []
        return _items_response(request, self.paginator, children, parent.highlight)

    @extend_schema(
        summary="Reply", request=CounterargumentInput, responses={201: CounterargumentOutput}
    )
    def post(self, request, pk):
        parent = visible_counterargument(request, pk)
        data = CounterargumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        reply = services.reply_post(user=request.user, parent=parent, **data.validated_data)
        return _item_data(request, reply, status.HTTP_201_CREATED)


def _vote_response(request, ca: Counterargument) -> Response:
    mine = (
        Vote.objects.filter(user=request.user, counterargument=ca)
        .values_list("value", flat=True)
        .first()
    )
    return Response(VoteOutput(ca, context={"my_vote": mine or 0}).data)


class VoteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Vote up or down (idempotent)", request=VoteInput, responses=VoteOutput)
    def put(self, request, pk):
        ca = visible_counterargument(request, pk)
        data = VoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        ca = services.vote_cast(user=request.user, counterargument=ca, **data.validated_data)
        return _vote_response(request, ca)

    @extend_schema(
        summary="Take one's vote back (idempotent)", request=None, responses={200: VoteOutput}
    )
    def delete(self, request, pk):
        ca = visible_counterargument(request, pk)
        ca = services.vote_withdraw(user=request.user, counterargument=ca)
        return _vote_response(request, ca)


def _not_found(field: str):
    return ValidationError(
        {field: _("There is no such item (it may have been deleted).")}, code="not_found"
    )


class FlagApi(APIView):
    @extend_schema(
        summary="Flag a passage or an answer", request=FlagInput, responses={201: FlagOutput}
    )
    def post(self, request):
        data = FlagInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        target = services.target_for(fields["target_type"], fields["target_id"])
        # What this member cannot see does not exist for them: the same answer as a
        # missing id, so flags cannot probe for hidden items.
        model = type(target)
        if not model.objects.visible_to(request.user).filter(pk=target.pk).exists():
            raise _not_found("target_id")
        flag = services.flag_create(
            user=request.user, target=target, reason=fields["reason"], note=fields.get("note", "")
        )
        return Response(FlagOutput(flag).data, status=status.HTTP_201_CREATED)


class ModerationQueueApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Flagged items, most-flagged then longest waiting (moderators)",
        responses=QueueItemOutput(many=True),
    )
    def get(self, request):
        services.require_moderator(request.user)
        queue = selectors.moderation_queue(user=request.user)
        return Response(QueueItemOutput(queue, many=True).data)


def _moderation_target(target_type: str, target_id: int):
    if target_type in ("highlight", "counterargument"):
        return services.target_for(target_type, target_id)
    model = Article if target_type == "article" else get_user_model()
    target = model.objects.filter(pk=target_id).first()
    if target is None:
        raise _not_found("target_id")
    return target


ACTION_TARGETS = {
    **{str(action): ("highlight", "counterargument") for action in services.ITEM_ACTIONS},
    "suspend": ("member",),
    "unsuspend": ("member",),
    "lock": ("article",),
    "unlock": ("article",),
}


class ModerationActionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Moderate an item, a member or a debate (moderators)",
        description="Every change is written to the moderation log; `changed` is false "
        "(and nothing is logged) when the target was already in that state.",
        request=ModerationActionInput,
        responses=ModerationResultOutput,
    )
    def post(self, request):
        services.require_moderator(request.user)
        data = ModerationActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        action, target_type = fields["action"], fields["target_type"]
        if target_type not in ACTION_TARGETS[action]:
            raise ValidationError(
                {
                    "target_type": _("“%(action)s” applies to: %(targets)s.")
                    % {"action": action, "targets": ", ".join(ACTION_TARGETS[action])}
                },
                code="invalid_target",
            )
        target = _moderation_target(target_type, fields["target_id"])
        reason = fields.get("reason", "")
        me = request.user
        if action == "suspend":
            entry = services.member_suspend(
                moderator=me, member=target, duration=fields.get("duration", ""), reason=reason
            )
        elif action == "unsuspend":
            entry = services.member_unsuspend(moderator=me, member=target, reason=reason)
        elif action in ("lock", "unlock"):
            entry = services.debate_lock(
                moderator=me, article=target, locked=action == "lock", reason=reason
            )
        else:
            entry = services.moderate(moderator=me, target=target, action=action, reason=reason)
        return Response(
            {
                "changed": entry is not None,
                "log_entry": LogEntryOutput(entry).data if entry is not None else None,
            }
        )


class ModerationLogApi(generics.GenericAPIView):
    queryset = ModerationAction.objects.none()  # for the schema; the selector does the read
    permission_classes = [IsAuthenticated]
    serializer_class = LogEntryOutput

    def cursor_ordering(self, request):
        return ("-created", "-pk")

    @extend_schema(
        summary="The moderation log, newest first (moderators)",
        responses=LogEntryOutput(many=True),
    )
    def get(self, request):
        services.require_moderator(request.user)
        page = self.paginate_queryset(selectors.moderation_log())
        return self.get_paginated_response(LogEntryOutput(page, many=True).data)
