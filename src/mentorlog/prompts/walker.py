"""Walks a review template with questionary, one question at a time.

The walker holds no journal: it is given what to show (the goals, the last review's answers) and a
`save` callback that it calls with the answers so far after every answer, so that Ctrl-C part-way
leaves a draft that a later walk continues from the next question. Skipped questions are kept as
`None`; a goals or actions question walked part-way is kept under `_in_progress`.

Which function asks a question of each type is said in the registry of question types (`questions.TYPES`),
which names the askers here (`ask_text` and the others) by a `questions.Hook`; each asker shows the
question's help itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mentorlog.domain import dates, questions
from mentorlog.errors import MentorlogError
from mentorlog.domain.models import Action, Goal
from mentorlog.prompts import ask
from mentorlog.domain.templates import Question, Template, fill
from mentorlog.domain.text import safe_text, shell_command, shell_word

IN_PROGRESS = "_in_progress"
SKIP = "__skip__"  # questionary turns a choice's value None into its title, so skipping needs a marker
DECISION_CHOICES = (
    ("keep: still relevant", "keep"),
    ("adjust: change its title or target", "adjust"),
    ("achieved", "achieved"),
    ("drop: no longer relevant", "drop"),
)


@dataclass
class WalkContext:
    """What the walker shows beside the questions."""

    name: str  # the other person
    goals: list[Goal] = field(default_factory=list)  # the mentorship's active goals
    previous: dict = field(default_factory=dict)  # the last review's answers, by question id
    previous_date: str | None = None
    previous_actions: list[Action] = field(default_factory=list)
    checks: dict[str, Callable[[str], object]] = field(default_factory=dict)  # extra checks of text answers
    # what the mentorship has now, by role, as answers that keep it (`current_answers`): the defaults
    current: dict[str, str] = field(default_factory=dict)
    open_actions: list[Action] = field(default_factory=list)  # the mentorship's open actions (to settle)
    edit: bool = False  # `review --edit`: long text answers (no parser) are written in the editor


def walk(template: Template, context: WalkContext, state: dict, save: Callable[[dict], None]) -> dict:
    """Ask every question not yet in `state`; returns the answers (skipped ones left out).

    `state` is updated in place and passed to `save` after each answer.
    """
    remaining = [q for q in template.questions if q.id not in state]
    if len(remaining) < len(template.questions):
        note(f"Continuing: {len(template.questions) - len(remaining)} of {len(template.questions)} questions answered.")
    else:
        heading(template.title)
        note("Ctrl-C keeps your answers so far as a draft; `--resume` continues it.")
    for question in remaining:
        answer = questions.of(question).ask(question, context, state, save)
        state.pop(IN_PROGRESS, None)
        state[question.id] = answer
        save(state)
    return {key: value for key, value in state.items() if not key.startswith("_") and value is not None}


# -- output beside the prompts ------------------------------------------------------------------


def heading(text: str) -> None:
    """A heading beside the prompts; journal text in it can't drive the terminal (`safe_text`)."""
    import questionary

    questionary.print(safe_text(text), style="bold")


def note(text: str) -> None:
    """A quiet line beside the prompts; journal text in it can't drive the terminal (`safe_text`)."""
    import questionary

    questionary.print(safe_text(text), style="fg:ansibrightblack")


def show_help(question: Question, context: WalkContext, last_answer: bool = True) -> None:
    """The question's help, and (unless `last_answer` is False) the last review's answer to it."""
    if question.help:  # a name in a command is quoted as the command must be typed
        note(fill(question.help.replace("--with {name}", f"--with {shell_word(context.name)}"), context.name))
    last = context.previous.get(question.id) if last_answer else None
    if last is not None:
        shown = {True: "yes", False: "no"}.get(last, last) if isinstance(last, bool) else last
        note(f"Last review{f' ({context.previous_date})' if context.previous_date else ''}: {shown}")


# -- the askers of the built-in question types (named in `questions.TYPES`) ---------------------


def ask_text(question: Question, context: WalkContext, state: dict, save) -> str | None:
    show_help(question, context)
    check = context.checks.get(question.id)
    if context.edit and check is None:
        return text_in_editor(question, context, context.current.get(question.role or "", ""))
    answer = ask.text(fill(question.prompt, context.name), check=check, instruction="(blank to skip)",
                      default=context.current.get(question.role or "", ""))
    return answer.strip() or None


def text_in_editor(question: Question, context: WalkContext, default: str) -> str | None:
    """`review --edit`: the answer written in the editor, the question and the last answer as comments.
    Left empty, the question is skipped; an editor that fails stops the walk as Ctrl-C does (the
    answers so far kept as a draft), and nothing is saved for this question."""
    from mentorlog.prompts import editor

    last = context.previous.get(question.id)
    when = f" ({context.previous_date})" if context.previous_date else ""
    lines = [default, "",  # the answer first, where the editor opens
             editor.comment(fill(question.prompt, context.name)),
             *([editor.comment(fill(question.help, context.name))] if question.help else []),
             *([editor.comment(f"Last review{when}: {last}")] if isinstance(last, str) and last.strip() else []),
             editor.comment("Write your answer above, then save and quit. Leave it empty to skip the question.")]
    try:
        saved = editor.run_editor("\n".join(lines) + "\n", name="mentorlog-review")
    except MentorlogError as error:
        note(f"{str(error)[:1].upper()}{str(error)[1:]}.")
        raise KeyboardInterrupt from None
    answer = editor.meaningful(saved)
    note(safe_text(f"{fill(question.prompt, context.name)} " + (
        f"({len(answer.splitlines())} line(s) written in the editor)" if answer else "(skipped: nothing written)")))
    return answer or None


def ask_rating(question: Question, context: WalkContext, state: dict, save) -> int | None:
    show_help(question, context)
    choices: list[tuple[str, object]] = [(f"{n} {'★' * n}", n) for n in (5, 4, 3, 2, 1)]
    choices.append(("skip", SKIP))
    last = context.previous.get(question.id)
    answer = ask.select(fill(question.prompt, context.name), choices,
                        default=last if last in (1, 2, 3, 4, 5) and not isinstance(last, bool) else None)
    return None if answer == SKIP else answer


def ask_choice(question: Question, context: WalkContext, state: dict, save) -> str | None:
    show_help(question, context)
    choices: list[tuple[str, object]] = [(choice, choice) for choice in question.choices]
    choices.append(("skip", SKIP))
    last = context.previous.get(question.id)
    default = last if last in question.choices else None
    kept = context.current.get(question.role or "")
    if kept is not None:  # what is set comes first and is chosen: Enter keeps it
        same = next((choice for choice in question.choices if same_answer(question, choice, kept)), None)
        if same is None:  # not among the choices (`every 10 days`): offered first
            choices.insert(0, (shown_setting(question.role, kept), kept))
        choices = [(f"{title} (as set)", value) if value in (same, kept) else (title, value) for title, value in choices]
        default = same or kept
    answer = ask.select(fill(question.prompt, context.name), choices, default=default)
    return None if answer == SKIP else answer


def current_answers(mentorship) -> dict[str, str]:
    """What a mentorship has now, by role, each as an answer that keeps it (`10d`, `video`, `2027-03-01`,
    `open-ended`): the defaults of the questions with those roles (the first meeting's cadence, channel,
    planned end and focus), so that Enter keeps what is set."""
    found = {"length": mentorship.until.isoformat() if mentorship.until else "open-ended"}
    if mentorship.cadence_days:
        months = dates.cadence_months(mentorship.cadence_days)
        found["cadence"] = f"{months}m" if months else f"{mentorship.cadence_days}d"
    if mentorship.channel:
        found["channel"] = mentorship.channel
    if mentorship.focus:
        found["focus"] = mentorship.focus
    return found


def same_answer(question: Question, one: str, other: str) -> bool:
    """Whether two answers set the same value (`biweekly` and `14d`), by the question role's parser."""
    parse = questions.answer_check(question)
    if parse is None:
        return one == other
    try:
        return parse(one) == parse(other)
    except MentorlogError:
        return False


def shown_setting(role: str | None, answer: str) -> str:
    """A kept answer as a person reads it: `every 10 days`, `until 2027-03-01`."""
    if role == "cadence":
        return dates.format_cadence(dates.parse_cadence(answer))
    if role == "length" and answer[:1].isdigit():
        return f"until {answer}"
    return answer


def ask_confirm(question: Question, context: WalkContext, state: dict, save) -> bool:
    show_help(question, context)
    last = context.previous.get(question.id)
    return ask.confirm(fill(question.prompt, context.name), default=last if isinstance(last, bool) else True)


def ask_goals(question: Question, context: WalkContext, state: dict, save) -> dict | None:
    """Each active goal: its progress, last review's decision; then a decision, progress and a note."""
    if not context.goals:
        note(f"No active goals with {context.name} (add one: {shell_command('goal', 'add', '--with', context.name)}).")
        return None
    heading(fill(question.prompt, context.name))
    show_help(question, context, last_answer=False)
    decided = _resumed(state, question, dict)
    last = context.previous.get(question.id) or {}
    for goal in context.goals:
        if str(goal.id) in decided:
            continue
        note(_goal_line(goal, last.get(str(goal.id))))
        decided[str(goal.id)] = _decide(goal)
        state[IN_PROGRESS] = {"question": question.id, "value": decided}
        save(state)
    return decided or None


def _goal_line(goal: Goal, last: dict | None) -> str:
    from mentorlog.output.render import progress_bar

    parts = [f"Goal #{goal.id} {goal.title}", progress_bar(goal.progress)]
    if goal.target:
        parts.append(f"target {goal.target.isoformat()}")
    if last:
        parts.append(f"last review: {last.get('decision')}"
                     + (f" at {last['progress']}%" if last.get("progress") is not None else ""))
    return " · ".join(parts)


def _decide(goal: Goal) -> dict:
    decision = ask.select(safe_text(f"#{goal.id} {goal.title}: keep, adjust, achieved or drop?"), list(DECISION_CHOICES),
                          default="keep")
    entry: dict = {"decision": decision}
    if decision == "adjust":
        title = ask.text("Title", default=goal.title, check=_non_blank).strip()
        if title != goal.title:
            entry["title"] = title
        target = ask.text("Target date", default=goal.target.isoformat() if goal.target else "",
                          check=_optional_date, instruction="(blank for none)").strip()
        if target and target != (goal.target.isoformat() if goal.target else ""):
            entry["target"] = dates.parse_date(target).isoformat()
    if decision in ("keep", "adjust", "drop"):
        entry["progress"] = parse_progress(ask.text("Progress now (0-100%)", default=str(goal.progress),
                                                    check=parse_progress))
    prompt = {"drop": "Why drop it?", "achieved": "How did it go?"}.get(decision, "Note")
    text = ask.text(prompt, instruction="(blank to skip)").strip()
    if text:
        entry["note"] = text
    return entry


def ask_actions(question: Question, context: WalkContext, state: dict, save) -> list[dict] | None:
    """Next actions one at a time, each with its owner and an optional due date; blank text finishes."""
    heading(fill(question.prompt, context.name))
    show_help(question, context, last_answer=False)
    if context.previous_actions:
        note("From the last review: " + "; ".join(
            f"{a.text} ({'you' if a.owner == 'me' else context.name}, {a.status})" for a in context.previous_actions
        ))
    collected = _resumed(state, question, list)
    while True:
        text = ask.text(f"Action {len(collected) + 1}", instruction="(blank to finish)").strip()
        if not text:
            return collected or None
        owner = ask.select("Whose is it?", [("mine", "me"), (safe_text(f"{context.name}'s"), "them")])
        due = ask.text("Due", check=_optional_date, instruction="(e.g. 'in 2 weeks'; blank for none)").strip()
        item = {"text": text, "owner": owner}
        if due:
            item["due"] = dates.parse_date(due).isoformat()
        collected.append(item)
        state[IN_PROGRESS] = {"question": question.id, "value": collected}
        save(state)


SETTLE_CHOICES = (
    ("done", "done"),
    ("not taken: skip it, saying why", "skip"),
    ("keep it as my own", "keep"),
    ("leave it open", SKIP),
)


def ask_settle(question: Question, context: WalkContext, state: dict, save) -> dict | None:
    """Each open action of the mentorship: done, not taken (with the reason), kept as mine, or left open."""
    if not context.open_actions:
        note(f"No open actions with {context.name}.")
        return None
    heading(fill(question.prompt, context.name))
    show_help(question, context, last_answer=False)
    settled = _resumed(state, question, dict)
    for action in context.open_actions:
        if str(action.id) in settled:
            continue
        whose = "yours" if action.owner == "me" else f"{context.name}'s"
        due = f", due {action.due.isoformat()}" if action.due else ""
        choice = ask.select(safe_text(f"#{action.id} {action.text} ({whose}{due})"), list(SETTLE_CHOICES),
                            default="done")
        if choice == SKIP:
            continue
        entry: dict = {"settle": choice}
        if choice == "skip":
            entry["reason"] = ask.text("Why was it not done?", check=_non_blank).strip()
        settled[str(action.id)] = entry
        state[IN_PROGRESS] = {"question": question.id, "value": settled}
        save(state)
    return settled or None


def _resumed(state: dict, question: Question, kind: type):
    """The part of a goals or actions question answered before an interruption."""
    partial = state.get(IN_PROGRESS)
    if isinstance(partial, dict) and partial.get("question") == question.id and isinstance(partial.get("value"), kind):
        return partial["value"]
    return kind()


# -- checks of typed answers ---------------------------------------------------------------------


def parse_progress(text: str) -> int:
    cleaned = text.strip().rstrip("%").strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 0 <= int(cleaned) <= 100:
        raise MentorlogError("progress is a whole number from 0 to 100")
    return int(cleaned)


def _optional_date(text: str) -> None:
    if text.strip():
        dates.parse_date(text)


def _non_blank(text: str) -> None:
    if not text.strip():
        raise MentorlogError("give some text")
