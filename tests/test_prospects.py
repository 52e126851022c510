"""Prospects: finding the right mentor, from an idea to a message, a follow-up, and a yes or a no."""

from __future__ import annotations

import json

import pytest

from conftest import snapshot


@pytest.fixture
def prospect(cli):
    cli.ok("goal", "add", "Become a staff engineer", "--category", "career")
    cli.ok("prospect", "add", "Grace Hopper", "--expertise", "compilers", "--why", "how you explain hard ideas simply",
           "--how-met", "at PyCon last spring", "--goal", "1")
    return cli


def test_add_and_list_show_each_prospect_with_its_status(prospect):
    cli = prospect
    cli.ok("prospect", "add", "Linus")
    listed = cli.json("prospect", "list", "--json")
    assert [(p["name"], p["status"], p["goal"], p["goal_title"]) for p in listed] == [
        ("Grace Hopper", "idea", 1, "Become a staff engineer"), ("Linus", "idea", None, None)]
    shown = cli.json("prospect", "show", "1", "--json")
    assert shown["expertise"] == "compilers" and shown["how_met"] == "at PyCon last spring"
    table = cli.ok("prospect", "list").stdout
    assert "Grace Hopper" in table and "idea" in table


def test_the_draft_holds_why_them_what_to_learn_the_small_ask_and_an_easy_no(prospect):
    cli = prospect
    text = cli.ok("prospect", "draft", "1").stdout
    assert text.startswith("**Subject:**")
    for part in ("Hi Grace,", "We met at PyCon last spring", "I admire how you explain hard ideas simply.",
                 "Become a staff engineer", "experience with compilers", "30-minute call", "just say so"):
        assert part in text, part
    plain = cli.ok("prospect", "draft", "1", "--format", "text").stdout
    assert plain.startswith("Subject: ") and "**" not in plain
    data = cli.json("prospect", "draft", "1", "--format", "json")
    assert data["prospect"] == 1 and "Hi Grace" in data["body"]


def test_a_bare_idea_gets_a_draft_without_the_paragraphs_it_has_nothing_for(cli):
    cli.ok("prospect", "add", "Linus")
    text = cli.ok("prospect", "draft", "1", "--format", "text").stdout
    assert "Hi Linus," in text and "We met" not in text and "I admire" not in text and "{" not in text


def test_the_users_letter_replaces_the_built_in_one_and_a_bad_one_is_one_error(prospect, tmp_path):
    cli = prospect
    folder = tmp_path / "config" / "mentorlog" / "letters"
    folder.mkdir(parents=True)
    (folder / "outreach.toml").write_text('subject = "Hello {first_name}"\nbody = "Dear {name}.\\n\\nAbout {goal}."\n')
    assert cli.ok("prospect", "draft", "1", "--format", "text").stdout == (
        "Subject: Hello Grace\n\nDear Grace Hopper.\n\nAbout Become a staff engineer.\n")
    (folder / "outreach.toml").write_text('subject = "Hi {nickname}"\nbody = "x"\n')
    error = cli.fail("prospect", "draft", "1").stderr
    assert f"letter {folder / 'outreach.toml'}: 'subject' uses {{nickname}}" in error
    (folder / "outreach.toml").write_text('subject = "Hi"\n')
    assert "'body' must be a non-empty string" in cli.fail("prospect", "draft", "1").stderr


def test_contacted_then_the_follow_up_falls_due_and_shows_in_status(prospect, monkeypatch):
    cli = prospect
    cli.ok("prospect", "contacted", "1", "--follow-up", "in 1 week")  # 20 Nov: follow up 27 Nov
    assert cli.json("prospect", "show", "1", "--json")["follow_up"] == "2026-11-27"
    assert cli.json("status", "--json")["follow_ups"] == []
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-28T09:00:00")
    assert cli.json("prospect", "list", "--json")[0]["status"] == "follow-up due"
    due = cli.json("status", "--json")["follow_ups"]
    assert [(p["id"], p["status"]) for p in due] == [(1, "follow-up due")]
    shown = cli.ok("status").stdout
    assert "Follow-up due" in shown and "Grace Hopper" in shown and "mentorlog prospect contacted 1" in shown


def test_contacted_defaults_to_a_follow_up_a_week_later(prospect):
    prospect.ok("prospect", "contacted", "1", "--on", "2026-11-10")
    shown = prospect.json("prospect", "show", "1", "--json")
    assert (shown["contacted_on"], shown["follow_up"]) == ("2026-11-10", "2026-11-17")


def test_accept_makes_them_a_mentor_and_keeps_the_prospect(prospect):
    cli = prospect
    cli.ok("prospect", "contacted", "1")
    result = cli.ok("prospect", "accept", "1", "--cadence", "monthly")
    assert "mentorlog review --with 'Grace Hopper' --template first-meeting" in result.stderr
    mentor = cli.json("mentor", "show", "Grace", "--json")
    assert mentor["cadence_days"] == 30 and mentor["since"] == "2026-11-20"
    kept = cli.json("prospect", "show", "1", "--json")
    assert kept["status"] == "accepted" and kept["mentorship"] == mentor["id"] and kept["contacted_on"]
    assert cli.json("prospect", "list", "--json")[0]["status"] == "accepted"
    assert "Grace" not in cli.ok("prospect", "list").stdout  # open ones only, unless --all
    assert "accepted" in cli.ok("prospect", "list", "--all").stdout
    cli.ok("undo", "--yes")  # one change: the mentor and the prospect's status
    assert cli.json("prospect", "show", "1", "--json")["status"] == "contacted"
    assert cli.json("mentor", "list", "--json") == []


def test_decline_keeps_the_note_and_closed_prospects_refuse_moves(prospect, db_path):
    cli = prospect
    cli.ok("prospect", "decline", "1", "--note", "no time this year")
    assert cli.json("prospect", "show", "1", "--json")["note"] == "no time this year"
    before = snapshot(db_path)
    for verb in ("accept", "decline", "contacted"):
        assert "already declined" in cli.fail("prospect", verb, "1").stderr
    assert "no prospect with id 9" in cli.fail("prospect", "draft", "9").stderr
    assert "no goal with id 7" in cli.fail("prospect", "add", "Ada", "--goal", "7").stderr
    cli.ok("prospect", "add", "Ada")
    before = snapshot(db_path)
    assert "before the day" in cli.fail("prospect", "contacted", "2", "--on", "2026-11-19",
                                        "--follow-up", "2026-11-18").stderr
    assert snapshot(db_path) == before


def test_accept_refuses_a_name_already_your_mentor(prospect, db_path):
    cli = prospect
    cli.ok("mentor", "add", "Grace Hopper", "--cadence", "weekly")
    before = snapshot(db_path)
    cli.fail("prospect", "accept", "1")
    assert snapshot(db_path) == before


def test_prospects_are_searched_exported_and_imported(prospect, tmp_path):
    cli = prospect
    hits = cli.json("search", "compilers", "--json")
    assert [(hit["kind"], hit["id"]) for hit in hits] == [("prospect", 1)]
    out = tmp_path / "export.json"
    cli.ok("export", "--format", "json", "--output", str(out))
    document = json.loads(out.read_text())
    assert document["prospects"][0]["name"] == "Grace Hopper" and document["prospects"][0]["goal_uid"]
    cli.ok("undo", "--yes")  # the prospect is gone ...
    assert cli.json("prospect", "list", "--json") == []
    cli.ok("import", str(out))  # ... and back from the file
    assert cli.json("prospect", "list", "--json")[0]["goal_title"] == "Become a staff engineer"
    assert cli.json("search", "compilers", "--json")[0]["kind"] == "prospect"


def test_prospects_and_measures_travel_by_sync(prospect, tmp_path, db_path):
    cli = prospect
    cli.ok("mentor", "add", "Ada", "--cadence", "weekly")
    cli.ok("measure", "add", "confidence", "3", "--with", "ada")
    other = tmp_path / "other.db"
    cli.ok("sync", "init", str(tmp_path / "place"))
    cli.ok("sync")
    cli.ok("--db", str(other), "sync", "init", str(tmp_path / "place"))
    cli.ok("--db", str(other), "sync")
    assert [p["name"] for p in cli.json("--db", str(other), "prospect", "list", "--json")] == ["Grace Hopper"]
    assert cli.json("--db", str(other), "measure", "show", "confidence", "--json")[0]["with"] == "Ada"
