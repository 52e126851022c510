"""`session …` from flags: add, list, show (and the markdown summary), edit, delete; `--with` matching;
every refusal leaving the journal as it was."""

from __future__ import annotations

import pytest

SESSION_KEYS = {"id", "uid", "with", "date", "duration_minutes", "topics", "notes", "takeaways", "rating"}


def add_full(cli) -> dict:
    cli.ok(
        "session", "add", "--with", "ada", "--on", "yesterday at 15:00", "--duration", "1h30m",
        "--channel", "phone", "--topic", "promotion case", "--topic", "brag document",
        "--notes", "She said: start the doc now.\nShare it in two weeks.",
        "--private-notes", "I felt nervous about asking", "--takeaway", "write the brag document",
        "--takeaway", "ask for the stretch project", "--rating", "5",
    )
    [session] = cli.json("session", "list", "--json")
    return session


def test_add_with_every_flag(people):
    session = add_full(people)
    assert SESSION_KEYS <= set(session)
    assert isinstance(session["id"], int) and len(session["uid"]) == 36
    assert session["with"] == "Ada Lovelace"
    assert session["date"] == "2026-11-19T15:00:00"
    assert session["duration_minutes"] == 90
    assert session["channel"] == "phone"
    assert session["topics"] == ["promotion case", "brag document"]
    assert session["notes"] == "She said: start the doc now.\nShare it in two weeks."
    assert session["takeaways"] == ["write the brag document", "ask for the stretch project"]
    assert session["rating"] == 5
    assert session["private_notes"] == "I felt nervous about asking"


def test_add_prints_only_the_new_id_on_stdout(people):
    result = people.ok("session", "add", "--with", "sam", "--duration", "30m")
    assert result.stdout == "1\n"
    assert "Sam Rivera" in result.stderr


def test_add_with_only_a_name_takes_defaults(people):
    people.ok("session", "add", "--with", "ada")
    [session] = people.json("session", "list", "--json")
    assert session["date"] == "2026-11-20T10:00:00"  # --on defaults to now (MENTORLOG_NOW)
    assert session["channel"] == "video"  # the mentorship's usual channel
    assert session["topics"] == [] and session["takeaways"] == []
    assert session["notes"] is None and session["rating"] is None and session["duration_minutes"] is None


def test_short_flags(people):
    people.ok("session", "add", "-w", "sam", "-d", "45", "-t", "feedback", "-k", "ask more questions", "-r", "3")
    [session] = people.json("session", "list", "--json")
    assert (session["with"], session["duration_minutes"], session["topics"], session["takeaways"], session["rating"]) == (
        "Sam Rivera", 45, ["feedback"], ["ask more questions"], 3)


def test_notes_from_standard_input(people):
    people.ok("session", "add", "--with", "sam", "--notes", "-", input="first line\nsecond line\n")
    [session] = people.json("session", "list", "--json")
    assert session["notes"] == "first line\nsecond line"


@pytest.mark.parametrize(
    "on, date",
    [
        ("2026-11-03", "2026-11-03T00:00:00"),
        ("2026-11-03 14:30", "2026-11-03T14:30:00"),
        ("today", "2026-11-20T10:00:00"),
        ("yesterday", "2026-11-19T00:00:00"),
        ("3 days ago", "2026-11-17T00:00:00"),
        ("last friday", "2026-11-13T00:00:00"),
        ("nov 3", "2026-11-03T00:00:00"),
        ("today 9am", "2026-11-20T09:00:00"),
        ("dec 20", "2025-12-20T00:00:00"),  # a day without a year that is still to come this year: last year's
        ("nov 20 8am", "2026-11-20T08:00:00"),
    ],
)
def test_add_on_dates(people, on, date):
    people.ok("mentor", "edit", "Ada Lovelace", "--since", "2025-01-01")  # "dec 20" is last year's: before Ada's start
    people.ok("session", "add", "--with", "ada", "--on", on)
    assert people.json("session", "list", "--json")[0]["date"] == date


@pytest.mark.parametrize("duration, minutes", [("45m", 45), ("1h30m", 90), ("90", 90), ("2h", 120)])
def test_add_durations(people, duration, minutes):
    people.ok("session", "add", "--with", "ada", "--duration", duration)
    assert people.json("session", "list", "--json")[0]["duration_minutes"] == minutes


@pytest.mark.parametrize("rating", ["1", "2", "3", "4", "5"])
def test_every_rating_from_1_to_5(people, rating):
    people.ok("session", "add", "--with", "ada", "--rating", rating)
    assert people.json("session", "list", "--json")[0]["rating"] == int(rating)


# -- --with ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Ada Lovelace", "ada lovelace", "ADA", "ad", "a", "  ada  ", "mentor:ada"])
def test_with_takes_a_prefix_in_any_case(people, name):
    people.ok("session", "add", "--with", name)
    assert people.json("session", "list", "--json")[0]["with"] == "Ada Lovelace"


def test_with_reaches_mentees_too(people):
    people.ok("session", "add", "--with", "SAM")
    assert people.json("session", "list", "--json")[0]["with"] == "Sam Rivera"


def test_an_exact_name_beats_a_longer_one_it_prefixes(people):
    people.ok("mentor", "add", "Ada")
    people.ok("session", "add", "--with", "ada")
    assert people.json("session", "list", "--json")[0]["with"] == "Ada"


def test_an_ambiguous_prefix_lists_the_candidates(people, unchanged):
    people.ok("mentee", "add", "Adam Smith")
    with unchanged():
        result = people.fail("session", "add", "--with", "ad", "--duration", "30m")
    assert "ambiguous" in result.stderr
    assert "Ada Lovelace" in result.stderr and "Adam Smith" in result.stderr
    assert "Sam Rivera" not in result.stderr


def test_the_same_name_in_both_roles_is_ambiguous_until_the_role_is_given(people, unchanged):
    people.ok("mentee", "add", "Ada Lovelace")
    with unchanged():
        result = people.fail("session", "add", "--with", "ada lovelace")
    assert "mentor:Ada Lovelace" in result.stderr and "mentee:Ada Lovelace" in result.stderr
    people.ok("session", "add", "--with", "mentee:ada")
    [session] = people.json("session", "list", "--json")
    assert session["with"] == "Ada Lovelace" and session["role"] == "mentee"


def test_an_unknown_name_lists_who_is_known(people, unchanged):
    with unchanged():
        result = people.fail("session", "add", "--with", "zed")
    assert "'zed'" in result.stderr
    assert "Ada Lovelace" in result.stderr and "Sam Rivera" in result.stderr


def test_a_name_in_an_empty_journal_suggests_adding_one(cli, db_path):
    result = cli.fail("session", "add", "--with", "ada")
    assert "mentor add" in result.stderr
    assert not db_path.exists()


# -- list ----------------------------------------------------------------------------------------------


@pytest.fixture
def history(people):
    """Five sessions over a month, with both people."""
    for on, who in [("2026-10-20", "ada"), ("2026-10-27", "sam"), ("2026-11-03", "ada"), ("2026-11-10 9:00", "sam"),
                    ("2026-11-17 16:30", "ada")]:
        people.ok("session", "add", "--with", who, "--on", on, "--topic", f"{who} {on}")
    return people


def test_list_is_newest_first(history):
    dates = [s["date"] for s in history.json("session", "list", "--json")]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2026-11-17T16:30:00" and len(dates) == 5


def test_list_with_a_person(history):
    found = history.json("session", "list", "--with", "sam", "--json")
    assert [s["date"][:10] for s in found] == ["2026-11-10", "2026-10-27"]
    assert {s["with"] for s in found} == {"Sam Rivera"}


def test_list_since_and_until_include_their_days(history):
    found = history.json("session", "list", "--since", "2026-10-27", "--until", "2026-11-10", "--json")
    assert [s["date"][:10] for s in found] == ["2026-11-10", "2026-11-03", "2026-10-27"]


def test_list_since_a_natural_date(history):
    found = history.json("session", "list", "--since", "last friday", "--json")  # 2026-11-13
    assert [s["date"][:10] for s in found] == ["2026-11-17"]


def test_list_since_and_until_today_cover_the_whole_day(people, monkeypatch):
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-21T12:00:00")  # logged a day later: every one has happened
    for on in ("2026-11-20 8am", "2026-11-20 3pm", "2026-11-19 22:00", "2026-11-21 7am"):
        people.ok("session", "add", "--with", "ada", "--on", on)
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-20T10:00:00")
    since = people.json("session", "list", "--since", "today", "--json")
    assert [s["date"] for s in since] == ["2026-11-21T07:00:00", "2026-11-20T15:00:00", "2026-11-20T08:00:00"]
    until = people.json("session", "list", "--until", "today", "--json")
    assert [s["date"] for s in until] == ["2026-11-20T15:00:00", "2026-11-20T08:00:00", "2026-11-19T22:00:00"]
    assert [s["date"] for s in people.json("session", "list", "--since", "today", "--until", "today", "--json")] == [
        "2026-11-20T15:00:00", "2026-11-20T08:00:00"]
    assert [s["date"] for s in people.json("session", "list", "--since", "today 9am", "--until", "now", "--json")] == []


@pytest.mark.parametrize("flag", ["-n", "--limit"])
def test_list_limit(history, flag):
    found = history.json("session", "list", flag, "2", "--json")
    assert [s["date"][:10] for s in found] == ["2026-11-17", "2026-11-10"]


def test_list_filters_combine(history):
    found = history.json("session", "list", "--with", "ada", "--since", "2026-11-01", "-n", "1", "--json")
    assert [s["date"][:10] for s in found] == ["2026-11-17"]


def test_list_without_json_is_plain_when_piped(history):
    out = history.ok("session", "list").stdout
    assert "Ada Lovelace" in out and "2026-11-17 16:30" in out
    assert "\x1b[" not in out


def test_list_of_nothing(people):
    assert people.json("session", "list", "--json") == []
    assert people.json("session", "list", "--with", "ada", "--json") == []


# -- show ------------------------------------------------------------------------------------------------


def test_show_json(people):
    added = add_full(people)
    shown = people.json("session", "show", str(added["id"]), "--json")
    assert SESSION_KEYS <= set(shown)
    assert {k: shown[k] for k in SESSION_KEYS} == {k: added[k] for k in SESSION_KEYS}


def test_show_text_has_everything_for_me(people):
    added = add_full(people)
    out = people.ok("session", "show", str(added["id"])).stdout
    for text in ("Ada Lovelace", "2026-11-19 15:00", "1 h 30 min", "promotion case", "write the brag document",
                 "start the doc now", "I felt nervous about asking"):
        assert text in out, text


def test_show_markdown_is_the_summary_to_send(people):
    added = add_full(people)
    for args in (("--format", "markdown"), ("-f", "markdown")):
        out = people.ok("session", "show", str(added["id"]), *args).stdout
        assert out.startswith("# ")
        assert "Ada Lovelace" in out
        assert "- write the brag document" in out and "- ask for the stretch project" in out
        assert "- promotion case" in out and "- brag document" in out
        assert "She said: start the doc now.\nShare it in two weeks." in out
        assert "nervous" not in out and "private" not in out.lower()
        assert out.index("write the brag document") < out.index("promotion case") < out.index("start the doc now")


def test_show_markdown_of_a_bare_session_leaves_out_empty_sections(people):
    people.ok("session", "add", "--with", "sam", "--private-notes", "only for me")
    out = people.ok("session", "show", "1", "--format", "markdown").stdout
    assert "Sam Rivera" in out
    assert "only for me" not in out
    assert "## Notes" not in out and "## Topics" not in out


# -- edit ------------------------------------------------------------------------------------------------


def test_edit_every_field(people):
    added = add_full(people)
    people.ok(
        "session", "edit", str(added["id"]), "--with", "sam", "--on", "2026-11-18 08:00", "--duration", "20m",
        "--channel", "chat", "--topic", "only this", "--notes", "rewritten", "--private-notes", "calmer now",
        "--takeaway", "one thing", "--rating", "2",
    )
    shown = people.json("session", "show", str(added["id"]), "--json")
    assert shown["uid"] == added["uid"] and shown["id"] == added["id"]
    assert shown["with"] == "Sam Rivera" and shown["date"] == "2026-11-18T08:00:00"
    assert (shown["duration_minutes"], shown["channel"], shown["rating"]) == (20, "chat", 2)
    assert shown["topics"] == ["only this"] and shown["takeaways"] == ["one thing"]
    assert shown["notes"] == "rewritten" and shown["private_notes"] == "calmer now"


def test_edit_changes_only_what_is_given(people):
    added = add_full(people)
    people.ok("session", "edit", str(added["id"]), "--rating", "3")
    shown = people.json("session", "show", str(added["id"]), "--json")
    assert shown["rating"] == 3
    assert {k: v for k, v in shown.items() if k not in ("rating", "actions")} == {
        k: v for k, v in added.items() if k != "rating"}


def test_moving_a_session_to_another_person_takes_its_actions_along(people):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-18", "--action", "Write the doc",
              "--their-action", "Send the template")
    people.ok("action", "add", "Unrelated", "--with", "ada")
    people.ok("session", "edit", "1", "--with", "sam")
    moved = people.json("session", "show", "1", "--json")
    assert moved["with"] == "Sam Rivera"
    assert [(a["text"], a["with"]) for a in moved["actions"]] == [("Write the doc", "Sam Rivera"),
                                                                   ("Send the template", "Sam Rivera")]
    assert [a["text"] for a in people.json("action", "list", "--with", "ada", "--json")] == ["Unrelated"]
    assert len(people.json("action", "list", "--with", "sam", "--json")) == 2


def test_moving_a_session_leaves_an_action_already_given_to_someone_else(people):
    people.ok("mentor", "add", "Grace Hopper")
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-18", "--action", "Mine", "--action", "Grace's")
    people.ok("action", "edit", "2", "--with", "grace")
    people.ok("session", "edit", "1", "--with", "sam")
    assert [(a["text"], a["with"]) for a in people.json("session", "show", "1", "--json")["actions"]] == [
        ("Mine", "Sam Rivera"), ("Grace's", "Grace Hopper")]


def test_edit_clears_optional_fields(people):
    added = add_full(people)
    people.ok("session", "edit", str(added["id"]), *[arg for field in (
        "notes", "private-notes", "rating", "duration", "channel", "topics", "takeaways") for arg in ("--clear", field)])
    shown = people.json("session", "show", str(added["id"]), "--json")
    assert [shown[k] for k in ("notes", "private_notes", "rating", "duration_minutes", "channel")] == [None] * 5
    assert shown["topics"] == [] and shown["takeaways"] == []
    assert (shown["with"], shown["date"]) == (added["with"], added["date"])


def test_edit_clear_and_set_in_one_command(people):
    added = add_full(people)
    people.ok("session", "edit", str(added["id"]), "--clear", "private_notes", "--rating", "2")
    shown = people.json("session", "show", str(added["id"]), "--json")
    assert (shown["private_notes"], shown["rating"], shown["notes"]) == (None, 2, added["notes"])


# -- delete ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--yes", "-y"])
def test_delete_with_yes(people, flag):
    people.ok("session", "add", "--with", "ada", "--topic", "keep")
    people.ok("session", "add", "--with", "ada", "--topic", "drop")
    people.ok("session", "delete", "2", flag)
    assert [s["topics"] for s in people.json("session", "list", "--json")] == [["keep"]]
    people.fail("session", "show", "2")


def test_delete_without_yes_and_no_terminal_is_refused(people, unchanged):
    people.ok("session", "add", "--with", "ada")
    with unchanged():
        result = people.fail("session", "delete", "1", input="y\n")
    assert "--yes" in result.stderr


def test_add_without_with_and_no_terminal_names_the_flag(people, unchanged):
    with unchanged():
        result = people.fail("session", "add", "--duration", "45m", input="ada\n")
    assert "--with" in result.stderr


# -- refusals: exit 1, one `Error:` line, no traceback, journal unchanged ------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (("session", "add", "--with", "nobody"), "'nobody'"),
        (("session", "add", "--with", "ada", "--on", "2026-02-30"), "date '2026-02-30'"),
        (("session", "add", "--with", "ada", "--on", "yesterday at 25:00"), "date 'yesterday at 25:00'"),
        (("session", "add", "--with", "ada", "--on", "someday"), "date 'someday'"),
        (("session", "add", "--with", "ada", "--on", ""), "empty date"),
        (("session", "add", "--with", "ada", "--duration", "forever"), "duration 'forever'"),
        (("session", "add", "--with", "ada", "--duration", "0"), "duration '0'"),
        (("session", "add", "--with", "ada", "--duration", "25h"), "duration '25h'"),
        (("session", "add", "--with", "ada", "--rating", "0"), "rating"),
        (("session", "add", "--with", "ada", "--rating", "6"), "rating"),
        (("session", "add", "--with", "ada", "--rating", "-1"), "rating"),
        (("session", "add", "--with", "ada", "--notes", ""), "empty notes"),
        (("session", "add", "--with", "ada", "--notes", "  \n "), "empty notes"),
        (("session", "add", "--with", "ada", "--private-notes", ""), "empty private notes"),
        (("session", "add", "--with", "ada", "--topic", " "), "empty topic"),
        (("session", "add", "--with", "ada", "--takeaway", ""), "empty takeaway"),
        (("session", "add", "--with", "ada", "--channel", "pigeon"), "--channel"),
        (("session", "add", "--with", "", "--duration", "30m"), "empty name"),
        (("session", "list", "--with", "nobody"), "'nobody'"),
        (("session", "list", "--since", "whenever"), "date 'whenever'"),
        (("session", "list", "--until", "2026-13-01"), "date '2026-13-01'"),
        (("session", "show", "99"), "no session with id 99"),
        (("session", "show", "1", "--format", "pdf"), "--format"),
        (("session", "edit", "1"), "nothing to change"),
        (("session", "edit", "99", "--rating", "3"), "no session with id 99"),
        (("session", "edit", "1", "--rating", "9"), "rating"),
        (("session", "edit", "1", "--with", "nobody"), "'nobody'"),
        (("session", "edit", "1", "--on", "2026-02-30"), "date"),
        (("session", "edit", "1", "--duration", "lots"), "duration"),
        (("session", "edit", "1", "--notes", ""), "empty notes"),
        (("session", "delete", "99", "--yes"), "no session with id 99"),
        (("session", "delete", "1"), "--yes"),
        # a session has happened: not later than now
        (("session", "add", "--with", "ada", "--on", "tomorrow"), "--on 'tomorrow' is in the future (2026-11-21 00:00)"),
        (("session", "add", "--with", "ada", "--on", "today 3pm"), "is in the future (2026-11-20 15:00)"),
        (("session", "add", "--with", "ada", "--on", "next monday"), "is in the future"),
        (("session", "add", "--with", "ada", "--on", "dec 20 2026"), "is in the future"),
        (("session", "edit", "1", "--on", "in 2 days"), "is in the future"),
        (("session", "edit", "1", "--clear", "with"),
         "can't clear 'with'; fields that can be cleared: notes, private-notes, rating, duration, channel, topics, takeaways"),
        (("session", "edit", "1", "--clear", "date"), "fields that can be cleared"),
        (("session", "edit", "1", "--notes", "x", "--clear", "notes"), "--notes and --clear notes can't be used together"),
        (("session", "edit", "1", "--rating", "3", "--clear", "rating"), "--rating and --clear rating"),
        (("session", "list", "--limit", "0"), "--limit must be at least 1, not 0"),
        (("session", "list", "-n", "-3"), "--limit must be at least 1, not -3"),
    ],
)
def test_bad_input_changes_nothing(people, unchanged, args, expected):
    people.ok("session", "add", "--with", "ada", "--topic", "existing")
    with unchanged():
        result = people.fail(*args)
    assert expected in result.stderr, result.stderr
    assert "unexpected" not in result.stderr
    assert result.stdout == ""


def test_empty_notes_from_standard_input_are_refused(people, unchanged):
    with unchanged():
        assert "empty notes" in people.fail("session", "add", "--with", "ada", "--notes", "-", input="\n\n").stderr


def test_a_bad_value_is_refused_even_when_the_other_flags_are_fine(people, unchanged):
    with unchanged():
        people.fail("session", "add", "--with", "ada", "--duration", "45m", "--topic", "ok", "--takeaway", "ok",
                    "--notes", "fine", "--rating", "7")


def test_a_non_number_id_is_a_usage_error(people, unchanged):
    with unchanged():
        assert people("session", "show", "one").exit_code == 2
