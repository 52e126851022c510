"""report, status, agenda and demo through the CLI, on a journal built in the test (now = 2026-11-20 10:00)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from mentorlog.output import render
from mentorlog.sample import PRIVATE_NOTES

NOW = "2026-11-20T10:00:00"  # the clock conftest sets for every test

SECRET = "SECRET-PRIVATE-NOTE-ada-7d1f"
REQUIRED_KEYS = {"name", "role", "cadence_days", "last_session", "next_due", "overdue_days", "review_due", "goals",
                 "open_actions", "overdue_actions", "wins_since_last", "signals"}


@pytest.fixture
def at(cli, monkeypatch):
    """`at(when, *args)`: run a command with the clock at `when`, then put the clock back."""

    def run(when: str, *args: str, input: str | None = None):
        monkeypatch.setenv("MENTORLOG_NOW", when)
        try:
            return cli.ok(*args, input=input)
        finally:
            monkeypatch.setenv("MENTORLOG_NOW", NOW)

    return run


@pytest.fixture
def journal(people, at):
    """Ada (mentor, biweekly since 2026-09-01): 5 days overdue, an overdue action, a skipped one, a win,
    ratings falling, a review that says what is not working. Sam (mentee, weekly since 2026-10-01): met
    yesterday, never reviewed."""
    cli = people
    for day, rating in (("2026-09-06", 5), ("2026-09-20", 5), ("2026-10-04", 4), ("2026-10-18", 4)):
        cli.ok("session", "add", "--with", "ada", "--on", f"{day} 16:00", "--duration", "45m", "--rating", rating,
               "--notes", "Promotion case.")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-01 16:00", "--duration", "1h", "--rating", "3",
           "--topic", "promotion", "--notes", "Went through the packet.", "--private-notes", SECRET,
           "--takeaway", "Write the brag document", "--takeaway", "Ask for the design-review slot early")
    cli.ok("session", "add", "--with", "sam", "--on", "2026-11-13 09:00", "--duration", "30m", "--rating", "5")
    cli.ok("session", "add", "--with", "sam", "--on", "2026-11-19 09:00", "--duration", "30m", "--rating", "4",
           "--private-notes", SECRET)
    at("2026-09-02T10:00:00", "goal", "add", "Get promoted", "--with", "ada", "--impact", "5", "--support", "5",
       "--feasibility", "4")                                                        # goal 1, weight 100
    at("2026-09-02T10:00:00", "goal", "add", "Speak at a conference", "--with", "ada", "--impact", "3",
       "--support", "3", "--feasibility", "3")                                      # goal 2, weight 27
    at("2026-10-02T10:00:00", "goal", "add", "Ship the export feature", "--with", "sam", "--impact", "4",
       "--support", "4", "--feasibility", "4")                                      # goal 3
    at("2026-11-10T10:00:00", "goal", "progress", "1", "40", "--note", "packet outlined")
    at("2026-11-10T10:00:00", "goal", "progress", "2", "10")
    at("2026-11-10T10:00:00", "goal", "progress", "3", "60")
    cli.ok("goal", "milestone", "add", "1", "Write the packet", "--due", "2026-12-01")
    cli.ok("action", "add", "Share the [draft] packet", "--with", "ada", "--due", "2026-11-10")        # 1: overdue
    cli.ok("action", "add", "Introduce me to the chair", "--with", "ada", "--owner", "them", "--due", "2026-12-01")
    cli.ok("action", "add", "Draft the brag document", "--with", "ada")                                # 3
    cli.ok("action", "done", "3", "--on", "2026-11-05")
    cli.ok("action", "add", "Ask for the design-review slot", "--with", "ada")                         # 4
    at("2026-11-18T10:00:00", "action", "skip", "4", "--reason", "the calendar is frozen")
    cli.ok("action", "add", "Read the staff engineer book", "--with", "ada")                           # 5
    cli.ok("action", "done", "5", "--on", "2026-10-20")                              # before the last session
    cli.ok("action", "add", "Review Sam's design doc", "--with", "sam", "--due", "2026-11-24")
    cli.ok("win", "add", "Design approved without changes", "--with", "ada", "--on", "2026-11-12")
    cli.ok("win", "add", "First conference abstract written", "--with", "ada", "--on", "2026-10-10")
    answers = {"working": "Clear agenda.", "not_working": "We run out of time before the career topics."}
    at("2026-10-25T18:00:00", "review", "--with", "ada", "--template", "periodic", "--answers", "-",
       input=json.dumps(answers))
    return cli


def by_name(document: dict) -> dict:
    return {entry["name"]: entry for entry in document["mentorships"]}


# -- report --format json ----------------------------------------------------------------------------


def test_report_json_has_the_design_keys_for_each_active_mentorship(journal):
    document = journal.json("report", "--format", "json")
    assert document["date"] == "2026-11-20"
    assert [m["name"] for m in document["mentorships"]] == ["Ada Lovelace", "Sam Rivera"]  # most overdue first
    for entry in document["mentorships"]:
        assert REQUIRED_KEYS <= set(entry)


def test_report_json_values_for_an_overdue_mentor(journal):
    ada = by_name(journal.json("report", "--format", "json"))["Ada Lovelace"]
    assert ada["role"] == "mentor"
    assert ada["cadence_days"] == 14
    assert ada["last_session"] == "2026-11-01"
    assert ada["next_due"] == "2026-11-15"
    assert ada["overdue_days"] == 5
    assert ada["last_review"] == "2026-10-25"
    assert ada["review_due"] == "2026-12-06"
    assert ada["review_is_due"] is False
    assert [g["title"] for g in ada["goals"]] == ["Get promoted", "Speak at a conference"]  # heaviest first
    assert ada["goals"][0]["weight"] == 100 and ada["goals"][0]["progress"] == 40
    assert ada["goals"][0]["next_milestone"]["title"] == "Write the packet"
    assert ada["goals"][0]["next_milestone"]["due"] == "2026-12-01"
    assert ada["goals"][0]["last_update"] == "2026-11-10"
    # each open action once, flagged; `overdue_actions` names the overdue ones among them by id
    assert [(a["text"], a["owner"], a["due"], a["overdue"]) for a in ada["open_actions"]] == [
        ("Share the [draft] packet", "me", "2026-11-10", True), ("Introduce me to the chair", "them", "2026-12-01", False)]
    assert ada["overdue_actions"] == [ada["open_actions"][0]["id"]]
    assert (ada["open_actions_count"], ada["overdue_actions_count"]) == (2, 1)
    assert [a["text"] for a in ada["done_since_last"]] == ["Draft the brag document"]
    assert [(a["text"], a["reason"]) for a in ada["skipped_since_last"]] == [
        ("Ask for the design-review slot", "the calendar is frozen")]
    assert [w["text"] for w in ada["wins_since_last"]] == ["Design approved without changes"]
    assert ada["last_takeaways"] == ["Write the brag document", "Ask for the design-review slot early"]
    assert ada["not_working"] == "We run out of time before the career topics."
    assert ada["hours_this_month"] == 1.0
    assert ada["hours_this_year"] == 4.0
    assert sum(ada["sessions_per_week"]) == 5
    codes = [s["code"] for s in ada["signals"]]
    assert codes == ["checkin_overdue", "actions_slipping", "ratings_falling"]
    assert all(s["message"] for s in ada["signals"])


def test_report_json_values_for_a_mentee_on_rhythm(journal):
    sam = by_name(journal.json("report", "--format", "json"))["Sam Rivera"]
    assert sam["role"] == "mentee"
    assert sam["cadence_days"] == 7
    assert sam["last_session"] == "2026-11-19"
    assert sam["next_due"] == "2026-11-26"
    assert sam["overdue_days"] == 0
    assert sam["last_review"] is None
    assert sam["review_due"] == "2026-11-12"  # never reviewed: six weeks after the start
    assert sam["review_is_due"] is True
    assert [(a["text"], a["overdue"]) for a in sam["open_actions"]] == [("Review Sam's design doc", False)]
    assert sam["overdue_actions"] == []
    assert (sam["open_actions_count"], sam["overdue_actions_count"]) == (1, 0)
    assert sam["wins_since_last"] == []
    assert [s["code"] for s in sam["signals"]] == ["review_due"]


def test_a_session_debrief_is_not_the_relationship_review(journal, at):
    # a later debrief of one meeting neither resets "review due" nor replaces the review's "not working"
    at("2026-11-19T18:00:00", "review", "--with", "sam", "--template", "session-debrief", "--answers", "-",
       input=json.dumps({"useful": 4, "takeaway": "more examples"}))
    at("2026-11-02T18:00:00", "review", "--with", "ada", "--template", "session-debrief", "--answers", "-",
       input=json.dumps({"useful": 3, "better": "less time on status"}))
    document = by_name(journal.json("report", "--format", "json"))
    sam, ada = document["Sam Rivera"], document["Ada Lovelace"]
    assert sam["last_review"] is None and sam["review_due"] == "2026-11-12" and sam["review_is_due"] is True
    assert "review_due" in [s["code"] for s in sam["signals"]]
    assert ada["last_review"] == "2026-10-25" and ada["review_due"] == "2026-12-06"
    assert ada["not_working"] == "We run out of time before the career topics."
    plan = journal.json("agenda", "--with", "ada", "--format", "json")
    assert plan["not_working"] == "We run out of time before the career topics."
    [sam_status] = [m for m in journal.json("status", "--format", "json")["mentorships"] if m["name"] == "Sam Rivera"]
    assert sam_status["review_is_due"] is True


def test_report_with_one_mentorship_and_since(journal):
    document = journal.json("report", "--with", "ada", "--since", "2026-10-01", "--format", "json")
    assert [m["name"] for m in document["mentorships"]] == ["Ada Lovelace"]
    ada = document["mentorships"][0]
    assert document["since"] == "2026-10-01"
    assert [w["text"] for w in ada["wins_since_last"]] == ["First conference abstract written",
                                                           "Design approved without changes"]
    assert [a["text"] for a in ada["done_since_last"]] == ["Read the staff engineer book", "Draft the brag document"]


def test_a_session_today_clears_the_overdue_checkin(journal):
    journal.ok("session", "add", "--with", "ada", "--on", "today", "--rating", "5")
    ada = by_name(journal.json("report", "--format", "json"))["Ada Lovelace"]
    assert ada["last_session"] == "2026-11-20"
    assert ada["next_due"] == "2026-12-04"
    assert ada["overdue_days"] == 0
    assert "checkin_overdue" not in [s["code"] for s in ada["signals"]]
    assert ada["done_since_last"] == [] and ada["wins_since_last"] == []  # nothing since today's meeting


def test_paused_and_ended_mentorships_are_left_out(journal):
    journal.ok("mentee", "pause", "sam")
    assert [m["name"] for m in journal.json("report", "--format", "json")["mentorships"]] == ["Ada Lovelace"]
    status = journal.json("status", "--format", "json")
    assert [m["name"] for m in status["mentorships"]] == ["Ada Lovelace"]
    assert status["paused"] == ["Sam Rivera"]
    sam = journal.json("report", "--with", "sam", "--format", "json")["mentorships"][0]  # asked for by name
    assert sam["next_due"] is None and sam["overdue_days"] == 0 and sam["review_due"] is None
    assert sam["signals"] == []
    journal.ok("mentor", "end", "ada")
    assert journal.json("report", "--format", "json")["mentorships"] == []


def test_an_empty_journal(cli, db_path):
    assert cli.json("report", "--format", "json")["mentorships"] == []
    assert cli.json("status", "--format", "json")["mentorships"] == []
    result = cli.ok("status")
    assert result.stdout == "" and "No active mentorships" in result.stderr
    assert cli.ok("report").stdout == ""
    assert not db_path.exists()  # reading never creates the journal


def test_no_sessions_yet(people):
    ada = by_name(people.json("report", "--format", "json"))["Ada Lovelace"]
    assert ada["last_session"] is None
    assert ada["next_due"] == "2026-09-15"  # the start plus the cadence
    assert ada["overdue_days"] == 66
    assert ada["signals"][0]["message"].startswith("first check-in overdue")


# -- report, rich and markdown --------------------------------------------------------------------------


def test_report_markdown_has_every_section(journal):
    text = journal.ok("report", "--format", "markdown").stdout
    order = ["# Report — Friday 20 November 2026", "```", "Sessions per week", "## Ada Lovelace",
             "### Warning signs", "### Goals", "### My actions", "### Their actions", "### Done and skipped",
             "### Wins", "### Last session's takeaways", "## Sam Rivera"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "- **next check-in:** 15 Nov — 5 days overdue" in text
    assert "Share the \\[draft\\] packet" in text  # journal text stays literal in Markdown
    assert "the calendar is frozen" in text


def test_report_piped_is_plain_text(journal):
    text = journal.ok("report").stdout
    assert "\x1b[" not in text and "┃" not in text
    assert "Ada Lovelace (mentor · every 2 weeks)" in text
    assert "next check-in: 15 Nov — 5 days overdue" in text
    assert "Share the [draft] packet" in text


@pytest.mark.parametrize("columns", [60, 120])
def test_report_and_status_on_a_terminal_fit_the_width(journal, monkeypatch, columns):
    monkeypatch.setattr(render, "use_rich", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    for command in (["report"], ["status"]):
        text = journal.ok(*command).stdout
        assert "Ada Lovelace" in text and "Sam Rivera" in text
        assert max(len(line) for line in text.splitlines()) <= columns, text
        assert "\x1b[" not in text  # NO_COLOR (set for every test) is honoured
    report = journal.ok("report").stdout
    assert "Share the [draft] packet" in report  # brackets in journal text are not taken for markup
    assert "5 days overdue" in report
    assert "Sessions per week" in report


def test_bad_format_and_bad_since_are_user_errors(journal, unchanged):
    with unchanged():
        journal.fail("report", "--format", "html")
        journal.fail("status", "--format", "markdown")
        journal.fail("agenda", "--with", "ada", "--format", "rich")
        journal.fail("report", "--since", "the other day")
        journal.fail("report", "--with", "nobody")


# -- status ------------------------------------------------------------------------------------------


def test_status_json(journal):
    document = journal.json("status", "--format", "json")
    entries = by_name(document)
    assert list(entries) == ["Ada Lovelace", "Sam Rivera"]
    for entry in entries.values():
        assert REQUIRED_KEYS <= set(entry)
    assert entries["Ada Lovelace"]["overdue_days"] == 5
    assert len(entries["Ada Lovelace"]["overdue_actions"]) == 1
    assert entries["Ada Lovelace"]["overdue_actions_count"] == 1 and entries["Ada Lovelace"]["open_actions_count"] == 2
    assert document["limit"] == 10
    assert entries["Ada Lovelace"]["signals"][0]["code"] == "checkin_overdue"
    assert document["paused"] == []


def test_status_piped_is_one_line_per_mentorship(journal):
    lines = journal.ok("status").stdout.splitlines()
    assert lines[0].split()[:4] == ["with", "role", "last", "next"]
    assert lines[1].startswith("Ada Lovelace") and "check-in overdue by 5 days" in lines[1]
    assert lines[2].startswith("Sam Rivera") and "relationship review due" in lines[2]
    assert len(lines) == 3
    # late, review, open and overdue: counted from the index, as the JSON counts them
    assert lines[1].split()[7:13] == ["5", "days", "6", "Dec", "2", "1"]
    assert lines[2].split()[7:12] == ["due", "12", "Nov", "1", "relationship"]


# -- agenda --------------------------------------------------------------------------------------------


def test_agenda_json(journal):
    plan = journal.json("agenda", "--with", "ada", "--format", "json")
    assert plan["with"] == "Ada Lovelace"
    assert plan["last_session"] == "2026-11-01"
    assert [a["text"] for a in plan["done"]] == ["Draft the brag document"]
    assert [(a["text"], a["status"], a["reason"]) for a in plan["not_done"]] == [
        ("Ask for the design-review slot", "skipped", "the calendar is frozen"),
        ("Share the [draft] packet", "open", None),
    ]
    assert [w["text"] for w in plan["wins"]] == ["Design approved without changes"]
    assert [g["title"] for g in plan["focus"]] == ["Get promoted", "Speak at a conference"]
    assert plan["focus"][0]["next_milestone"]["title"] == "Write the packet"
    assert plan["open_items"] == []
    assert plan["not_working"] == "We run out of time before the career topics."
    assert [a["text"] for a in plan["their_actions"]] == ["Introduce me to the chair"]


def test_agenda_markdown_sections_in_order(journal):
    text = journal.ok("agenda", "--with", "ada").stdout
    order = ["# Agenda: check-in with Ada Lovelace", "## Since last time (1 Nov)", "### Done",
             "- Draft the brag document (me, 5 Nov)", "### Not done, and why",
             "- Ask for the design-review slot (me) — the calendar is frozen",
             "- Share the \\[draft\\] packet (me) — still open, due 10 Nov (10 days overdue)", "### Wins",
             "- Design approved without changes (12 Nov)", "## Focus for this meeting", "Get promoted",
             "next: Write the packet, by 1 Dec", "## Questions and challenges",
             "From our last review, not working: We run out of time before the career topics.",
             "## Your actions", "- Introduce me to the chair (due 1 Dec)"]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "weight" not in text  # scores are for me, not for the message


def test_agenda_text_names_the_other_person(journal):
    text = journal.ok("agenda", "--with", "ada", "--format", "text").stdout
    assert "Ada Lovelace's actions to check on" in text
    assert "Introduce me to the chair (Ada Lovelace" not in text
    assert not any(line.startswith("#") for line in text.splitlines())


def test_agenda_for_a_mentee_with_nothing_since(journal):
    plan = journal.json("agenda", "--with", "sam", "--format", "json")
    assert plan["done"] == [] and plan["not_done"] == [] and plan["wins"] == []
    assert [a["text"] for a in plan["open_items"]] == ["Review Sam's design doc"]
    assert plan["not_working"] is None
    text = journal.ok("agenda", "--with", "sam").stdout
    assert "Nothing slipped." in text and "## Focus for this meeting" in text


def test_agenda_needs_a_name_without_a_terminal(journal, unchanged):
    with unchanged():
        result = journal.fail("agenda")
    assert "--with" in result.stderr


# -- private notes --------------------------------------------------------------------------------------


def test_private_notes_never_appear(journal, monkeypatch):
    outputs = [
        journal.ok(*args).stdout for args in (
            ["report"], ["report", "--format", "markdown"], ["report", "--format", "json"],
            ["report", "--with", "ada", "--format", "json"], ["status"], ["status", "--format", "json"],
            ["agenda", "--with", "ada"], ["agenda", "--with", "ada", "--format", "text"],
            ["agenda", "--with", "ada", "--format", "json"], ["agenda", "--with", "sam", "--format", "json"],
        )
    ]
    monkeypatch.setattr(render, "use_rich", lambda: True)
    outputs += [journal.ok("report").stdout, journal.ok("status").stdout]
    for text in outputs:
        assert SECRET not in text
        assert "private_notes" not in text


# -- demo --------------------------------------------------------------------------------------------


def test_demo_shows_status_report_and_agenda_without_touching_the_journal(cli, db_path):
    result = cli.ok("demo")
    text = result.stdout
    for piece in ("$ mentorlog status", "$ mentorlog report", "$ mentorlog agenda --with ada",
                  "Sessions per week", "# Agenda: check-in with Ada Lovelace", "mentorlog mentor add"):
        assert piece in text
    for name in ("Ada Lovelace", "Grace Hopper", "Sam Rivera", "Noor Haddad"):
        assert name in text
    for note in PRIVATE_NOTES:
        assert note not in text
    assert "Friday 20 November 2026" in text  # MENTORLOG_NOW is the demo's today
    assert not db_path.exists()


def test_demo_keep_saves_a_journal_to_explore(cli, tmp_path, db_path):
    kept = tmp_path / "sample" / "demo.db"
    cli.ok("demo", "--keep", kept)
    assert kept.exists() and not db_path.exists()
    status = cli.json("--db", kept, "status", "--format", "json")
    entries = by_name(status)
    assert set(entries) == {"Ada Lovelace", "Grace Hopper", "Sam Rivera", "Noor Haddad"}
    assert status["paused"] == ["Kim Park"]
    assert entries["Sam Rivera"]["signals"] == []  # the sample has one mentorship on track
    assert {s["code"] for s in entries["Grace Hopper"]["signals"]} >= {"checkin_overdue", "gaps_widening",
                                                                       "review_due", "goal_stalled"}
    assert {s["code"] for s in entries["Noor Haddad"]["signals"]} >= {"ratings_falling", "ending_soon",
                                                                      "actions_slipping"}
    assert entries["Ada Lovelace"]["last_session"] == "2026-11-12"
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] >= 4
    assert conn.execute("SELECT COUNT(*) FROM sessions WHERE private_notes IS NOT NULL").fetchone()[0] == 3
    conn.close()


def test_demo_keep_saves_even_when_the_reader_stops_early(tmp_path):
    # `mentorlog demo --keep F | head`: the reader is gone before the demo has printed everything
    kept = tmp_path / "kept.db"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        subprocess.run([sys.executable, "-m", "mentorlog", "demo", "--keep", str(kept)], stdout=write_end,
                       stderr=subprocess.DEVNULL, timeout=60)
    finally:
        os.close(write_end)
    assert kept.exists()
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] > 0
    conn.close()


def test_demo_keep_refuses_an_existing_file(cli, tmp_path):
    taken = tmp_path / "taken.db"
    taken.write_text("mine")
    result = cli.fail("demo", "--keep", taken)
    assert "already exists" in result.stderr
    assert taken.read_text() == "mine"
