"""Shapes of flags and moderation in the API. Inputs validate types only (the services
own the rules); outputs never write. Choice lists come from the models' TextChoices."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from annotations.serializers import MemberOutput
from core.api.fields import (
    InputSerializer,
    OutputModelSerializer,
    StrictCharField,
    StrictIntegerField,
)
from core.api.schema import NOT_BLANK

from .models import (
    ITEM_TYPES,
    Appeal,
    AppealDecision,
    Flag,
    FlagReason,
    ModerationAction,
    SuspensionDuration,
    TargetType,
)
from .services import ACTIONS_NEEDING_A_REASON, ITEM_ACTIONS

Action = ModerationAction.Action

TARGET_TYPES = [(kind.value, kind.value) for kind in ITEM_TYPES]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "FlagInput",
            value={"target_type": "counterargument", "target_id": 1, "reason": "spam", "note": ""},
            request_only=True,
        )
    ]
)
class FlagInput(InputSerializer):
    target_type = serializers.ChoiceField(choices=TARGET_TYPES)
    target_id = StrictIntegerField(min_value=1)
    reason = serializers.ChoiceField(choices=FlagReason.choices)
    note = StrictCharField(required=False, allow_blank=True, max_length=500)


class FlagOutput(OutputModelSerializer):
    target_type = serializers.SerializerMethodField()
    target_id = serializers.SerializerMethodField()

    class Meta:
        model = Flag
        fields = ["id", "target_type", "target_id", "reason", "note", "state", "created"]

    def get_target_type(self, flag) -> str:
        return "counterargument" if flag.counterargument_id else "highlight"

    def get_target_id(self, flag) -> int:
        return flag.counterargument_id or flag.highlight_id


# What each action applies to; the API refuses the other pairs, and the schema says so.
ACTION_TARGETS = {
    **{str(action): tuple(ITEM_TYPES) for action in ITEM_ACTIONS},
    Action.SUSPEND: (TargetType.MEMBER,),
    Action.UNSUSPEND: (TargetType.MEMBER,),
    Action.LOCK: (TargetType.ARTICLE,),
    Action.UNLOCK: (TargetType.ARTICLE,),
}
# What the API can ask of a moderator: the actions above, in the log's order (not the
# automatic hide, nor making moderators, which is the administrators' admin action).
MODERATION_ACTIONS = [a for a in ModerationAction.Action.values if a in ACTION_TARGETS]
MODERATION_TARGETS = TargetType.values


def _action_schema() -> dict:
    """Each action with what it applies to and needs (a reason, a duration), as the API
    view and the services check them."""
    groups: dict[tuple, list[str]] = {}
    for action, targets in ACTION_TARGETS.items():
        key = (
            tuple(map(str, targets)),
            action in ACTIONS_NEEDING_A_REASON,
            action == Action.SUSPEND,
        )
        groups.setdefault(key, []).append(str(action))
    branches = []
    for (targets, needs_reason, needs_duration), actions in groups.items():
        # Patterns, not enums, so that drf-spectacular names no extra enums.
        branch: dict = {
            "properties": {
                "action": {"pattern": f"^({'|'.join(actions)})$"},
                "target_type": {"pattern": f"^({'|'.join(targets)})$"},
            },
            "required": ["action", "target_type"],
        }
        if needs_reason:
            branch["required"].append("reason")
            branch["properties"]["reason"] = {"pattern": NOT_BLANK}
        if needs_duration:
            branch["required"].append("duration")
        branches.append(branch)
    return {"oneOf": branches}


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "ModerationActionInput",
            value={
                "action": "hide",
                "target_type": "counterargument",
                "target_id": 1,
                "reason": "Personal attack.",
            },
            request_only=True,
        )
    ]
)
class ModerationActionInput(InputSerializer):
    action = serializers.ChoiceField(
        choices=[(str(a), str(a)) for a in MODERATION_ACTIONS],
        help_text="keep, hide, remove, restore (a highlight or counterargument); suspend, "
        "unsuspend (a member); lock, unlock (an article's debate).",
    )
    target_type = serializers.ChoiceField(choices=[(t, t) for t in MODERATION_TARGETS])
    target_id = StrictIntegerField(min_value=1)
    reason = StrictCharField(required=False, allow_blank=True, max_length=500)
    duration = serializers.ChoiceField(
        choices=[(d, d) for d in SuspensionDuration.values],
        required=False,
        help_text="For suspend.",
    )

    schema_extra = _action_schema()


class LogEntryOutput(OutputModelSerializer):
    moderator = MemberOutput(allow_null=True, read_only=True)
    member = MemberOutput(allow_null=True, read_only=True)

    class Meta:
        model = ModerationAction
        fields = [
            "id",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "moderator",
            "member",
            "reason",
            "before",
            "after",
            "created",
        ]


class ModerationResultOutput(serializers.Serializer):
    changed = serializers.BooleanField(help_text="False when the item was already so.")
    log_entry = LogEntryOutput(allow_null=True)


class QueueFlagOutput(OutputModelSerializer):
    class Meta:
        model = Flag
        fields = ["id", "reason", "note", "created"]


class QueueItemOutput(serializers.Serializer):
    target_type = serializers.CharField(source="kind")
    target_id = serializers.IntegerField(source="item.pk")
    visibility = serializers.CharField(source="item.visibility")
    author = MemberOutput(source="item.author")
    text = serializers.SerializerMethodField(help_text="The passage's words or the answer's body.")
    open_flags = serializers.SerializerMethodField()
    first_flagged = serializers.DateTimeField()
    flags = QueueFlagOutput(many=True)

    def get_text(self, entry) -> str:
        return entry.item.body if entry.kind == TargetType.COUNTERARGUMENT else entry.item.exact

    def get_open_flags(self, entry) -> int:
        return len(entry.flags)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "AppealInput",
            value={
                "target_type": "counterargument",
                "target_id": 1,
                "note": "It quotes the report; it is not an advertisement.",
            },
            request_only=True,
        )
    ]
)
class AppealInput(InputSerializer):
    target_type = serializers.ChoiceField(choices=TARGET_TYPES)
    target_id = StrictIntegerField(min_value=1)
    # Checked by the service (required, at most Appeal.MAX_NOTE), in its own sentence.
    note = StrictCharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"Why the moderators should look again: required, at most "
        f"{Appeal.MAX_NOTE} characters.",
    )


class AppealOutput(OutputModelSerializer):
    target_type = serializers.CharField(source="kind")
    target_id = serializers.SerializerMethodField()
    appellant = MemberOutput(read_only=True)
    decision = LogEntryOutput(read_only=True, help_text="The hide or removal appealed.")
    decided_by = MemberOutput(allow_null=True, read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "target_type",
            "target_id",
            "appellant",
            "note",
            "state",
            "decision",
            "decided_by",
            "decided_at",
            "decision_reason",
            "created",
        ]

    def get_target_id(self, appeal) -> int:
        return appeal.counterargument_id or appeal.highlight_id


class AppealDecisionInput(InputSerializer):
    decision = serializers.ChoiceField(choices=AppealDecision.choices)
    reason = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Shown to the author; required to uphold.",
    )


class AppealDecisionOutput(serializers.Serializer):
    appeal = AppealOutput()
    log_entry = LogEntryOutput()
