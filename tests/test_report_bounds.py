"""Bounded reports: report, status and agenda read only what they show, whatever the backlog.

Two journals alike but for their backlog, 1,000 and 100,000 open actions (now = 2026-11-20), built with
one `executemany` in one transaction. Every row SQLite hands to mentorlog is counted (the connection's
cursors count what they return): a report of either fetches the same number of rows.
"""

from __future__ import annotations

import functools
import json
import re
import shlex
import sqlite3
from datetime import date, timedelta

import pytest

from mentorlog.data import journal as journal_module
from mentorlog.data import mentorships
from mentorlog.data.journal import Journal

TODAY = date(2026, 11, 20)
PEOPLE = (("Ada Lovelace", "mentor"), ("Sam O'Neil", "mentee"), ("Grace Hopper", "mentee"))
SMALL, BIG = 1_000, 100_000
COMMANDS = [
    ("report",), ("report", "--format", "markdown"), ("report", "--json"), ("report", "--with", "ada", "--json"),
    ("status",), ("status", "--json"), ("agenda", "--with", "ada"), ("agenda", "--with", "ada", "--format", "text"),
    ("agenda", "--with", "ada", "--json"),
]


def build(path, open_actions: int) -> None:
    """Three mentorships; per side, the backlog spread over overdue, due soon and undated actions; the same
    few done and skipped ones in both journals."""
    with Journal(path) as store:
        for name, role in PEOPLE:
            mentorships.add_mentorship(store, name, role, since="2026-01-01")
        ids = [row[0] for row in store.conn.execute("SELECT id FROM mentorships ORDER BY id")]
    stamp = "2026-01-01T00:00:00Z"
    rows = []
    for i in range(open_actions):
        kind = i % 3  # overdue, due soon, undated
        due = {0: TODAY - timedelta(days=1 + i % 700), 1: TODAY + timedelta(days=i % 60), 2: None}[kind]
        rows.append((f"open-{i}", ids[i % 2], f"Backlog item {i}", ("me", "them")[(i // 2) % 2],
                     due.isoformat() if due else None, "open", None, stamp, stamp))
    for i in range(12):  # closed in the last 90 days: what follow-through is judged on
        rows.append((f"closed-{i}", ids[i % 2], f"Closed item {i}", "me", (TODAY - timedelta(days=5 + i)).isoformat(),
                     "done" if i % 3 else "skipped", (TODAY - timedelta(days=3)).isoformat(), stamp, stamp))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO actions (uid, mentorship_id, text, owner, due, status, done_on, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()


@pytest.fixture(scope="module")
def journals(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backlogs")
    built = {}
    for size in (SMALL, BIG):
        built[size] = folder / f"{size}.db"
        build(built[size], size)
    return built


class CountingCursor(sqlite3.Cursor):
    """Counts every row it returns, however it is asked for them."""

    fetched = 0

    def __next__(self):
        row = super().__next__()
        CountingCursor.fetched += 1
        return row

    def fetchone(self):
        row = super().fetchone()
        CountingCursor.fetched += row is not None
        return row

    def fetchmany(self, *args, **kwargs):
        rows = super().fetchmany(*args, **kwargs)
        CountingCursor.fetched += len(rows)
        return rows

    def fetchall(self):
        rows = super().fetchall()
        CountingCursor.fetched += len(rows)
        return rows


class CountingConnection(sqlite3.Connection):
    def cursor(self, factory=CountingCursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)


@pytest.fixture
def fetched(cli, monkeypatch):
    """`fetched(path, *args)`: run a command on the journal at `path`; the rows it fetched, and its output."""
    monkeypatch.setattr(journal_module.sqlite3, "connect",
                        functools.partial(sqlite3.connect, factory=CountingConnection))

    def run(path, *args):
        CountingCursor.fetched = 0
        result = cli.ok("--db", path, *args)
        return CountingCursor.fetched, result.stdout

    return run


def test_the_counting_connection_counts_each_row_once(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.db", factory=CountingConnection)
    conn.execute("CREATE TABLE t (n)")
    conn.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(7)])
    CountingCursor.fetched = 0
    assert len(conn.execute("SELECT n FROM t").fetchall()) == 7
    assert list(conn.execute("SELECT n FROM t")) and conn.execute("SELECT n FROM t").fetchone()
    assert CountingCursor.fetched == 7 + 7 + 1
    conn.close()


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_report_fetches_as_many_rows_at_100_000_open_actions_as_at_1_000(journals, fetched, args):
    small, _ = fetched(journals[SMALL], *args)
    big, _ = fetched(journals[BIG], *args)
    assert small == big, f"{' '.join(args)}: {small} rows at {SMALL:,} open actions, {big} at {BIG:,}"
    assert big < 300


def test_report_lists_each_sides_first_ten_overdue_first_and_counts_the_rest(journals, fetched):
    _, text = fetched(journals[BIG], "report", "--with", "ada")
    ada_open = BIG // 2
    assert "My actions (first 10, overdue first)" in text and "Their actions (first 10, overdue first)" in text
    listed = [line for line in text.splitlines() if "Backlog item" in line]
    assert len(listed) == 20 and all(line.lstrip().startswith("!") for line in listed)  # overdue first
    overdue = sum(1 for i in range(0, BIG, 2) if i % 3 == 0)
    more = [line.strip() for line in text.splitlines() if line.strip().startswith("… and")]
    assert more == [f"… and {ada_open - 20:,} more, {overdue - 20:,} overdue "
                    f"(mentorlog --db {shlex.quote(str(journals[BIG]))} action list --with 'Ada Lovelace')"]


def test_the_hint_runs_as_printed_and_lists_every_open_action(journals, fetched, cli):
    _, text = fetched(journals[SMALL], "report", "--with", "sam")
    [line] = [line for line in text.splitlines() if line.strip().startswith("… and")]
    command = line[line.index("(") + 1: line.rindex(")")]
    assert "--with 'Sam O'\"'\"'Neil'" in command  # quoted for the shell
    words = shlex.split(command)
    assert words[0] == "mentorlog"
    listed = cli.json(*words[1:], "--json")
    assert len(listed) == SMALL // 2 and {a["with"] for a in listed} == {"Sam O'Neil"}


def test_the_hint_names_the_role_when_the_name_alone_is_ambiguous(tmp_path, cli):
    path = tmp_path / "twins.db"
    with Journal(path) as store:
        mentorships.add_mentorship(store, "Ada Lovelace", "mentor", since="2026-01-01")
        mentee = mentorships.add_mentorship(store, "Ada Lovelace", "mentee", since="2026-01-01")
    for i in range(3):
        cli.ok("--db", path, "action", "add", f"Task {i}", "--with", "mentee:Ada", "--due", "2026-12-01")
    text = cli.ok("--db", path, "report", "--with", "mentee:ada", "--limit", "1").stdout
    assert f"action list --with 'mentee:Ada Lovelace'" in text
    listed = cli.json("--db", path, "action", "list", "--with", "mentee:Ada Lovelace", "--json")
    assert {a["with"] for a in listed} == {mentee.name} and len(listed) == 3


def test_json_lists_each_action_once_with_its_overdue_flag_and_the_counts(journals, fetched):
    _, text = fetched(journals[BIG], "report", "--json")
    document = json.loads(text)
    assert document["limit"] == 10
    entries = {m["name"]: m for m in document["mentorships"]}
    ada = entries["Ada Lovelace"]
    assert ada["open_actions_count"] == BIG // 2
    assert ada["overdue_actions_count"] == sum(1 for i in range(0, BIG, 2) if i % 3 == 0)
    assert entries["Grace Hopper"]["open_actions_count"] == 0 and entries["Grace Hopper"]["open_actions"] == []
    listed = ada["open_actions"]
    ids = [a["id"] for a in listed]
    assert len(ids) == len(set(ids)) == 20
    assert [a["owner"] for a in listed].count("me") == 10
    for action in listed:
        assert action["overdue"] is (action["due"] is not None and action["due"] < TODAY.isoformat())
    assert ada["overdue_actions"] == [a["id"] for a in listed if a["overdue"]]


def test_all_lists_every_open_action_and_limit_sets_how_many(journals, fetched):
    _, text = fetched(journals[SMALL], "report", "--json", "--all")
    document = json.loads(text)
    assert document["limit"] is None
    ada = document["mentorships"][0] if document["mentorships"][0]["name"] == "Ada Lovelace" else None
    ada = ada or next(m for m in document["mentorships"] if m["name"] == "Ada Lovelace")
    assert len(ada["open_actions"]) == ada["open_actions_count"] == SMALL // 2
    _, text = fetched(journals[SMALL], "report", "--with", "ada", "--json", "--limit", "3")
    listed = json.loads(text)["mentorships"][0]["open_actions"]
    assert sorted(a["owner"] for a in listed) == ["me"] * 3 + ["them"] * 3
    _, text = fetched(journals[SMALL], "report", "--with", "ada", "--all")
    assert "more" not in text and sum(1 for line in text.splitlines() if "Backlog item" in line) == SMALL // 2


def test_status_and_agenda_json_take_the_same_shape(journals, fetched):
    _, text = fetched(journals[BIG], "status", "--json", "-n", "2")
    ada = next(m for m in json.loads(text)["mentorships"] if m["name"] == "Ada Lovelace")
    assert len(ada["open_actions"]) == 4 and ada["open_actions_count"] == BIG // 2
    assert all("overdue" in a for a in ada["open_actions"])
    _, text = fetched(journals[BIG], "agenda", "--with", "ada", "--json")
    plan = json.loads(text)
    assert plan["limit"] == 10 and plan["open_actions_count"] == BIG // 2
    late = [a for a in plan["not_done"] if a["status"] == "open"]
    assert len(late) == 20 and all(a["overdue"] for a in late)
    assert len(plan["open_items"]) == 10 and not any(a["overdue"] for a in plan["open_items"])
    assert {a["owner"] for a in plan["their_actions"]} == {"them"}
    ids = [a["id"] for a in [*plan["not_done"], *plan["open_items"], *plan["their_actions"]]]
    assert len(ids) == len(set(ids))


def test_agenda_counts_what_it_leaves_out_and_tells_only_me_how_to_list_it(journals, fetched):
    _, mine = fetched(journals[BIG], "agenda", "--with", "ada", "--format", "text")
    _, theirs = fetched(journals[BIG], "agenda", "--with", "ada")
    ada_overdue = sum(1 for i in range(0, BIG, 2) if i % 3 == 0)
    assert f"… and {ada_overdue - 20:,} more overdue (mentorlog" in mine
    assert f"… and {ada_overdue - 20:,} more overdue" in theirs
    assert "mentorlog action list" not in theirs  # the message to send names no command


def test_json_and_format_and_all_and_limit_are_checked(journals, cli):
    path = journals[SMALL]
    assert cli.json("--db", path, "status", "--json")["limit"] == 10
    assert cli.json("--db", path, "agenda", "--with", "ada", "--json", "--format", "json")["with"] == "Ada Lovelace"
    for args in (("report", "--json", "--format", "markdown"), ("report", "--all", "--limit", "3"),
                 ("status", "--limit", "0"), ("agenda", "--with", "ada", "--json", "--format", "text")):
        assert "Error:" in cli.fail("--db", path, *args).stderr


@pytest.mark.parametrize("columns", [60, 120])
def test_on_a_terminal_the_hint_is_never_broken_inside_a_word(journals, fetched, monkeypatch, columns):
    from mentorlog.output import render

    monkeypatch.setattr(render, "use_rich", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    _, text = fetched(journals[SMALL], "report", "--with", "ada")
    command = f"mentorlog --db {shlex.quote(str(journals[SMALL]))} action list --with 'Ada Lovelace'"
    joined = re.sub(r" \\\n\s*", " ", text)  # the lines of a command broken with shell continuations, copied
    [line] = [line for line in joined.splitlines() if command in line and "--overdue" not in line]
    assert f"… and {SMALL // 2 - 20} more" in text
    words = set(shlex.split(command))  # only a word longer than the line (the journal's path) may run on
    assert all(len(other) <= columns or other.strip().removesuffix(" \\") in words for other in text.splitlines())
