"""Privacy: every file and folder mentorlog writes is private to its owner, private notes stay out of
everything meant to be shared, and an unexpected failure never prints a traceback (nor, in debug mode,
the values of local variables)."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from mentorlog.data.journal import Journal
from mentorlog.data.reviews import save_draft
from mentorlog.data import mentorships, sessions

SECRET = "ZEBRA-SECRET-1729"  # a private note: one word, easy to spot anywhere it leaks
SECRET_TWO = "QUOKKA-SECRET-4104"
SECRET_TOPIC, SECRET_TOPIC_TWO, SECRET_TOPIC_THREE = "OKAPI-TOPIC-3301", "NARWHAL-TOPIC-5150", "TAPIR-TOPIC-8080"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def private_journal(people):
    """Sessions with private notes for both people, plus everything a report, an agenda and a summary draw on."""
    cli = people
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-03 14:00", "--duration", "45m", "--topic", "promotion",
           "--notes", "Ada said to write the brag document.", "--private-notes", f"I felt nervous {SECRET}",
           "--takeaway", "keep a brag doc", "--action", "draft the brag doc", "--their-action", "intro to the VP",
           "--rating", "4")
    cli.ok("session", "add", "--with", "sam", "--on", "2026-11-13", "--notes", "Sam's first design review.",
           "--private-notes", f"worried about burnout {SECRET_TWO}", "--rating", "3")
    cli.ok("goal", "add", "Get promoted", "--with", "ada", "--target", "2027-03-01")
    cli.ok("win", "add", "Shipped the launch", "--with", "ada")
    # topics to raise, a private one with each person (one discussed in a session), a shared one beside them
    cli.ok("topic", "add", f"I am thinking of leaving {SECRET_TOPIC}", "--with", "ada", "--private", "--kind", "question")
    cli.ok("topic", "add", f"my own doubts {SECRET_TOPIC_TWO}", "--with", "sam", "--private", "--kind", "feedback-ask")
    cli.ok("topic", "add", f"discussed already {SECRET_TOPIC_THREE}", "--with", "ada", "--private")
    cli.ok("topic", "add", "The reorg", "--with", "ada")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-04", "--notes", "short", "--discussed", "3")
    return cli


# -- files and folders are the owner's alone ------------------------------------------------------


@pytest.fixture
def loose_umask():
    """A umask that would leave files readable by everyone: modes must be set on purpose, not inherited."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_everything_written_is_private_even_with_a_loose_umask(cli, tmp_path, db_path, loose_umask):
    cli.ok("mentor", "add", "Ada Lovelace")
    cli.ok("session", "add", "--with", "ada", "--private-notes", SECRET)
    with Journal(db_path) as store:  # an interrupted review's answers wait in the journal as a draft
        save_draft(store, mentorships.resolve(store, "ada"), "periodic", {"working": "steady"})
    made = [
        Path(cli.ok("backup").stdout.strip()),  # backups/ beside the journal
        Path(cli.ok("backup", tmp_path / "elsewhere" / "deeper" / "copy.db").stdout.strip()),
    ]
    for fmt, name in (("json", "journal.json"), ("markdown", "log.md"), ("ics", "cal.ics")):
        cli.ok("export", "--format", fmt, "--output", tmp_path / "exports" / fmt / name)
        made.append(tmp_path / "exports" / fmt / name)
    cli.ok("export", "--format", "csv", "--output", tmp_path / "exports" / "csv" / "tables")
    cli.ok("demo", "--keep", tmp_path / "sample" / "demo.db")
    made.append(tmp_path / "sample" / "demo.db")
    files = [db_path, *made, *(tmp_path / "exports" / "csv" / "tables").iterdir()]
    assert len(files) > 12
    for path in files:
        assert mode(path) == 0o600, path
    created = [db_path.parent, db_path.parent / "backups", tmp_path / "elsewhere", tmp_path / "elsewhere" / "deeper",
               tmp_path / "exports", tmp_path / "exports" / "json", tmp_path / "exports" / "csv" / "tables",
               tmp_path / "sample"]
    for folder in created:
        assert mode(folder) == 0o700, folder
    assert cli.json("doctor", "--json")["healthy"] is True


def test_the_write_ahead_log_is_as_private_as_the_journal(people, db_path, loose_umask):
    """While a command writes, SQLite's side files hold the newest notes: they get the journal's mode."""
    with Journal(db_path) as store, store.write():
        sessions.add_session(store, mentorships.resolve(store, "ada"), datetime(2026, 11, 1), private_notes=SECRET)
        sidecars = list(db_path.parent.glob("journal.db-*"))
        assert sidecars  # -wal and -shm exist while the journal is open
        for sidecar in sidecars:
            assert mode(sidecar) == 0o600, sidecar


# -- private notes stay private --------------------------------------------------------------------


SHARED = {  # what a person sends, prints or syncs: never private notes
    "summary to send (ada)": ("session", "show", "1", "--format", "markdown"),
    "summary to send (sam)": ("session", "show", "2", "--format", "markdown"),
    "agenda": ("agenda", "--with", "ada"),
    "agenda as text": ("agenda", "--with", "sam", "--format", "text"),
    "agenda as json": ("agenda", "--with", "ada", "--format", "json"),
    "report": ("report",),
    "report as markdown": ("report", "--format", "markdown"),
    "report as json": ("report", "--format", "json"),
    "report for one": ("report", "--with", "sam", "--format", "markdown"),
    "status": ("status", "--format", "json"),
    "markdown export": ("export", "--format", "markdown"),
    "markdown export for one": ("export", "--format", "markdown", "--with", "ada"),
    "calendar": ("export", "--format", "ics"),
    "person as json": ("mentor", "show", "ada", "--json"),
    "person": ("mentee", "show", "sam"),
    "update to share": ("update", "--since", "2026-11-01"),
    "update as text": ("update", "--since", "2026-11-01", "--format", "text"),
    "update as json": ("update", "--since", "2026-11-01", "--format", "json"),
    "anonymous update": ("update", "--since", "2026-11-01", "--anonymous"),
    "update with one person": ("update", "--since", "2026-11-01", "--with", "sam"),
}


SHARED_TOPICS = {  # private topics are shown in my own views (the agenda as text) and nowhere that is sent
    **{what: args for what, args in SHARED.items() if what != "agenda as text"},
    "agenda for sam": ("agenda", "--with", "sam"),
    "agenda for sam as json": ("agenda", "--with", "sam", "--json"),
    "agenda with every action": ("agenda", "--with", "ada", "--all"),
    "report with every action": ("report", "--all", "--format", "markdown"),
    "report as json with every action": ("report", "--all", "--json"),
    "summary of the session that discussed one": ("session", "show", "3", "--format", "markdown"),
    "session list": ("session", "list", "--json"),
    "markdown export for sam": ("export", "--format", "markdown", "--with", "sam"),
}


@pytest.mark.parametrize("what", list(SHARED_TOPICS))
def test_private_topics_never_appear_in_what_is_shared(private_journal, what):
    result = private_journal.ok(*SHARED_TOPICS[what])
    for secret in (SECRET_TOPIC, SECRET_TOPIC_TWO, SECRET_TOPIC_THREE):
        assert secret not in result.stdout and secret not in result.stderr


def test_private_topics_stay_out_of_csv_and_show_in_my_own_views(private_journal, tmp_path):
    private_journal.ok("export", "--format", "csv", "--output", tmp_path / "csv")
    topics_csv = (tmp_path / "csv" / "topics.csv").read_text(encoding="utf-8")
    assert "The reorg" in topics_csv and SECRET_TOPIC not in topics_csv and SECRET_TOPIC_THREE not in topics_csv
    mine = private_journal.ok("agenda", "--with", "ada", "--format", "text").stdout
    assert f"I am thinking of leaving {SECRET_TOPIC} — private" in mine
    assert SECRET_TOPIC_THREE not in mine  # discussed: no longer to raise
    assert SECRET_TOPIC in private_journal.ok("topic", "list").stdout
    document = private_journal.json("export", "--format", "json")  # a full copy, to move or restore
    assert sum(t["private"] for t in document["topics"]) == 3


@pytest.mark.parametrize("what", list(SHARED))
def test_private_notes_never_appear_in_what_is_shared(private_journal, what):
    result = private_journal.ok(*SHARED[what])
    for secret in (SECRET, SECRET_TWO):
        assert secret not in result.stdout and secret not in result.stderr
    assert "private_notes" not in result.stdout


def test_private_notes_stay_out_of_csv_and_go_into_markdown_only_when_asked(private_journal, tmp_path):
    private_journal.ok("export", "--format", "csv", "--output", tmp_path / "csv")
    for table in (tmp_path / "csv").iterdir():
        assert SECRET not in table.read_text(encoding="utf-8"), table
    with open(tmp_path / "csv" / "sessions.csv", encoding="utf-8", newline="") as handle:
        assert "private_notes" not in next(csv.reader(handle))
    asked = private_journal.ok("export", "--format", "markdown", "--include-private").stdout
    assert SECRET in asked and SECRET_TWO in asked


def test_the_owners_own_views_still_show_private_notes(private_journal):
    """Private means not shared, not hidden from the person who wrote them."""
    assert private_journal.json("session", "show", "1", "--json")["private_notes"].endswith(SECRET)
    assert SECRET in private_journal.ok("session", "show", "1").stdout
    hits = private_journal.json("search", SECRET, "--json")
    assert [(h["kind"], h["id"], h["private"]) for h in hits] == [("session", 1, True)]
    document = private_journal.json("export", "--format", "json")  # a full copy, to move or restore
    assert {SECRET in (s["private_notes"] or "") for s in document["sessions"]} == {True, False}


# -- an unexpected failure ---------------------------------------------------------------------------

EXPLODE = """
import sys
from datetime import datetime
from mentorlog.data import sessions

def add_session(journal, mentorship, held_at, **fields):
    private = fields.get("private_notes")  # a local variable holding a private note
    raise RuntimeError("the storage layer hiccuped")

sessions.add_session = add_session
from mentorlog.cli import main
sys.argv = ["mentorlog", *sys.argv[1:]]
main()
"""


def run_exploding(debug: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("MENTORLOG_DEBUG", None)
    if debug:
        env["MENTORLOG_DEBUG"] = "1"
    return subprocess.run([sys.executable, "-c", EXPLODE, "session", "add", "--with", "ada", "--private-notes", SECRET],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)


def test_an_unexpected_error_is_one_line_without_a_traceback(people, unchanged):
    with unchanged():
        done = run_exploding(debug=False)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["Error: unexpected RuntimeError: the storage layer hiccuped "
                                        "(run with MENTORLOG_DEBUG=1 for the traceback)"]
    assert done.stdout == "" and SECRET not in done.stderr


def test_debug_mode_shows_the_traceback_but_never_local_variables(people, unchanged):
    with unchanged():
        done = run_exploding(debug=True)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "RuntimeError: the storage layer hiccuped" in done.stderr
    assert "add_session" in done.stderr
    assert SECRET not in done.stderr and SECRET not in done.stdout  # the values of locals stay out


def test_an_unexpected_error_in_process_is_one_line(people, monkeypatch, unchanged):
    from mentorlog.data import goals

    def broken(*args, **kwargs):
        raise RuntimeError("no goals today")

    monkeypatch.setattr(goals, "add_goal", broken)
    with unchanged():
        result = people.fail("goal", "add", "Get promoted", "--why", SECRET)
    assert "unexpected RuntimeError: no goals today" in result.stderr and SECRET not in result.output
