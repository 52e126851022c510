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
    ("report", "--json", "--limit", "1"),
    ("report", "--all"),
    ("status", "--json"),
    ("agenda", "--with", "ada"),
    ("agenda", "--with", "ada", "--json", "--limit", "1"),
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


def plan_tree(db_path, sql: str) -> dict[int, tuple[int, str]]:
    """EXPLAIN QUERY PLAN as {node id: (parent id, detail)}."""
    conn = sqlite3.connect(db_path)
    nodes = {node: (parent, detail) for node, parent, _, detail in conn.execute("EXPLAIN QUERY PLAN " + sql)}
    conn.close()
    return nodes


def under(nodes: dict[int, tuple[int, str]], top: int) -> list[str]:
    """The details of every node below `top`."""
    found, stack = [], [top]
    while stack:
        parent = stack.pop()
        for node, (above, detail) in nodes.items():
            if above == parent:
                found.append(detail)
                stack.append(node)
    return found


COUNT_OPEN = "SELECT mentorship_id, COUNT(*), COUNT(CASE WHEN (actions.status = 'open' AND actions.due <"


@pytest.mark.parametrize("args, walks", [(("report",), 2), (("status", "--json"), 2),
                                         (("agenda", "--with", "ada", "--json"), 4)], ids=lambda v: str(v))
def test_open_actions_are_counted_from_the_index_and_the_first_few_read_in_its_order(cli, traced, db_path, args,
                                                                                      walks):
    """The count reads the (mentorship, status, due) index alone; each side's first N is a walk of that index
    in its order that stops after N (a correlated `LIMIT` subquery, no sort of every open action)."""
    cli.ok(*args)
    counts = [sql for sql in traced if sql.startswith(COUNT_OPEN)]
    assert len(counts) == 1
    for sql in counts:
        details = [detail for _, detail in plan_tree(db_path, sql).values()]
        assert any("COVERING INDEX actions_mentorship_status" in detail for detail in details), details
        assert not any("TEMP B-TREE" in detail for detail in details), details
    [top] = [sql for sql in traced if "ROW_NUMBER()" in sql]
    nodes = plan_tree(db_path, top)
    found = [node for node, (_, detail) in nodes.items() if detail.startswith("CORRELATED LIST SUBQUERY")]
    assert len(found) == walks  # dated, undated; an agenda: overdue, due later, past due but settled, undated
    for node in found:
        below = under(nodes, node)
        assert any(detail.startswith("SEARCH actions USING INDEX actions_mentorship_status") for detail in below), below
        assert not any("TEMP B-TREE" in detail for detail in below), below


@pytest.mark.parametrize("args", [("report", "--with", "ada"), ("report", "--with", "ada", "--all"),
                                  ("agenda", "--with", "ada", "--json"), ("action", "list", "--overdue")], ids=" ".join)
def test_an_ended_mentorships_actions_are_judged_through_indexes(cli, traced, db_path, args):
    """The overdue rule (`actions.overdue_sql`) for an ended mentorship looks up its mentorship and review by
    id: the actions are still reached through their indexes, never scanned whole."""
    cli.ok("mentor", "end", "ada")
    traced.clear()
    cli.ok(*args)
    assert full_scans(db_path, traced) == []
    if args[0] == "report":
        [count] = [sql for sql in traced if sql.startswith(COUNT_OPEN)]
        details = [detail for _, detail in plan_tree(db_path, count).values()]
        assert any(detail.startswith("SEARCH actions USING INDEX actions_mentorship_status") for detail in details)


TOPIC_COMMANDS = [
    ("agenda", "--with", "ada"),
    ("agenda", "--with", "ada", "--json", "--all"),
    ("report", "--format", "json"),
    ("report", "--all"),
    ("topic", "list", "--with", "ada"),
    ("topic", "list", "--with", "ada", "--all", "--json"),
]


@pytest.mark.parametrize("args", TOPIC_COMMANDS, ids=" ".join)
def test_topics_are_read_through_their_index_and_counted_on_the_sessions_index(cli, db_path, monkeypatch, args):
    """Open topics are walked on (mentorship_id, status, added_at) and stop at the listed few; how many
    meetings each was carried over is counted on the sessions index, never by reading sessions."""
    with Journal(db_path) as store:
        build_sample(store)
    for number in range(30):
        cli.ok("topic", "add", f"topic {number}", "--with", "ada", *(("--private",) if number % 3 == 0 else ()))
    cli.ok("session", "add", "--with", "ada", "--discussed", "2")
    statements: list[str] = []
    connect = journal_module._connect

    def tracing_connect(target: str) -> sqlite3.Connection:
        conn = connect(target)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(journal_module, "_connect", tracing_connect)
    cli.ok(*args)
    assert any("FROM topics" in sql for sql in statements), "the trace saw no topic query: the test would prove nothing"
    conn = sqlite3.connect(db_path)
    for sql in statements:
        if "topics" not in sql or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        for *_, detail in conn.execute("EXPLAIN QUERY PLAN " + sql):
            words = detail.split()
            assert not (words[:1] == ["SCAN"] and words[1] in (*BIG_TABLES, "topics", "t", "s", "d")
                        and "INDEX" not in words), (sql, detail)
    conn.close()
