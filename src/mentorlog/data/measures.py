"""The measures table: values over time of confidence, clarity of direction, the health of a relationship.
A review's rating question that names a measure adds a value when the review is saved; `measure add` adds
one between reviews. Never prints."""

from __future__ import annotations

import re
from datetime import date

from mentorlog.data.journal import Journal, insert_row, new_uid
from mentorlog.data.tables import Join, Table, conditions
from mentorlog.domain import dates
from mentorlog.domain.models import MEASURE_HIGH, MEASURE_LOW, Measure, Mentorship
from mentorlog.domain.records import record
from mentorlog.errors import MentorlogError

MEASURES = Table("measures", Measure, refs={"mentorship_id": "mentorships", "review_id": "reviews"},
                 joins={"with_name": Join("mentorships", "mentorship_id", "name")}, order="t.date, t.id")
BUILT_IN = {"confidence": "how confident I feel in my work and my growth",
            "clarity": "how clear my direction is: where I am heading, and the next steps",
            "relationship": "how healthy the mentorship feels"}
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@record(frozen=True)
class Trend:
    """A measure from its first value to its latest, over `count` values."""

    name: str
    first: int
    last: int
    count: int
    since: date

    @property
    def arrow(self) -> str:
        return "↑" if self.last > self.first else "↓" if self.last < self.first else "→"

    @property
    def text(self) -> str:
        """`confidence 2 → 4 ↑`; a single value: `confidence 3 (one value so far)`."""
        if self.count == 1:
            return f"{self.name} {self.first} (one value so far)"
        return f"{self.name} {self.first} → {self.last} {self.arrow}"

    def to_json(self) -> dict:
        return {"name": self.name, "first": self.first, "last": self.last, "count": self.count,
                "since": self.since.isoformat(), "direction": {"↑": "up", "↓": "down", "→": "same"}[self.arrow]}


def check_name(name: str) -> str:
    cleaned = name.strip().lower()
    if not _NAME.match(cleaned):
        raise MentorlogError(f"a measure's name is lower-case letters, digits and dashes, starting with a letter "
                             f"(like confidence), not {name!r}")
    return cleaned


def check_value(value: int) -> int:
    if not MEASURE_LOW <= value <= MEASURE_HIGH:
        raise MentorlogError(f"a measure's value is from {MEASURE_LOW} to {MEASURE_HIGH}, not {value}")
    return value


def add_measure(journal: Journal, name: str, value: int, mentorship: Mentorship | None = None,
                note: str | None = None, on: date | None = None, review_id: int | None = None) -> Measure:
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "name": check_name(name), "value": check_value(value),
           "date": (on or dates.today()).isoformat(), "mentorship_id": mentorship.id if mentorship else None,
           "review_id": review_id, "note": note, "created_at": stamp, "updated_at": stamp}
    with journal.write() as conn:
        measure_id = insert_row(conn, "measures", row)
    return MEASURES.one(journal.conn, measure_id, "measure")


def save_from_review(saving, question, answer) -> None:
    """A rating question's effect (`questions.TYPES`): when it names a measure, its answer is that measure's
    value on the review's day, with the review's mentorship, in the review's own write."""
    if question.measure is None or answer is None:
        return
    add_measure(saving.journal, question.measure, answer, saving.mentorship, review_id=saving.review_id)


def values(journal: Journal, name: str | None = None, mentorship: Mentorship | None = None) -> list[Measure]:
    """Values oldest first: of one measure, or every one; with one mentorship, or with anyone."""
    where, params = conditions(("t.name = ?", name), ("t.mentorship_id = ?", mentorship.id if mentorship else None))
    return MEASURES.rows(journal.conn, where, params)


def names(journal: Journal) -> list[str]:
    return [row[0] for row in journal.conn.execute("SELECT DISTINCT name FROM measures ORDER BY name")]


def trends(journal: Journal, mentorship_ids: list[int]) -> dict[int | None, list[Trend]]:
    """Each mentorship's measures from the first value to the latest, by name; `None` for values with nobody."""
    if not mentorship_ids:
        return {}
    marks = ",".join("?" * len(mentorship_ids))
    rows = journal.conn.execute(
        f"SELECT mentorship_id, name, value, date FROM measures WHERE mentorship_id IN ({marks}) "
        "ORDER BY mentorship_id, name, date, id", mentorship_ids)
    return _trends(rows)


def all_trends(journal: Journal) -> list[tuple[str | None, Trend]]:
    """Each measure with each person (or nobody), first value to latest: by name, then person."""
    rows = journal.conn.execute(
        "SELECT coalesce(t.mentorship_id, 0), t.name, t.value, t.date FROM measures t "
        "ORDER BY t.mentorship_id, t.name, t.date, t.id").fetchall()
    names = dict(journal.conn.execute("SELECT id, name FROM mentorships"))
    found = [(names.get(key), trend) for key, trends in _trends(rows).items() for trend in trends]
    return sorted(found, key=lambda pair: (pair[1].name, pair[0] is not None, pair[0] or ""))


def _trends(rows) -> dict[int | None, list[Trend]]:
    found: dict[int | None, dict[str, Trend]] = {}
    for mentorship_id, name, value, day in rows:
        known = found.setdefault(mentorship_id, {})
        before = known.get(name)
        known[name] = (Trend(name, value, value, 1, date.fromisoformat(day)) if before is None
                       else Trend(name, before.first, value, before.count + 1, before.since))
    return {key: list(by_name.values()) for key, by_name in found.items()}
