"""How much one member's flag counts (pure: no Django). Discourse's rule, adapted: a
flag weighs 1 plus the flagger's trust level, a moderator's 5; past 5 decided flags, a
flagger whose flags are mostly upheld gains an accuracy bonus, and one whose flags are
mostly rejected loses the trust bonus. Never below 1 (every member's flag counts), never
above MAX_WEIGHT. A new member (under a week, no record) weighs exactly 1, so a hide
threshold of 3 is the old "three distinct members" rule for them.

`moderation.services.flag_create` stores the weight on the flag when it is raised; the
queue orders by the open flags' total and automatic hiding compares it with
settings.FLAG_HIDE_WEIGHT."""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

STAFF_WEIGHT = Decimal(5)
MAX_WEIGHT = Decimal(5)  # no member's flag outweighs a moderator's
# Account age in days from which a member reaches trust level 1, then 2 (Discourse's
# higher levels are earned or granted; here what is earned is the accuracy bonus).
TRUST_LEVEL_AFTER_DAYS = (7, 90)
# Decided flags (upheld + rejected) a record needs before its accuracy counts.
DECIDED_BEFORE_ACCURACY = 5
# Accuracy above which the bonus grows (Discourse's axis): 70 % upheld gives nothing,
# 100 % gives log4(decided flags).
ACCURACY_AXIS = 0.7
CENT = Decimal("0.01")


@dataclass(frozen=True)
class FlaggerRecord:
    """What the rule reads about the flagger, as the queue shows it."""

    account_age_days: int
    raised: int = 0  # shown beside the others; the rule reads the decided ones
    upheld: int = 0
    rejected: int = 0  # dismissed: the moderator kept the item
    is_staff: bool = False  # a moderator (core.members.is_moderator)


def trust_level(account_age_days: int) -> int:
    """0 in the first week, 1 from a week, 2 from three months."""
    return sum(1 for days in TRUST_LEVEL_AFTER_DAYS if account_age_days >= days)


def accuracy_bonus(upheld: int, rejected: int) -> Decimal:
    """0 until more than DECIDED_BEFORE_ACCURACY flags are decided or while at most
    ACCURACY_AXIS of them were upheld; then growing with the accuracy above the axis and
    the (log of the) number decided. Never negative, and never smaller with one more
    upheld flag: both factors grow with `upheld`."""
    decided = upheld + rejected
    if decided <= DECIDED_BEFORE_ACCURACY:
        return Decimal(0)
    accuracy = upheld / decided
    if accuracy <= ACCURACY_AXIS:
        return Decimal(0)
    bonus = (accuracy - ACCURACY_AXIS) / (1 - ACCURACY_AXIS) * math.log(decided, 4)
    return Decimal(repr(bonus))


def mostly_rejected(upheld: int, rejected: int) -> bool:
    """More than DECIDED_BEFORE_ACCURACY rejected flags and fewer upheld than rejected.
    Read from the rejected count, so one more upheld flag can only lift it."""
    return rejected > DECIDED_BEFORE_ACCURACY and upheld < rejected


def flag_weight(record: FlaggerRecord) -> Decimal:
    """The weight of a flag this flagger raises now, to the cent, in [1, MAX_WEIGHT]."""
    if record.is_staff:
        return STAFF_WEIGHT
    upheld, rejected = max(record.upheld, 0), max(record.rejected, 0)
    if mostly_rejected(upheld, rejected):
        return Decimal(1)
    weight = 1 + trust_level(record.account_age_days) + accuracy_bonus(upheld, rejected)
    weight = min(max(weight, Decimal(1)), MAX_WEIGHT)
    return weight.quantize(CENT, rounding=ROUND_HALF_UP)


def number(weight: Decimal) -> str:
    """A weight as people read it: 3, 2.5, 4.29 (no trailing zeros, no exponent)."""
    return format(weight.normalize(), "f")
