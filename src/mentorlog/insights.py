"""Pure functions over plain values: goal weight, check-ins, reviews, warning signs. No I/O."""

from __future__ import annotations

SCORE_RANGE = range(1, 6)


def goal_weight(impact: int, support: int, feasibility: int) -> int:
    """Weight = impact x support x feasibility (each 1-5, so 1-125).

    A product: raising any one score always raises the weight, and a goal that scores low on any
    of the three (little impact, a mentor who can't help, no time for it) sinks.
    """
    for score in (impact, support, feasibility):
        if score not in SCORE_RANGE:
            raise ValueError(f"score {score} is outside 1-5")
    return impact * support * feasibility
