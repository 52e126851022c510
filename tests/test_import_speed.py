"""An import at any size: a fixed number of statements whatever the number of rows, the change history
the row-by-row triggers would have written, and the fast reading of a document agreeing with the
reference checks. (Timings and memory are measured by bench/run.py, not asserted here.)"""

from __future__ import annotations

import copy
import functools
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.data.journal import Journal
from mentorlog.errors import MentorlogError
from mentorlog.exchange import importer, rows
from mentorlog.exchange.checks import check_document
from mentorlog.exchange.document import TABLES
from mentorlog.exchange.importer import import_file, parse_document

OLD, NEW = "2026-01-01T09:00:00Z", "2026-06-01T09:00:00Z"


def document(n: int, stamp: str = OLD, first: int = 0) -> dict:
    """An export with rows in every table, `n` sessions (numbered from `first`) and about as many of the rest."""
    def row(uid: str, **fields) -> dict:
        return {"uid": uid, **fields, "created_at": OLD, "updated_at": stamp}

    people = [row(f"m{i}", name=f"Person {i}", role=("mentor", "mentee")[i % 2], since="2026-01-01") for i in range(3)]
    sessions = [row(f"s{i}", mentorship_uid=f"m{i % 3}", held_at=f"2026-03-{1 + i % 28:02d} 10:00",
                    topics=["career", "réseau"], notes=f"notes {i}", private_notes="mine", takeaways=["one"],
                    rating=1 + i % 5) for i in range(first, first + n)]
    goals = [row(f"g{i}", title=f"Goal {i}", mentorship_uid=f"m{i % 3}", why="because", impact=4, target="2026-W45-2")
             for i in range(first, first + n // 4 + 1)]
    milestones = [row(f"ms{i}", goal_uid=goals[i % len(goals)]["uid"], title="a step", due="2026-12-01")
                  for i in range(first, first + n // 2)]
    updates = [row(f"gu{i}", goal_uid=goals[0]["uid"], date="2026-04-01T10:00:00", progress=10 + i % 90, note="more")
               for i in range(first, first + n // 2)]
    reviews = [row(f"r{i}", mentorship_uid="m0", template="periodic", kind="periodic", held_at="2026-04-02T10:00:00",
                   answers={"working": f"review {i}", "health": 4}) for i in range(first, first + 2)]
    actions = [row(f"a{i}", text=f"do {i}", owner=None, mentorship_uid=f"m{i % 3}", session_uid=sessions[i % n]["uid"],
                   review_uid=reviews[0]["uid"] if i % 7 == 0 else None, due="2026-03-20", status="done",
                   done_on="2026-W12-4") for i in range(first, first + 2 * n)]
    wins = [row(f"w{i}", text=f"won {i}", date="2026-03-03", mentorship_uid=goals[0]["mentorship_uid"],
                goal_uid=goals[0]["uid"])  # a win serves a goal of its own mentorship
            for i in range(first, first + n // 2)]
    topics = [row(f"t{i}", mentorship_uid=f"m{i % 3}", text=f"raise {i}", added_at="2026-02-01T09:00:00",
                  kind="question", private=i % 2, **({"status": "done", "session_uid": sessions[i % n]["uid"],
                                                      "closed_at": "2026-03-01T10:00:00"} if i % 3 == 0 else {}))
              for i in range(first, first + n // 2 + 1)]
    prospects = [row(f"p{i}", name=f"Prospect {i}", goal_uid=goals[0]["uid"], status="contacted",
                     contacted_on="2026-03-01", follow_up="2026-03-08") for i in range(first, first + n // 4 + 1)]
    measures = [row(f"me{i}", name="confidence", value=1 + i % 5, date="2026-03-05", mentorship_uid="m0",
                    review_uid=reviews[0]["uid"]) for i in range(first, first + n // 2)]
    return {"format": "mentorlog", "version": 1, "exported_at": stamp, "mentorships": people, "sessions": sessions,
            "goals": goals, "milestones": milestones, "goal_updates": updates, "actions": actions, "wins": wins,
            "reviews": reviews, "topics": topics, "prospects": prospects, "measures": measures}


def write(path: Path, content: dict) -> Path:
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


class Counting(sqlite3.Connection):
    """A connection that notes every statement mentorlog asks of it (a row of executemany is not one)."""

    asked: list[str] = []

    def execute(self, sql, *args):
        Counting.asked.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql, *args):
        Counting.asked.append(sql)
        return super().executemany(sql, *args)


def statements_of_an_import(tmp_path: Path, monkeypatch, n: int) -> tuple[list[str], dict]:
    path = tmp_path / f"journal-{n}.db"
    with Journal(path) as journal:
        import_file(journal, str(write(tmp_path / "seed.json", document(4, first=10_000))))
    Counting.asked = []
    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, factory=Counting))
        with Journal(path) as journal:
            counts = import_file(journal, str(write(tmp_path / f"more-{n}.json", document(n))))
    assert counts["added"]["sessions"] == n and counts["added"]["actions"] == 2 * n
    return Counting.asked, counts


def test_an_import_asks_the_same_statements_of_sqlite_whatever_its_size(tmp_path, monkeypatch):
    small, _ = statements_of_an_import(tmp_path, monkeypatch, 8)
    big, counts = statements_of_an_import(tmp_path, monkeypatch, 400)
    assert len(big) == len(small)
    assert sorted(big) == sorted(small)  # the same statements, the rows passed to them in bulk
    recorded = [sql for sql in big if sql.startswith("INSERT INTO changes")]
    assert len(recorded) == sum(1 for added in counts["added"].values() if added) == len(TABLES) - 1  # (people: known)
    # each table's new rows recorded at once, not by a trigger row by row


def changes_and_tables(path: Path) -> tuple[list, list, list]:
    conn = sqlite3.connect(path)
    try:
        changes = conn.execute("SELECT * FROM changes ORDER BY id").fetchall()
        groups = conn.execute("SELECT id, at, command, undoes, open FROM change_groups ORDER BY id").fetchall()
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        tables = [conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall() for table in (*TABLES, "search_index")]
        return changes, groups, [schema, tables]
    finally:
        conn.close()


def test_the_history_of_an_import_is_what_the_row_by_row_triggers_record(tmp_path, monkeypatch):
    """Rows added and rows updated, into a journal that has rows already: the same changes, in the same
    order, as with the history triggers in place; and every trigger is back after it."""
    older = write(tmp_path / "older.json", document(30))
    newer = document(30, stamp=NEW)
    newer["sessions"][3]["notes"] = "changed on the laptop"
    newer["actions"] += [dict(action, uid=f"more{k}") for k, action in enumerate(newer["actions"][:25])]
    newer_path = write(tmp_path / "newer.json", newer)
    results = []
    for name in ("bulk", "triggers"):
        path = tmp_path / f"{name}.db"
        if name == "triggers":
            monkeypatch.setattr(importer, "_history_aside", lambda conn, tables: {})
        with Journal(path) as journal:
            import_file(journal, str(older))
            counts = import_file(journal, str(newer_path))
        assert counts["updated"]["sessions"] == 30 and counts["added"]["actions"] == 25
        results.append(changes_and_tables(path))
    (bulk_changes, bulk_groups, bulk_rest), (changes, groups, rest) = results
    assert len(bulk_changes) == len(changes) > 2 * 30 * 4
    assert bulk_changes == changes
    assert bulk_groups == groups and bulk_rest == rest


def test_an_import_is_one_group_that_undo_takes_back(cli, tmp_path, db_path):
    cli.ok("mentor", "add", "Ada Lovelace")
    with sqlite3.connect(db_path) as conn:
        before = [conn.execute(f"SELECT * FROM {table}").fetchall() for table in TABLES]
    cli.ok("import", write(tmp_path / "export.json", document(20)))
    [newest] = cli.json("history", "-n", "1", "--json")
    assert newest["changes"]["sessions"]["added"] == 20 and newest["changes"]["actions"]["added"] == 40
    cli.ok("undo", "--yes")
    with sqlite3.connect(db_path) as conn:
        assert [conn.execute(f"SELECT * FROM {table}").fetchall() for table in TABLES] == before


# -- the fast reading agrees with the reference checks ---------------------------------------------

ODD_VALUES = [
    None, "", " ", "x", "\x00", "é", 0, -1, 5, 9, 366, 2**63 - 1, 2**63, 2**64, 10**30, 1.5, True, [], ["a"], [1], {},
    {"working": "fine"}, {"nope": 1}, "2026-11-03", " 2026-11-03", "2026-W45-2", "20261103", "2026-02-30",
    "2026-11-03T10:00:00", "2026-11-03 10:00", "2026-11-03T10:00:00+02:00", "2026-11-03T10:00:00Z", "mentor", "boss",
    "me", "done", "m0", "m99", "s0", "periodic", "no-such-template", "2026-11-03T10:00:00.250000", "2026-W45",
    {"working": "fine", "health": 10**30}, {"asked": [1.5, 10**30, -0.0, 1e300, {"deeper": None}], "other": "é"},
]


@st.composite
def near_valid(draw) -> dict:
    content = document(3)
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(list(TABLES)))
        if not content.get(table):  # a table this document holds no rows of
            continue
        row = draw(st.sampled_from(content[table]))
        change = draw(st.sampled_from(["set", "set", "set", "drop", "add", "twice"]))
        if change == "set":
            row[draw(st.sampled_from([spec.name for spec in TABLES[table]]))] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif change == "drop":
            del row[draw(st.sampled_from(sorted(row)))]
        elif change == "add":
            row["colour"] = "red"
        else:
            content[table].append(copy.deepcopy(row))
    return content


def read_both(text: str):
    try:
        fast = rows.read(text.encode("utf-8"))
    except rows.Unsure:
        fast = None
    try:
        reference = rows.from_clean(check_document(parse_document(text)))
    except MentorlogError:
        reference = None
    return fast, reference


def as_stored(checked: rows.CheckedDocument) -> dict:
    return {table: (found.uids, [found.values(index) for index in range(len(found))], checked.outside[table])
            for table, found in checked.tables.items()}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=near_valid())
def test_what_the_fast_reading_accepts_the_reference_checks_accept_and_store_alike(content):
    fast, reference = read_both(json.dumps(content, ensure_ascii=False))
    if fast is not None:
        assert reference is not None
        assert as_stored(fast) == as_stored(reference)


def test_a_good_document_is_read_the_fast_way_and_stored_as_the_reference_checks_store_it():
    fast, reference = read_both(json.dumps(document(12), ensure_ascii=False))
    assert fast is not None and as_stored(fast) == as_stored(reference)


def refuse(data: bytes):
    raise rows.Unsure


def test_a_document_read_by_the_reference_checks_imports_the_same(tmp_path, monkeypatch):
    """Should the fast reading refuse what the reference checks accept, the import goes ahead with those."""
    older, newer = write(tmp_path / "older.json", document(9)), write(tmp_path / "newer.json", document(12, NEW))
    results = []
    for name in ("fast", "reference"):
        if name == "reference":
            monkeypatch.setattr(rows, "read", refuse)
        with Journal(tmp_path / f"{name}.db") as journal:
            import_file(journal, str(older))
            import_file(journal, str(newer))
        results.append(changes_and_tables(tmp_path / f"{name}.db"))
    assert results[0] == results[1]


@pytest.mark.parametrize("text", [
    '{"format": "mentorlog", "version": 1, "sessions": {}}', '{"format": "mentorlog", "version": true}',
    '{"format": "mentorlog", "version": 1, "wins": [{"uid": "w", "text": "t", "date": "2026-11-03", "created_at": '
    '"2026-11-03T10:00:00Z", "updated_at": "2026-11-03T10:00:00Z", "extra": 1}]}', "[]", "", "{",
])
def test_what_the_fast_reading_refuses_is_explained_by_the_reference_checks(tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(MentorlogError) as refused, Journal(tmp_path / "journal.db") as journal:
        import_file(journal, str(path))
    with pytest.raises(MentorlogError) as explained:
        check_document(parse_document(text, str(path)), str(path))
    assert str(refused.value) == str(explained.value)
    assert not (tmp_path / "journal.db").exists()
