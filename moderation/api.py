"""The API for flags and moderation: parse, call the same services and selectors as the
HTML views, serialise."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.models import Article
from core.members import require_moderator

from . import selectors, services
from .models import ITEM_TYPES, Appeal, ModerationAction, TargetType
from .serializers import (
    ACTION_TARGETS,
    AppealDecisionInput,
    AppealDecisionOutput,
    AppealInput,
    AppealOutput,
    FlagInput,
    FlagOutput,
    LogEntryOutput,
    ModerationActionInput,
    ModerationResultOutput,
    QueueItemOutput,
)


def _not_found(field: str):
    # The code on the field's error: a dict of plain messages would lose it.
    message = _("There is no such item (it may have been deleted).")
    return ValidationError({field: ValidationError(message, code="not_found")})


class FlagApi(APIView):
    @extend_schema(
        summary="Flag a passage or an answer", request=FlagInput, responses={201: FlagOutput}
    )
    def post(self, request):
        data = FlagInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        # What this member cannot see does not exist for them: 404, the same answer as a
        # missing id (and as reading it), so flags cannot probe for hidden items.
        target = services.flaggable_target(
            user=request.user, target_type=fields["target_type"], target_id=fields["target_id"]
        )
        flag = services.flag_create(
            user=request.user, target=target, reason=fields["reason"], note=fields.get("note", "")
        )
        return Response(FlagOutput(flag).data, status=status.HTTP_201_CREATED)


class ModerationQueueApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Flagged items, heaviest flags then longest waiting (moderators)",
        responses=QueueItemOutput(many=True),
    )
    def get(self, request):
        require_moderator(request.user)
        queue = selectors.moderation_queue(user=request.user)
        return Response(QueueItemOutput(queue, many=True).data)


def _moderation_target(target_type: str, target_id: int):
    if target_type in ITEM_TYPES:
        return services.target_for(target_type, target_id)
    model = Article if target_type == TargetType.ARTICLE else get_user_model()
    target = model.objects.filter(pk=target_id).first()
    if target is None:
        raise _not_found("target_id")
    return target


Action = ModerationAction.Action


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
        require_moderator(request.user)
        data = ModerationActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        action, target_type = fields["action"], fields["target_type"]
        if target_type not in ACTION_TARGETS[action]:
            raise ValidationError(
                {
                    "target_type": _("“%(action)s” applies to: %(targets)s.")
                    % {"action": action, "targets": ", ".join(map(str, ACTION_TARGETS[action]))}
                },
                code="invalid_target",
            )
        target = _moderation_target(target_type, fields["target_id"])
        reason = fields.get("reason", "")
        me = request.user
        entry: ModerationAction | None
        if action == Action.SUSPEND:
            entry = services.member_suspend(
                moderator=me, member=target, duration=fields.get("duration", ""), reason=reason
            )
        elif action == Action.UNSUSPEND:
            entry = services.member_unsuspend(moderator=me, member=target, reason=reason)
        elif action in (Action.LOCK, Action.UNLOCK):
            entry = services.debate_lock(
                moderator=me, article=target, locked=action == Action.LOCK, reason=reason
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
        require_moderator(request.user)
        page = self.paginate_queryset(selectors.moderation_log())
        return self.get_paginated_response(LogEntryOutput(page, many=True).data)


class AppealsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Appeals waiting for a decision, the oldest first (moderators)",
        responses=AppealOutput(many=True),
    )
    def get(self, request):
        require_moderator(request.user)
        return Response(AppealOutput(selectors.open_appeals(), many=True).data)

    @extend_schema(
        summary="Appeal the hide or removal of your own passage or answer (once per item)",
        description="Suspended members may appeal. 404 for an item you cannot see, 403 for "
        "someone else's, 400 for a second appeal, an item never hidden or removed by a "
        "moderator, or a missing or over-long note.",
        request=AppealInput,
        responses={201: AppealOutput},
    )
    def post(self, request):
        data = AppealInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        target = services.flaggable_target(
            user=request.user, target_type=fields["target_type"], target_id=fields["target_id"]
        )
        appeal = services.appeal_create(user=request.user, target=target, note=fields["note"])
        return Response(AppealOutput(appeal).data, status=status.HTTP_201_CREATED)


class AppealDecisionApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Decide an appeal: restore the item or uphold the decision (moderators)",
        description="Final: a decided appeal is refused (400). Logged; the author is told.",
        request=AppealDecisionInput,
        responses=AppealDecisionOutput,
    )
    def post(self, request, pk):
        require_moderator(request.user)
        appeal = Appeal.objects.filter(pk=pk).first()
        if appeal is None:
            raise _not_found_appeal()
        data = AppealDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.appeal_decide(moderator=request.user, appeal=appeal, **data.validated_data)
        appeal.refresh_from_db()
        return Response(
            {"appeal": AppealOutput(appeal).data, "log_entry": LogEntryOutput(entry).data}
        )


def _not_found_appeal():
    from core.errors import NotFound

    return NotFound(_("There is no such appeal."))
