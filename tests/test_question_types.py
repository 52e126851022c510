"""Question types live in one registry (`questions.TYPES`); the ids code relies on are roles (`questions.ROLES`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_reviews import CLEAR, ENTER, answer, keys, user_prompts  # noqa: F401  (user_prompts: a fixture)

from mentorlog.domain.templates import BUILT_IN_DIR, load_template, load_templates
from mentorlog.errors import MentorlogError
from mentorlog.domain import questions
from mentorlog.prompts import ask, walker


# -- a question type added in one registry entry ---------------------------------------------------


CONFIDENCE = """
name = "confidence"
title = "How sure are you?"
for = "both"

[[questions]]
id = "sure"
type = "percent"
prompt = "How sure is {name} of the plan? (0-100%)"

[[questions]]
id = "why"
type = "text"
prompt = "Why?"
"""


def _percent(text: str) -> int:
    cleaned = text.strip().rstrip("%")
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned) > 100:
        raise MentorlogError("a percentage is a whole number from 0 to 100")
    return int(cleaned)


@pytest.fixture
def percent(monkeypatch, user_prompts):
    """A `percent` question type, registered for the test only, and a user template that uses it;
    the list holds what its `save` was given."""
    saved: list = []

    def check(question, value, checking):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise MentorlogError(f"answer to {question.id!r} must be a percentage, not {value!r}")
        return value

    def ask_it(question, context, state, save):
        return _percent(ask.text(question.prompt.replace("{name}", context.name), check=_percent))

    def save(saving, question, value):
        saved.append((saving.review_id, saving.mentorship.name, question.id, value))

    kind = questions.QuestionType("percent", check, ask_it, lambda value, showing: [f"{value}% sure"], save)
    monkeypatch.setitem(questions.TYPES, "percent", kind)
    (user_prompts / "confidence.toml").write_text(CONFIDENCE)
    return saved


def test_a_type_in_the_registry_is_checked_saved_and_shown(people, percent):
    result = people.fail("review", "--with", "ada", "--template", "confidence", "--answers", "-",
                         input=json.dumps({"sure": 140}))
    assert "'sure' must be a percentage, not 140" in result.stderr
    assert percent == []

    answer(people, "ada", {"sure": 80, "why": "the packet is written"}, "--template", "confidence")
    assert percent == [(1, "Ada Lovelace", "sure", 80)]
    [review] = people.json("review", "list", "--json")
    assert review["answers"] == {"sure": 80, "why": "the packet is written"}

    shown = people.ok("review", "show", "1").stdout
    assert "How sure is Ada Lovelace of the plan?" in shown and "80% sure" in shown
    markdown = people.ok("review", "show", "1", "--format", "markdown").stdout
    assert "## How sure is Ada Lovelace of the plan? (0-100%)\n\n80% sure\n" in markdown
    assert questions.CHECKS["percent"](load_templates()["confidence"].questions[0], 80) == 80  # as an import checks


def test_a_type_in_the_registry_is_asked_by_the_walker(percent):
    template = load_templates()["confidence"]
    saves: list = []
    with keys("120" + ENTER + CLEAR + "65%" + ENTER + "a plan" + ENTER):  # 120 is refused, then asked again
        answers = walker.walk(template, walker.WalkContext(name="Ada"), {}, lambda state: saves.append(dict(state)))
    assert answers == {"sure": 65, "why": "a plan"}
    assert saves[0] == {"sure": 65}


def test_a_type_in_the_registry_is_asked_on_a_terminal(people, percent, monkeypatch):
    monkeypatch.setattr(ask, "interactive", lambda: True)
    with keys("90" + ENTER + ENTER):  # `why` skipped
        result = people("review", "--with", "ada", "--template", "confidence")
    assert result.exit_code == 0, result.stderr
    assert percent == [(1, "Ada Lovelace", "sure", 90)]


def test_the_registry_names_the_askers_and_savers_above_it():
    """The registry is pure: loading it and the templates imports neither the walker nor the journal,
    and every function it names by a hook is there."""
    loaded = subprocess.run([sys.executable, "-c", "import sys, mentorlog.domain.templates; print(sorted(sys.modules))"],
                            capture_output=True, text=True, check=True).stdout
    for above in ("mentorlog.prompts", "mentorlog.data", "mentorlog.output", "questionary"):
        assert f"'{above}" not in loaded, above
    named = [kind.ask for kind in questions.TYPES.values()] + [kind.save for kind in questions.TYPES.values()]
    hooks = [h for h in named + list(vars(questions).values()) if isinstance(h, questions.Hook)]
    assert len(hooks) == 11  # seven askers and four savers (a rating that names a measure keeps its value)
    for hook in hooks:
        assert callable(getattr(__import__(hook.module, fromlist=[hook.name]), hook.name)), hook


# -- roles ------------------------------------------------------------------------------------------


WORRIES = """
name = "periodic-mentee"
title = "My own check-in"
for = "mentee"

[[questions]]
id = "worries"
role = "not_working"
type = "text"
prompt = "What worries you?"

[[questions]]
id = "not_working"
type = "text"
prompt = "A question that only shares the id"
"""


def test_a_user_question_with_the_not_working_role_feeds_the_agenda(people, user_prompts):
    (user_prompts / "periodic-mentee.toml").write_text(WORRIES)
    assert load_templates()["periodic-mentee"].by_role("not_working").id == "worries"
    answer(people, "ada", {"worries": "We never get to the career topics.", "not_working": "not this"},
           "--template", "periodic")
    plan = people.json("agenda", "--with", "ada", "--format", "json")
    assert plan["not_working"] == "We never get to the career topics."
    text = people.ok("agenda", "--with", "ada").stdout
    assert "not working: We never get to the career topics." in " ".join(text.split())


def test_a_user_question_with_a_mentorship_role_sets_the_mentorship(people, user_prompts):
    (user_prompts / "first-meeting.toml").write_text(
        'name = "first-meeting"\ntitle = "Kick-off"\nfor = "both"\n'
        '[[questions]]\nid = "rhythm"\nrole = "cadence"\ntype = "text"\nprompt = "How often?"\n'
        '[[questions]]\nid = "cadence"\ntype = "text"\nprompt = "Only the id"\n'
    )
    people.fail("review", "--with", "ada", "--answers", "-", input=json.dumps({"rhythm": "now and then"}))
    answer(people, "ada", {"rhythm": "3w", "cadence": "now and then"})
    assert people.json("mentor", "show", "ada", "--json")["cadence_days"] == 21


def test_every_built_in_template_takes_on_known_roles_only():
    built_in = [load_template(path, "built-in") for path in sorted(BUILT_IN_DIR.glob("*.toml"))]
    for template in built_in:
        for question in template.questions:
            assert question.type in questions.TYPES
            if question.role is not None:
                role = questions.ROLES[question.role]
                assert question.type in role.types, (template.name, question.id)
    by_name = {t.name: t for t in built_in}
    for role in ("focus", "cadence", "channel", "length", "expectations", "boundaries"):
        assert by_name["first-meeting"].by_role(role) is not None, role
    for name in ("periodic-mentee", "periodic-mentor"):
        assert by_name[name].by_role("not_working") is not None
    taken = {q.role for t in built_in for q in t.questions if q.role}
    assert taken == set(questions.ROLES)  # every role the code knows is taken on by a built-in question


@pytest.mark.parametrize("question, error", [
    ('id = "worries"\nrole = "nope"\ntype = "text"', "question 1 (worries): unknown role 'nope'"),
    ('id = "worries"\ntype = "essay"', "question 1 (worries): unknown type 'essay'"),
    ('id = "worries"\nrole = "not_working"\ntype = "goals"', "the role 'not_working' is for a text or choice"),
    ('id = "worries"\nrole = ["not_working"]\ntype = "text"', "'role' must be a non-empty string"),
])
def test_an_unknown_role_or_type_is_one_error_naming_the_file(cli, user_prompts, question, error):
    path = user_prompts / "mine.toml"
    path.write_text(f'name = "mine"\ntitle = "T"\nfor = "both"\n[[questions]]\n{question}\nprompt = "P"\n')
    result = cli.fail("review", "templates")
    assert result.stderr.startswith(f"Error: template {path}: ") and error in result.stderr


def test_a_role_taken_twice_is_refused(cli, user_prompts):
    path = user_prompts / "mine.toml"
    path.write_text('name = "mine"\ntitle = "T"\nfor = "both"\n'
                    '[[questions]]\nid = "a"\nrole = "not_working"\ntype = "text"\nprompt = "P"\n'
                    '[[questions]]\nid = "b"\nrole = "not_working"\ntype = "text"\nprompt = "Q"\n')
    result = cli.fail("review", "templates")
    assert f"template {path}: question 2 (b): role 'not_working' is taken by 'a'" in result.stderr
