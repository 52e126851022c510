"""Measures over time: confidence, clarity of direction, a relationship's health; from reviews and in between."""

from __future__ import annotations

import json

import pytest

from conftest import snapshot


def review(cli, answers: dict, name: str = "ada", template: str = "periodic"):
    return cli.ok("review", "--with", name, "--template", template, "--answers", "-", input=json.dumps(answers))


def test_the_built_in_periodic_templates_ask_for_the_three_measures(cli):
    templates = {t["name"]: t for t in cli.json("review", "templates", "--json")}
    mentee = {q["measure"] for q in templates["periodic-mentee"]["questions"] if q.get("measure")}
    mentor = {q["measure"] for q in templates["periodic-mentor"]["questions"] if q.get("measure")}
    assert mentee == {"confidence", "clarity", "relationship"} and mentor == {"relationship"}


def test_a_review_keeps_each_measured_rating_as_a_value_and_undo_takes_them_back(people, monkeypatch):
    cli = people
    monkeypatch.setenv("MENTORLOG_NOW", "2026-10-01T10:00:00")
    review(cli, {"working": "Good", "health": 4, "confidence": 2, "clarity": 3})
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-20T10:00:00")
    review(cli, {"health": 4, "confidence": 4})  # clarity skipped: no value
    values = cli.json("measure", "show", "confidence", "--json")
    assert [(v["value"], v["date"], v["with"], v["review"]) for v in values] == [
        (2, "2026-10-01", "Ada Lovelace", 1), (4, "2026-11-20", "Ada Lovelace", 2)]
    assert [v["value"] for v in cli.json("measure", "show", "clarity", "--json")] == [3]
    listed = {t["name"]: t for t in cli.json("measure", "list", "--json")}
    assert listed["confidence"] == {"name": "confidence", "first": 2, "last": 4, "count": 2, "since": "2026-10-01",
                                    "direction": "up", "with": "Ada Lovelace"}
    cli.ok("undo", "--yes")
    assert [v["value"] for v in cli.json("measure", "show", "confidence", "--json")] == [2]


def test_measure_add_between_reviews_with_or_without_a_person(people):
    cli = people
    cli.ok("measure", "add", "confidence", "3", "--with", "ada", "--note", "after the talk", "--on", "2026-11-01")
    cli.ok("measure", "add", "confidence", "5", "--with", "sam")
    cli.ok("measure", "add", "focus", "2")
    ada = cli.json("measure", "show", "confidence", "--with", "ada", "--json")
    assert [(v["value"], v["date"], v["note"], v["review"]) for v in ada] == [(3, "2026-11-01", "after the talk", None)]
    assert len(cli.json("measure", "show", "confidence", "--json")) == 2
    assert cli.json("measure", "show", "focus", "--json")[0]["with"] is None


@pytest.mark.parametrize("args, message", [
    (("measure", "add", "confidence", "6"), "from 1 to 5, not 6"),
    (("measure", "add", "confidence", "0"), "from 1 to 5, not 0"),
    (("measure", "add", "Self Esteem", "3"), "lower-case letters"),
    (("measure", "add", "confidence", "3", "--with", "nobody"), "no mentor or mentee matches"),
    (("measure", "add", "confidence", "3", "--on", "tomorrow"), "future"),
])
def test_bad_values_are_one_error_and_change_nothing(people, db_path, args, message):
    before = snapshot(db_path)
    assert message in people.fail(*args).stderr
    assert snapshot(db_path) == before


def test_show_draws_a_sparkline_on_a_terminal_and_plain_values_in_a_pipe(people, monkeypatch):
    cli = people
    for day, level in (("2026-09-01", 1), ("2026-10-01", 3), ("2026-11-01", 5)):
        cli.ok("measure", "add", "clarity", str(level), "--with", "ada", "--on", day)
    piped = cli.ok("measure", "show", "clarity").stdout
    assert "clarity 1 → 5 ↑ over 3 values since 1 Sep" in piped and "▁" not in piped
    from mentorlog.output import render

    monkeypatch.setattr(render, "use_rich", lambda: True)
    drawn = cli.ok("measure", "show", "clarity").stdout
    assert "▁▄█  clarity 1 → 5 ↑" in drawn
    assert "No values of focus" in cli.ok("measure", "show", "focus").stderr


def test_the_report_shows_each_measures_trend(people):
    cli = people
    cli.ok("measure", "add", "confidence", "2", "--with", "ada", "--on", "2026-09-01")
    review(cli, {"health": 3, "confidence": 4, "clarity": 3})
    text = " ".join(cli.ok("report", "--with", "ada").stdout.split())  # labels are aligned
    assert "Measures" in text and "confidence: 2 → 4 ↑" in text and "clarity:" in text
    assert "confidence:** 2 → 4 ↑" in cli.ok("report", "--with", "ada", "--format", "markdown").stdout
    ada = cli.json("report", "--json")["mentorships"]
    found = {t["name"]: t for t in next(m for m in ada if m["name"] == "Ada Lovelace")["measures"]}
    assert (found["confidence"]["first"], found["confidence"]["last"], found["confidence"]["direction"]) == (2, 4, "up")
    assert next(m for m in ada if m["name"] == "Sam Rivera")["measures"] == []


def test_a_template_may_name_a_measure_on_a_rating_question_only(people, tmp_path):
    cli = people
    folder = tmp_path / "config" / "mentorlog" / "prompts"
    folder.mkdir(parents=True)
    path = folder / "pulse.toml"
    path.write_text('name = "pulse"\ntitle = "Pulse"\nfor = "mentee"\n\n[[questions]]\nid = "energy"\n'
                    'type = "rating"\nmeasure = "energy"\nprompt = "Energy?"\n')
    review(cli, {"energy": 2}, template="pulse")
    assert cli.json("measure", "show", "energy", "--json")[0]["value"] == 2
    path.write_text('name = "pulse"\ntitle = "Pulse"\nfor = "mentee"\n\n[[questions]]\nid = "energy"\n'
                    'type = "text"\nmeasure = "energy"\nprompt = "Energy?"\n')
    error = cli.fail("review", "templates").stderr
    assert f"template {path}: question 1 (energy): only a rating question takes `measure`" in error
    path.write_text('name = "pulse"\ntitle = "Pulse"\nfor = "mentee"\n\n[[questions]]\nid = "energy"\n'
                    'type = "rating"\nmeasure = "Energy Level"\nprompt = "Energy?"\n')
    assert "`measure` must be a name" in cli.fail("review", "templates").stderr


def test_measures_round_trip_through_export_and_import(people, tmp_path, monkeypatch):
    cli = people
    review(cli, {"health": 5, "confidence": 3})
    cli.ok("measure", "add", "confidence", "4", "--with", "ada", "--note", "after the demo")
    out = tmp_path / "journal.json"
    cli.ok("export", "--format", "json", "--output", str(out))
    exported = json.loads(out.read_text())["measures"]
    assert [(m["name"], m["value"], bool(m["review_uid"])) for m in exported] == [
        ("relationship", 5, True), ("confidence", 3, True), ("confidence", 4, False)]
    before = cli.json("measure", "show", "confidence", "--json")
    monkeypatch.setenv("MENTORLOG_DB", str(tmp_path / "other" / "journal.db"))
    cli.ok("import", str(out))
    after = cli.json("measure", "show", "confidence", "--json")
    assert [(m["uid"], m["value"], m["date"], m["note"], m["with"]) for m in after] == [
        (m["uid"], m["value"], m["date"], m["note"], m["with"]) for m in before]
    assert cli.ok("import", str(out), "--dry-run").stdout.count("measures") <= 1  # nothing new the second time
