"""Measures in the report: each one's trend with a mentorship, from its first value to its latest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mentorlog.domain import dates


def measures_doc(trends: Sequence, today: date) -> list:
    """A `Measures` section: `confidence: 2 → 4 ↑ (3 values since 1 Sep)`, the arrow green up and red down."""
    from mentorlog.output.render_report import Heading, Rows

    rows = Rows(bullet=False)
    for trend in trends:
        moved = "green" if trend.arrow == "↑" else "red" if trend.arrow == "↓" else None
        if trend.count > 1:
            rows.add([(f"{trend.first} → {trend.last} {trend.arrow}", moved),
                      (f"  ({trend.count} values since {dates.short_day(trend.since, today)})", "dim")], trend.name)
        else:
            rows.add([(str(trend.first), None), (f"  (one value, {dates.short_day(trend.since, today)})", "dim")],
                     trend.name)
    return [Heading("Measures", 2, "first value → latest"), rows]
