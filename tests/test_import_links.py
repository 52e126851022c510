"""An import keeps the link rules the commands keep, on the journal as the merge would leave it: no action
or win serving a goal of another mentorship (a personal goal serves anyone), no session before its
mentorship's start. A file breaking one is refused with one `Error:` line naming the row; nothing is written."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

LATER = "2026-11-21T09:00:00Z"  # newer than every row of the journal: the file's version wins the merge


@pytest.fixture
def linked(people):
    """Ada (mentor, since 2026-09-01) with goal 1, Sam (mentee, since 2026-10-01) with goal 2, goal 3
    personal; an action and a win with Ada serving goal 1, a session with each."""
    cli = people
    cli.ok("goal", "add", "Get promoted", "--with", "ada")
    cli.ok("goal", "add", "Ship the export", "--with", "sam")
    cli.ok("goal", "add", "Run a half marathon")
    cli.ok("action", "add", "Send the brag doc", "--with", "ada", "--goal", "1")
    cli.ok("win", "add", "Gave my first talk", "--with", "ada", "--goal", "1", "--on", "2026-11-12")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-09-15")
    cli.ok("session", "add", "--with", "sam", "--on", "2026-10-20")
    return cli


def exported(cli) -> dict:
    return cli.json("export", "--format", "json")


def uid_of(document: dict, table: str, **match) -> str:
    return next(row["uid"] for row in document[table] if all(row[k] == v for k, v in match.items()))


def index_of(document: dict, table: str, uid: str) -> int:
    return next(i for i, row in enumerate(document[table]) if row["uid"] == uid)


def write(tmp_path: Path, document: dict, name: str = "file.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def new_row(document: dict, table: str, like: int = 0, **fields) -> int:
    """A new row in `table` made from an existing one with a new uid and `fields`; its index."""
    row = dict(document[table][like], uid=str(uuid.uuid4()), created_at=LATER, updated_at=LATER, **fields)
    document[table].append(row)
    return len(document[table]) - 1


def refused(cli, db_path: Path, path: Path, where: str, *words: str, into: Path | None = None):
    """The import is refused, with the row named, and the journal (or the file it would create) unchanged."""
    from conftest import snapshot

    target = into or db_path
    before, existed = snapshot(target), target.exists()
    for dry_run in ((), ("--dry-run",)):
        result = cli.fail(*(("--db", str(into)) if into else ()), "import", str(path), *dry_run)
        assert f": {where}: " in result.stderr, result.stderr
        for word in words:
            assert word in result.stderr, result.stderr
        assert "nothing was imported" in result.stderr
    assert target.exists() == existed and snapshot(target) == before
    return result


# -- rows from the file ----------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["actions", "wins"])
def test_a_row_serving_another_mentorships_goal_is_refused(linked, db_path, tmp_path, table):
    document = exported(linked)
    sam, ada_goal = uid_of(document, "mentorships", name="Sam Rivera"), uid_of(document, "goals", title="Get promoted")
    index = new_row(document, table, mentorship_uid=sam, goal_uid=ada_goal)
    path = write(tmp_path, document)
    refused(linked, db_path, path, f"{table}[{index}]", "Ada Lovelace's, not Sam Rivera's")  # merged into the journal
    refused(linked, db_path, path, f"{table}[{index}]", into=tmp_path / "new" / "journal.db")  # into a new journal


@pytest.mark.parametrize("table", ["actions", "wins"])
def test_a_row_with_nobody_serving_a_mentorships_goal_is_refused(linked, db_path, tmp_path, table):
    document = exported(linked)
    index = new_row(document, table, mentorship_uid=None, goal_uid=uid_of(document, "goals", title="Get promoted"))
    refused(linked, db_path, write(tmp_path, document), f"{table}[{index}]", "with nobody")


@pytest.mark.parametrize("table", ["actions", "wins"])
def test_a_personal_goal_serves_anyone(linked, tmp_path, table):
    document = exported(linked)
    personal = uid_of(document, "goals", title="Run a half marathon")
    for who in (uid_of(document, "mentorships", name="Sam Rivera"), None):
        new_row(document, table, mentorship_uid=who, goal_uid=personal)
    linked.ok("import", str(write(tmp_path, document)))
    assert sum(1 for row in exported(linked)[table] if row["goal_uid"] == personal) == 2


def test_a_session_before_its_mentorship_started_is_refused(linked, db_path, tmp_path):
    document = exported(linked)
    ada = uid_of(document, "mentorships", name="Ada Lovelace")
    index = new_row(document, "sessions", mentorship_uid=ada, held_at="2026-08-31T16:00:00")
    path = write(tmp_path, document)
    refused(linked, db_path, path, f"sessions[{index}]", "2026-08-31", "started (2026-09-01)")
    refused(linked, db_path, path, f"sessions[{index}]", into=tmp_path / "new.db")


def test_a_session_on_the_first_day_is_in_time(linked, tmp_path):
    document = exported(linked)
    new_row(document, "sessions", mentorship_uid=uid_of(document, "mentorships", name="Ada Lovelace"),
            held_at="2026-09-01T08:00:00")
    linked.ok("import", str(write(tmp_path, document)))


def test_a_session_and_the_start_it_needs_come_in_one_file(linked, tmp_path):
    """The rule is checked on the merged journal: a file that moves the start earlier may bring the session."""
    document = exported(linked)
    ada = uid_of(document, "mentorships", name="Ada Lovelace")
    person = document["mentorships"][index_of(document, "mentorships", ada)]
    person.update(since="2026-08-01", updated_at=LATER)
    new_row(document, "sessions", mentorship_uid=ada, held_at="2026-08-15T16:00:00")
    linked.ok("import", str(write(tmp_path, document)))
    assert linked.json("mentor", "show", "ada", "--json")["since"] == "2026-08-01"


# -- journal rows the merge would break ------------------------------------------------------------------


def test_a_file_giving_a_goal_to_another_mentorship_is_refused_while_the_journal_links_it(linked, db_path, tmp_path):
    document = exported(linked)
    goal = uid_of(document, "goals", title="Get promoted")
    index = index_of(document, "goals", goal)
    document["goals"][index].update(mentorship_uid=uid_of(document, "mentorships", name="Sam Rivera"), updated_at=LATER)
    only_the_goal = {key: ([document["goals"][index]] if key == "goals" else value) for key, value in document.items()
                     if key not in ("actions", "wins")}  # the journal's action and win serve it with Ada
    refused(linked, db_path, write(tmp_path, only_the_goal), f"goals[{index}]", "action #1 in the journal")


def test_a_file_moving_the_start_after_a_journal_session_is_refused(linked, db_path, tmp_path):
    document = exported(linked)
    ada = uid_of(document, "mentorships", name="Ada Lovelace")
    index = index_of(document, "mentorships", ada)
    document["mentorships"][index].update(since="2026-10-01", updated_at=LATER)
    document["sessions"] = []  # the session of 2026-09-15 is only in the journal
    refused(linked, db_path, write(tmp_path, document), f"mentorships[{index}]", "session #1", "2026-09-15")


def test_a_new_row_may_serve_a_goal_that_is_only_in_the_journal(linked, tmp_path):
    document = exported(linked)
    ada, goal = uid_of(document, "mentorships", name="Ada Lovelace"), uid_of(document, "goals", title="Get promoted")
    action = dict(document["actions"][0], uid=str(uuid.uuid4()), mentorship_uid=ada, goal_uid=goal, text="More")
    small = {"format": "mentorlog", "version": 1, "actions": [action]}
    linked.ok("import", str(write(tmp_path, small)))
    small["actions"][0]["uid"] = str(uuid.uuid4())
    small["actions"][0]["mentorship_uid"] = uid_of(document, "mentorships", name="Sam Rivera")
    linked.fail("import", str(write(tmp_path, small)))


def test_the_commands_and_the_import_keep_one_rule():
    """The rule itself, as plain values: what both the commands and the import ask."""
    from datetime import date

    from mentorlog.domain.links import held_in_time, serves

    assert serves(None, 1) and serves(None, None) and serves(1, 1)
    assert not serves(1, 2) and not serves(1, None)
    assert held_in_time(None, date(2020, 1, 1)) and held_in_time(date(2026, 9, 1), date(2026, 9, 1))
    assert not held_in_time(date(2026, 9, 1), date(2026, 8, 31)) and not held_in_time("2026-09-01", "2026-08-31")
