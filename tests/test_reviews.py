"""`review …`: templates, answers from JSON, goal decisions and actions, drafts, and the walker."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal
from mentorlog.domain.models import Goal
from mentorlog.prompts import ask, walker
from mentorlog.domain.templates import find_template, load_template, load_templates
from mentorlog.data import mentorships

ENTER, DOWN, CTRL_C, CLEAR = "\r", "\x1b[B", "\x03", "\x15"

FIRST_MEETING = {
    "hopes": "Get ready for a staff role",
    "focus": "Outcome",
    "cadence": "monthly",
    "channel": "in-person",
    "time": "an hour a month",
    "length": "6 months",
    "expectations": "An agenda the day before",
    "boundaries": "No calls after 6pm",
    "confidential": True,
}


@pytest.fixture
def user_prompts(tmp_path) -> Path:
    """The user's template folder (conftest points XDG_CONFIG_HOME at tmp_path/config)."""
    folder = tmp_path / "config" / "mentorlog" / "prompts"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def goals(people):
    """Ada's goals #1 (promotion, 20%) and #2 (Rust); Sam's goal #3."""
    people.ok("goal", "add", "Get promoted", "--with", "ada", "--target", "2027-06-01", "--impact", "5")
    people.ok("goal", "add", "Learn Rust", "--with", "ada")
    people.ok("goal", "add", "Give a talk", "--with", "sam")
    people.ok("goal", "progress", "1", "20")
    return people


def answer(cli, name: str, answers: dict, *flags: str):
    return cli.ok("review", "--with", name, *flags, "--answers", "-", input=json.dumps(answers))


def fail_answer(cli, name: str, answers, *flags: str):
    text = answers if isinstance(answers, str) else json.dumps(answers)
    return cli.fail("review", "--with", name, *flags, "--answers", "-", input=text)


def goal_json(cli, goal_id: int) -> dict:
    return cli.json("goal", "show", goal_id, "--json")


def mentorship_json(cli, role: str, name: str) -> dict:
    return cli.json(role, "show", name, "--json")


# -- templates ---------------------------------------------------------------------------------


def test_templates_json_lists_the_built_in_ones(cli):
    found = {t["name"]: t for t in cli.json("review", "templates", "--json")}
    assert {"first-meeting", "periodic-mentee", "periodic-mentor", "wrap-up", "session-debrief"} <= set(found)
    assert found["periodic-mentee"]["for"] == "mentee" and found["periodic-mentor"]["for"] == "mentor"
    assert found["first-meeting"]["for"] == "both"
    for template in found.values():
        assert {"name", "title", "for", "questions"} <= set(template)
        for question in template["questions"]:
            assert {"id", "type", "prompt", "choices"} <= set(question)
            assert question["type"] in ("text", "rating", "choice", "confirm", "goals", "actions", "settle")
            assert (question["choices"] is not None) == (question["type"] == "choice")
    types = {q["type"] for t in found.values() for q in t["questions"]}
    assert types == {"text", "rating", "choice", "confirm", "goals", "actions", "settle"}
    focus = next(q for q in found["first-meeting"]["questions"] if q["id"] == "focus")
    assert focus["choices"] == ["outcome", "exploration"]


def test_periodic_is_worded_for_the_role(cli):
    templates = load_templates()
    assert find_template(templates, "periodic", "mentee").name == "periodic-mentee"
    assert find_template(templates, "periodic", "mentor").name == "periodic-mentor"
    assert find_template(templates, "wrap-up", "mentor").name == "wrap-up"


def test_templates_text_output(cli):
    result = cli.ok("review", "templates")
    assert "periodic-mentee" in result.stdout and "first-meeting" in result.stdout


# -- --answers, every question type ----------------------------------------------------------------


def test_first_meeting_answers_text_choice_confirm_and_set_the_mentorship(goals):
    result = answer(goals, "ada", FIRST_MEETING)
    assert "review #1" in result.stderr and result.stdout == ""
    [review] = goals.json("review", "list", "--json")
    assert review["template"] == "first-meeting" and review["kind"] == "first-meeting"
    assert review["with"] == "Ada Lovelace" and review["date"] == "2026-11-20T10:00:00"
    assert review["answers"]["hopes"] == "Get ready for a staff role"
    assert review["answers"]["focus"] == "outcome"  # a choice is stored as the template writes it
    assert review["answers"]["confidential"] is True
    ada = mentorship_json(goals, "mentor", "ada")
    assert ada["cadence_days"] == 30
    assert ada["channel"] == "in-person"
    assert ada["focus"] == "outcome"
    assert ada["expectations"] == "An agenda the day before"
    assert ada["boundaries"] == "No calls after 6pm"
    assert ada["until"] == "2027-05-20"


def test_the_first_review_defaults_to_first_meeting_then_periodic(goals):
    answer(goals, "ada", {"hopes": "learn"})
    answer(goals, "ada", {"working": "the agenda"})
    answer(goals, "sam", {"hopes": "teach"})
    answer(goals, "sam", {"support": "more examples"})
    templates = [(r["with"], r["template"]) for r in goals.json("review", "list", "--json")]
    assert sorted(templates) == [
        ("Ada Lovelace", "first-meeting"), ("Ada Lovelace", "periodic-mentee"),
        ("Sam Rivera", "first-meeting"), ("Sam Rivera", "periodic-mentor"),
    ]


def test_a_session_debrief_does_not_make_the_next_review_periodic(goals):
    answer(goals, "ada", {"useful": 4, "takeaway": "ask earlier"}, "--template", "session-debrief")
    answer(goals, "ada", {"hopes": "learn"})
    kinds = [r["kind"] for r in goals.json("review", "list", "--with", "ada", "--json")]
    assert kinds == ["first-meeting", "session-debrief"]


def test_periodic_answers_rating_goals_and_actions(goals):
    answers = {
        "working": "Honest feedback",
        "health": 4,
        "goals": {
            "1": {"decision": "keep", "progress": 45, "note": "led the design review"},
            "2": {"decision": "drop", "note": "no time this year"},
        },
        "actions": [
            {"text": "Write the brag document", "owner": "me", "due": "in 2 weeks"},
            {"text": "Introduce me to the VP", "owner": "them"},
        ],
    }
    answer(goals, "ada", answers, "--template", "periodic")
    [review] = goals.json("review", "list", "--json")
    assert review["kind"] == "periodic" and review["template"] == "periodic-mentee"
    assert review["answers"]["health"] == 4
    decision = review["answers"]["goals"]["1"]
    assert decision == {"decision": "keep", "progress": 45, "note": "led the design review",
                        "goal_uid": goal_json(goals, 1)["uid"], "goal_title": goal_json(goals, 1)["title"]}
    assert review["answers"]["actions"][0] == {"text": "Write the brag document", "owner": "me", "due": "2026-12-04"}

    promoted = goal_json(goals, 1)
    assert promoted["status"] == "active" and promoted["progress"] == 45
    assert promoted["history"][-1]["progress"] == 45 and promoted["history"][-1]["note"] == "led the design review"
    rust = goal_json(goals, 2)
    assert rust["status"] == "dropped" and rust["status_note"] == "no time this year"

    made = goals.json("action", "list", "--json")
    assert [(a["text"], a["owner"], a["due"], a["review"]) for a in made] == [
        ("Write the brag document", "me", "2026-12-04", review["id"]),
        ("Introduce me to the VP", "them", None, review["id"]),
    ]
    shown = goals.json("review", "show", review["id"], "--json")
    assert [a["text"] for a in shown["actions"]] == ["Write the brag document", "Introduce me to the VP"]


def test_achieved_and_adjust_decisions(goals):
    answer(goals, "ada", {"goals": {
        "1": {"decision": "achieved", "note": "promoted in November"},
        "2": {"decision": "adjust", "title": "Learn Rust basics", "target": "2027-02-01", "progress": 10},
    }}, "--template", "periodic")
    promoted = goal_json(goals, 1)
    assert promoted["status"] == "achieved" and promoted["progress"] == 100
    assert promoted["status_note"] == "promoted in November"
    rust = goal_json(goals, 2)
    assert rust["status"] == "active"
    assert (rust["title"], rust["target"], rust["progress"]) == ("Learn Rust basics", "2027-02-01", 10)


def test_keep_without_a_change_adds_no_progress_update(goals):
    answer(goals, "ada", {"goals": {"1": {"decision": "keep", "progress": 20}}}, "--template", "periodic")
    assert [h["progress"] for h in goal_json(goals, 1)["history"]] == [20]


def test_wrap_up_ends_the_mentorship(goals):
    answer(goals, "ada", {"achieved": "the promotion case", "stay_in_touch": True, "value": 5,
                          "goals": {"1": {"decision": "achieved"}}}, "--template", "wrap-up")
    ada = mentorship_json(goals, "mentor", "ada")
    assert ada["status"] == "ended" and ada["ended_on"] == "2026-11-20"
    fail_answer(goals, "ada", {"working": "x"}, "--template", "periodic")


def test_session_debrief(goals):
    answer(goals, "sam", {"useful": 5, "takeaway": "show, don't tell"}, "--template", "session-debrief")
    [review] = goals.json("review", "list", "--with", "sam", "--json")
    assert review["kind"] == "session-debrief" and review["answers"]["useful"] == 5


def test_answers_from_a_file_and_null_means_skipped(goals, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"working": "the agenda", "not_working": None, "feedback_given": "  "}))
    goals.ok("review", "--with", "ada", "--template", "periodic", "--answers", str(path))
    [review] = goals.json("review", "list", "--json")
    assert review["answers"] == {"working": "the agenda"}


def test_show_text_and_markdown(goals):
    answer(goals, "ada", {"working": "Honest [feedback]", "health": 3,
                          "goals": {"1": {"decision": "keep", "progress": 30}},
                          "actions": [{"text": "Draft the case", "owner": "me"},
                                      {"text": "Review it", "owner": "them"}]},
           "--template", "periodic")
    text = goals.ok("review", "show", "1").stdout
    assert "Honest [feedback]" in text and "Get promoted: keep, 30%" in text and "Draft the case" in text
    markdown = goals.ok("review", "show", "1", "--format", "markdown").stdout
    assert markdown.startswith("# Periodic review")
    assert "## What is working well\n" in markdown
    assert "- Get promoted: keep, 30%" in markdown
    assert "## My next actions\n\n- [ ] Draft the case" in markdown
    assert "## Ada Lovelace's next actions\n\n- [ ] Review it" in markdown
    goals.fail("review", "show", "1", "--format", "pdf")
    goals.fail("review", "show", "9")


def test_review_list_filters_by_person(goals):
    answer(goals, "ada", {"hopes": "a"})
    answer(goals, "sam", {"hopes": "b"})
    assert [r["with"] for r in goals.json("review", "list", "--with", "sam", "--json")] == ["Sam Rivera"]
    assert len(goals.json("review", "list", "--json")) == 2


def test_with_before_list_filters_too(goals):
    answer(goals, "ada", {"hopes": "a"})
    answer(goals, "sam", {"hopes": "b"})
    assert [r["with"] for r in goals.json("review", "--with", "sam", "list", "--json")] == ["Sam Rivera"]
    assert [r["with"] for r in goals.json("review", "-w", "ada", "list", "--with", "ada", "--json")] == ["Ada Lovelace"]
    goals.fail("review", "--with", "ada", "list", "--with", "sam")


@pytest.mark.parametrize("args, subcommand, flags", [
    (["--template", "periodic", "list"], "list", "--template"),
    (["--answers", "-", "list"], "list", "--answers"),
    (["--resume", "--template", "wrap-up", "list"], "list", "--template or --resume"),
    (["--with", "ada", "show", "1"], "show", "--with"),
    (["--with", "ada", "--template", "periodic", "templates"], "templates", "--with or --template"),
])
def test_options_that_start_a_review_are_refused_before_a_subcommand(goals, unchanged, args, subcommand, flags):
    answer(goals, "ada", {"hopes": "a"})
    with unchanged():
        result = goals.fail("review", *args, input="{}")
    assert result.stderr.strip() == f"Error: `review {subcommand}` takes no {flags}"
    assert result.stdout == ""


# -- invalid answers: nothing written --------------------------------------------------------------

INVALID = [
    ("not an object", "periodic", [1, 2]),
    ("unknown question", "periodic", {"wroking": "typo"}),
    ("no answers", "periodic", {}),
    ("only skipped", "periodic", {"working": None, "not_working": "  "}),
    ("text is a number", "periodic", {"working": 5}),
    ("rating too high", "periodic", {"health": 6}),
    ("rating zero", "periodic", {"health": 0}),
    ("rating as text", "periodic", {"health": "4"}),
    ("rating as bool", "periodic", {"health": True}),
    ("rating fraction", "periodic", {"health": 3.5}),
    ("choice not listed", "first-meeting", {"focus": "sideways"}),
    ("choice not a string", "first-meeting", {"cadence": 7}),
    ("confirm as text", "first-meeting", {"confidential": "yes"}),
    ("goals not an object", "periodic", {"goals": [1]}),
    ("goal unknown", "periodic", {"goals": {"99": {"decision": "keep"}}}),
    ("goal of someone else", "periodic", {"goals": {"3": {"decision": "keep"}}}),
    ("goal id not a number", "periodic", {"goals": {"promo": {"decision": "keep"}}}),
    ("decision missing", "periodic", {"goals": {"1": {"progress": 50}}}),
    ("decision unknown", "periodic", {"goals": {"1": {"decision": "pause"}}}),
    ("progress too high", "periodic", {"goals": {"1": {"decision": "keep", "progress": 120}}}),
    ("progress as text", "periodic", {"goals": {"1": {"decision": "keep", "progress": "50%"}}}),
    ("achieved below 100", "periodic", {"goals": {"1": {"decision": "achieved", "progress": 50}}}),
    ("title without adjust", "periodic", {"goals": {"1": {"decision": "keep", "title": "New"}}}),
    ("bad target", "periodic", {"goals": {"1": {"decision": "adjust", "target": "someday"}}}),
    ("unknown goal key", "periodic", {"goals": {"1": {"decision": "keep", "why": "x"}}}),
    ("note not text", "periodic", {"goals": {"1": {"decision": "keep", "note": 3}}}),
    ("actions not a list", "periodic", {"actions": {"text": "x"}}),
    ("action without text", "periodic", {"actions": [{"owner": "me"}]}),
    ("action blank text", "periodic", {"actions": [{"text": "  "}]}),
    ("action bad owner", "periodic", {"actions": [{"text": "x", "owner": "boss"}]}),
    ("action bad due", "periodic", {"actions": [{"text": "x", "due": "someday"}]}),
    ("action unknown key", "periodic", {"actions": [{"text": "x", "priority": 1}]}),
    ("action is a string", "periodic", {"actions": ["x"]}),
    # valid answers before a bad one: the goal decision and the first action must not be written
    ("bad after good", "periodic", {"goals": {"1": {"decision": "achieved"}},
                                    "actions": [{"text": "ok"}, {"text": "x", "owner": "nobody"}]}),
]


@pytest.mark.parametrize("template, answers", [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_invalid_answers_write_nothing(goals, unchanged, template, answers):
    answer(goals, "sam", {"hopes": "so the journal file exists"})
    with unchanged():
        fail_answer(goals, "ada", answers, "--template", template)


def test_invalid_answer_messages_name_the_question(goals):
    result = fail_answer(goals, "ada", {"health": 6}, "--template", "periodic")
    assert "'health'" in result.stderr and "1 to 5" in result.stderr
    result = fail_answer(goals, "ada", {"wroking": "x"}, "--template", "periodic")
    assert "'wroking'" in result.stderr and "working" in result.stderr


def test_answers_that_are_not_json(goals, unchanged, tmp_path):
    with unchanged():
        result = fail_answer(goals, "ada", "{not json")
        assert "not JSON" in result.stderr
        result = goals.fail("review", "--with", "ada", "--answers", str(tmp_path / "missing.json"))
        assert "missing.json" in result.stderr


def test_without_a_terminal_the_answers_flag_is_named(goals, unchanged):
    with unchanged():
        result = goals.fail("review", "--with", "ada")
        assert "--answers" in result.stderr
        result = goals.fail("review", "--answers", "-", input='{"hopes": "x"}')
        assert "--with" in result.stderr


def test_template_errors(goals, unchanged):
    with unchanged():
        result = fail_answer(goals, "ada", {"support": "x"}, "--template", "periodic-mentor")
        assert "periodic-mentee" in result.stderr  # Ada mentors me: the mentor's wording does not fit
        result = fail_answer(goals, "ada", {"x": "y"}, "--template", "quarterly")
        assert "quarterly" in result.stderr and "periodic" in result.stderr
        fail_answer(goals, "nobody", {"hopes": "x"})


def test_first_meeting_text_answers_are_parsed(goals, user_prompts, unchanged):
    (user_prompts / "first-meeting.toml").write_text(
        'name = "first-meeting"\ntitle = "Kick-off"\nfor = "both"\n'
        '[[questions]]\nid = "cadence"\ntype = "text"\nprompt = "How often?"\n'
        '[[questions]]\nid = "length"\ntype = "text"\nprompt = "How long?"\n'
    )
    with unchanged():
        result = fail_answer(goals, "ada", {"cadence": "now and then"})
        assert "cadence" in result.stderr
        fail_answer(goals, "ada", {"length": "a while"})
    answer(goals, "ada", {"cadence": "3w", "length": "open-ended"})
    ada = mentorship_json(goals, "mentor", "ada")
    assert ada["cadence_days"] == 21 and ada["until"] is None


# -- user templates ------------------------------------------------------------------------------

USER_PERIODIC = """
name = "periodic-mentee"
title = "My own check-in"
for = "mentee"

[[questions]]
id = "energy"
type = "rating"
prompt = "How is your energy?"
help = "Be honest with {name}"

[[questions]]
id = "mood"
type = "choice"
prompt = "Mood"
choices = ["good", "meh"]
"""


def test_a_user_template_overrides_the_built_in_one(goals, user_prompts):
    (user_prompts / "periodic-mentee.toml").write_text(USER_PERIODIC)
    found = {t["name"]: t for t in goals.json("review", "templates", "--json")}
    assert found["periodic-mentee"]["title"] == "My own check-in"
    assert [q["id"] for q in found["periodic-mentee"]["questions"]] == ["energy", "mood"]
    assert found["periodic-mentor"]["title"].startswith("Periodic review")  # the other role keeps the built-in
    fail_answer(goals, "ada", {"working": "x"}, "--template", "periodic")  # the built-in question is gone
    answer(goals, "ada", {"energy": 4, "mood": "meh"}, "--template", "periodic")
    [review] = goals.json("review", "list", "--json")
    assert review["template"] == "periodic-mentee" and review["answers"] == {"energy": 4, "mood": "meh"}


def test_a_user_template_for_both_roles_and_a_new_one(goals, user_prompts):
    (user_prompts / "periodic.toml").write_text(USER_PERIODIC.replace('"periodic-mentee"', '"periodic"')
                                                .replace('"mentee"', '"both"'))
    (user_prompts / "quarterly.toml").write_text(
        'name = "quarterly"\ntitle = "Quarterly"\nfor = "mentor"\n'
        '[[questions]]\nid = "plan"\ntype = "text"\nprompt = "Plan for {name}"\n'
    )
    answer(goals, "sam", {"energy": 5}, "--template", "periodic")
    answer(goals, "sam", {"plan": "pairing"}, "--template", "quarterly")
    kinds = [(r["template"], r["kind"]) for r in goals.json("review", "list", "--json")]
    assert sorted(kinds) == [("periodic", "periodic"), ("quarterly", "quarterly")]
    fail_answer(goals, "ada", {"plan": "x"}, "--template", "quarterly")  # for mentors; Ada mentors me


BROKEN = [
    ("not toml", 'name = "x"\ntitle = \n', "not valid TOML"),
    ("no name", 'title = "T"\nfor = "both"\n[[questions]]\nid = "a"\ntype = "text"\nprompt = "P"\n', "'name'"),
    ("bad for", 'name = "x"\ntitle = "T"\nfor = "everyone"\n[[questions]]\nid = "a"\ntype = "text"\nprompt = "P"\n',
     "`for`"),
    ("no questions", 'name = "x"\ntitle = "T"\nfor = "both"\n', "no questions"),
    ("unknown type", 'name = "x"\ntitle = "T"\nfor = "both"\n[[questions]]\nid = "a"\ntype = "essay"\nprompt = "P"\n',
     "unknown type 'essay'"),
    ("choice without choices",
     'name = "x"\ntitle = "T"\nfor = "both"\n[[questions]]\nid = "a"\ntype = "choice"\nprompt = "P"\n', "choices"),
    ("duplicate id", 'name = "x"\ntitle = "T"\nfor = "both"\n[[questions]]\nid = "a"\ntype = "text"\nprompt = "P"\n'
     '[[questions]]\nid = "a"\ntype = "text"\nprompt = "Q"\n', "used twice"),
    ("unknown key", 'name = "x"\ntitle = "T"\nfor = "both"\nkind = "x"\n[[questions]]\nid = "a"\ntype = "text"\n'
     'prompt = "P"\n', "unknown key 'kind'"),
    ("no prompt", 'name = "x"\ntitle = "T"\nfor = "both"\n[[questions]]\nid = "a"\ntype = "text"\n', "'prompt'"),
]


@pytest.mark.parametrize("text, problem", [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_a_broken_template_file_is_reported_with_its_path(cli, user_prompts, text, problem):
    path = user_prompts / "mine.toml"
    path.write_text(text)
    with pytest.raises(MentorlogError) as error:
        load_template(path)
    assert str(path) in str(error.value) and problem in str(error.value)
    result = cli.fail("review", "templates")
    assert str(path) in result.stderr and problem in result.stderr


def test_a_broken_template_stops_a_review_before_anything_is_written(goals, user_prompts, unchanged):
    (user_prompts / "mine.toml").write_text("this is = = not toml")
    with unchanged():
        result = fail_answer(goals, "ada", {"hopes": "x"})
        assert "mine.toml" in result.stderr


def test_two_user_files_with_one_name(cli, user_prompts):
    body = 'name = "x"\ntitle = "T"\nfor = "both"\n[[questions]]\nid = "a"\ntype = "text"\nprompt = "P"\n'
    (user_prompts / "a.toml").write_text(body)
    (user_prompts / "b.toml").write_text(body)
    assert "already used" in cli.fail("review", "templates").stderr


# -- drafts --------------------------------------------------------------------------------------


def _draft(db_path, name: str, template: str, answers: dict) -> None:
    from mentorlog.data import reviews

    with Journal(db_path) as store:
        reviews.save_draft(store, mentorships.resolve(store, name), template, answers)


def test_resume_with_answers_completes_a_draft(goals, db_path):
    _draft(db_path, "ada", "periodic-mentee", {"working": "the agenda", "not_working": None})
    assert goals.json("review", "list", "--json") == []  # a draft is not a review
    result = goals.ok("review", "list", "--with", "ada")
    assert "--resume" in result.stderr
    answer(goals, "ada", {"health": 5}, "--resume")
    [review] = goals.json("review", "list", "--json")
    assert review["template"] == "periodic-mentee"
    assert review["answers"] == {"working": "the agenda", "health": 5}
    goals.fail("review", "--with", "ada", "--resume", "--answers", "-", input="{}")  # the draft is gone


def test_resume_errors(goals, db_path, unchanged):
    with unchanged():
        result = fail_answer(goals, "ada", {"health": 5}, "--resume")
        assert "nothing to resume" in result.stderr
    _draft(db_path, "ada", "periodic-mentee", {"working": "x"})
    with unchanged():
        result = fail_answer(goals, "ada", {"achieved": "x"}, "--resume", "--template", "wrap-up")
        assert "periodic-mentee" in result.stderr


def test_a_review_of_another_template_keeps_the_draft(goals, db_path):
    _draft(db_path, "ada", "periodic-mentee", {"working": "x"})
    answer(goals, "ada", {"useful": 4}, "--template", "session-debrief")
    answer(goals, "ada", {"health": 2}, "--resume")
    assert len(goals.json("review", "list", "--json")) == 2


# -- the walker, fed by a pipe -------------------------------------------------------------------


@contextmanager
def keys(text: str):
    """Questionary reads `text` as typed keys; what it draws goes nowhere."""
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


def _periodic():
    return load_templates()["periodic-mentee"]


def _context(**extra) -> walker.WalkContext:
    goals = [Goal(id=1, uid="g1", title="Get promoted", progress=20), Goal(id=2, uid="g2", title="Learn Rust")]
    return walker.WalkContext(name="Ada", goals=goals, **extra)


class Saves(list):
    """Every state the walker asked to save, copied."""

    def __call__(self, state: dict) -> None:
        self.append(json.loads(json.dumps(state)))


PERIODIC_KEYS = [
    "Good chats" + ENTER,  # working
    ENTER,  # not working: skipped
    ENTER, CLEAR + "40" + ENTER, "on track" + ENTER,  # goal 1: keep, 40%, a note
    DOWN + DOWN + ENTER, ENTER,  # goal 2: achieved, no note
    "Sharp" + ENTER,  # feedback received
    ENTER,  # feedback given: skipped
    DOWN + ENTER,  # health: 4
    DOWN + DOWN + ENTER,  # confidence: 3
    ENTER,  # clarity: 5
    "Write doc" + ENTER, ENTER, "in 2 weeks" + ENTER,  # action 1: mine, due
    "Intro" + ENTER, DOWN + ENTER, ENTER,  # action 2: theirs
    ENTER,  # no more actions
]
PERIODIC_ANSWERS = {
    "working": "Good chats",
    "goals": {"1": {"decision": "keep", "progress": 40, "note": "on track"}, "2": {"decision": "achieved"}},
    "feedback_received": "Sharp",
    "health": 4,
    "confidence": 3,
    "clarity": 5,
    "actions": [{"text": "Write doc", "owner": "me", "due": "2026-12-04"}, {"text": "Intro", "owner": "them"}],
}


def test_walker_asks_every_question_type_and_saves_after_each_answer():
    saves = Saves()
    state: dict = {}
    with keys("".join(PERIODIC_KEYS)):
        answers = walker.walk(_periodic(), _context(), state, saves)
    assert answers == PERIODIC_ANSWERS
    assert saves[-1] == {**PERIODIC_ANSWERS, "not_working": None, "feedback_given": None}
    assert saves[0] == {"working": "Good chats"}
    assert len(saves) >= len(_periodic().questions)


def test_walker_covers_choice_confirm_and_skips():
    template = load_templates()["first-meeting"]
    typed = (
        "Grow" + ENTER          # hopes
        + DOWN + ENTER          # focus: exploration
        + DOWN + DOWN + DOWN + ENTER  # cadence: skip
        + ENTER                 # channel: video
        + ENTER                 # time: skipped
        + DOWN + ENTER          # length: 6 months
        + ENTER + ENTER         # expectations, boundaries: skipped
        + "n"                   # confidential: no
    )
    with keys(typed):
        answers = walker.walk(template, _context(), {}, Saves())
    assert answers == {"hopes": "Grow", "focus": "exploration", "channel": "video", "length": "6 months",
                       "confidential": False}


def test_walker_ctrl_c_keeps_answers_and_resume_continues_from_the_next_question():
    saves = Saves()
    state: dict = {}
    with keys("Good chats" + ENTER + CTRL_C), pytest.raises(KeyboardInterrupt):
        walker.walk(_periodic(), _context(), state, saves)
    assert saves == [{"working": "Good chats"}]
    resumed = dict(saves[-1])
    with keys("".join(PERIODIC_KEYS[1:])):  # the first key goes to the second question
        answers = walker.walk(_periodic(), _context(), resumed, Saves())
    assert answers == PERIODIC_ANSWERS


def test_walker_ctrl_c_inside_the_goals_keeps_the_goals_decided():
    saves = Saves()
    state: dict = {}
    with keys("".join(PERIODIC_KEYS[:5]) + CTRL_C), pytest.raises(KeyboardInterrupt):
        walker.walk(_periodic(), _context(), state, saves)
    assert saves[-1]["_in_progress"] == {
        "question": "goals", "value": {"1": {"decision": "keep", "progress": 40, "note": "on track"}}}
    with keys("".join(PERIODIC_KEYS[5:])):  # goal 2 is asked next
        answers = walker.walk(_periodic(), _context(), dict(saves[-1]), Saves())
    assert answers == PERIODIC_ANSWERS


def test_walker_ctrl_c_inside_the_actions_keeps_the_actions_given():
    saves = Saves()
    with keys("".join(PERIODIC_KEYS[:15]) + "Int" + CTRL_C), pytest.raises(KeyboardInterrupt):
        walker.walk(_periodic(), _context(), {}, saves)
    assert saves[-1]["_in_progress"]["value"] == [{"text": "Write doc", "owner": "me", "due": "2026-12-04"}]
    with keys("".join(PERIODIC_KEYS[15:])):  # the second action is asked again from its text
        answers = walker.walk(_periodic(), _context(), dict(saves[-1]), Saves())
    assert answers == PERIODIC_ANSWERS


def test_walker_uses_the_last_answers_as_defaults():
    previous = {"health": 2, "goals": {"1": {"decision": "keep", "progress": 10}}}
    template = load_templates()["periodic-mentee"]
    typed = ENTER * 2 + ENTER + ENTER + ENTER + DOWN + DOWN + ENTER + ENTER + ENTER * 2 + ENTER + ENTER * 2 + ENTER
    with keys(typed):
        answers = walker.walk(template, _context(previous=previous, previous_date="2026-10-01"), {}, Saves())
    assert answers["health"] == 2  # Enter keeps last review's rating
    assert answers["goals"]["1"] == {"decision": "keep", "progress": 20}  # progress starts at the goal's own


def test_walker_rejects_a_bad_progress_and_asks_again():
    typed = (ENTER * 2 + ENTER + CLEAR + "140" + ENTER + CLEAR + "60%" + ENTER + ENTER
             + DOWN * 3 + ENTER + ENTER + "no time" + ENTER + ENTER * 2 + DOWN * 5 + ENTER + ENTER * 2 + ENTER)
    with keys(typed):
        answers = walker.walk(_periodic(), _context(), {}, Saves())
    assert answers["goals"] == {"1": {"decision": "keep", "progress": 60},
                                "2": {"decision": "drop", "progress": 0, "note": "no time"}}
    assert "health" not in answers  # skipped


# -- the command on a terminal (in-process) ---------------------------------------------------------


def test_review_on_a_terminal_interrupted_then_resumed(goals, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    with keys("Good chats" + ENTER + CTRL_C):
        result = goals("review", "--with", "ada", "--template", "periodic")
    assert result.exit_code == 130
    assert "--resume" in result.stderr
    assert goals.json("review", "list", "--json") == []
    with keys("".join(PERIODIC_KEYS[1:])):
        result = goals("review", "--with", "ada", "--resume")
    assert result.exit_code == 0, result.stderr
    [review] = goals.json("review", "list", "--json")
    assert review["answers"]["working"] == "Good chats"
    assert review["answers"]["goals"]["2"] == {"decision": "achieved", "goal_uid": goal_json(goals, 2)["uid"],
                                               "goal_title": "Learn Rust"}
    assert goal_json(goals, 2)["status"] == "achieved"
    assert len(goals.json("action", "list", "--json")) == 2


def test_review_on_a_terminal_offers_the_unfinished_draft(goals, monkeypatch, db_path):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    _draft(db_path, "ada", "periodic-mentee", {"working": "Good chats"})
    with keys("y" + "".join(PERIODIC_KEYS[1:])):
        result = goals("review", "--with", "ada")
    assert result.exit_code == 0, result.stderr
    [review] = goals.json("review", "list", "--json")
    assert review["answers"]["working"] == "Good chats"


def test_review_on_a_terminal_can_start_over_instead(goals, monkeypatch, db_path):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    _draft(db_path, "ada", "periodic-mentee", {"working": "old answer"})
    with keys("n" + CTRL_C):  # start over, then stop before answering: the old draft is still there
        result = goals("review", "--with", "ada", "--template", "periodic")
    assert result.exit_code == 130 and "replaces the unfinished" in result.stderr
    assert "(1 answer)" in goals.ok("review", "list", "--with", "ada").stderr
    with keys("n" + "".join(PERIODIC_KEYS)):
        result = goals("review", "--with", "ada", "--template", "periodic")
    assert result.exit_code == 0, result.stderr
    [review] = goals.json("review", "list", "--json")
    assert review["answers"]["working"] == "Good chats"
    assert "--resume" not in goals.ok("review", "list", "--with", "ada").stderr  # no draft left


def test_review_on_a_terminal_with_another_template_does_not_offer_the_draft(goals, monkeypatch, db_path):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    _draft(db_path, "ada", "periodic-mentee", {"working": "old answer"})
    with keys("4" + ENTER + CTRL_C):
        result = goals("review", "--with", "ada", "--template", "session-debrief")
    assert result.exit_code == 130 and "replaces the unfinished periodic-mentee review" in result.stderr


def test_a_merged_review_names_its_goals_although_their_ids_differ_there(goals, tmp_path, monkeypatch):
    answer(goals, "ada", {"goals": {"1": {"decision": "keep", "progress": 45}}}, "--template", "periodic")
    exported = tmp_path / "export.json"
    goals.ok("export", "--output", str(exported))
    monkeypatch.setenv("MENTORLOG_DB", str(tmp_path / "other" / "journal.db"))
    goals.ok("mentor", "add", "Someone Else")
    goals.ok("goal", "add", "A goal of the other journal", "--with", "someone")  # takes id 1 there
    goals.ok("import", str(exported))
    [review] = goals.json("review", "list", "--json")
    shown = goals.ok("review", "show", review["id"]).stdout
    assert goal_json(goals, 1)["title"] == "A goal of the other journal"
    assert "A goal of the other journal" not in shown
    assert review["answers"]["goals"]["1"]["goal_title"] in shown
