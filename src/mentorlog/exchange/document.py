"""What a version 1 json export holds: its tables in document order, and each row's keys.

Rows travel with their `uid` and refer to each other by uid (`mentorship_uid`, `goal_uid`, …), never
by integer id, so an export merges into any journal without duplicates.
"""

from __future__ import annotations

from mentorlog.data.tables import Field
from mentorlog.domain import dates
from mentorlog.domain.models import (
    ACTION_STATUSES, GOAL_CATEGORIES, GOAL_STATUSES, KINDS, MENTORSHIP_STATUSES, OWNERS, ROLES,
)  # fmt: skip

FORMAT = "mentorlog"
VERSION = 1


def _ref(name: str, table: str, required: bool = False) -> Field:
    return Field(name, "ref", required, table=table)


def _text(name: str, required: bool = False, **more) -> Field:
    return Field(name, "text", required, **more)


UID = Field("uid", "text", True)
STAMPS = (Field("created_at", "datetime", True), Field("updated_at", "datetime", True))

TABLES: dict[str, tuple[Field, ...]] = {  # in document order; every column of the table but `id`
    "mentorships": (
        UID, _text("name", True), Field("role", required=True, choices=ROLES),
        Field("kind", default="traditional", choices=KINDS),
        Field("status", default="active", choices=MENTORSHIP_STATUSES),
        Field("cadence_days", "int", default=14, low=1, high=dates.MAX_CADENCE_DAYS),
        Field("review_every_days", "int", default=42, low=1, high=dates.MAX_CADENCE_DAYS),
        Field("since", "date"), Field("until", "date"), Field("ended_on", "date"), _text("end_note"),
        _text("channel"), _text("focus"), _text("expectations"), _text("boundaries"), *STAMPS,
    ),
    "sessions": (
        UID, _ref("mentorship_uid", "mentorships", True), Field("held_at", "datetime", True),
        Field("duration_minutes", "int", low=0), _text("channel"), Field("topics", "list", default=[]),
        _text("notes"), _text("private_notes"), Field("takeaways", "list", default=[]),
        Field("rating", "int", low=1, high=5), *STAMPS,
    ),
    "goals": (
        UID, _ref("mentorship_uid", "mentorships"), _text("title", True), _text("why"),
        Field("category", default="other", choices=GOAL_CATEGORIES), Field("target", "date"), _text("metric"),
        Field("impact", "int", default=3, low=1, high=5), Field("support", "int", default=3, low=1, high=5),
        Field("feasibility", "int", default=3, low=1, high=5), Field("progress", "int", default=0, low=0, high=100),
        Field("status", default="active", choices=GOAL_STATUSES), _text("status_note"), Field("closed_on", "date"),
        *STAMPS,
    ),
    "milestones": (
        UID, _ref("goal_uid", "goals", True), _text("title", True), Field("due", "date"), Field("done", "date"),
        *STAMPS,
    ),
    "goal_updates": (
        UID, _ref("goal_uid", "goals", True), Field("date", "datetime", True),
        Field("progress", "int", True, low=0, high=100), _text("note"), *STAMPS,
    ),
    "actions": (
        UID, _ref("mentorship_uid", "mentorships"), _text("text", True), Field("owner", default="me", choices=OWNERS),
        Field("due", "date"), Field("status", default="open", choices=ACTION_STATUSES), Field("done_on", "date"),
        _text("reason"), _ref("goal_uid", "goals"), _ref("session_uid", "sessions"), _ref("review_uid", "reviews"),
        *STAMPS,
    ),
    "wins": (
        UID, _text("text", True), Field("date", "date", True), _ref("mentorship_uid", "mentorships"),
        _ref("goal_uid", "goals"), *STAMPS,
    ),
    "reviews": (
        UID, _ref("mentorship_uid", "mentorships", True), _text("template", True), _text("kind", True),
        Field("held_at", "datetime", True), Field("answers", "dict", default={}), *STAMPS,
    ),
}
# Rows are written so that whatever a row refers to already exists.
WRITE_ORDER = ("mentorships", "sessions", "goals", "milestones", "goal_updates", "reviews", "actions", "wins")
DOCUMENT_KEYS = ("format", "version", "exported_at", *TABLES)


def refs(table: str) -> list[Field]:
    """The fields of `table` that refer to a row of another table (by its uid)."""
    return [f for f in TABLES[table] if f.kind == "ref"]
