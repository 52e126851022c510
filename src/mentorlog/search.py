"""Full-text search over the journal (SQLite FTS5, kept in sync by triggers): ranked hits with snippets."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from mentorlog.errors import MentorlogError
from mentorlog.journal import Journal
from mentorlog.models import Mentorship

DEFAULT_LIMIT = 20
SNIPPET_TOKENS = 16
# Unlikely characters mark the matched words; renderers turn them into bold or `**`.
MARK_START, MARK_END = "\x02", "\x03"
_LINES = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_QUERY_ERRORS = ("fts5", "no such column", "unknown special query", "unterminated string")


@dataclass
class Hit:
    kind: str  # session, goal, action, win, review
    id: int
    date: str | None
    with_name: str | None
    snippet: str  # matched words between MARK_START and MARK_END
    private: bool = False
    score: float = 0.0

    def marked(self, start: str = "**", end: str = "**") -> str:
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)

    def to_json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "date": self.date, "with": self.with_name,
                "private": self.private, "snippet": self.marked()}


def search(journal: Journal, query: str, mentorship: Mentorship | None = None, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """Best matches first (bm25). Words are stemmed ('promote' finds 'promotion'); FTS5 syntax works:
    "a phrase", prefix*, AND, OR, NOT, NEAR(a b). A query that is not valid syntax and has no double
    quotes is searched for word by word, as written."""
    text = query.strip()
    if not text:
        raise MentorlogError("empty search: give a word or a phrase to look for")
    if limit < 1:
        raise MentorlogError(f"the limit must be at least 1, not {limit}")
    try:
        return _run(journal.conn, text, mentorship, limit)
    except sqlite3.OperationalError as error:
        if not _is_query_error(error):
            raise
        if '"' in text:
            raise MentorlogError(f"can't search for {query!r}: {_reason(error)}") from None
    try:
        return _run(journal.conn, as_words(text), mentorship, limit)
    except sqlite3.OperationalError as error:
        if not _is_query_error(error):
            raise
        raise MentorlogError(f"can't search for {query!r}: {_reason(error)}") from None


def as_words(text: str) -> str:
    """The query with each word quoted, so punctuation (`brag-doc`, `don't`) is searched as written."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def _is_query_error(error: sqlite3.OperationalError) -> bool:
    return any(marker in str(error) for marker in _QUERY_ERRORS)


def _reason(error: sqlite3.OperationalError) -> str:
    reason = str(error).removeprefix("fts5: ")
    return f"{reason} (search syntax: words, \"a phrase\", prefix*, AND, OR, NOT; close every double quote)"


def _run(conn: sqlite3.Connection, query: str, mentorship: Mentorship | None, limit: int) -> list[Hit]:
    # The inner query lets FTS5 order by rank itself and stop at the limit, so snippets are made
    # only for the hits shown.
    where, params = "search_index MATCH ?", [query]
    if mentorship is not None:
        where += " AND mentorship_id = ?"
        params.append(mentorship.id)
    sql = (
        "SELECT h.*, m.name AS with_name FROM ("
        f"SELECT kind, ref_id, date, private, mentorship_id, rank AS score, "
        f"snippet(search_index, 0, ?, ?, '…', {SNIPPET_TOKENS}) AS snippet "
        f"FROM search_index WHERE {where} ORDER BY rank LIMIT ?"
        ") h LEFT JOIN mentorships m ON m.id = h.mentorship_id ORDER BY h.score"
    )
    rows = conn.execute(sql, [MARK_START, MARK_END, *params, limit]).fetchall()
    return [
        Hit(row["kind"], row["ref_id"], row["date"], row["with_name"], _SPACES.sub(" ", _LINES.sub(" · ", row["snippet"].strip())),
            bool(row["private"]), row["score"])
        for row in rows
    ]
