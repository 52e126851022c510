"""A mentorship's life as the journal tells it: a pause never makes anything overdue, a wrap-up settles the
open actions, an end without one says what is left and how to settle it, and an ended mentorship's open
actions are never overdue (but for the wrap-up's own follow-ups). Through the CLI, with the clock
(`MENTORLOG_NOW`) moving across days, pauses and month ends."""

from __future__ import annotations

import json
import shlex
import sqlite3
from datetime import date, timedelta

import pytest

from conftest import snapshot


@pytest.fixture
def clock(monkeypatch):
    def at(when: str) -> None:
        monkeypatch.setenv("MENTORLOG_NOW", when)
    return at


@pytest.fixture
def ada(cli, clock):
    """Ada Lovelace mentors me weekly since October. We met on 29 Oct; I took on two actions (one serving
    her goal, one a personal goal), she one, plus one undated and one already done."""
    clock("2026-10-29T18:00:00")
    cli.ok("mentor", "add", "Ada Lovelace", "--cadence", "weekly", "--since", "2026-10-01")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-10-29", "--topic", "promotion")
    cli.ok("goal", "add", "Get promoted", "--with", "ada")  # goal 1: Ada's
    cli.ok("goal", "add", "Read more")  # goal 2: personal
    cli.ok("action", "add", "Draft the case", "--with", "ada", "--due", "2026-11-03", "--goal", "1")  # 1
    cli.ok("action", "add", "Read the book", "--with", "ada", "--due", "2026-11-04", "--goal", "2")  # 2
    cli.ok("action", "add", "Send the intro", "--with", "ada", "--owner", "them", "--due", "2026-11-05")  # 3
    cli.ok("action", "add", "Someday", "--with", "ada")  # 4, undated
    cli.ok("action", "add", "Book the room", "--with", "ada", "--due", "2026-11-02")  # 5
    cli.ok("action", "done", "5")
    return cli


def dues(cli) -> dict[str, str | None]:
    return {a["text"]: a["due"] for a in cli.json("action", "list", "--all", "--json")}


def status_of(cli, name: str = "Ada Lovelace") -> dict:
    return next(m for m in cli.json("status", "--json")["mentorships"] if m["name"] == name)


def report_of(cli, name: str = "ada") -> dict:
    return cli.json("report", "--with", name, "--json")["mentorships"][0]


def codes(report: dict) -> list[str]:
    return [s["code"] for s in report["signals"]]


def commands_in(text: str) -> list[str]:
    """The `mentorlog …` commands printed in `text`, each to the end of its line or the next comma."""
    found = []
    for line in text.splitlines():
        while "mentorlog " in line:
            line = line[line.index("mentorlog "):]
            words = shlex.split(line.split(", ")[0].rstrip("."))
            found.append(shlex.join(words))
            line = line[len("mentorlog "):]
    return found


def run_printed(cli, command: str):
    words = shlex.split(command)
    assert words[0] == "mentorlog", command
    return cli.ok(*[{"TEXT": "no longer needed"}.get(w, w) for w in words[1:]])


# -- 1. a pause never makes anything overdue -----------------------------------------------------------


def test_resume_moves_the_next_checkin_and_the_open_due_dates_by_the_pause(ada, clock):
    clock("2026-10-31T09:00:00")
    ada.ok("mentor", "pause", "ada")
    assert ada.json("mentor", "show", "ada", "--json")["paused_on"] == "2026-10-31"
    clock("2026-11-21T09:00:00")  # three weeks later: every due date and the check-in long past
    resumed = ada.ok("mentor", "resume", "ada")
    assert resumed.stderr == ("Resumed your mentorship with Ada Lovelace.\n"
                              "Next check-in 2026-11-28; 3 open actions' due dates moved by 21 days.\n")
    assert dues(ada) == {"Draft the case": "2026-11-24", "Read the book": "2026-11-25", "Send the intro": "2026-11-26",
                         "Someday": None, "Book the room": "2026-11-02"}  # done: left as it was
    shown = status_of(ada)
    assert (shown["next_due"], shown["overdue_days"], shown["overdue_actions_count"]) == ("2026-11-28", 0, 0)
    assert "checkin_overdue" not in codes(shown) and "actions_slipping" not in codes(shown)
    assert ada.json("mentor", "show", "ada", "--json")["resumed_on"] == "2026-11-21"

    clock("2026-11-30T09:00:00")  # past the new dates (and the one-day grace): overdue again, by the days since
    shown = status_of(ada)
    assert (shown["overdue_days"], shown["overdue_actions_count"]) == (2, 3)
    assert "checkin_overdue" in codes(shown)


def test_while_paused_nothing_of_the_mentorship_is_overdue_anywhere(ada, clock):
    clock("2026-10-31T09:00:00")
    ada.ok("mentor", "pause", "ada")
    clock("2026-11-21T09:00:00")  # still paused, every due date long past
    assert {a["text"]: a["overdue"] for a in ada.json("action", "list", "--json")} == {
        "Draft the case": False, "Read the book": False, "Send the intro": False, "Someday": False}
    assert ada.json("action", "list", "--overdue", "--json") == []
    assert "overdue" not in ada.ok("action", "list").stdout
    report = report_of(ada)
    assert (report["overdue_actions_count"], report["overdue_actions"]) == (0, [])
    assert report["open_actions_count"] == 4
    agenda = ada.ok("agenda", "--with", "ada").stdout
    assert "overdue" not in agenda and "Draft the case" in agenda
    reminded = ada("remind", "--json")
    assert "Draft the case" not in reminded.stdout
    ada.ok("mentor", "resume", "ada")  # the dates move by the pause: still nothing overdue
    assert ada.json("action", "list", "--overdue", "--json") == []


def test_a_pause_moves_the_milestones_and_the_review_by_its_length_too(ada, clock):
    ada.ok("goal", "milestone", "add", "1", "Outline the case", "--due", "2026-11-06")
    review_before = status_of(ada)["review_due"]
    clock("2026-10-31T09:00:00")
    ada.ok("mentor", "pause", "ada")
    clock("2026-11-21T09:00:00")
    resumed = ada.ok("mentor", "resume", "ada")
    assert "3 open actions' due dates and 1 milestone's due date moved by 21 days" in resumed.stderr
    steps = ada.json("goal", "show", "1", "--json")["milestones"]
    assert [(m["title"], m["due"]) for m in steps] == [("Outline the case", "2026-11-27")]
    shown = status_of(ada)
    assert shown["review_due"] == (date.fromisoformat(review_before) + timedelta(days=21)).isoformat()
    assert not {"milestone_late", "review_due"} & set(codes(report_of(ada)))
    clock("2026-11-28T09:00:00")  # past the moved milestone: late again, by the days since
    assert "milestone_late" in codes(report_of(ada))


def test_one_undo_takes_back_the_resume_and_the_moved_dates(ada, clock):
    clock("2026-10-31T09:00:00")
    ada.ok("mentor", "pause", "ada")
    before = dues(ada)
    clock("2026-11-21T09:00:00")
    ada.ok("mentor", "resume", "ada")
    ada.ok("undo", "--yes")
    assert dues(ada) == before
    assert ada.json("mentor", "show", "ada", "--json")["status"] == "paused"


def test_a_pause_across_a_month_end_moves_by_the_days_it_lasted(cli, clock):
    clock("2027-01-20T09:00:00")
    cli.ok("mentee", "add", "Sam Rivera", "--cadence", "monthly", "--since", "2027-01-01")
    cli.ok("session", "add", "--with", "sam", "--on", "2027-01-20", "--topic", "testing")
    cli.ok("action", "add", "Write tests", "--with", "sam", "--owner", "them", "--due", "2027-02-10")
    clock("2027-01-31T09:00:00")
    cli.ok("mentee", "pause", "sam")
    clock("2027-03-02T09:00:00")  # 30 days: February has 28
    resumed = cli.ok("mentee", "resume", "sam")
    assert "Next check-in 2027-04-02; 1 open action's due date moved by 30 days." in resumed.stderr
    assert dues(cli) == {"Write tests": "2027-03-12"}
    assert status_of(cli, "Sam Rivera")["next_due"] == "2027-04-02"


def test_after_a_resume_a_later_session_sets_the_next_checkin(ada, clock):
    clock("2026-10-31T09:00:00")
    ada.ok("mentor", "pause", "ada")
    clock("2026-11-10T09:00:00")
    ada.ok("mentor", "resume", "ada")
    assert status_of(ada)["next_due"] == "2026-11-17"  # a cadence after the resume, not after 29 Oct
    clock("2026-11-14T19:00:00")
    ada.ok("session", "add", "--with", "ada", "--on", "2026-11-14", "--topic", "back on track")
    assert status_of(ada)["next_due"] == "2026-11-21"  # the last session, now later than the resume


def test_a_stale_pause_or_resume_is_refused_and_changes_nothing(ada, clock, db_path):
    """Pause, resume and end read the mentorship inside their write: a command that read it before another
    mentorlog paused (or resumed) it changes nothing, and moves no due date twice."""
    from mentorlog.data import mentorships
    from mentorlog.data.journal import Journal
    from mentorlog.errors import MentorlogError

    clock("2026-10-31T09:00:00")
    with Journal(db_path) as store:
        stale = mentorships.resolve(store, "ada")  # read while active
    ada.ok("mentor", "pause", "ada")  # another mentorlog
    before = snapshot(db_path)
    with Journal(db_path) as store, pytest.raises(MentorlogError, match="became paused while this command ran"):
        mentorships.change_status(store, stale, "ended")
    assert snapshot(db_path) == before
    clock("2026-11-21T09:00:00")
    with Journal(db_path) as store:
        paused = mentorships.resolve(store, "ada")
    ada.ok("mentor", "resume", "ada")  # another mentorlog again: the dates moved once
    moved, before = dues(ada), snapshot(db_path)
    with Journal(db_path) as store, pytest.raises(MentorlogError, match="already active"):
        mentorships.change_status(store, paused, "active")
    assert snapshot(db_path) == before and dues(ada) == moved


def test_pause_and_resume_travel_in_an_export(ada, clock, tmp_path, monkeypatch):
    clock("2026-10-31T09:00:00")
    ada.ok("mentor", "pause", "ada")
    clock("2026-11-21T09:00:00")
    ada.ok("mentor", "resume", "ada")
    clock("2026-11-22T09:00:00")
    ada.ok("mentor", "pause", "ada")
    exported = tmp_path / "export.json"
    exported.write_text(ada.ok("export", "--format", "json").stdout)
    row = json.loads(exported.read_text())["mentorships"][0]
    assert (row["paused_on"], row["resumed_on"]) == ("2026-11-22", "2026-11-21")
    monkeypatch.setenv("MENTORLOG_DB", str(tmp_path / "other" / "journal.db"))
    ada.ok("import", str(exported))
    shown = ada.json("mentor", "show", "ada", "--json")
    assert (shown["status"], shown["paused_on"], shown["resumed_on"]) == ("paused", "2026-11-22", "2026-11-21")


def test_a_migrated_journal_gains_empty_pause_columns_and_resumes_without_moving(cli, clock, db_path):
    """A journal from before m008: a mentorship paused then has no pause day; resuming it moves nothing
    and counts the next check-in from the resume."""
    from sqlite_utils import Database

    from mentorlog.data.migrations import migrations

    db_path.parent.mkdir(parents=True)
    db = Database(db_path)
    migrations().apply(db, stop_before="m008_mentorships_paused_on")
    db.execute("INSERT INTO mentorships (uid, name, role, status, cadence_days, since, created_at, updated_at) "
               "VALUES ('u-1', 'Ada Lovelace', 'mentor', 'paused', 7, '2026-09-01', 'x', 'x')")
    db.execute("INSERT INTO actions (uid, mentorship_id, text, due, created_at, updated_at) "
               "VALUES ('a-1', 1, 'Old one', '2026-10-01', 'x', 'x')")
    db.conn.commit()
    db.close()
    clock("2026-11-20T09:00:00")
    resumed = cli.ok("mentor", "resume", "ada")
    assert "Next check-in 2026-11-27." in resumed.stderr and "moved" not in resumed.stderr
    assert dues(cli) == {"Old one": "2026-10-01"}
    history = sqlite3.connect(db_path).execute("SELECT after FROM changes WHERE tbl = 'mentorships'").fetchall()
    assert json.loads(history[-1][0])["resumed_on"] == "2026-11-20"  # the recreated trigger records the column


# -- 2. a wrap-up settles the open actions ----------------------------------------------------------------


def wrap_up(cli, tmp_path, settle: dict, **more) -> object:
    path = tmp_path / "wrap-up.json"
    path.write_text(json.dumps({"achieved": "a promotion case", "open_actions": settle, **more}))
    return cli("review", "--with", "ada", "--template", "wrap-up", "--answers", str(path))


def test_a_wrap_up_settles_each_open_action_in_the_same_write(ada, clock, tmp_path):
    clock("2026-11-20T10:00:00")
    result = wrap_up(ada, tmp_path, {"1": "keep", "2": "keep", "3": {"settle": "skip", "reason": "she moved teams"},
                                     "4": "done"},
                     actions=[{"text": "Send a thank-you note", "due": "2026-11-27"}])
    assert result.exit_code == 0, result.stderr
    assert "The mentorship is now ended." in result.stderr and "unsettled" not in result.stderr
    found = {a["text"]: a for a in ada.json("action", "list", "--all", "--json")}
    assert found["Someday"]["status"] == "done" and found["Someday"]["done_on"] == "2026-11-20"
    assert (found["Send the intro"]["status"], found["Send the intro"]["reason"]) == ("skipped", "she moved teams")
    # kept as mine: mine, with nobody; a goal of Ada's no longer served, a personal one still
    assert (found["Draft the case"]["with"], found["Draft the case"]["owner"], found["Draft the case"]["goal"]) == (
        None, "me", None)
    assert (found["Read the book"]["status"], found["Read the book"]["with"], found["Read the book"]["goal"]) == (
        "open", None, 2)
    shown = ada.ok("review", "show", "1").stdout
    assert "Send the intro: not taken — she moved teams" in shown and "Draft the case: kept as my own" in shown
    ada.ok("undo", "--yes")  # one change group: the review, the settled actions and the end
    assert {a["status"] for a in ada.json("action", "list", "--with", "ada", "--json")} == {"open"}
    assert len(ada.json("action", "list", "--with", "ada", "--json")) == 4
    assert ada.json("mentor", "show", "ada", "--json")["status"] == "active"


def test_a_wrap_up_that_leaves_actions_open_says_so(ada, clock, tmp_path):
    clock("2026-11-20T10:00:00")
    result = wrap_up(ada, tmp_path, {"4": "done"})
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("The mentorship is now ended.\n3 open actions left unsettled, no longer counted "
                                  "as overdue:\n  mentorlog action list --with 'Ada Lovelace'\n")
    assert "Read the book" in run_printed(ada, commands_in(result.stderr)[0]).stdout


@pytest.mark.parametrize("settle, error", [
    ({"3": {"settle": "skip"}}, "skip needs a reason"),
    ({"3": "skip"}, "skip needs a reason"),
    ({"5": "done"}, "not an open action with Ada Lovelace"),  # done already
    ({"99": "done"}, "not an open action with Ada Lovelace"),
    ({"x": "done"}, "not an action id"),
    ({"1": "later"}, "settle must be one of done, skip, keep"),
    ({"1": {"settle": "done", "reason": "why"}}, "only for skip"),
    ([1, 2], "must be an object"),
])
def test_a_bad_settlement_is_one_error_and_changes_nothing(ada, clock, tmp_path, db_path, settle, error):
    clock("2026-11-20T10:00:00")
    before = snapshot(db_path)
    result = wrap_up(ada, tmp_path, settle)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and error in result.stderr, result.stderr
    assert result.stderr.startswith("Error: ")
    assert snapshot(db_path) == before


def test_an_action_of_another_mentorship_cannot_be_settled(ada, clock, tmp_path):
    ada.ok("mentee", "add", "Sam Rivera", "--since", "2026-10-01")
    ada.ok("action", "add", "Sam's thing", "--with", "sam", "--due", "2026-11-10")  # 6
    clock("2026-11-20T10:00:00")
    result = wrap_up(ada, tmp_path, {"6": "done"})
    assert result.exit_code == 1 and "not an open action with Ada Lovelace" in result.stderr


def test_the_walker_asks_about_each_open_action(ada, clock, monkeypatch):
    from mentorlog.prompts import ask

    clock("2026-11-20T10:00:00")
    asked: list[str] = []
    picks = iter(["keep", "__skip__", "skip", "done"])  # 1 kept, 2 left open, 3 skipped, 4 done

    def select(prompt, choices, default=None):
        if prompt.startswith("#") and not prompt.endswith("?"):  # an action (a goal's prompt asks a question)
            asked.append(prompt)
            return next(picks)
        return choices[0][1]

    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "select", select)
    monkeypatch.setattr(ask, "text", lambda prompt, **kw: "it was cancelled" if prompt.startswith("Why")
                        else kw.get("default") or "")
    monkeypatch.setattr(ask, "confirm", lambda prompt, default=True: True)
    monkeypatch.setattr(ask, "items", lambda prompt: [], raising=False)
    walked = ada.ok("review", "--with", "ada", "--template", "wrap-up")
    assert [p.split(" (")[0] for p in asked] == ["#1 Draft the case", "#2 Read the book", "#3 Send the intro",
                                                "#4 Someday"]
    assert "(Ada Lovelace's, due 2026-11-05)" in asked[2]
    found = {a["text"]: a for a in ada.json("action", "list", "--all", "--json")}
    assert (found["Draft the case"]["with"], found["Read the book"]["status"]) == (None, "open")
    assert (found["Send the intro"]["reason"], found["Someday"]["status"]) == ("it was cancelled", "done")


# -- 3. ending without a wrap-up says what is left, and how to settle it -------------------------------------


def test_ending_without_a_wrap_up_names_the_open_actions_and_the_commands(ada, clock):
    clock("2026-11-20T10:00:00")
    ended = ada.ok("mentor", "end", "ada").stderr
    assert "4 open actions with Ada Lovelace remain, no longer counted as overdue:" in ended
    assert "Settle each one, e.g. #1: done, not taken, or kept as your own:" in ended
    printed = commands_in(ended)
    assert printed == ["mentorlog action list --with 'Ada Lovelace'", "mentorlog action done 1",
                       "mentorlog action skip 1 --reason TEXT",
                       "mentorlog action edit 1 --clear with --clear goal --owner me"]  # 1 serves Ada's goal
    run_printed(ada, printed[0])
    for command in printed[1:]:  # each settles action 1 its own way: reopened in between
        run_printed(ada, command)
        if "edit" not in command:
            ada.ok("action", "reopen", "1")
    assert ada.json("action", "list", "--json")[0]["with"] is None


def test_ending_with_one_open_action_names_it(cli, clock):
    cli.ok("mentee", "add", "Grace O'Hara", "--since", "2026-10-01")
    cli.ok("action", "add", "Send the notes", "--with", "grace", "--due", "2026-11-01")
    ended = cli.ok("mentee", "end", "grace").stderr
    assert ended.splitlines() == [
        "Ended your mentorship with Grace O'Hara.",
        "1 open action with Grace O'Hara remains, no longer counted as overdue:",
        "  mentorlog action list --with 'Grace O'\"'\"'Hara'",
        "Settle it (#1): done, not taken, or kept as your own:",
        "  mentorlog action done 1", "  mentorlog action skip 1 --reason TEXT",
        "  mentorlog action edit 1 --clear with --owner me"]
    assert run_printed(cli, commands_in(ended)[0]).stdout.count("Send the notes") == 1


def test_ending_with_nothing_open_says_nothing_more(cli, clock):
    cli.ok("mentee", "add", "Sam Rivera", "--since", "2026-10-01")
    assert cli.ok("mentee", "end", "sam").stderr.strip() == "Ended your mentorship with Sam Rivera."


def test_the_end_hint_names_the_role_when_a_namesake_has_the_other(ada, clock, tmp_path):
    ada.ok("mentee", "add", "Ada Lovelace", "--since", "2026-10-01")
    elsewhere = tmp_path / "my journal.db"
    ended = ada.ok("mentor", "end", "mentor:Ada Lovelace").stderr
    assert "mentorlog action list --with 'mentor:Ada Lovelace'" in ended
    listed = run_printed(ada, commands_in(ended)[0]).stdout
    assert "Draft the case" in listed
    assert elsewhere.exists() is False


# -- 4. an ended mentorship's open actions are never overdue, but for the wrap-up's follow-ups ------------------


def test_an_ended_mentorships_actions_are_never_overdue_anywhere(ada, clock, tmp_path):
    clock("2026-11-20T10:00:00")
    assert len(ada.json("action", "list", "--overdue", "--json")) == 3
    result = wrap_up(ada, tmp_path, {"4": "done"}, actions=[{"text": "Send a thank-you note", "due": "2026-11-27"}])
    assert result.exit_code == 0, result.stderr
    clock("2026-12-01T10:00:00")  # everything past due now, the thank-you note included
    listed = ada.json("action", "list", "--json")
    assert {a["text"]: a["overdue"] for a in listed} == {
        "Draft the case": False, "Read the book": False, "Send the intro": False, "Send a thank-you note": True}
    assert [a["text"] for a in ada.json("action", "list", "--overdue", "--json")] == ["Send a thank-you note"]
    table = ada.ok("action", "list").stdout
    assert table.count("overdue") == 1 and "2026-11-27 overdue" in table
    report = report_of(ada)
    assert report["overdue_actions_count"] == 1 and report["overdue_actions"] == [6]
    assert {a["text"]: a["overdue"] for a in report["open_actions"]}["Draft the case"] is False
    text = ada.ok("report", "--with", "ada").stdout
    assert text.count("overdue") == 2 and "(1 open, 1 overdue)" not in text  # the note's line and its count
    assert "Send a thank-you note (due 27 Nov, 4 days overdue)" in text
    assert "Draft the case (due 3 Nov)" in text
    everything = ada.json("report", "--all", "--json", "--with", "ada")["mentorships"][0]
    assert [a["overdue"] for a in everything["open_actions"]].count(True) == 1
    ada.ok("action", "done", "6")
    assert ada.json("action", "list", "--overdue", "--json") == []
    assert report_of(ada)["overdue_actions_count"] == 0


def test_ending_outright_hides_the_overdue_until_it_is_resumed(ada, clock):
    clock("2026-11-20T10:00:00")
    ada.ok("mentor", "end", "ada")
    assert ada.json("action", "list", "--overdue", "--json") == []
    assert "overdue" not in ada.ok("action", "list").stdout
    assert report_of(ada)["overdue_actions_count"] == 0 and report_of(ada)["signals"] == []
    ada.ok("mentor", "resume", "ada")
    assert len(ada.json("action", "list", "--overdue", "--json")) == 3


# -- 5. warning signs name the role only when a namesake needs it ------------------------------------------------


def test_warning_sign_commands_name_the_role_only_for_a_namesake(cli, clock):
    clock("2026-11-20T10:00:00")
    cli.ok("mentor", "add", "Grace O'Hara", "--cadence", "weekly", "--since", "2026-09-01")
    plain = [s["command"] for s in status_of(cli, "Grace O'Hara")["signals"] if s["command"]]
    assert plain and all("--with 'Grace O'\"'\"'Hara'" in c for c in plain if "--with" in c), plain
    cli.ok("mentee", "add", "Grace O'Hara", "--cadence", "weekly", "--since", "2026-11-19")
    signals = next(m for m in cli.json("status", "--json")["mentorships"]
                   if m["name"] == "Grace O'Hara" and m["role"] == "mentor")["signals"]
    prefixed = [s["command"] for s in signals if "--with" in (s["command"] or "")]
    assert prefixed and all("--with 'mentor:Grace O'\"'\"'Hara'" in c for c in prefixed), prefixed
    for command in prefixed:
        words = shlex.split(command)
        if words[1] in ("agenda", "goal", "action"):
            cli.ok(*words[1:])
