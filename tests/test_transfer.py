"""Export in every format, and import: merge by uid, validate first, change nothing on a bad file."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import stat
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.data import actions, goals
from mentorlog.exchange.document import TABLES as DOCUMENT_TABLES
from mentorlog.exchange.export import export_document, export_json
from mentorlog.exchange.importer import import_file
from mentorlog.data.journal import Journal, insert_row, new_uid
from mentorlog.data import mentorships, sessions, wins

TABLES = ["mentorships", "sessions", "goals", "milestones", "goal_updates", "actions", "wins", "reviews", "topics",
          "prospects", "measures"]


def add_review(db_path: Path, name: str, answers: dict, held_at: str = "2026-11-15T09:00:00") -> None:
    """A completed review row, as the review command saves it."""
    with Journal(db_path) as journal:
        mentorship = mentorships.resolve(journal, name)
        with journal.write() as conn:
            insert_row(conn, "reviews", {
                "uid": new_uid(), "mentorship_id": mentorship.id, "template": "periodic", "kind": "periodic",
                "held_at": held_at, "answers": json.dumps(answers), "created_at": "2026-11-15T09:00:00Z",
                "updated_at": "2026-11-15T09:00:00Z",
            })


@pytest.fixture
def journal_full(people, db_path):
    """Every table has rows: sessions (one with private notes), goals, milestones, progress, actions, wins, a review."""
    cli = people
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-03 14:30", "--duration", "45m", "--topic",
           "promotion case", "--notes", "Ada said: write the brag document.", "--private-notes",
           "I felt nervous asking", "--takeaway", "keep a brag doc", "--rating", "5")
    cli.ok("session", "add", "--with", "sam", "--on", "2026-11-10", "--topic", "career", "--notes", "Sam's first talk")
    cli.ok("goal", "add", "Get promoted to senior", "--with", "ada", "--why", "more scope", "--metric", "title",
           "--target", "2027-03-01", "--impact", "5", "--support", "4", "--feasibility", "3")
    cli.ok("goal", "add", "Run a half marathon", "--impact", "2", "--support", "1", "--feasibility", "4")
    cli.ok("goal", "milestone", "add", "1", "Draft the brag document", "--due", "2026-12-01")
    cli.ok("goal", "progress", "1", "30", "--note", "brag doc drafted")
    cli.ok("action", "add", "Send the brag doc", "--with", "ada", "--due", "2026-11-25", "--goal", "1")
    cli.ok("action", "add", "Book the venue", "--with", "sam", "--owner", "them", "--due", "2026-11-01")
    cli.ok("action", "skip", "2", "--reason", "venue closed")
    cli.ok("action", "add", "Read the design doc", "--with", "ada")
    cli.ok("action", "done", "3")
    cli.ok("win", "add", "Gave my first talk", "--with", "ada", "--goal", "1", "--on", "2026-11-12")
    cli.ok("win", "add", "Ran 10k")
    add_review(db_path, "ada", {"working": "steady cadence", "health": 4, "goals": {"1": {"decision": "keep"}}})
    cli.ok("topic", "add", "Ask about the staff track", "--with", "ada", "--kind", "question")
    return cli


def export(cli, *args) -> dict:
    return cli.json("export", "--format", "json", *args)


def without_stamp(document: dict) -> dict:
    """The rows of a document: what round-trips. The history is each journal's own record (an import is
    one group of the journal it lands in), so it is left out with the export's moment."""
    return {key: value for key, value in document.items() if key not in ("exported_at", "change_groups", "changes")}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- json --------------------------------------------------------------------------------------


def test_json_export_carries_the_change_history_and_an_import_leaves_it(journal_full, tmp_path):
    document = export(journal_full)
    groups = {group["uid"]: group for group in document["change_groups"]}
    assert len(groups) == len(journal_full.json("history", "-n", "1000", "--json"))
    assert all(change["group_uid"] in groups for change in document["changes"])
    added = [c for c in document["changes"] if c["table"] == "sessions" and c["before"] is None]
    assert {c["uid"] for c in added} == {s["uid"] for s in document["sessions"]}
    source = tmp_path / "with-history.json"
    source.write_text(json.dumps(document))
    other = tmp_path / "other" / "journal.db"
    journal_full.ok("--db", other, "import", source)
    assert [g["command"].split()[0] for g in journal_full.json("--db", other, "history", "--json")] == ["import"]


def test_json_export_has_every_table_with_uids_and_references_by_uid(journal_full):
    document = export(journal_full)
    assert document["format"] == "mentorlog" and document["version"] == 1
    assert document["exported_at"] == "2026-11-20T10:00:00Z"
    assert [key for key in document if key not in ("format", "version", "exported_at")] == \
        [*TABLES, "change_groups", "changes"]
    counts = {table: len(document[table]) for table in TABLES}
    assert counts == {"mentorships": 2, "sessions": 2, "goals": 2, "milestones": 1, "goal_updates": 1,
                      "actions": 3, "wins": 2, "reviews": 1, "topics": 1, "prospects": 0, "measures": 0}
    uids = {table: {row["uid"] for row in document[table]} for table in TABLES}
    for table in TABLES:
        for row in document[table]:
            assert "id" not in row and not any(key.endswith("_id") for key in row)
    ada = next(m for m in document["mentorships"] if m["name"] == "Ada Lovelace")
    session = next(s for s in document["sessions"] if s["mentorship_uid"] == ada["uid"])
    assert session["private_notes"] == "I felt nervous asking"  # the person's own copy: everything
    assert session["topics"] == ["promotion case"] and session["takeaways"] == ["keep a brag doc"]
    assert session["held_at"] == "2026-11-03T14:30:00"
    send = next(a for a in document["actions"] if a["text"] == "Send the brag doc")
    assert send["goal_uid"] in uids["goals"] and send["mentorship_uid"] == ada["uid"]
    assert document["milestones"][0]["goal_uid"] == send["goal_uid"]
    assert document["goal_updates"][0]["goal_uid"] == send["goal_uid"]
    assert document["reviews"][0]["answers"]["goals"] == {"1": {"decision": "keep"}}
    personal = next(g for g in document["goals"] if g["title"] == "Run a half marathon")
    assert personal["mentorship_uid"] is None


def test_export_import_export_gives_the_same_document(journal_full, tmp_path):
    first = tmp_path / "first.json"
    journal_full.ok("export", "--output", first)
    other = tmp_path / "other" / "journal.db"
    journal_full.ok("--db", other, "import", first)
    again = journal_full.json("--db", other, "export")
    assert without_stamp(again) == without_stamp(json.loads(first.read_text()))


def test_a_tilde_in_a_path_is_the_home_folder(journal_full, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    journal_full.ok("export", "--output", "~/exports/journal.json")
    assert json.loads((home / "exports" / "journal.json").read_text())["format"] == "mentorlog"
    assert not (tmp_path / "~").exists()
    journal_full.ok("export", "--format", "csv", "--output", "~/csv")
    assert (home / "csv" / "sessions.csv").exists()
    other = tmp_path / "other" / "journal.db"
    counts = journal_full.json("--db", other, "import", "~/exports/journal.json", "--json")
    assert counts["added"]["sessions"] == 2


def test_importing_twice_changes_nothing(journal_full, tmp_path, unchanged):
    exported = tmp_path / "journal.json"
    journal_full.ok("export", "-o", exported)
    counts = journal_full.json("import", exported, "--json")
    assert sum(counts["added"].values()) == 0 and sum(counts["updated"].values()) == 0
    assert counts["unchanged"]["sessions"] == 2
    with unchanged():
        journal_full.ok("import", exported)


def test_dry_run_reports_counts_and_writes_nothing(journal_full, tmp_path):
    exported = tmp_path / "journal.json"
    journal_full.ok("export", "-o", exported)
    other = tmp_path / "other" / "journal.db"
    counts = journal_full.json("--db", other, "import", exported, "--dry-run", "--json")
    assert counts["dry_run"] is True
    assert counts["added"] == {"mentorships": 2, "sessions": 2, "goals": 2, "milestones": 1, "goal_updates": 1,
                               "actions": 3, "wins": 2, "reviews": 1, "topics": 1, "prospects": 0, "measures": 0}
    assert not other.exists()
    result = journal_full.ok("--db", other, "import", exported, "--dry-run")
    assert "would add 2 mentorships, 2 sessions" in result.stderr and "nothing written" in result.stderr.lower()


def test_import_updates_a_row_only_when_the_file_is_newer(journal_full, tmp_path):
    document = export(journal_full)
    session = next(s for s in document["sessions"] if s["notes"] == "Sam's first talk")
    session["notes"] = "Sam's first talk went well"
    session["updated_at"] = "2026-11-21T08:00:00Z"
    goal = next(g for g in document["goals"] if g["title"] == "Run a half marathon")
    goal["title"] = "An older title"
    goal["updated_at"] = "2020-01-01T00:00:00Z"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document))
    counts = journal_full.json("import", path, "--json")
    assert counts["updated"]["sessions"] == 1 and sum(counts["updated"].values()) == 1
    assert sum(counts["added"].values()) == 0
    sessions = journal_full.json("session", "list", "--json")
    assert "Sam's first talk went well" in [s["notes"] for s in sessions]
    assert "Run a half marathon" in [g["title"] for g in journal_full.json("goal", "list", "--all", "--json")]
    after = export(journal_full)
    assert next(s for s in after["sessions"] if s["uid"] == session["uid"])["updated_at"] == "2026-11-21T08:00:00Z"


def test_import_merges_into_a_journal_with_its_own_rows(journal_full, tmp_path):
    exported = tmp_path / "journal.json"
    journal_full.ok("export", "-o", exported)
    other = tmp_path / "other" / "journal.db"
    journal_full.ok("--db", other, "mentor", "add", "Grace Hopper", "--since", "2026-09-01")
    journal_full.ok("--db", other, "session", "add", "--with", "grace", "--notes", "compilers", "--on", "2026-10-01")
    journal_full.ok("--db", other, "import", exported)
    sessions = journal_full.json("--db", other, "session", "list", "--json")
    assert sorted(s["with"] for s in sessions) == ["Ada Lovelace", "Grace Hopper", "Sam Rivera"]
    ada = next(s for s in sessions if s["with"] == "Ada Lovelace")
    assert ada["notes"] == "Ada said: write the brag document."
    goal_actions = journal_full.json("--db", other, "action", "list", "--all", "--json")
    send = next(a for a in goal_actions if a["text"] == "Send the brag doc")
    goal = journal_full.json("--db", other, "goal", "show", str(send["goal"]), "--json")
    assert goal["title"] == "Get promoted to senior"
    merged = export(journal_full, "--with", "ada")
    assert len(journal_full.json("--db", other, "export")["sessions"]) == 3
    assert len(merged["sessions"]) == 1


def test_import_from_standard_input(journal_full, tmp_path):
    text = journal_full.ok("export").stdout
    other = tmp_path / "other" / "journal.db"
    journal_full.ok("--db", other, "import", "-", input=text)
    assert len(journal_full.json("--db", other, "session", "list", "--json")) == 2


def test_export_with_one_mentorship_stands_alone(journal_full, tmp_path):
    document = export(journal_full, "--with", "ada")
    assert [m["name"] for m in document["mentorships"]] == ["Ada Lovelace"]
    assert len(document["sessions"]) == 1 and len(document["reviews"]) == 1
    assert {a["text"] for a in document["actions"]} == {"Send the brag doc", "Read the design doc"}
    assert [w["text"] for w in document["wins"]] == ["Gave my first talk"]
    path = tmp_path / "ada.json"
    path.write_text(json.dumps(document))
    other = tmp_path / "other" / "journal.db"
    journal_full.ok("--db", other, "import", path)
    assert without_stamp(journal_full.json("--db", other, "export")) == without_stamp(document)


def test_export_file_is_private(journal_full, tmp_path):
    target = tmp_path / "out" / "journal.json"
    result = journal_full.ok("export", "--output", target)
    assert result.stdout == ""
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    assert json.loads(target.read_text())["format"] == "mentorlog"


# -- bad import files --------------------------------------------------------------------------


def _document(cli) -> dict:
    return export(cli)


def _edit(change):
    def make(cli, tmp_path):
        document = _document(cli)
        change(document)
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(document))
        return path
    return make


def _text(text: str):
    def make(cli, tmp_path):
        path = tmp_path / "bad.json"
        path.write_text(text)
        return path
    return make


def _truncated(cli, tmp_path):
    path = tmp_path / "bad.json"
    text = cli.ok("export").stdout
    path.write_text(text[: len(text) // 2])
    return path


def _set(table: str, index: int, key: str, value):
    def change(document):
        document[table][index][key] = value
    return change


def _drop(table: str, index: int, key: str):
    def change(document):
        del document[table][index][key]
    return change


def _clash(document):
    twin = dict(document["mentorships"][0], uid=new_uid())
    document["mentorships"].append(twin)


BAD_FILES = {
    "missing": (lambda cli, tmp_path: tmp_path / "nope.json", "no such file"),
    "empty": (_text(""), "is empty"),
    "not json": (_text("mentorlog export\n"), "not valid JSON"),
    "truncated": (_truncated, "cut short"),
    "a list": (_text("[1, 2]"), "not a mentorlog export"),
    "wrong format": (_edit(lambda d: d.update(format="jrnl")), "not a mentorlog export (its format is 'jrnl'"),
    "no format": (_edit(lambda d: d.pop("format")), 'has no "format"'),
    "newer version": (_edit(lambda d: d.update(version=2)), "newer mentorlog (version 2"),
    "version as text": (_edit(lambda d: d.update(version="1")), '"version" must be a whole number'),
    "unknown uid": (_edit(_set("sessions", 0, "mentorship_uid", "no-such-uid")),
                    "sessions[0]: mentorship_uid no-such-uid is not in the file or the journal"),
    "unknown goal uid": (_edit(_set("actions", 0, "goal_uid", "gone")), "actions[0]: goal_uid gone"),
    "rating as text": (_edit(_set("sessions", 1, "rating", "5")), "sessions[1]: 'rating' must be a whole number"),
    "rating out of range": (_edit(_set("sessions", 0, "rating", 9)), "sessions[0]: 'rating' must be from 1 to 5"),
    "topics not a list": (_edit(_set("sessions", 0, "topics", "career")), "'topics' must be a list of texts"),
    "bad date": (_edit(_set("wins", 0, "date", "yesterday")), "wins[0]: 'date' must be a date"),
    "bad role": (_edit(_set("mentorships", 0, "role", "boss")), "'role' must be one of mentor, mentee"),
    "check-in time not a time": (_edit(_set("mentorships", 0, "checkin_time", "0")),
                                 "mentorships[0]: 'checkin_time' must be a time of day like 15:00, not '0'"),
    "check-in time past midnight": (_edit(_set("mentorships", 0, "checkin_time", "24:00")),
                                    "'checkin_time' must be a time of day"),
    "missing key": (_edit(_drop("goals", 0, "title")), "goals[0]: missing 'title'"),
    "unknown key": (_edit(_set("wins", 1, "colour", "red")), "wins[1]: unknown key 'colour'"),
    "row not an object": (_edit(lambda d: d["actions"].append("text")), "actions[3]: must be an object"),
    "table not a list": (_edit(lambda d: d.update(wins={})), "wins: must be a list"),
    "duplicate uid": (_edit(lambda d: d["wins"].append(dict(d["wins"][0]))), "appears twice in wins"),
    "same name twice": (_edit(_clash), "would be your mentor twice"),
    "stamp not a date": (_edit(_set("goals", 0, "updated_at", "soon")), "'updated_at' must be an ISO date-time"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_import_file_is_one_error_and_changes_nothing(journal_full, tmp_path, unchanged, case):
    make, expected = BAD_FILES[case]
    path = make(journal_full, tmp_path)
    with unchanged():
        result = journal_full.fail("import", path)
    assert expected in result.stderr


def test_a_bad_file_does_not_create_a_journal(cli, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "mentorlog", "version": 1, "sessions": [{"uid": "x"}]}))
    other = tmp_path / "fresh" / "journal.db"
    result = cli.fail("--db", other, "import", path)
    assert "sessions[0]: missing 'mentorship_uid'" in result.stderr and "more problems" in result.stderr
    assert not other.exists()


def test_a_reference_may_point_into_the_journal(journal_full, tmp_path):
    ada = next(m for m in export(journal_full)["mentorships"] if m["name"] == "Ada Lovelace")
    row = {"uid": new_uid(), "mentorship_uid": ada["uid"], "held_at": "2026-11-18T10:00:00",
           "notes": "from the laptop", "created_at": "2026-11-18T10:00:00Z", "updated_at": "2026-11-18T10:00:00Z"}
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"format": "mentorlog", "version": 1, "sessions": [row]}))
    counts = journal_full.json("import", path, "--json")
    assert counts["added"]["sessions"] == 1
    found = journal_full.json("session", "list", "--with", "ada", "--json")
    assert "from the laptop" in [s["notes"] for s in found]


def test_every_column_of_the_schema_travels(db_path):
    """The document spec covers each column (ids as uids), so nothing is lost on the way."""
    conn = Journal(db_path).conn
    for table, fields in DOCUMENT_TABLES.items():
        columns = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")} - {"id"}
        assert {spec.column for spec in fields} == columns, table


# -- markdown ----------------------------------------------------------------------------------


def test_markdown_growth_log_leaves_private_notes_out(journal_full):
    text = journal_full.ok("export", "--format", "markdown").stdout
    assert text.startswith("# Growth log")
    assert text.index("## Ada Lovelace") < text.index("## Sam Rivera") < text.index("## On my own")
    ada = text[text.index("## Ada Lovelace"):text.index("## Sam Rivera")]
    assert "Get promoted to senior" in ada and "Draft the brag document (due 2026-12-01)" in ada
    assert ada.index("2026-11-03 — Session") < ada.index("2026-11-12 — Win") < ada.index("2026-11-15 — Periodic review")
    assert "Ada said: write the brag document." in ada and "keep a brag doc" in ada
    assert "steady cadence" in ada
    assert "venue closed" in text and "Ran 10k" in text
    assert "nervous" not in text


def test_markdown_includes_private_notes_when_asked(journal_full):
    text = journal_full.ok("export", "--format", "markdown", "--include-private").stdout
    assert "I felt nervous asking" in text


def test_markdown_for_one_mentorship(journal_full):
    text = journal_full.ok("export", "--format", "markdown", "--with", "sam").stdout
    assert "Sam's first talk" in text and "Ada Lovelace" not in text


# -- csv ---------------------------------------------------------------------------------------


def test_csv_one_file_per_table_read_back(journal_full, tmp_path):
    folder = tmp_path / "csv"
    journal_full.ok("export", "--format", "csv", "--output", folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    assert mode(folder) == 0o700
    document = export(journal_full)
    for table in TABLES:
        path = folder / f"{table}.csv"
        assert mode(path) == 0o600
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(document[table]), table
        for row, original in zip(rows, document[table]):
            assert row["uid"] == original["uid"]
    with open(folder / "sessions.csv", newline="", encoding="utf-8") as handle:
        sessions = list(csv.DictReader(handle))
    ada = next(s for s in sessions if s["rating"] == "5")
    assert json.loads(ada["topics"]) == ["promotion case"] and ada["duration_minutes"] == "45"
    assert "private_notes" not in ada  # left out unless --include-private
    sam = next(s for s in sessions if s["rating"] == "")
    assert sam["notes"] == "Sam's first talk"


def test_csv_with_private_notes_when_asked(journal_full, tmp_path):
    folder = tmp_path / "csv"
    journal_full.ok("export", "--format", "csv", "--output", folder, "--include-private")
    with open(folder / "sessions.csv", newline="", encoding="utf-8") as handle:
        notes = [row["private_notes"] for row in csv.DictReader(handle)]
    assert "I felt nervous asking" in notes


def test_csv_needs_a_folder(journal_full, tmp_path):
    assert "--output DIR" in journal_full.fail("export", "--format", "csv").stderr
    existing = tmp_path / "file.txt"
    existing.write_text("x")
    assert "is a file" in journal_full.fail("export", "--format", "csv", "-o", existing).stderr


def test_unknown_format_is_refused(journal_full):
    assert "--format must be one of json, markdown, csv, ics" in journal_full.fail("export", "-f", "pdf").stderr


# -- ics ---------------------------------------------------------------------------------------


def test_ics_has_recurring_check_ins_and_to_dos(journal_full):
    from icalendar import Calendar

    journal_full.ok("mentee", "add", "Lin Paused", "--cadence", "monthly")
    journal_full.ok("mentee", "pause", "Lin")
    journal_full.ok("mentor", "add", "Mo Monthly", "--cadence", "monthly", "--since", "2026-11-01")
    journal_full.ok("mentor", "add", "Ten Days", "--cadence", "10d", "--since", "2026-11-15")
    calendar = Calendar.from_ical(journal_full.ok("export", "--format", "ics").stdout)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Check-in with Ada Lovelace", "Check-in with Sam Rivera", "Check-in with Mo Monthly",
                           "Check-in with Ten Days", "Milestone: Draft the brag document",
                           *(f"Review with {name}" for name in ("Ada Lovelace", "Sam Rivera", "Mo Monthly", "Ten Days"))}
    ada = events["Check-in with Ada Lovelace"]
    assert ada["rrule"]["FREQ"] == ["WEEKLY"] and ada["rrule"]["INTERVAL"] == [2]
    assert ada.decoded("dtstart") == date(2026, 11, 20)  # due 11-17 after the 11-03 session: overdue, so today
    assert events["Check-in with Sam Rivera"]["rrule"]["INTERVAL"] == [1]
    assert events["Check-in with Mo Monthly"]["rrule"]["FREQ"] == ["MONTHLY"]
    assert events["Check-in with Mo Monthly"].decoded("dtstart") == date(2026, 12, 1)
    assert events["Check-in with Ten Days"]["rrule"]["FREQ"] == ["DAILY"]
    assert events["Check-in with Ten Days"]["rrule"]["INTERVAL"] == [10]
    todos = {str(t["summary"]): t for t in calendar.walk("VTODO")}
    assert set(todos) == {"Send the brag doc"}
    assert todos["Send the brag doc"].decoded("due") == date(2026, 11, 25)
    assert events["Milestone: Draft the brag document"].decoded("dtstart") == date(2026, 12, 1)


def test_ics_for_one_mentorship_to_a_file(journal_full, tmp_path):
    from icalendar import Calendar

    target = tmp_path / "sam.ics"
    journal_full.ok("export", "--format", "ics", "--with", "sam", "-o", target)
    assert mode(target) == 0o600
    calendar = Calendar.from_ical(target.read_bytes())
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Check-in with Sam Rivera", "Review with Sam Rivera"]
    assert list(calendar.walk("VTODO")) == []  # Sam's only action was skipped


# -- the laws, for generated journals ----------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
words = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1, max_size=12)
moments = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31)).map(lambda d: d.replace(microsecond=0))
answers = st.recursive(st.none() | st.booleans() | st.integers(-5, 5) | texts,
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3),
                       max_leaves=6)


@st.composite
def journals(draw):
    people = draw(st.lists(st.tuples(words, st.sampled_from(["mentor", "mentee"]), st.integers(1, 60)),
                           min_size=1, max_size=3, unique_by=lambda p: (p[1], p[0].strip().lower())))
    sessions = draw(st.lists(st.tuples(st.integers(0, 2), moments, st.lists(words, max_size=3), texts,
                                       st.none() | texts, st.none() | st.integers(1, 5)), max_size=6))
    goal_rows = draw(st.lists(st.tuples(words, st.none() | st.integers(0, 2), st.integers(1, 5),
                                        st.integers(0, 100), st.none() | texts), max_size=3))
    action_rows = draw(st.lists(st.tuples(words, st.integers(0, 2), st.none() | st.integers(0, 2),
                                          st.sampled_from(["open", "done", "skipped"]),
                                          st.none() | st.dates(date(2026, 1, 1), date(2027, 1, 1))), max_size=5))
    win_rows = draw(st.lists(st.tuples(words, st.none() | st.integers(0, 2), st.dates(date(2020, 1, 1),
                                                                                      date(2030, 1, 1))), max_size=3))
    reviews = draw(st.lists(st.tuples(st.integers(0, 2), st.dictionaries(words, answers, max_size=4)), max_size=2))
    return people, sessions, goal_rows, action_rows, win_rows, reviews


def build(path: Path, spec) -> None:
    people, meetings, goal_rows, action_rows, win_rows, reviews = spec
    with Journal(path) as journal:
        made = [mentorships.add_mentorship(journal, name, role, cadence_days=cadence, since=date(2000, 1, 1)) for name, role, cadence in people]
        pick = lambda index: made[index % len(made)]  # noqa: E731
        for who, held, topics, notes, private, rating in meetings:
            sessions.add_session(journal, pick(who), held, topics=topics, notes=notes or None, private_notes=private,
                                rating=rating, takeaways=topics[::-1])
        made_goals = []
        for title, who, score, progress, why in goal_rows:
            found = goals.add_goal(journal, title, pick(who) if who is not None else None, impact=score, why=why)
            found = goals.record_progress(journal, found, progress, note=why)
            goals.add_milestone(journal, found.id, title[::-1] or "step", date(2026, 12, 1))
            made_goals.append(found)
        for text, who, goal, status, due in action_rows:
            served = made_goals[goal % len(made_goals)] if goal is not None and made_goals else None
            person = pick(who)
            if served is not None and served.mentorship_id is not None:  # an action serves a goal of its own person
                person = mentorships.mentorship(journal, served.mentorship_id)
            found = actions.add_action(journal, text, "me", person, due, served.id if served else None)
            if status == "done":
                actions.complete_action(journal, found)
            elif status == "skipped":
                actions.skip_action(journal, found, "no time")
        for text, who, on in win_rows:
            wins.add_win(journal, text, pick(who) if who is not None else None, on=on)
        for who, given_answers in reviews:
            with journal.write() as conn:
                insert_row(conn, "reviews", {
                    "uid": new_uid(), "mentorship_id": pick(who).id, "template": "periodic", "kind": "periodic",
                    "held_at": "2026-11-01T10:00:00", "answers": json.dumps(given_answers),
                    "created_at": "2026-11-01T10:00:00Z", "updated_at": "2026-11-01T10:00:00Z",
                })


def export_of(path: Path) -> dict:
    with Journal(path) as journal:
        return without_stamp(export_document(journal))


def import_into(path: Path, document_path: Path) -> dict:
    with Journal(path) as journal:
        return import_file(journal, str(document_path))


def rows_of(path: Path) -> list:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
              if r[0] != "_sqlite_migrations"]
    rows = []
    for table in tables:
        try:
            rows.append((table, conn.execute(f"SELECT * FROM [{table}] ORDER BY rowid").fetchall()))
        except sqlite3.OperationalError:  # FTS5's WITHOUT ROWID bookkeeping tables
            rows.append((table, conn.execute(f"SELECT * FROM [{table}] ORDER BY 1").fetchall()))
    conn.close()
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(spec=journals())
def test_export_import_export_is_the_same_and_import_is_idempotent(spec):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root / "a.db", spec)
        document = root / "export.json"
        with Journal(root / "a.db") as journal:
            document.write_text(export_json(journal), encoding="utf-8")
        first = import_into(root / "b.db", document)
        assert sum(first["updated"].values()) == 0
        assert export_of(root / "b.db") == without_stamp(json.loads(document.read_text(encoding="utf-8")))
        once = rows_of(root / "b.db")
        second = import_into(root / "b.db", document)
        assert sum(second["added"].values()) == 0 and sum(second["updated"].values()) == 0
        assert rows_of(root / "b.db") == once
        back = import_into(root / "a.db", document)  # into the journal it came from: nothing to do
        assert sum(back["added"].values()) + sum(back["updated"].values()) == 0


def test_every_written_file_is_private_even_with_a_loose_umask(journal_full, tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "loose" / "log.md"
        journal_full.ok("export", "-f", "markdown", "-o", target)
    finally:
        os.umask(old)
    assert mode(target) == 0o600


def test_import_stamps_survive_and_ids_follow_the_file_order(journal_full, tmp_path):
    exported = tmp_path / "journal.json"
    journal_full.ok("export", "-o", exported)
    other = tmp_path / "other" / "journal.db"
    journal_full.ok("--db", other, "import", exported)
    conn = sqlite3.connect(other)
    stamps = conn.execute("SELECT created_at, updated_at FROM sessions ORDER BY id").fetchall()
    assert stamps == [("2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z")] * 2
    assert conn.execute("SELECT COUNT(*) FROM search_index").fetchone()[0] > 0
    conn.close()


def test_the_json_is_written_as_json_dumps_would_write_it(journal_full, db_path):
    """The export is streamed a row at a time; it is still the one pretty-printed document."""
    text = journal_full.ok("export").stdout
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    with Journal(db_path) as journal:
        assert export_json(journal) == json.dumps(export_document(journal), indent=2,
                                                           ensure_ascii=False) + "\n"
