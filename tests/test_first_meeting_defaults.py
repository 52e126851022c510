"""The first meeting starts from what is set: its cadence, channel and planned-end questions default to the
mentorship's own, and Enter keeps them (nothing about the mentorship is written for an unchanged answer)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
import sys

import pytest
from test_reviews import DOWN, ENTER, keys

from mentorlog.domain.models import Mentorship
from mentorlog.domain.templates import load_templates
from mentorlog.prompts import ask, walker

# The first meeting's questions, in order: hopes, focus, cadence, channel, time, length, expectations,
# boundaries, confidential
ALL_ENTER = "Grow" + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + "y"


def first_meeting(mentorship: Mentorship, typed: str) -> dict:
    context = walker.WalkContext(name=mentorship.name, current=walker.current_answers(mentorship))
    with keys(typed):
        return walker.walk(load_templates()["first-meeting"], context, {}, lambda state: None)


def person(**fields) -> Mentorship:
    return Mentorship(id=1, uid="m1", name="Grace O'Hara", role="mentor", **fields)


@pytest.mark.parametrize("fields,kept", [
    ({"cadence_days": 14, "channel": "phone", "until": date(2027, 3, 1)},
     {"cadence": "biweekly", "channel": "phone", "length": "2027-03-01"}),  # a cadence among the choices
    ({"cadence_days": 10, "channel": "chat", "until": None},
     {"cadence": "10d", "channel": "chat", "length": "open-ended"}),  # one that is not: offered first, as set
    ({"cadence_days": 90, "channel": "in-person", "until": date(2026, 12, 31)},
     {"cadence": "3m", "channel": "in-person", "length": "2026-12-31"}),  # calendar months stay months
])
def test_enter_keeps_the_cadence_channel_and_planned_end_that_are_set(fields, kept):
    answers = first_meeting(person(**fields), ALL_ENTER)
    assert {key: answers.get(key) for key in kept} == kept


def test_another_choice_is_still_one_key_away():
    answers = first_meeting(person(cadence_days=14, channel="video"),
                            "Grow" + ENTER + ENTER + DOWN + ENTER + DOWN + ENTER + ENTER * 5 + "y")
    assert answers["cadence"] == "monthly" and answers["channel"] == "in-person"  # the one after what is set


def test_the_kept_answers_read_back_as_what_is_set():
    from mentorlog.domain import questions

    template = load_templates()["first-meeting"]
    for fields in ({"cadence_days": 10, "channel": "chat", "until": date(2027, 3, 1)},
                   {"cadence_days": 60, "channel": None, "until": None}, {"cadence_days": 7}):
        mentorship = person(**fields)
        changes = questions.mentorship_changes(template.questions, walker.current_answers(mentorship))
        assert all(getattr(mentorship, column) == value for column, value in changes.items()), changes


def mentorship_row(cli, name: str = "grace") -> dict:
    return cli.json("mentor", "show", name, "--json")


def changes_to_mentorships(db_path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM changes WHERE tbl = 'mentorships'").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def grace(cli):
    cli.ok("mentor", "add", "Grace O'Hara", "--cadence", "10d", "--channel", "phone", "--until", "2027-03-01",
           "--since", "2026-10-01", "--focus", "exploration")
    return cli


def test_a_first_meeting_on_a_terminal_keeps_what_is_set_on_enter(grace, db_path, monkeypatch):
    before = mentorship_row(grace)
    written = changes_to_mentorships(db_path)
    monkeypatch.setattr(ask, "interactive", lambda: True)
    with keys(ALL_ENTER):
        result = grace("review", "--with", "grace", "--template", "first-meeting")
    assert result.exit_code == 0, result.stderr
    assert mentorship_row(grace) == before
    assert changes_to_mentorships(db_path) == written  # no change written for the unchanged answers
    [review] = grace.json("review", "list", "--json")
    assert review["answers"]["cadence"] == "10d" and review["answers"]["length"] == "2027-03-01"
    assert review["answers"]["focus"] == "exploration" and review["answers"]["channel"] == "phone"


def test_a_first_meeting_on_a_terminal_writes_a_changed_answer(grace, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    typed = "Grow" + ENTER + ENTER + DOWN + ENTER + ENTER * 5 + "y"  # cadence: weekly, the first after 10d
    with keys(typed):
        result = grace("review", "--with", "grace", "--template", "first-meeting")
    assert result.exit_code == 0, result.stderr
    after = mentorship_row(grace)
    assert (after["cadence_days"], after["channel"], after["until"]) == (7, "phone", "2027-03-01")


def test_answers_from_a_file_that_repeat_what_is_set_write_no_change(grace, db_path, tmp_path):
    written = changes_to_mentorships(db_path)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"hopes": "Grow", "cadence": "10d", "channel": "phone", "length": "2027-03-01"}))
    grace.ok("review", "--with", "grace", "--template", "first-meeting", "--answers", str(answers))
    assert changes_to_mentorships(db_path) == written


MENTORLOG = Path(sys.executable).parent / "mentorlog"


@pytest.mark.slow
@pytest.mark.skipif(not MENTORLOG.exists(), reason="the mentorlog console script is not installed")
def test_the_first_meeting_in_a_real_terminal_starts_from_what_is_set(grace, db_path):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(str(MENTORLOG), ["review", "--with", "grace", "--template", "first-meeting"], env=env,
                          encoding="utf-8", timeout=30, dimensions=(40, 120))
    child.expect_exact("mentorlog goal add --with 'Grace O'\"'\"'Hara'")  # the help's command, quoted
    child.expect_exact("What should this mentorship help with?")
    child.send("Grow" + ENTER)
    child.expect_exact("exploration (as set)")
    child.send(ENTER)
    child.expect_exact("every 10 days (as set)")
    child.send(ENTER)
    child.expect_exact("phone (as set)")
    child.send(ENTER)
    child.expect_exact("How much time")
    child.send(ENTER)
    child.expect_exact("until 2027-03-01 (as set)")
    child.send(ENTER * 3)
    child.expect_exact("stays between you")
    child.send("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert changes_to_mentorships(db_path) == 1  # the add, and nothing since
