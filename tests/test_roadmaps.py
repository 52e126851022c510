"""Roadmaps: goal templates as TOML, built in and the user's own; goals made from them, and roadmaps from goals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import snapshot
from mentorlog.domain.roadmaps import BUILT_IN_DIR, load_roadmap, parse_offset, to_toml

BUILT_INS = {"new-manager-90-days", "promotion-case", "first-conference-talk", "new-field", "professional-network"}


def roadmaps_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "mentorlog" / "roadmaps"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_built_ins_are_listed_and_each_reads_whole(cli):
    found = {entry["name"]: entry for entry in cli.json("roadmap", "list", "--json")}
    assert BUILT_INS <= set(found)
    for name in BUILT_INS:
        entry = found[name]
        assert entry["source"] == "built-in" and entry["why"] and entry["metric"] and entry["target"]
        assert len(entry["milestones"]) >= 5
    listed = cli.ok("roadmap", "list").stdout
    assert "new-manager-90-days" in listed and "built-in" in listed


def test_show_dates_the_milestones_from_the_start_as_a_timeline(cli):
    data = cli.json("roadmap", "show", "new-manager-90-days", "--start", "2026-12-01", "--json")
    assert data["start"] == "2026-12-01" and data["target_date"] == "2027-02-28"  # day 90, the start being day 1
    assert data["milestones"][0] == {"at": "week 1", "title": data["milestones"][0]["title"], "due": "2026-12-07"}
    shown = cli.ok("roadmap", "show", "new-man").stdout  # a prefix; start today (MENTORLOG_NOW, 20 Nov 2026)
    assert "Timeline" in shown and "week 1" in shown and "26 Nov" in shown and "day 90" in shown


def test_offsets_count_the_start_as_day_one():
    from datetime import date

    start = date(2026, 1, 31)
    assert parse_offset("day 1").due(start) == start
    assert parse_offset("Week 2").due(start) == date(2026, 2, 13)
    assert parse_offset("months 1").due(start) == date(2026, 2, 27)
    assert parse_offset("fortnight 2") is None and parse_offset("day 0") is None


def test_goal_add_with_a_roadmap_makes_the_goal_and_its_dated_milestones_in_one_change(people):
    cli = people
    cli.ok("goal", "add", "--roadmap", "promotion-case", "--with", "ada", "--start", "2026-12-01")
    goal = cli.json("goal", "show", "1", "--json")
    assert goal["title"] == "Build my case for promotion to the next level" and goal["with"] == "Ada Lovelace"
    assert goal["category"] == "career" and goal["target"] == "2027-05-31" and goal["metric"]
    assert [m["due"] for m in goal["milestones"]][:2] == ["2026-12-14", "2026-12-21"]
    assert len(goal["milestones"]) == 8
    cli.ok("undo", "--yes")
    assert cli.json("goal", "list", "--all", "--json") == []


def test_goal_add_flags_win_over_the_roadmap(people):
    cli = people
    cli.ok("goal", "add", "My own title", "--roadmap", "first-conference-talk", "--category", "career")
    goal = cli.json("goal", "show", "1", "--json")
    assert goal["title"] == "My own title" and goal["category"] == "career" and goal["with"] is None
    assert goal["milestones"][0]["due"] == "2026-12-03"  # week 2 from today, 20 Nov


def test_unknown_roadmap_and_start_without_roadmap_are_errors(people, db_path):
    before = snapshot(db_path)
    assert "no roadmap" in people.fail("goal", "add", "--roadmap", "moonshot", "--with", "ada").stderr
    assert "--roadmap" in people.fail("goal", "add", "Title", "--start", "today").stderr
    assert snapshot(db_path) == before


def test_a_user_roadmap_with_a_built_in_name_replaces_it(cli, tmp_path):
    (roadmaps_dir(tmp_path) / "mine.toml").write_text(
        'name = "promotion-case"\ntitle = "My way to promotion"\n\n[[milestones]]\nat = "day 10"\ntitle = "Ask"\n')
    found = {entry["name"]: entry for entry in cli.json("roadmap", "list", "--json")}
    assert found["promotion-case"]["title"] == "My way to promotion"
    assert found["promotion-case"]["source"].endswith("mine.toml")
    assert found["promotion-case"]["category"] == "other"


@pytest.mark.parametrize("text, field", [
    ('name = "x"\ntitle = "T"\n[[milestones]]\nat = "fortnight 2"\ntitle = "y"\n', "milestone 1: 'at'"),
    ('name = "x"\n[[milestones]]\nat = "day 2"\ntitle = "y"\n', "no 'title'"),
    ('name = "x"\ntitle = "T"\ncategory = "fun"\n[[milestones]]\nat = "day 2"\ntitle = "y"\n', "`category`"),
    ('name = "x"\ntitle = "T"\ntarget = "soon"\n[[milestones]]\nat = "day 2"\ntitle = "y"\n', "'target'"),
    ('name = "x"\ntitle = "T"\n', "no milestones"),
    ('name = "x"\ntitle = "T"\ncolour = "red"\n[[milestones]]\nat = "day 2"\ntitle = "y"\n', "unknown key 'colour'"),
    ('name = "x"\ntitle = "T"\n[[milestones]]\nat = "day 2"\n', "milestone 1 has no 'title'"),
    ('name = "x\ntitle', "not valid TOML"),
])
def test_a_bad_roadmap_file_is_one_error_naming_the_file_and_the_field(cli, tmp_path, text, field):
    path = roadmaps_dir(tmp_path) / "broken.toml"
    path.write_text(text)
    for args in (("roadmap", "list"), ("roadmap", "show", "promotion-case"),
                 ("goal", "add", "--roadmap", "promotion-case")):
        error = cli.fail(*args).stderr
        assert f"roadmap {path}: " in error and field in error, error


def test_save_turns_a_finished_goal_into_a_roadmap_with_the_offsets_it_took(people, tmp_path, monkeypatch):
    cli = people
    cli.ok("goal", "add", "Speak at PyCon", "--with", "ada")  # added 20 Nov: day 1
    cli.ok("goal", "milestone", "add", "1", "Write the abstract", "--due", "2026-12-31")
    cli.ok("goal", "milestone", "add", "1", "Rehearse")
    cli.ok("goal", "milestone", "add", "1", "Someday")
    monkeypatch.setenv("MENTORLOG_NOW", "2026-12-03T09:00:00")
    cli.ok("goal", "milestone", "done", "2")  # day 14: week 2
    monkeypatch.setenv("MENTORLOG_NOW", "2026-12-10T09:00:00")
    cli.ok("goal", "done", "1")  # day 21: week 3
    result = cli.ok("roadmap", "save", "1", "my-talk")
    assert "Someday" in result.stderr  # neither reached nor dated: left out, and said so
    saved = cli.json("roadmap", "show", "my-talk", "--json")
    assert saved["title"] == "Speak at PyCon" and saved["target"] == "week 3"
    assert [(m["at"], m["title"]) for m in saved["milestones"]] == [("week 2", "Rehearse"),
                                                                   ("week 6", "Write the abstract")]
    assert "already" in cli.fail("roadmap", "save", "1", "my-talk").stderr
    cli.ok("roadmap", "save", "1", "my-talk", "--force")
    assert "lower-case" in cli.fail("roadmap", "save", "1", "My Talk!").stderr
    assert "no goal" in cli.fail("roadmap", "save", "9", "other").stderr


def test_a_saved_roadmap_reads_back_the_same_whatever_its_text(tmp_path):
    built_in = load_roadmap(BUILT_IN_DIR / "promotion-case.toml", "built-in")
    import dataclasses  # noqa: F401  (records are compared by value)
    from mentorlog.domain.roadmaps import Roadmap

    tricky = Roadmap("tricky", 'Quotes " and \\ and \x7f and ünïcode', "growth", "line\nbreak", None,
                     built_in.target, built_in.milestones, "user")
    path = tmp_path / "tricky.toml"
    path.write_text(to_toml(tricky), encoding="utf-8")
    assert load_roadmap(path, "user") == Roadmap(*[getattr(tricky, f) for f in
                                                   ("name", "title", "category", "why", "metric", "target",
                                                    "milestones")], source=str(path))
    assert json.dumps(built_in.to_json())
