""""Since the last session" runs from the meeting's own moment, not from the day after it.

An action done (or skipped), or a win logged, later on the day of a meeting belongs to the next agenda and
report; one done earlier that day was there to be talked about, and belongs to the window before. Done and
win moments carry their time of day (recorded when marked, or given with `--on`); an item known only by its
day (an old row, or `--on 2026-11-03`) on the meeting day belongs after the meeting.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

MEETING = "2026-11-03 14:00"


def at(monkeypatch, moment: str) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", moment)


def agenda_json(cli, name: str = "ada") -> dict:
    return cli.json("agenda", "--with", name, "--format", "json")


def report_json(cli, *args: str) -> dict:
    return cli.json("report", "--with", "ada", "--format", "json", *args)["mentorships"][0]


def texts(items: list[dict]) -> list[str]:
    return sorted(item["text"] for item in items)


@pytest.fixture
def meeting_day(people, monkeypatch):
    """Ada's actions and wins around a meeting on 3 Nov at 14:00, each marked at the moment it happened."""
    at(monkeypatch, "2026-11-01T09:00:00")
    for text in ("done at nine", "done at three", "dated only", "skipped at four", "done the day before"):
        people.ok("action", "add", text, "--with", "ada")
    at(monkeypatch, "2026-11-02T18:00:00")
    people.ok("action", "done", "5")
    at(monkeypatch, "2026-11-03T09:00:00")
    people.ok("action", "done", "1")
    people.ok("win", "add", "morning win", "--with", "ada")
    at(monkeypatch, "2026-11-03T14:50:00")
    people.ok("session", "add", "--with", "ada", "--on", MEETING, "--duration", "45m")
    at(monkeypatch, "2026-11-03T15:00:00")
    people.ok("action", "done", "2")
    people.ok("action", "done", "3", "--on", "2026-11-03")
    people.ok("win", "add", "afternoon win", "--with", "ada")
    people.ok("win", "add", "dated win", "--with", "ada", "--on", "2026-11-03")
    at(monkeypatch, "2026-11-03T16:00:00")
    people.ok("action", "skip", "4", "--reason", "no time")
    at(monkeypatch, "2026-11-10T09:00:00")
    return people


AFTER = ["dated only", "done at three"]
WINS_AFTER = ["afternoon win", "dated win"]


def test_the_agenda_holds_what_was_done_after_the_meeting_on_its_day(meeting_day):
    agenda = agenda_json(meeting_day)
    assert texts(agenda["done"]) == AFTER  # not "done at nine", nor the day before
    assert [a["text"] for a in agenda["not_done"]] == ["skipped at four"]
    assert texts(agenda["wins"]) == WINS_AFTER
    assert (agenda["since"], agenda["since_at"]) == ("2026-11-03", "2026-11-03T14:00:00")


def test_the_report_holds_the_same_window(meeting_day):
    report = report_json(meeting_day)
    assert texts(report["done_since_last"]) == AFTER
    assert texts(report["skipped_since_last"]) == ["skipped at four"]
    assert texts(report["wins_since_last"]) == WINS_AFTER
    assert (report["window_start"], report["window_start_at"]) == ("2026-11-03", "2026-11-03T14:00:00")


def test_the_rendered_agenda_and_report_say_so(meeting_day):
    for text in (meeting_day.ok("agenda", "--with", "ada").stdout,
                 meeting_day.ok("agenda", "--with", "ada", "--format", "text").stdout,
                 meeting_day.ok("report", "--with", "ada").stdout,
                 meeting_day.ok("report", "--with", "ada", "--format", "markdown").stdout):
        for shown in ("done at three", "dated only", "afternoon win", "dated win", "skipped at four"):
            assert shown in text
        for hidden in ("done at nine", "morning win", "done the day before"):
            assert hidden not in text


def test_before_the_meeting_the_morning_belongs_to_the_window_before(people, monkeypatch):
    """The agenda read that morning, before the meeting, holds what was done since the meeting before."""
    at(monkeypatch, "2026-10-20T11:00:00")
    people.ok("session", "add", "--with", "ada", "--on", "2026-10-20 10:00")
    people.ok("action", "add", "a step", "--with", "ada")
    at(monkeypatch, "2026-11-03T09:00:00")
    people.ok("action", "done", "1")
    people.ok("win", "add", "morning win", "--with", "ada")
    at(monkeypatch, "2026-11-03T13:00:00")
    agenda = agenda_json(people)
    assert (texts(agenda["done"]), texts(agenda["wins"])) == (["a step"], ["morning win"])
    at(monkeypatch, "2026-11-03T14:50:00")
    people.ok("session", "add", "--with", "ada", "--on", MEETING)
    agenda = agenda_json(people)
    assert (agenda["done"], agenda["wins"]) == ([], [])


def test_moments_are_recorded_and_given_with_on(people, monkeypatch):
    at(monkeypatch, "2026-11-04T09:30:00")
    people.ok("action", "add", "a", "--with", "ada")
    people.ok("action", "add", "b", "--with", "ada")
    people.ok("action", "add", "c", "--with", "ada")
    assert "on 2026-11-03 at 16:00" in people.ok("action", "done", "1", "--on", "2026-11-03 16:00").stderr
    assert "on 2026-11-04 at 09:30" in people.ok("action", "done", "2").stderr
    assert "on 2026-11-03." in people.ok("action", "done", "3", "--on", "yesterday").stderr
    found = {a["text"]: a for a in people.json("action", "list", "--all", "--json")}
    assert (found["a"]["done_on"], found["a"]["done_at"]) == ("2026-11-03", "2026-11-03T16:00:00")
    assert (found["b"]["done_on"], found["b"]["done_at"]) == ("2026-11-04", "2026-11-04T09:30:00")
    assert (found["c"]["done_on"], found["c"]["done_at"]) == ("2026-11-03", None)
    people.ok("win", "add", "w1", "--on", "2026-11-03 16:00")
    people.ok("win", "add", "w2", "--on", "yesterday at 5pm")
    people.ok("win", "add", "w3", "--on", "today")
    wins = {w["text"]: (w["date"], w["at"]) for w in people.json("win", "list", "--json")}
    assert wins == {"w1": ("2026-11-03", "2026-11-03T16:00:00"), "w2": ("2026-11-03", "2026-11-03T17:00:00"),
                    "w3": ("2026-11-04", "2026-11-04T09:30:00")}


def test_on_a_time_still_to_come_is_refused(people, monkeypatch, unchanged):
    at(monkeypatch, "2026-11-04T09:30:00")
    people.ok("action", "add", "a", "--with", "ada")
    with unchanged():
        error = people.fail("action", "done", "1", "--on", "today 10:00").stderr
        assert error == ("Error: --on 'today 10:00' is in the future (2026-11-04 10:00); give when it happened\n")
        assert "in the future" in people.fail("win", "add", "w", "--on", "tomorrow").stderr
        assert "in the future" in people.fail("action", "skip", "1", "--reason", "x", "--on", "in 2 days").stderr


def test_reopening_forgets_the_moment(people, monkeypatch):
    people.ok("action", "add", "a", "--with", "ada")
    people.ok("action", "done", "1")
    people.ok("action", "reopen", "1")
    found = people.json("action", "list", "--json")[0]
    assert (found["done_on"], found["done_at"]) == (None, None)


@pytest.mark.parametrize("meeting, done, shown", [
    ("2026-11-30 17:00", "2026-11-30T17:30:00", True),   # later on the last day of the month
    ("2026-11-30 17:00", "2026-11-30T16:59:00", False),  # a minute before the meeting
    ("2026-11-30 17:00", "2026-12-01T08:00:00", True),   # the next morning, in the next month
    ("2026-12-31 23:00", "2026-12-31T23:30:00", True),   # the last half hour of the year
    ("2026-12-31 23:00", "2026-12-31T22:00:00", False),
    ("2026-11-30 00:00", "2026-11-30T00:00:00", True),   # a meeting logged by its day starts at midnight
])
def test_the_window_follows_the_clock_across_days_and_month_ends(people, monkeypatch, meeting, done, shown):
    at(monkeypatch, "2026-11-29T08:00:00")
    people.ok("action", "add", "the step", "--with", "ada")
    day, clock = meeting.split()
    for moment in sorted({f"{day}T{clock}:00", done}):
        at(monkeypatch, moment)
        if moment == done:
            people.ok("action", "done", "1")
            people.ok("win", "add", "the win", "--with", "ada")
        if moment == f"{day}T{clock}:00":
            people.ok("session", "add", "--with", "ada", "--on", meeting)
    at(monkeypatch, "2027-01-02T09:00:00")
    agenda = agenda_json(people)
    assert (texts(agenda["done"]), texts(agenda["wins"])) == ((["the step"], ["the win"]) if shown else ([], []))


def test_since_a_day_starts_at_its_first_moment(meeting_day):
    report = report_json(meeting_day, "--since", "2026-11-03")
    assert texts(report["done_since_last"]) == ["dated only", "done at nine", "done at three"]
    assert texts(report["wins_since_last"]) == ["afternoon win", "dated win", "morning win"]
    assert report["window_start_at"] == "2026-11-03T00:00:00"
    assert texts(report_json(meeting_day, "--since", "2026-11-02")["done_since_last"]) == [
        "dated only", "done at nine", "done at three", "done the day before"]
    assert report_json(meeting_day, "--since", "2026-11-04")["done_since_last"] == []


def test_an_export_round_trips_the_moments(meeting_day, tmp_path):
    exported = tmp_path / "journal.json"
    meeting_day.ok("export", "--output", str(exported))
    document = json.loads(exported.read_text())
    actions = {a["text"]: a for a in document["actions"]}
    assert (actions["done at three"]["done_on"], actions["done at three"]["done_at"]) == (
        "2026-11-03", "2026-11-03T15:00:00")
    assert actions["dated only"]["done_at"] is None
    other = str(tmp_path / "other.db")
    meeting_day.ok("--db", other, "import", str(exported))
    assert texts(meeting_day.json("--db", other, "agenda", "--with", "ada", "--format", "json")["done"]) == AFTER
    again, first = meeting_day.json("--db", other, "export"), meeting_day.json("export")
    assert (again["actions"], again["wins"]) == (first["actions"], first["wins"])


def test_old_date_only_rows_from_an_export_still_work(meeting_day, tmp_path):
    """A file written before moments were kept has no `done_at` or `at`: its rows are known by their day, and
    on the meeting's day they belong after the meeting."""
    document = json.loads(meeting_day.ok("export").stdout)
    for row in document["actions"]:
        row.pop("done_at")
    for row in document["wins"]:
        row.pop("at")
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document))
    other = str(tmp_path / "other.db")
    meeting_day.ok("--db", other, "import", str(old))
    agenda = meeting_day.json("--db", other, "agenda", "--with", "ada", "--format", "json")
    # every one of that day's items is now known only by its day: after the meeting
    assert texts(agenda["done"]) == ["dated only", "done at nine", "done at three"]
    assert texts(agenda["wins"]) == ["afternoon win", "dated win", "morning win"]
    assert all(a["done_at"] is None for a in agenda["done"])


def test_a_journal_from_before_the_moments_upgrades_with_its_rows_dated(cli, db_path, monkeypatch):
    from sqlite_utils import Database

    from mentorlog.data.migrations import migrations

    db_path.parent.mkdir(parents=True)
    db = Database(db_path)
    migrations().apply(db, stop_before="m011_done_moments")
    stamp = "2026-11-01T09:00:00Z"
    db["mentorships"].insert({"id": 1, "uid": "m-1", "name": "Ada Lovelace", "role": "mentor", "cadence_days": 14,
                              "since": "2026-09-01", "created_at": stamp, "updated_at": stamp})
    db["sessions"].insert({"id": 1, "uid": "s-1", "mentorship_id": 1, "held_at": "2026-11-03T14:00:00",
                           "created_at": stamp, "updated_at": stamp})
    for number, day in ((1, "2026-11-02"), (2, "2026-11-03")):
        db["actions"].insert({"id": number, "uid": f"a-{number}", "mentorship_id": 1, "text": f"step {day}",
                              "owner": "me", "status": "done", "done_on": day, "created_at": stamp,
                              "updated_at": stamp})
    db["wins"].insert({"id": 1, "uid": "w-1", "text": "old win", "date": "2026-11-03", "mentorship_id": 1,
                       "created_at": stamp, "updated_at": stamp})
    db.close()
    at(monkeypatch, "2026-11-10T09:00:00")
    agenda = cli.json("agenda", "--with", "ada", "--format", "json")
    assert [a["text"] for a in agenda["done"]] == ["step 2026-11-03"]
    assert [(w["text"], w["at"]) for w in agenda["wins"]] == [("old win", None)]
    assert [a["done_at"] for a in cli.json("action", "list", "--all", "--json")] == [None, None]
    columns = [row[1] for row in sqlite3.connect(db_path).execute("PRAGMA table_info(actions)")]
    assert "done_at" in columns


def test_sync_carries_the_moments_as_they_are_stored(meeting_day, db_path, tmp_path, monkeypatch):
    place, other = tmp_path / "Sync" / "mentorlog", str(tmp_path / "desktop" / "journal.db")
    meeting_day.ok("sync", "init", str(place), "--name", "laptop")
    meeting_day.ok("sync")
    meeting_day.ok("--db", other, "sync", "init", str(place), "--name", "desktop")
    meeting_day.ok("--db", other, "sync")
    at(monkeypatch, "2026-11-10T09:00:00")
    query = "SELECT uid, done_on, done_at FROM actions UNION ALL SELECT uid, date, at FROM wins ORDER BY 1"
    assert sqlite3.connect(other).execute(query).fetchall() == sqlite3.connect(db_path).execute(query).fetchall()
    agenda = meeting_day.json("--db", other, "agenda", "--with", "ada", "--format", "json")
    assert (texts(agenda["done"]), texts(agenda["wins"])) == (AFTER, WINS_AFTER)


@pytest.mark.parametrize("table, day, moment, message", [
    ("actions", "done_on", "done_at", "'done_at' '2026-11-04T15:00:00' must fall on the day 'done_on' says, "
                                      "not '2026-11-03'"),
    ("wins", "date", "at", "'at' '2026-11-04T15:00:00' must fall on the day 'date' says, not '2026-11-03'"),
])
def test_an_import_refuses_a_moment_off_its_day(meeting_day, tmp_path, table, day, moment, message):
    document = json.loads(meeting_day.ok("export").stdout)
    row = next(row for row in document[table] if row[moment] == "2026-11-03T15:00:00")
    row[moment] = "2026-11-04T15:00:00"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    other = tmp_path / "other.db"
    error = meeting_day.fail("--db", str(other), "import", str(bad)).stderr
    assert message in error and "nothing was imported" in error
    assert not other.exists()


def test_a_wrap_up_settles_its_actions_at_its_own_moment(people, monkeypatch, tmp_path):
    at(monkeypatch, "2026-11-03T09:00:00")
    people.ok("action", "add", "finish it", "--with", "ada")
    people.ok("action", "add", "drop it", "--with", "ada")
    at(monkeypatch, "2026-11-03T16:45:00")
    answers = tmp_path / "wrap-up.json"
    answers.write_text(json.dumps({"achieved": "a promotion case",
                                   "open_actions": {"1": "done", "2": {"settle": "skip", "reason": "no longer needed"}}}))
    people.ok("review", "--with", "ada", "--template", "wrap-up", "--answers", str(answers))
    found = {a["text"]: (a["status"], a["done_on"], a["done_at"]) for a in people.json("action", "list", "--all", "--json")}
    assert found == {"finish it": ("done", "2026-11-03", "2026-11-03T16:45:00"),
                     "drop it": ("skipped", "2026-11-03", "2026-11-03T16:45:00")}
