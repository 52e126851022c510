"""Full-text search over the journal (SQLite FTS5, kept in sync by triggers): ranked hits with snippets."""

from __future__ import annotations

import math
import re
import sqlite3
import time
from dataclasses import dataclass

from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal
from mentorlog.domain.models import Mentorship

DEFAULT_LIMIT = 20
SNIPPET_TOKENS = 16
# Ranking (bm25) costs about 1.5 µs a match: a word in most entries of a 50,000-session journal
# (~70,000 matches) would cost more than everything else a search does. Past RANK_ALL_UP_TO
# matches, only the most recently added matches of each kind, about RANK_RECENT in all, are ranked.
RANK_ALL_UP_TO = 20_000
RANK_RECENT = 5_000
# Unlikely characters mark the matched words; renderers turn them into bold or `**`.
MARK_START, MARK_END = "\x02", "\x03"
_LINES = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_QUERY_ERRORS = ("fts5", "no such column", "unknown special query", "unterminated string")

# Full-text search: one FTS5 row per searchable piece of the journal. Its rowid is `id * 8 + code`,
# so a trigger reaches the index row of a source row directly. The view `search_source` says what the
# index should hold (m004 made it from these, frozen since in `migration_text`); `doctor` checks the two
# agree, and an import indexes the rows it writes with `search_rows`.
SEARCH_SOURCES = (  # (code, kind, table, private (0, 1 or an expression), body, date, columns the entry depends on)
    (1, "session", "sessions", 0,
     "coalesce((SELECT group_concat(value, ', ') FROM json_each(CASE WHEN json_valid({t}.topics) "
     "THEN {t}.topics ELSE '[]' END)), '') || char(10) || coalesce({t}.notes, '') || char(10) || "
     "coalesce((SELECT group_concat(value, char(10)) FROM json_each(CASE WHEN json_valid({t}.takeaways) "
     "THEN {t}.takeaways ELSE '[]' END)), '')",
     "substr({t}.held_at, 1, 10)", "topics, notes, takeaways, held_at"),
    (2, "session", "sessions", 1, "coalesce({t}.private_notes, '')", "substr({t}.held_at, 1, 10)", "private_notes, held_at"),
    (3, "goal", "goals", 0,
     "coalesce({t}.title, '') || char(10) || coalesce({t}.why, '') || char(10) || coalesce({t}.metric, '')",
     "substr({t}.created_at, 1, 10)", "title, why, metric, created_at"),
    (4, "action", "actions", 0, "coalesce({t}.text, '') || char(10) || coalesce({t}.reason, '')",
     "substr({t}.created_at, 1, 10)", "text, reason, created_at"),
    (5, "win", "wins", 0, "coalesce({t}.text, '')", "{t}.date", "text, date"),
    (6, "review", "reviews", 0,
     "coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid({t}.answers) "
     "THEN {t}.answers ELSE '{{}}' END) WHERE type = 'text'), '')",
     "substr({t}.held_at, 1, 10)", "answers, held_at"),
    (7, "topic", "topics", "{t}.private", "coalesce({t}.text, '')", "substr({t}.added_at, 1, 10)",
     "text, added_at, private"),  # m010: private when the topic is
    (0, "prospect", "prospects", 0,
     "coalesce({t}.name, '') || char(10) || coalesce({t}.expertise, '') || char(10) || coalesce({t}.why, '') || "
     "char(10) || coalesce({t}.how_met, '') || char(10) || coalesce({t}.note, '')",
     "substr({t}.created_at, 1, 10)", "name, expertise, why, how_met, note, created_at"),  # m012
)  # fmt: skip
SEARCH_COLUMNS = "body, kind, ref_id, mentorship_id, date, private"


def search_rows(source: tuple, row: str, table: str = "", where: str = "") -> str:
    """SELECT the index rows of source rows: of NEW in a trigger, else of `table` aliased `row` (the rows
    matching `where`, when given). A row without text has no index row."""
    code, kind, _, private, body, day, _ = source
    body = body.format(t=row)
    return (
        f"SELECT key, {SEARCH_COLUMNS} FROM (SELECT {row}.id * 8 + {code} AS key, "
        f"trim({body}, char(10) || ' ') AS body, '{kind}' AS kind, {row}.id AS ref_id, "
        f"{row}.mentorship_id AS mentorship_id, {day.format(t=row)} AS date, {str(private).format(t=row)} AS private"
        f"{f' FROM {table} {row}' if table else ''}{f' WHERE {where}' if where else ''}) WHERE body != ''"
    )


@dataclass
class Hit:
    kind: str  # session, goal, action, win, review, topic
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
    quotes is searched for word by word, as written. Words found in very many entries (more than
    RANK_ALL_UP_TO) give the best of the most recently added ones of each kind."""
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


# FTS5 reports a read that met another mentorlog's write at the wrong moment as "vtable constructor failed"
# (the busy underneath is lost): it is damage only when it happens every time (doctor asks the same way).
FTS_TRANSIENT = "vtable constructor failed"
FTS_TRIES = 5


def patiently(action):
    """`action()`, tried again a few times, a little later each, while FTS5 says FTS_TRANSIENT."""
    for attempt in range(1, FTS_TRIES):
        try:
            return action()
        except sqlite3.DatabaseError as error:
            if FTS_TRANSIENT not in str(error):
                raise
        time.sleep(0.05 * attempt)
    return action()


def _run(conn: sqlite3.Connection, query: str, mentorship: Mentorship | None, limit: int) -> list[Hit]:
    return patiently(lambda: _run_once(conn, query, mentorship, limit))


def _run_once(conn: sqlite3.Connection, query: str, mentorship: Mentorship | None, limit: int) -> list[Hit]:
    if '"' in query or "*" in query:
        # A phrase is rarely in very many entries; a prefix* costs most in setting up each FTS5 cursor,
        # and bounding takes several cursors: both are ranked in full.
        return _ranked(conn, query, mentorship, limit)
    # Counting words' matches is cheap (no ranking, no content read), and fails as a search would.
    total = conn.execute("SELECT count(*) FROM search_index WHERE search_index MATCH ?", [query]).fetchone()[0]
    if total <= RANK_ALL_UP_TO:
        return _ranked(conn, query, mentorship, limit)
    hits = _ranked(conn, query, mentorship, limit, _recent_windows(conn, RANK_RECENT / total))
    if len(hits) < limit:  # the recent entries hold too few (say, --with an old mentorship): rank every match
        hits = _ranked(conn, query, mentorship, limit)
    return hits


def _recent_windows(conn: sqlite3.Connection, share: float) -> list[tuple[int, int, tuple[int, ...]]]:
    """(lowest id, highest id, index codes) of the most recently added `share` of each searchable table.

    An index row's rowid is `id * 8 + code`, so the rowids of one table's newest rows form a range,
    which FTS5 searches without touching the rest; other tables' rows in that range are left out
    by their code. Taking the same share of every table keeps each kind in proportion."""
    codes: dict[str, tuple[int, ...]] = {}
    for code, _, table, *_ in SEARCH_SOURCES:
        codes[table] = (*codes.get(table, ()), code)
    windows = []
    for table, table_codes in codes.items():
        top = conn.execute(f"SELECT max(id) FROM [{table}]").fetchone()[0]
        if top is not None:
            windows.append((max(1, top - math.ceil(top * share) + 1), top, table_codes))
    return sorted(windows)


def _ranked(conn: sqlite3.Connection, query: str, mentorship: Mentorship | None, limit: int,
            windows: list[tuple[int, int, tuple[int, ...]]] | None = None) -> list[Hit]:
    """The best `limit` matches (bm25), of every match or only of those in the windows.

    Each inner query lets FTS5 order by rank itself and stop at the limit, so snippets are made
    only for hits that may be shown. With windows there is one inner query per stretch of rowids
    that some window covers, so no match is ranked twice."""
    filters, values = "", []
    if windows is not None:
        filters += " AND (" + " OR ".join(
            f"(rowid >= ? AND rowid % 8 IN ({', '.join('?' * len(codes))}))" for _, _, codes in windows) + ")"
        values += [value for low, _, codes in windows for value in (low * 8, *codes)]
    if mentorship is not None:
        filters += " AND mentorship_id = ?"
        values.append(mentorship.id)
    spans = [None] if windows is None else _merged((low, high) for low, high, _ in windows)
    parts, params = [], []
    for span in spans:
        where, bounds = ("", []) if span is None else (" AND rowid BETWEEN ? AND ?", [span[0] * 8, span[1] * 8 + 7])
        parts.append(
            "SELECT kind, ref_id, date, private, mentorship_id, rank AS score, "
            f"snippet(search_index, 0, ?, ?, '…', {SNIPPET_TOKENS}) AS snippet "
            f"FROM search_index WHERE search_index MATCH ?{where}{filters} ORDER BY rank LIMIT ?"
        )
        params += [MARK_START, MARK_END, query, *bounds, *values, limit]
    inner = parts[0]
    if len(parts) > 1:
        inner = " UNION ALL ".join(f"SELECT * FROM ({part})" for part in parts) + " ORDER BY score LIMIT ?"
        params.append(limit)
    sql = f"SELECT h.*, m.name AS with_name FROM ({inner}) h LEFT JOIN mentorships m ON m.id = h.mentorship_id ORDER BY h.score"
    return [
        Hit(row["kind"], row["ref_id"], row["date"], row["with_name"], _SPACES.sub(" ", _LINES.sub(" · ", row["snippet"].strip())),
            bool(row["private"]), row["score"])
        for row in conn.execute(sql, params)
    ]


def _merged(ranges) -> list[tuple[int, int]]:
    """Overlapping or touching (low, high) ranges joined."""
    spans: list[list[int]] = []
    for low, high in sorted(ranges):
        if spans and low <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], high)
        else:
            spans.append([low, high])
    return [(low, high) for low, high in spans]
