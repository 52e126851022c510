"""The hot commands reach the big tables through indexes, never by reading them whole.

A correctness test, not a timing: every statement the commands run is traced and explained, and a
full scan of sessions, actions, wins or goal updates fails it. Such a scan is what turns a 100 ms
report into seconds on a journal of ten years.
"""

from __future__ import annotations

import sqlite3

import pytest

from mentorlog.data import journal as journal_module
from mentorlog.data.journal import Journal
from mentorlog.sample import build_sample

BIG_TABLES = ("sessions", "actions", "wins", "goal_updates")
HOT_COMMANDS = [
    ("status",),
    ("report",),
    ("report", "--format", "json"),
    ("agenda", "--with", "ada"),
    ("session", "list", "-n", "10"),
    ("session", "list", "--with", "ada", "-n", "10"),
    ("action", "list"),
    ("action", "list", "--overdue"),
    ("action", "list", "--with", "ada"),
    ("win", "list", "--since", "3 months ago"),
    ("search", "promotion"),
    ("goal", "list"),
]


@pytest.fixture
def traced(db_path, monkeypatch):
    """A sample journal, and the list of every statement mentorlog runs on it."""
    with Journal(db_path) as store:
        build_sample(store)
    statements: list[str] = []
    connect = journal_module._connect

    def tracing_connect(target: str) -> sqlite3.Connection:
        conn = connect(target)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(journal_module, "_connect", tracing_connect)
    return statements


def full_scans(db_path, statements: list[str]) -> list[tuple[str, str]]:
    """(statement, plan line) for each read of a big table that uses no index."""
    conn = sqlite3.connect(db_path)
    found = []
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        for *_, detail in conn.execute("EXPLAIN QUERY PLAN " + sql):
            words = detail.split()
            if words[:1] == ["SCAN"] and words[1] in BIG_TABLES and "INDEX" not in words:
                found.append((sql, detail))
    conn.close()
    return found


@pytest.mark.parametrize("args", HOT_COMMANDS, ids=" ".join)
def test_hot_commands_read_big_tables_through_indexes(cli, traced, db_path, args):
    cli.ok(*args)
    selects = [sql for sql in traced if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert selects, "the trace saw no query: the test would prove nothing"
    assert full_scans(db_path, traced) == []


def test_the_check_catches_a_full_scan(db_path, traced):
    assert full_scans(db_path, ["SELECT * FROM sessions WHERE notes LIKE '%x%'"]), "a LIKE on notes scans sessions"
