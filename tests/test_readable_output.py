"""Output that can be read and sent as it is: every table at any width keeps its columns and its tokens
whole; `review show` keeps every answer; goal questions are worded by whose goal it is; a review summary
and the growth log speak in one voice, under headings, without internal ids."""

from __future__ import annotations

import json
import re

import pytest

from mentorlog.output import render
from mentorlog.output.render import Measure, column_widths
from mentorlog.prompts import ask

LONG_TEXT = ("Clear agendas sent the evening before, honest feedback on the promotion packet, and a habit of "
             "ending every meeting with two concrete next steps agreed on 2026-11-30")
LONG_FEEDBACK = "Lead with the outcome when presenting designs; the reviewers reacted well on 2026-11-12"


def answer(cli, name: str, answers: dict, *flags: str):
    return cli.ok("review", "--with", name, *flags, "--answers", "-", input=json.dumps(answers))


def tokens(text: str) -> list[str]:
    """The words of rendered text, with box drawing and table rules left out."""
    return re.findall(r"[^\s│┃┆|]+", re.sub(r"[─━┏┓┗┛┡┩┣┫┳┻╇╈┼╋└┘┌┐├┤┬┴]+", " ", text))


def in_order(words: list[str], shown: list[str]) -> bool:
    """Whether `words` appear whole, in their order, among `shown` (other words may come between)."""
    found = iter(shown)
    return all(any(word == token for token in found) for word in words)


@pytest.fixture
def journal(people):
    """Ada mentors me; I mentor Sam: goals, a session, actions, a win, and reviews on both sides."""
    people.ok("goal", "add", "Get promoted to senior engineer", "--with", "ada", "--target", "2027-03-30")
    people.ok("goal", "add", "Ship a feature end to end", "--with", "sam", "--target", "2026-12-30")
    people.ok("goal", "milestone", "add", "1", "Lead the Q1 design review", "--due", "2026-12-25")
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-18", "--duration", "45m", "--topic",
              "promotion", "--topic", "design review", "--rating", "4", "--action", "Share the packet draft with Ada",
              "--notes", "Where the promotion case stands")
    people.ok("win", "add", "Billing migration design approved without changes", "--with", "ada", "--goal", "1")
    answer(people, "ada", {"working": LONG_TEXT, "not_working": "We run out of time before the career topics",
                           "goals": {"1": {"decision": "keep", "progress": 40}},
                           "feedback_received": LONG_FEEDBACK, "feedback_given": "More examples from past reviews",
                           "health": 4,
                           "actions": [{"text": "Draft the case", "owner": "me", "due": "2026-12-04"},
                                       {"text": "Read the draft", "owner": "them"}]}, "--template", "periodic")
    answer(people, "sam", {"working": "Short focused meetings; Sam comes prepared",
                           "goals": {"2": {"decision": "adjust", "progress": 60, "note": "smaller first slice"}},
                           "support": "Faster reviews of the design doc", "feedback_given": "Write the plan first",
                           "health": 5,
                           "actions": [{"text": "Review the design doc", "owner": "me"},
                                       {"text": "Write the rollout plan", "owner": "them", "due": "2026-12-02"}]},
           "--template", "periodic")
    return people


def on_terminal(monkeypatch, columns: int) -> None:
    monkeypatch.setattr(render, "use_rich", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))


# -- review show at any width ---------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_review_show_keeps_every_answer_whole_at_any_width(journal, monkeypatch, columns):
    on_terminal(monkeypatch, columns)
    text = journal.ok("review", "show", "1").stdout
    shown = tokens(text)
    for answer_text in (LONG_TEXT, LONG_FEEDBACK, "We run out of time before the career topics",
                        "More examples from past reviews", "Get promoted to senior engineer: keep, 40%"):
        assert in_order(answer_text.split(), shown), f"{answer_text!r} not whole at {columns}:\n{text}"
    for date in ("2026-11-30", "2026-11-12", "2026-12-04"):
        assert re.search(rf"(?<![\w-]){date}(?![\w-])", text), text
    assert "★★★★☆" in text and "Draft the case" in text and "Read the draft" in text
    assert max(len(line) for line in text.splitlines()) <= columns, text


@pytest.mark.parametrize("columns", [60, 80])
def test_review_show_wraps_a_long_question_beside_its_answer(people, monkeypatch, columns):
    """A template question with no heading is labelled by its prompt, which wraps; the answer keeps its room."""
    answer(people, "ada", {"hopes": "Reach senior within a year and learn to lead without managing",
                           "time": "Forty five minutes every other week plus chat"})
    on_terminal(monkeypatch, columns)
    text = people.ok("review", "show", "1").stdout
    shown = tokens(text)
    assert in_order("Reach senior within a year and learn to lead without managing".split(), shown), text
    assert in_order("Forty five minutes every other week plus chat".split(), shown), text
    assert max(len(line) for line in text.splitlines()) <= columns, text


# -- every table ----------------------------------------------------------------------------------


TABLES = [
    ("mentor", "list"), ("mentee", "list"), ("session", "list"), ("goal", "list", "--all"), ("goal", "show", "1"),
    ("action", "list"), ("win", "list"), ("review", "list"), ("review", "show", "2"), ("review", "templates"),
    ("search", "design"), ("mentor", "show", "ada"), ("session", "show", "1"),
]


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_every_table_keeps_its_columns_and_tokens_whole(journal, monkeypatch, columns):
    """Each word the piped table holds (headers, ids, dates, names, text) is whole on the terminal, at
    any width, and no line is wider than the terminal."""
    piped = {args: journal.ok(*args).stdout for args in TABLES}
    on_terminal(monkeypatch, columns)
    for args in TABLES:
        text = journal.ok(*args).stdout
        shown = set(tokens(text))
        missing = [word for word in tokens(piped[args].replace("**", "")) if word not in shown]  # ** marks a match
        assert not missing, f"{' '.join(args)} at {columns}: {missing}\n{text}"
        assert max(len(line) for line in text.splitlines()) <= columns, f"{' '.join(args)}:\n{text}"


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_report_status_and_agenda_keep_dates_whole(journal, monkeypatch, columns):
    commands = [("report",), ("status",), ("agenda", "--with", "ada"), ("agenda", "--with", "sam")]
    piped = {args: journal.ok(*args).stdout for args in commands}
    on_terminal(monkeypatch, columns)
    for args in commands:
        text = journal.ok(*args).stdout
        for date in set(re.findall(r"\d{4}-\d{2}-\d{2}", piped[args])):
            assert date in text, f"{' '.join(args)} at {columns}: {date}\n{text}"


def test_a_table_too_wide_for_columns_is_printed_a_block_per_row(journal, monkeypatch):
    on_terminal(monkeypatch, 40)
    text = journal.ok("goal", "list", "--all").stdout
    assert re.search(r"^target\s+2027-03-30\s*$", text, re.M), text
    assert re.search(r"^next milestone\s+Lead the Q1 design", text, re.M), text


def test_column_widths_fit_the_room_and_never_go_under_a_word():
    measures = [Measure(2, 2, 2), Measure(40, 4, 4), Measure(12, 12, 8), Measure(10, 10, 10)]
    assert column_widths(measures, 100) == [2, 40, 12, 10]  # all on one line
    widths = column_widths(measures, 40)  # tokens whole, the text column takes the rest
    assert widths == [2, 16, 12, 10]
    widths = column_widths(measures, 26)  # "Ada Lovelace" wraps between its words, the text keeps a word
    assert sum(widths) <= 26 and all(w >= m.word for w, m in zip(widths, measures))
    assert column_widths(measures, 20) is None  # nothing fits: a block per row
    assert column_widths(measures, 40, tokens_whole=True) == [2, 16, 12, 10]
    assert column_widths(measures, 26, tokens_whole=True) is None


# -- role-aware wording ---------------------------------------------------------------------------


@pytest.mark.parametrize("who, expected", [
    ("sam", ["Impact (1-5): how much would reaching it do for Sam Rivera's career?",
             "Support (1-5): can I help Sam Rivera with it?",
             "Feasibility (1-5): does it fit the time Sam Rivera and I have?"]),
    ("ada", ["Impact (1-5): how much would reaching it do for my career?",
             "Support (1-5): can Ada Lovelace help me with it?",
             "Feasibility (1-5): does it fit the time Ada Lovelace and I have?"]),
])
def test_goal_scores_are_asked_by_whose_goal_it_is(people, monkeypatch, who, expected):
    asked = []
    monkeypatch.setattr(ask, "interactive", lambda: True)
    monkeypatch.setattr(ask, "select", lambda prompt, choices, default=None: asked.append(prompt) or 3)
    people.ok("goal", "add", "A goal", "--with", who)
    assert asked == expected


def test_goal_add_help_says_both_roles_plainly(cli):
    text = " ".join(cli.ok("goal", "add", "--help").stdout.split())
    assert "For my goal with a mentor: impact on my career, can this mentor help me with it" in text
    assert "For a mentee's goal: impact on their career, can I help them with it" in text
    assert "with a mentee: can I help them" in text


def test_periodic_templates_are_worded_for_their_role(cli):
    found = {t["name"]: t for t in cli.json("review", "templates", "--json")}
    mentee = {q["id"]: q for q in found["periodic-mentee"]["questions"]}
    mentor = {q["id"]: q for q in found["periodic-mentor"]["questions"]}
    assert mentee["goals"]["heading"] == "My goals" and mentor["goals"]["heading"] == "{name}'s goals"
    assert all(t["title"] == "Periodic review" for t in (found["periodic-mentee"], found["periodic-mentor"]))


# -- one voice ------------------------------------------------------------------------------------


INTERNAL_IDS = ("working", "not_working", "feedback_received", "feedback_given", "support", "health", "goals",
                "hopes", "focus", "takeaway", "useful")
SECOND_PERSON = re.compile(r"\b(you|your|yours|they|them|their)\b", re.I)


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def test_a_mentee_side_summary_speaks_in_one_voice(journal):
    markdown = journal.ok("review", "show", "1", "--format", "markdown").stdout
    assert markdown.startswith("# Periodic review — Ada Lovelace, ")
    assert "## My goals\n\n- Get promoted to senior engineer: keep, 40%" in markdown
    assert "## Feedback from Ada Lovelace, and how it matches my own view\n\n" + LONG_FEEDBACK in markdown
    assert "## How Ada Lovelace could support me better\n\nMore examples from past reviews" in markdown
    assert "## My next actions\n\n- [ ] Draft the case (by 2026-12-04)" in markdown
    assert "## Ada Lovelace's next actions\n\n- [ ] Read the draft" in markdown
    _one_voice(markdown)


def test_a_mentor_side_summary_speaks_in_one_voice(journal):
    markdown = journal.ok("review", "show", "2", "--format", "markdown").stdout
    assert markdown.startswith("# Periodic review — Sam Rivera, ")
    assert "## Sam Rivera's goals\n\n- Ship a feature end to end: adjust, 60% — smaller first slice" in markdown
    assert "## How Sam Rivera would like me to support them" not in markdown  # "them": one voice
    assert "## What Sam Rivera asked of me\n\nFaster reviews of the design doc" in markdown
    assert "## My feedback to Sam Rivera, and how it matches " in markdown
    assert "## My next actions\n\n- [ ] Review the design doc" in markdown
    assert "## Sam Rivera's next actions\n\n- [ ] Write the rollout plan (by 2026-12-02)" in markdown
    _one_voice(markdown)


def _one_voice(markdown: str) -> None:
    for line in headings(markdown):
        assert not SECOND_PERSON.search(line), line  # first person, the other person by name
        assert "?" not in line and "(1-5)" not in line, line  # a heading, not a prompt
    for key in INTERNAL_IDS:
        assert f"{key}:" not in markdown and f"## {key}" not in markdown, key
    assert "you are the" not in markdown and "say it to them" not in markdown


def test_the_growth_log_shows_answers_under_headings_never_ids(journal):
    answer(journal, "ada", {"hopes": "Reach senior within a year", "focus": "outcome", "cadence": "biweekly"},
           "--template", "first-meeting")
    answer(journal, "sam", {"useful": 4, "takeaway": "Write the plan first"}, "--template", "session-debrief")
    log = journal.ok("export", "--format", "markdown").stdout
    for key in INTERNAL_IDS + ("cadence",):
        assert f"- {key}:" not in log and f"{key}:" not in log, key
    assert "**What the mentorship is for**\n\noutcome" in log
    assert "**How often we meet**\n\nbiweekly" in log
    assert "**My goals**\n\n- Get promoted to senior engineer: keep, 40%" in log
    assert "**Sam Rivera's goals**\n\n- Ship a feature end to end: adjust, 60%" in log
    assert "**The one thing I will remember**\n\nWrite the plan first" in log
    assert "**Feedback from Ada Lovelace, and how it matches my own view**" in log
    assert "— Periodic review" in log and "— Session debrief" in log


def test_a_template_heading_must_be_text(cli, tmp_path):
    folder = tmp_path / "config" / "mentorlog" / "prompts"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('name = "mine"\ntitle = "Mine"\nfor = "both"\n[[questions]]\nid = "a"\n'
                                      'type = "text"\nprompt = "P"\nheading = 3\n')
    assert "heading must be a non-empty string" in cli.fail("review", "templates").stderr
    (folder / "mine.toml").write_text('name = "mine"\ntitle = "Mine"\nfor = "both"\n[[questions]]\nid = "a"\n'
                                      'type = "text"\nprompt = "What went well?"\nheading = "What went well with {name}"\n')
    answer(cli_with_ada(cli), "ada", {"a": "the pairing"}, "--template", "mine")
    markdown = cli.ok("review", "show", "1", "--format", "markdown").stdout
    assert "## What went well with Ada Lovelace\n\nthe pairing" in markdown


def cli_with_ada(cli):
    cli.ok("mentor", "add", "Ada Lovelace", "--cadence", "biweekly", "--since", "2026-09-01")
    return cli


def test_a_review_naming_its_template_by_kind_is_shown_under_the_headings_for_my_role(people, db_path):
    """An older journal's review may name its template `periodic`: the one for my role gives the headings."""
    from mentorlog.data import mentorships
    from mentorlog.data.journal import Journal, insert_row, new_uid

    with Journal(db_path) as store:
        for name, answers in (("ada", {"working": "steady cadence"}), ("sam", {"support": "faster reviews"})):
            found = mentorships.resolve(store, name)
            with store.write() as conn:
                insert_row(conn, "reviews", {
                    "uid": new_uid(), "mentorship_id": found.id, "template": "periodic", "kind": "periodic",
                    "held_at": "2026-11-15T09:00:00", "answers": json.dumps(answers),
                    "created_at": "2026-11-15T09:00:00Z", "updated_at": "2026-11-15T09:00:00Z"})
    assert "## What is working well\n\nsteady cadence" in people.ok("review", "show", "1", "--format", "markdown").stdout
    assert "## What Sam Rivera asked of me\n\nfaster reviews" in people.ok("review", "show", "2", "-f", "markdown").stdout
    log = people.ok("export", "--format", "markdown").stdout
    assert "**What is working well**\n\nsteady cadence" in log and "**What Sam Rivera asked of me**" in log


@pytest.mark.parametrize("template", ["first-meeting", "periodic", "session-debrief", "wrap-up"])
def test_every_built_in_question_has_a_heading_in_one_voice(template):
    """Each built-in template's summary reads as written to be sent: a heading of its own (or its role's,
    or its type's) for every question, never the raw prompt."""
    from mentorlog.domain.templates import load_templates
    from mentorlog.output import render_review

    for found in load_templates().values():
        if found.kind != template and found.name != template:
            continue
        for question in found.questions:
            if question.type == "actions":  # shown as "My next actions" and "Ada Lovelace's next actions"
                continue
            title = render_review.heading(question, question.id, "Ada Lovelace", "mentor")
            assert title != render_review.fill(question.prompt, "Ada Lovelace"), (found.name, question.id)
            assert not SECOND_PERSON.search(title) and "?" not in title, (found.name, question.id, title)


@pytest.mark.parametrize("columns", [60, 80])
def test_printed_commands_break_between_words_and_still_run(journal, monkeypatch, columns):
    """A warning sign's command too long for the line is broken between its words with shell line
    continuations: no line is wider than the terminal, and the lines copied together are the command."""
    journal.ok("action", "add", "Send the packet", "--with", "ada", "--due", "2026-11-01")
    import json

    signals = [sign for m in json.loads(journal.ok("status", "--json").stdout)["mentorships"] for sign in m["signals"]]
    wanted = [sign["command"] for sign in signals if sign.get("command")]
    assert wanted
    on_terminal(monkeypatch, columns)
    for args in (("status",), ("report", "--with", "ada")):
        text = journal.ok(*args).stdout
        assert all(len(line) <= columns for line in text.splitlines() if "mentorlog" in line), text
        joined = re.sub(r" \\\n\s*", " ", text)  # what a shell reads from the copied lines
        assert any(command in joined for command in wanted), f"{args} at {columns}:\n{text}"
