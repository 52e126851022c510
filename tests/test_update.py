"""`update`: a first-person progress post to share, with no session notes, private notes or topics in it."""

from __future__ import annotations

import pytest

from conftest import snapshot
from test_safety_privacy import SECRET, SECRET_TOPIC, SECRET_TOPIC_THREE, SECRET_TOPIC_TWO, SECRET_TWO

SESSION_TEXT = ("Ada said to write the brag document.", "keep a brag doc", "Sam's first design review.", "promotion")


@pytest.fixture
def week(people, monkeypatch):
    """A week of growth with Ada (my mentor) and a mentee's own win, with sessions full of notes."""
    cli = people
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-01T10:00:00")
    cli.ok("goal", "add", "Get promoted", "--with", "ada", "--target", "2027-03-01")
    cli.ok("goal", "progress", "1", "30")
    cli.ok("goal", "milestone", "add", "1", "Write the packet", "--due", "2026-11-18")
    cli.ok("goal", "milestone", "add", "1", "Ask Ada for sponsors", "--due", "2026-11-25")
    cli.ok("goal", "add", "Sam ships a feature", "--with", "sam")
    cli.ok("action", "add", "Draft the brag doc", "--with", "ada", "--due", "2026-11-15")
    cli.ok("action", "add", "Intro to the VP", "--with", "ada", "--owner", "them", "--due", "2026-11-15")
    cli.ok("action", "add", "Book the venue", "--due", "2026-11-22")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-16T10:00:00")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-16 09:00", "--topic", "promotion",
           "--notes", SESSION_TEXT[0], "--private-notes", f"I felt nervous {SECRET}", "--takeaway", SESSION_TEXT[1])
    cli.ok("session", "add", "--with", "sam", "--on", "2026-11-16 08:00", "--notes", SESSION_TEXT[2],
           "--private-notes", f"worried {SECRET_TWO}")
    cli.ok("topic", "add", f"thinking of leaving {SECRET_TOPIC}", "--with", "ada", "--private")
    cli.ok("action", "done", "1")
    cli.ok("goal", "progress", "1", "55", "--note", "packet drafted")
    cli.ok("goal", "milestone", "done", "1")
    cli.ok("win", "add", "Ada said my design doc was the clearest she read this year", "--with", "ada")
    cli.ok("win", "add", "Sam ran his first incident review", "--with", "sam")
    cli.ok("win", "add", "Ran 10k")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-20T10:00:00")
    return cli


def test_the_update_covers_wins_goals_milestones_actions_and_what_comes_next(week):
    text = week.ok("update", "--since", "2026-11-14").stdout
    assert text.startswith("## My progress update, 14 Nov to 20 Nov") and "Here is where I am" in text
    for part in ("**What went well**", "Ada said my design doc was the clearest", "Ran 10k",
                 "**Where my goals stand**", "Get promoted (with Ada Lovelace): 30% → 55%", "reached: Write the packet",
                 "**What I got done**", "Draft the brag doc", "**What I commit to next**", "Book the venue, by 22 Nov",
                 "Get promoted: Ask Ada for sponsors (with Ada Lovelace), by 25 Nov"):
        assert part in text, part
    assert "Sam" not in text  # a mentee's goals and wins are theirs to share
    assert "Intro to the VP" not in text  # their action, not my commitment


def test_it_never_holds_session_notes_private_notes_or_topics(week):
    for args in ((), ("--format", "text"), ("--format", "json"), ("--anonymous",), ("--with", "ada"),
                 ("--with", "sam", "--format", "json")):
        result = week.ok("update", "--since", "2026-11-01", *args)
        for secret in (SECRET, SECRET_TWO, SECRET_TOPIC, *SESSION_TEXT):
            assert secret not in result.stdout and secret not in result.stderr, (args, secret)


def test_anonymous_names_everyone_by_their_role(week):
    text = week.ok("update", "--since", "2026-11-14", "--anonymous", "--format", "text").stdout
    assert "Ada" not in text and "Lovelace" not in text
    assert "my mentor said my design doc was the clearest" in text and "(with my mentor)" in text
    data = week.json("update", "--since", "2026-11-14", "--anonymous", "--format", "json")
    assert data["anonymous"] is True and {w["with"] for w in data["wins"]} == {"my mentor", None}
    assert "Ada" not in str(data)


def test_with_one_mentorship_and_json(week):
    data = week.json("update", "--since", "2026-11-14", "--with", "ada", "--format", "json")
    assert [w["text"] for w in data["wins"]] == ["Ada said my design doc was the clearest she read this year"]
    goal = data["goals"][0]
    assert (goal["title"], goal["progress_before"], goal["progress"], goal["with"]) == ("Get promoted", 30, 55,
                                                                                      "Ada Lovelace")
    assert goal["milestones_reached"] == [{"title": "Write the packet", "done": "2026-11-16"}]
    assert [a["text"] for a in data["done"]] == ["Draft the brag doc"]
    assert (data["since"], data["until"]) == ("2026-11-14", "2026-11-20")
    sam = week.json("update", "--since", "2026-11-14", "--with", "sam", "--format", "json")
    assert [w["text"] for w in sam["wins"]] == ["Sam ran his first incident review"]


def test_since_defaults_to_the_last_update_or_a_week_ago(week, monkeypatch):
    first = week.json("update", "--format", "json")
    assert first["since"] == "2026-11-13"  # no update yet: a week ago
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-27T10:00:00")
    assert week.json("update", "--format", "json")["since"] == "2026-11-20"  # the day of the last one
    assert "Covering 2026-11-27 to 2026-11-27" in week.ok("update").stderr


def test_an_update_is_not_a_change_to_undo(week):
    week.ok("update")
    assert not any(line.split("  ")[1].startswith("update") for line in week.ok("history").stdout.splitlines())
    assert "win add" in week.ok("undo", "--yes").stderr  # undo takes back my last change, not the update


def test_bad_options_are_one_error_and_change_nothing(week, db_path):
    before = snapshot(db_path)
    assert "--format must be one of" in week.fail("update", "--format", "html").stderr
    assert "no mentor or mentee matches" in week.fail("update", "--with", "nobody").stderr
    assert "in the future" in week.fail("update", "--since", "2026-12-01").stderr
    assert snapshot(db_path) == before


def test_a_quiet_week_says_so(people):
    text = people.ok("update").stdout
    assert "A quiet stretch: nothing new to report since 13 Nov." in text
    assert SECRET_TOPIC_TWO not in text and SECRET_TOPIC_THREE not in text
