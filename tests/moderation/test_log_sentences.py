"""Every kind of log entry read as one sentence, in English and in Chinese: who did what
to whose item on which article, and why; a queue decision's two entries as one sentence;
the before/after record in words, not field dumps."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from accounts.models import User
from moderation import sentences
from moderation.models import ModerationAction

Action = ModerationAction.Action
TITLE = "The cost of AI"
TARGETS = {
    Action.LOCK: "article",
    Action.UNLOCK: "article",
    Action.SUSPEND: "member",
    Action.UNSUSPEND: "member",
    Action.MAKE_MODERATOR: "member",
    Action.REMOVE_MODERATOR: "member",
}
EXPECTED = {
    "en": {
        Action.AUTO_HIDE: (
            "Automatic moderation hid Carol's answer on 「The cost of AI」 pending review: Spam."
        ),
        Action.KEEP: (
            "Mona kept Carol's answer on 「The cost of AI」 and dismissed its flags: Spam."
        ),
        Action.HIDE: "Mona hid Carol's answer on 「The cost of AI」: Spam.",
        Action.RESTORE: "Mona restored Carol's answer on 「The cost of AI」: Spam.",
        Action.REMOVE: "Mona removed Carol's answer on 「The cost of AI」: Spam.",
        Action.SUSPEND: "Mona suspended Carol for 7 days: Spam.",
        Action.UNSUSPEND: "Mona lifted Carol's suspension: Spam.",
        Action.LOCK: "Mona locked the debate on 「The cost of AI」: Spam.",
        Action.UNLOCK: "Mona unlocked the debate on 「The cost of AI」: Spam.",
        Action.MAKE_MODERATOR: "Mona made Carol a moderator: Spam.",
        Action.REMOVE_MODERATOR: "Mona removed Carol from the moderators: Spam.",
    },
    "zh-hans": {
        Action.AUTO_HIDE: "自动审核 将 Carol 在「The cost of AI」下的回答 隐藏待审：Spam。",
        Action.KEEP: "Mona 保留了 Carol 在「The cost of AI」下的回答 并驳回了举报：Spam。",
        Action.HIDE: "Mona 隐藏了 Carol 在「The cost of AI」下的回答：Spam。",
        Action.RESTORE: "Mona 恢复了 Carol 在「The cost of AI」下的回答：Spam。",
        Action.REMOVE: "Mona 删除了 Carol 在「The cost of AI」下的回答：Spam。",
        Action.SUSPEND: "Mona 封禁了 Carol 7 天：Spam。",
        Action.UNSUSPEND: "Mona 解除了 Carol 的封禁：Spam。",
        Action.LOCK: "Mona 锁定了「The cost of AI」的讨论：Spam。",
        Action.UNLOCK: "Mona 解锁了「The cost of AI」的讨论：Spam。",
        Action.MAKE_MODERATOR: "Mona 将 Carol 任命为版主：Spam。",
        Action.REMOVE_MODERATOR: "Mona 将 Carol 移出了版主：Spam。",
    },
}

MONA = User(pk=1, username="mona", display_name="Mona")
CAROL = User(pk=2, username="carol", display_name="Carol")


def entry(action, *, reason="Spam", moderator=MONA, **fields):
    """An entry as the services write it (not saved: the sentences read only its fields)."""
    defaults = {
        "moderator": None if action == Action.AUTO_HIDE else moderator,
        "member": CAROL,
        "action": action,
        "target_type": TARGETS.get(action, "counterargument"),
        "target_id": 7,
        "reason": reason,
        "after": {"duration": "7d"} if action == Action.SUSPEND else {},
        "created": timezone.now(),
    }
    return ModerationAction(**{**defaults, **fields})


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("action", Action.values)
def test_every_action_reads_as_a_sentence_in_both_languages(action, language):
    with translation.override(language):
        text = sentences.sentence([entry(action)], TITLE)
        label = str(entry(action).get_action_display())
    expected = EXPECTED[language].get(action)
    if expected is not None:
        assert text == expected
    # An action added later must get its own sentence, not the label fallback.
    assert text != label
    assert "Mona" in text or "自动" in text or "Automatic" in text


def test_a_removal_and_its_suspension_read_as_one_decision():
    carol = User(pk=5, username="carol", display_name="Carol")
    now = timezone.now()
    removal = entry(Action.REMOVE, created=now, member=carol)
    # decide() suspends first (the member's row is locked before the item's).
    suspension = entry(
        Action.SUSPEND, created=now - timedelta(milliseconds=20), member=carol, target_id=5
    )
    groups = sentences.decisions([removal, suspension])
    assert groups == [[removal, suspension]]
    with translation.override("en"):
        assert sentences.sentence(groups[0], TITLE) == (
            "Mona removed Carol's answer on 「The cost of AI」 "
            "and suspended Carol for 7 days: Spam."
        )


def test_entries_with_different_reasons_stay_apart():
    now = timezone.now()
    carol = User(pk=5, username="carol", display_name="Carol")
    removal = entry(Action.REMOVE, created=now, member=carol)
    suspension = entry(Action.SUSPEND, created=now, member=carol, target_id=5, reason="Abuse")
    assert sentences.decisions([removal, suspension]) == [[removal], [suspension]]


def test_a_reason_that_ends_its_sentence_gets_no_second_stop():
    with translation.override("en"):
        assert sentences.sentence([entry(Action.HIDE, reason="Spam!")], TITLE).endswith("Spam!")
    with translation.override("zh-hans"):
        assert sentences.sentence([entry(Action.HIDE, reason="广告。")], TITLE).endswith("：广告。")


def test_an_entry_without_title_or_member_still_reads():
    with translation.override("en"):
        text = sentences.sentence([entry(Action.REMOVE, member=None)])
    assert text == "Mona removed a former member's answer: Spam."


def test_the_record_before_and_after_reads_in_words():
    removal = entry(
        Action.REMOVE,
        before={"visibility": "pending", "open_flags": 3},
        after={"visibility": "modremoved"},
    )
    with translation.override("en"):
        assert sentences.changes(removal) == [
            ("visibility", "hidden pending review", "removed by a moderator"),
            ("open flags", "3", "—"),
        ]
    suspension = entry(
        Action.SUSPEND,
        before={"suspended_until": None},
        after={"suspended_until": "9999-01-01T00:00:00+00:00", "duration": "permanent"},
    )
    with translation.override("zh-hans"):
        rows = sentences.changes(suspension)
    assert all("_" not in what for what, _before, _after in rows)
    assert rows[0][2] != "9999-01-01T00:00:00+00:00"


def test_local_time_has_no_iso_string_nor_microseconds():
    moment = timezone.now().replace(microsecond=123456)
    with translation.override("en"):
        english = sentences.local_time(moment)
    with translation.override("zh-hans"):
        chinese = sentences.local_time(moment)
    assert "123456" not in english
    assert "T" not in english
    assert "年" in chinese


def test_the_automatic_reason_is_said_in_the_readers_language():
    # Written while an English-speaking member flagged; read by a Chinese moderator.
    hide = entry(
        Action.AUTO_HIDE,
        reason="Its flags weigh 3; 3 hides an item.",
        after={"visibility": "pending", "flag_weight": "3", "threshold": "3"},
    )
    with translation.override("zh-hans"):
        text = sentences.sentence([hide], TITLE)
    assert "Its flags" not in text
    assert text.endswith("：举报总权重为 3；达到 3 即隐藏。")
