"""The topics table: what to raise at the next meeting with one person, carried over until discussed.

How many meetings a topic has been carried over is never stored: it is the number of sessions with its
person held since it was added and before it was closed (by the session it was discussed in, or when it
was marked done or dropped), so it stays right after a session is edited, deleted or undone.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from mentorlog.data.journal import Journal, insert_row, new_uid, required_text, update_row
from mentorlog.data.tables import Join, Table, columns_of, conditions
from mentorlog.domain import dates
from mentorlog.domain.models import TOPIC_KINDS, Mentorship, Topic
from mentorlog.domain.records import record
from mentorlog.errors import MentorlogError

TOPICS = Table("topics", Topic, refs={"mentorship_id": "mentorships", "session_id": "sessions"},
               joins={"with_name": Join("mentorships", "mentorship_id", "name")}, order="t.added_at, t.id")
EDITABLE = ("text", "kind", "private")
LISTED = 20  # open topics a report or an agenda lists per mentorship (`--all`: every one); the rest are counted
# The order the agenda raises them in: my questions, the topics, the feedback to give and to ask for.
AGENDA_ORDER = ("question", "topic", "feedback-give", "feedback-ask")


def carried_sql(t: str = "t") -> str:
    """SQL: the meetings the topic aliased `t` has been carried over, counted on the sessions index (the
    sessions with its person held after it was added and before the one it was discussed in, or its closing)."""
    return (f"(SELECT COUNT(*) FROM sessions s WHERE s.mentorship_id = {t}.mentorship_id AND s.held_at > {t}.added_at "
            f"AND s.held_at < coalesce((SELECT d.held_at FROM sessions d WHERE d.id = {t}.session_id), "
            f"{t}.closed_at, '9999'))")


def _select() -> str:
    return TOPICS.select.replace(" FROM topics t", f", {carried_sql()} AS carried_over FROM topics t", 1)


def _rows(conn: sqlite3.Connection, where: str, params: list, order: str = TOPICS.order,
          limit: int | None = None) -> list[Topic]:
    sql = f"{_select()} WHERE {where} ORDER BY {order}" + (" LIMIT ?" if limit is not None else "")
    found = []
    for row in conn.execute(sql, [*params, *([limit] if limit is not None else [])]):
        topic = TOPICS.row(tuple(row)[:-1])
        topic.carried_over = row[-1]
        found.append(topic)
    return found


def check_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in TOPIC_KINDS:
        raise MentorlogError(f"--kind must be one of {', '.join(TOPIC_KINDS)}, not {kind!r}")
    return kind


def add_topic(journal: Journal, mentorship: Mentorship, text: str, kind: str = "topic",
              private: bool = False) -> Topic:
    stamp = dates.utc_stamp()
    row = {"uid": new_uid(), "mentorship_id": mentorship.id, "text": required_text(text, "topic"),
           "added_at": dates.iso_datetime(dates.now()), "kind": check_kind(kind) or "topic",
           "private": int(private), "created_at": stamp, "updated_at": stamp}
    with journal.write() as conn:
        topic_id = insert_row(conn, "topics", row)
    return topic(journal, topic_id)


def topic(journal: Journal, topic_id: int) -> Topic:
    found = _rows(journal.conn, "t.id = ?", [topic_id])
    if not found:
        raise MentorlogError(f"no topic with id {topic_id}")
    return found[0]


def topics(journal: Journal, mentorship: Mentorship | None = None, every: bool = False) -> list[Topic]:
    """Open topics (every one with `every`), oldest first."""
    where, params = conditions(("t.mentorship_id = ?", mentorship.id if mentorship else None),
                               ("t.status = ?", None if every else "open"))
    return _rows(journal.conn, where, params)


def open_topics(conn: sqlite3.Connection, mentorship_ids: list[int], limit: int | None) -> dict[int, list[Topic]]:
    """Each mentorship's first `limit` open topics (every one when None), oldest first: one walk of the
    (mentorship_id, status, added_at) index per mentorship, stopping after `limit`."""
    found: dict[int, list[Topic]] = {}
    for mentorship_id in mentorship_ids:
        found[mentorship_id] = _rows(conn, "t.mentorship_id = ? AND t.status = 'open'", [mentorship_id],
                                     order="t.added_at, t.id", limit=limit)
    return found


def listed_open(conn: sqlite3.Connection, mentorship_ids: list[int], limit: int | None) -> dict[int, Listed]:
    """What report and agenda show of each mentorship's open topics: the first `limit`, and the counts."""
    counts = count_open(conn, mentorship_ids) if mentorship_ids else {}
    found = open_topics(conn, mentorship_ids, limit)
    return {m_id: Listed(found[m_id], *counts.get(m_id, (0, 0))) for m_id in mentorship_ids}


@record
class Listed:
    """A mentorship's open topics as report and agenda read them: the first few, oldest first, and counts."""

    topics: list[Topic]
    count: int = 0  # every open topic
    private_count: int = 0  # the private ones among them

    def shown(self, private: bool) -> tuple[list[Topic], int]:
        """The topics to show (the private ones only when `private`), and how many more are not listed."""
        listed = [t for t in self.topics if private or not t.private]
        return listed, (self.count if private else self.count - self.private_count) - len(listed)

    def to_json(self) -> dict:
        """For scripts and to send: never a private topic, nor a count that would reveal one."""
        listed, more = self.shown(private=False)
        return {"open_topics": [t.to_json() for t in listed], "open_topics_count": len(listed) + more}


def count_open(conn: sqlite3.Connection, mentorship_ids: list[int]) -> dict[int, tuple[int, int]]:
    """mentorship id -> (open topics, the private ones among them), counted on the index and the rows it finds."""
    marks = ",".join("?" * len(mentorship_ids))
    rows = conn.execute(f"SELECT mentorship_id, COUNT(*), SUM(private) FROM topics WHERE mentorship_id IN ({marks}) "
                        "AND status = 'open' GROUP BY mentorship_id", mentorship_ids)
    return {row[0]: (row[1], row[2] or 0) for row in rows}


def update_topic(journal: Journal, found: Topic, **fields) -> Topic:
    """Change its text, kind or whether it is private."""
    if fields.get("text") is not None:
        fields["text"] = required_text(fields["text"], "topic")
    check_kind(fields.get("kind"))
    if fields.get("private") is not None:
        fields["private"] = int(fields["private"])
    changes = columns_of(TOPICS, fields, EDITABLE)
    if changes:
        with journal.write() as conn:
            topic(journal, found.id)  # deleted meanwhile: "no topic with id N"
            update_row(conn, "topics", found.id, changes)
    return topic(journal, found.id)


def close_topic(journal: Journal, found: Topic, status: str, note: str | None = None) -> Topic:
    """Mark an open topic done (with an optional note) or dropped (with the reason)."""
    if status == "dropped":
        note = required_text(note, "reason (say why it is dropped)")
    with journal.write() as conn:
        _check_open(topic(journal, found.id), status)
        update_row(conn, "topics", found.id, {"status": status, "note": note,
                                              "closed_at": dates.iso_datetime(dates.now())})
    return topic(journal, found.id)


def reopen_topic(journal: Journal, found: Topic) -> Topic:
    with journal.write() as conn:
        current = topic(journal, found.id)
        if current.status == "open":
            raise MentorlogError(f"topic #{found.id} is already open")
        update_row(conn, "topics", found.id, {"status": "open", "note": None, "closed_at": None, "session_id": None})
    return topic(journal, found.id)


def _check_open(current: Topic, status: str) -> None:
    if current.status != "open":
        verb = "discussed" if status == "discussed" else f"marked {status}"
        raise MentorlogError(f"topic #{current.id} is already {current.status}; only an open topic can be {verb}")


def mark_discussed(journal: Journal, mentorship: Mentorship, session_id: int, held_at: datetime,
                   topic_ids: list[int]) -> list[Topic]:
    """Close these open topics of this mentorship as discussed in the session (inside its write)."""
    closed = []
    with journal.write() as conn:
        for topic_id in dict.fromkeys(topic_ids):
            current = topic(journal, topic_id)
            if current.mentorship_id != mentorship.id:
                raise MentorlogError(f"topic #{topic_id} is to raise with {current.with_name}, not {mentorship.name}")
            _check_open(current, "discussed")
            update_row(conn, "topics", topic_id, {"status": "done", "session_id": session_id,
                                                  "closed_at": dates.iso_datetime(held_at)})
            closed.append(topic_id)
    return [topic(journal, topic_id) for topic_id in closed]


def release_session(journal: Journal, session_id: int) -> int:
    """Open again the topics discussed in a session about to be deleted (their meeting is gone from the
    journal); how many there were."""
    with journal.write() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM topics WHERE session_id = ?", [session_id])]
        for topic_id in ids:
            update_row(conn, "topics", topic_id, {"status": "open", "note": None, "closed_at": None,
                                                  "session_id": None})
    return len(ids)
