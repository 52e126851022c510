"""`mentor …` and `mentee …` from flags: every command, its JSON, and every refusal leaving the journal as it was."""

from __future__ import annotations

import pytest

ROLES = ["mentor", "mentee"]
MENTORSHIP_KEYS = {"id", "uid", "name", "role", "kind", "status", "cadence_days", "since", "until", "channel", "focus"}


def only(cli, role: str, name: str) -> dict:
    [found] = [m for m in cli.json(role, "list", "--all", "--json") if m["name"] == name]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_add_with_every_flag(cli, role):
    result = cli.ok(
        role, "add", "Grace Hopper", "--cadence", "2w", "--since", "2026-09-01", "--until", "in 6 months",
        "--kind", "reverse", "--channel", "in-person", "--focus", "exploration",
        "--expectations", "come with questions", "--boundaries", "no weekends", "--review-every", "8w",
    )
    assert result.stdout == "1\n"  # the new id; messages go to stderr
    assert "Grace Hopper" in result.stderr
    shown = cli.json(role, "show", "grace", "--json")
    assert MENTORSHIP_KEYS <= set(shown)
    assert isinstance(shown["id"], int) and len(shown["uid"]) == 36
    assert shown["name"] == "Grace Hopper"
    assert shown["role"] == role
    assert shown["kind"] == "reverse"
    assert shown["status"] == "active"
    assert shown["cadence_days"] == 14
    assert shown["review_every_days"] == 56
    assert shown["since"] == "2026-09-01"
    assert shown["until"] == "2027-05-20"
    assert shown["channel"] == "in-person"
    assert shown["focus"] == "exploration"
    assert shown["expectations"] == "come with questions"
    assert shown["boundaries"] == "no weekends"
    assert shown["recent_sessions"] == []


@pytest.mark.parametrize("role", ROLES)
def test_add_with_defaults(cli, role):
    cli.ok(role, "add", "Linus")
    shown = cli.json(role, "show", "linus", "--json")
    assert shown["kind"] == "traditional"
    assert shown["status"] == "active"
    assert shown["cadence_days"] == 14
    assert shown["since"] == "2026-11-20"  # today, by MENTORLOG_NOW
    assert shown["until"] is None and shown["channel"] is None and shown["focus"] is None


@pytest.mark.parametrize(
    "cadence, days", [("weekly", 7), ("biweekly", 14), ("monthly", 30), ("2w", 14), ("10d", 10), ("every 3 weeks", 21)]
)
def test_add_cadences(cli, cadence, days):
    cli.ok("mentor", "add", "Ada", "--cadence", cadence)
    assert cli.json("mentor", "show", "Ada", "--json")["cadence_days"] == days


@pytest.mark.parametrize("channel", ["video", "in-person", "phone", "chat", "VIDEO"])
def test_add_channels(cli, channel):
    cli.ok("mentee", "add", "Sam", "--channel", channel)
    assert cli.json("mentee", "show", "Sam", "--json")["channel"] == channel.lower()


@pytest.mark.parametrize("kind", ["traditional", "reverse", "peer", "situational", "group"])
def test_add_kinds(cli, kind):
    cli.ok("mentor", "add", "Ada", "--kind", kind)
    assert cli.json("mentor", "show", "Ada", "--json")["kind"] == kind


def test_the_role_is_fixed_by_the_group(people):
    mentors = people.json("mentor", "list", "--json")
    mentees = people.json("mentee", "list", "--json")
    assert [(m["name"], m["role"]) for m in mentors] == [("Ada Lovelace", "mentor")]
    assert [(m["name"], m["role"]) for m in mentees] == [("Sam Rivera", "mentee")]
    assert mentors[0]["cadence_days"] == 14 and mentees[0]["cadence_days"] == 7


def test_the_same_person_can_be_mentor_and_mentee(cli):
    cli.ok("mentor", "add", "Kim")
    cli.ok("mentee", "add", "Kim")
    assert [m["role"] for m in cli.json("mentor", "list", "--json")] == ["mentor"]
    assert [m["role"] for m in cli.json("mentee", "list", "--json")] == ["mentee"]


def test_list_is_ordered_by_name_and_ids_are_integers(cli):
    for name in ("Zoe", "adam", "Mia"):
        cli.ok("mentee", "add", name)
    listed = cli.json("mentee", "list", "--json")
    assert [m["name"] for m in listed] == ["adam", "Mia", "Zoe"]
    assert all(isinstance(m["id"], int) for m in listed)
    assert len({m["uid"] for m in listed}) == 3


def test_list_shows_active_and_paused_and_all_adds_ended(cli):
    for name in ("Active", "Paused", "Ended"):
        cli.ok("mentor", "add", name)
    cli.ok("mentor", "pause", "Paused")
    cli.ok("mentor", "end", "Ended")
    assert {m["name"]: m["status"] for m in cli.json("mentor", "list", "--json")} == {
        "Active": "active", "Paused": "paused"}
    assert {m["name"]: m["status"] for m in cli.json("mentor", "list", "--all", "--json")} == {
        "Active": "active", "Paused": "paused", "Ended": "ended"}
    assert len(cli.json("mentor", "list", "-a", "--json")) == 3


def test_list_without_json_prints_plain_text_when_piped(people):
    out = people.ok("mentor", "list").stdout
    assert "Ada Lovelace" in out and "active" in out
    assert "[green]" not in out and "\x1b[" not in out


def test_an_empty_list(cli):
    assert cli.json("mentor", "list", "--json") == []
    result = cli.ok("mentee", "list")
    assert "mentee add" in result.stdout + result.stderr


def test_show_by_prefix_any_case(people):
    for name in ("Ada Lovelace", "ada", "ADA L", "a"):
        assert people.json("mentor", "show", name, "--json")["name"] == "Ada Lovelace"


def test_show_without_json(people):
    people.ok("session", "add", "--with", "ada", "--topic", "career ladder", "--private-notes", "secret")
    out = people.ok("mentor", "show", "ada").stdout
    assert "Ada Lovelace" in out and "career ladder" in out and "every 2 weeks" in out


def test_show_json_lists_recent_sessions_without_private_notes(people):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-01", "--topic", "one", "--private-notes", "secret")
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-10", "--topic", "two")
    recent = people.json("mentor", "show", "ada", "--json")["recent_sessions"]
    assert [s["topics"] for s in recent] == [["two"], ["one"]]
    assert all("private_notes" not in s for s in recent)
    assert "secret" not in people.ok("mentor", "show", "ada", "--json").stdout


def test_edit_every_field(people):
    people.ok(
        "mentor", "edit", "ada", "--name", "Ada King", "--cadence", "monthly", "--since", "2026-08-01",
        "--until", "2027-08-01", "--kind", "peer", "--channel", "phone", "--focus", "outcome",
        "--expectations", "monthly calls", "--boundaries", "no email", "--review-every", "6w",
    )
    shown = people.json("mentor", "show", "Ada King", "--json")
    assert shown["name"] == "Ada King"
    assert (shown["cadence_days"], shown["since"], shown["until"]) == (30, "2026-08-01", "2027-08-01")
    assert (shown["kind"], shown["channel"], shown["focus"]) == ("peer", "phone", "outcome")
    assert (shown["expectations"], shown["boundaries"], shown["review_every_days"]) == ("monthly calls", "no email", 42)
    assert people.json("mentor", "list", "--json")[0]["uid"] == shown["uid"]


def test_edit_changes_only_what_is_given(people):
    before = people.json("mentee", "show", "sam", "--json")
    people.ok("mentee", "edit", "sam", "--channel", "chat")
    after = people.json("mentee", "show", "sam", "--json")
    assert after["channel"] == "chat"
    assert {k: v for k, v in after.items() if k != "channel"} == {k: v for k, v in before.items() if k != "channel"}


def test_pause_resume_end(people):
    people.ok("mentor", "pause", "ada")
    assert people.json("mentor", "show", "ada", "--json")["status"] == "paused"
    people.ok("mentor", "resume", "ada")
    assert people.json("mentor", "show", "ada", "--json")["status"] == "active"
    people.ok("mentor", "end", "ada", "--on", "2026-11-15", "--note", "promoted; we stay in touch")
    ended = people.json("mentor", "show", "ada", "--json")
    assert ended["status"] == "ended"
    assert ended["ended_on"] == "2026-11-15"
    assert ended["end_note"] == "promoted; we stay in touch"
    assert people.json("mentor", "list", "--json") == []
    people.ok("mentor", "resume", "ada")
    resumed = people.json("mentor", "show", "ada", "--json")
    assert resumed["status"] == "active" and resumed["ended_on"] is None


def test_end_defaults_to_today(people):
    people.ok("mentee", "end", "sam")
    assert people.json("mentee", "show", "sam", "--json")["ended_on"] == "2026-11-20"


def test_end_with_a_natural_date(people):
    people.ok("mentee", "end", "sam", "--on", "last friday")
    assert people.json("mentee", "show", "sam", "--json")["ended_on"] == "2026-11-13"


def test_end_on_a_day_without_a_year_is_the_latest_one(people):
    people.ok("mentee", "end", "sam", "--on", "nov 3")
    assert people.json("mentee", "show", "sam", "--json")["ended_on"] == "2026-11-03"


def test_a_planned_end_without_a_year_is_the_next_one(people):
    people.ok("mentor", "edit", "ada", "--until", "jun 1")
    assert people.json("mentor", "show", "ada", "--json")["until"] == "2027-06-01"


def test_edit_clears_the_optional_fields(people):
    people.ok("mentor", "edit", "ada", "--until", "2027-06-01", "--focus", "outcome", "--expectations", "calls",
              "--boundaries", "no email")
    people.ok("mentor", "edit", "ada", "--clear", "until", "--clear", "channel", "--clear", "focus",
              "--clear", "expectations", "--clear", "boundaries")
    shown = people.json("mentor", "show", "ada", "--json")
    assert [shown[k] for k in ("until", "channel", "focus", "expectations", "boundaries")] == [None] * 5
    assert (shown["name"], shown["since"], shown["cadence_days"]) == ("Ada Lovelace", "2026-09-01", 14)


def test_a_start_after_the_stored_end_is_refused(people, unchanged):
    people.ok("mentee", "edit", "sam", "--until", "2026-12-01")
    people.ok("mentor", "end", "ada", "--on", "2026-11-10")
    with unchanged():
        assert "the planned end (2026-12-01) would be before the start (2027-01-01)" in people.fail(
            "mentee", "edit", "sam", "--since", "2027-01-01").stderr
        assert "the start (2026-11-15) would be after the day it ended (2026-11-10)" in people.fail(
            "mentor", "edit", "ada", "--since", "2026-11-15").stderr


def test_clearing_the_planned_end_allows_a_later_start(people):
    people.ok("mentee", "edit", "sam", "--until", "2026-12-01")
    people.ok("mentee", "edit", "sam", "--since", "2027-01-01", "--clear", "until")
    shown = people.json("mentee", "show", "sam", "--json")
    assert (shown["since"], shown["until"]) == ("2027-01-01", None)


def test_an_ended_and_an_active_namesake_resolve_to_the_active_one(cli):
    cli.ok("mentor", "add", "Alex Old")
    cli.ok("mentor", "end", "Alex Old")
    cli.ok("mentor", "add", "Alex New")
    assert cli.json("mentor", "show", "alex", "--json")["name"] == "Alex New"


# -- refusals: exit 1, one `Error:` line, no traceback, journal unchanged ------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (("mentor", "add", "Ada Lovelace"), "already"),  # duplicate name
        (("mentor", "add", "ADA LOVELACE"), "already"),  # duplicate, any case
        (("mentee", "add", "sam rivera"), "already"),
        (("mentor", "add", "Grace", "--cadence", "sometimes"), "cadence 'sometimes'"),
        (("mentor", "add", "Grace", "--cadence", "0d"), "cadence"),
        (("mentor", "add", "Grace", "--cadence", "2y"), "cadence"),
        (("mentor", "add", "Grace", "--review-every", "often"), "cadence 'often'"),
        (("mentor", "add", "Grace", "--since", "2026-02-30"), "date '2026-02-30'"),
        (("mentor", "add", "Grace", "--since", "soonish"), "date 'soonish'"),
        (("mentor", "add", "Grace", "--until", "never"), "date 'never'"),
        (("mentor", "add", "Grace", "--since", "2026-11-10", "--until", "2026-11-01"), "--until"),
        (("mentor", "add", "Grace", "--kind", "mega"), "--kind"),
        (("mentor", "add", "Grace", "--channel", "pigeon"), "--channel"),
        (("mentor", "add", "Grace", "--focus", "vibes"), "--focus"),
        (("mentor", "add", "Grace", "--expectations", "  "), "empty expectations"),
        (("mentor", "add", "Grace", "--boundaries", ""), "empty boundaries"),
        (("mentor", "add", "   "), "empty name"),
        (("mentor", "show", "Nobody"), "Nobody"),
        (("mentor", "show", "Sam"), "no mentor matches"),  # Sam is a mentee
        (("mentee", "show", "Ada"), "no mentee matches"),
        (("mentor", "edit", "Nobody", "--cadence", "weekly"), "Nobody"),
        (("mentor", "edit", "ada"), "nothing to change"),
        (("mentor", "edit", "ada", "--cadence", "sometimes"), "cadence"),
        (("mentor", "edit", "ada", "--since", "2026-13-01"), "date"),
        (("mentor", "edit", "ada", "--name", " "), "empty name"),
        (("mentor", "pause", "Nobody"), "Nobody"),
        (("mentor", "resume", "ada"), "already active"),
        (("mentor", "end", "ada", "--on", "the other day"), "date 'the other day'"),
        (("mentor", "end", "ada", "--note", ""), "empty note"),
        (("mentor", "end", "Nobody"), "Nobody"),
        # an end before the start: checked against the stored start when only one is given
        (("mentor", "edit", "ada", "--until", "2020-01-01"), "the planned end (2020-01-01) would be before the start (2026-09-01)"),
        (("mentor", "edit", "ada", "--until", "2026-08-31"), "would be before the start (2026-09-01)"),
        (("mentor", "end", "ada", "--on", "2020-01-01"), "can't end on 2020-01-01, before it started (2026-09-01)"),
        (("mentee", "end", "sam", "--on", "sep 30"), "can't end on 2026-09-30, before it started (2026-10-01)"),
        # nothing ends in the future
        (("mentor", "end", "ada", "--on", "tomorrow"), "--on 'tomorrow' is in the future (2026-11-21)"),
        (("mentor", "end", "ada", "--on", "dec 1 2026"), "is in the future"),
        (("mentor", "edit", "ada", "--clear", "name"),
         "can't clear 'name'; fields that can be cleared: until, channel, focus, expectations, boundaries"),
        (("mentor", "edit", "ada", "--clear", "since"), "fields that can be cleared"),
        (("mentor", "edit", "ada", "--channel", "phone", "--clear", "channel"), "--channel and --clear channel can't"),
    ],
)
def test_bad_input_changes_nothing(people, unchanged, args, expected):
    with unchanged():
        result = people.fail(*args)
    assert expected in result.stderr, result.stderr
    assert "unexpected" not in result.stderr
    assert result.stdout == ""


def test_renaming_onto_an_existing_name_is_refused(people, unchanged):
    people.ok("mentor", "add", "Grace Hopper")
    with unchanged():
        result = people.fail("mentor", "edit", "grace", "--name", "ada lovelace")
    assert "already" in result.stderr


def test_pausing_twice_is_refused(people, unchanged):
    people.ok("mentee", "pause", "sam")
    with unchanged():
        assert "already paused" in people.fail("mentee", "pause", "sam").stderr


def test_an_ambiguous_prefix_lists_the_candidates(people, unchanged):
    people.ok("mentor", "add", "Adam Smith")
    with unchanged():
        result = people.fail("mentor", "pause", "ad")
    assert "ambiguous" in result.stderr
    assert "Ada Lovelace" in result.stderr and "Adam Smith" in result.stderr


def test_an_unknown_name_lists_who_is_known(people, unchanged):
    with unchanged():
        result = people.fail("mentor", "show", "zed")
    assert "Ada Lovelace" in result.stderr


def test_a_bad_cadence_names_the_accepted_forms(people, unchanged):
    with unchanged():
        result = people.fail("mentee", "add", "Kim", "--cadence", "whenever")
    assert "weekly" in result.stderr and "2w" in result.stderr


def test_the_debug_switch_shows_the_traceback(people, monkeypatch):
    monkeypatch.setenv("MENTORLOG_DEBUG", "1")
    result = people("mentor", "add", "Ada Lovelace")
    assert result.exit_code != 0
    assert "already" in repr(result.exception)


def test_a_missing_argument_is_a_usage_error(cli):
    result = cli("mentor", "add")
    assert result.exit_code == 2
