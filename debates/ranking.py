"""Orderings for a passage's answers. Pure: no Django imports."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


def wilson_lower_bound(up: int, down: int, z: float = 1.959964) -> float:
    """Lower bound of the Wilson score interval (95% by default) for the share of up votes:
    an item with 3/3 up ranks below one with 90/100, unlike a plain average."""
    n = up + down
    if n == 0:
        return 0.0
    p = up / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt((p * (1 - p) + z * z / (4 * n)) / n)
    # Clamped: with no up votes, rounding can leave a tiny negative number.
    return max(0.0, (centre - spread) / (1 + z * z / n))


def controversy(up: int, down: int) -> float:
    """High when many people vote and they split evenly (reddit's measure)."""
    if up <= 0 or down <= 0:
        return 0.0
    balance = min(up, down) / max(up, down)
    return (up + down) ** balance


ORDERINGS = ("best", "controversial", "newest")


def sort_key(ordering: str) -> Callable[[Any], tuple]:
    """A key function for items with `upvotes`, `downvotes`, `created` and `pk`."""
    if ordering == "best":
        return lambda c: (-wilson_lower_bound(c.upvotes, c.downvotes), -c.upvotes, c.pk)
    if ordering == "controversial":
        return lambda c: (-controversy(c.upvotes, c.downvotes), -(c.upvotes + c.downvotes), c.pk)
    if ordering == "newest":
        return lambda c: (-c.created.timestamp(), -c.pk)
    raise ValueError(f"Unknown ordering {ordering!r}; choose one of {', '.join(ORDERINGS)}.")
