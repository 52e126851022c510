"""Review questions and their types, in one registry, and the roles a question can take on in a template.

A question type (`QuestionType`, in `TYPES` by name) says how an answer to it is
  CHECKED: an answer given with `--answers` or found in an import, cleaned or refused;
  ASKED:   the walker's prompt (`walker.ask_text` and the others; questionary only once asked);
  SAVED:   what saving a review does with it besides keeping it (`reviews.save_goal_decisions`, …);
  SHOWN:   its lines in `review show` and in the markdown summary.
Adding a question type is adding one entry to `TYPES`.

This module is pure and is read by the pure layer (`templates` checks a template's types and roles
against it), while asking (questionary) and saving (the journal) live in the layers above. An entry
therefore names its asker and its saver by a `Hook`, a module and function name imported on the first
call, so that every import points down; a type registered in code (a test's) may give any callable.
Checking and showing are pure, and written here.

A role (`ROLES`) is what the code relies on a question for, whatever the question's id: the agenda
reads the answer of the question with `role = "not_working"`; the answers with the roles `focus`,
`cadence`, `channel`, `length`, `expectations` and `boundaries` are set on the mentorship.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mentorlog.domain import dates
from mentorlog.domain.models import CHANNELS, FOCUSES, OWNERS, Action, Goal, Mentorship
from mentorlog.domain.text import stars, value_text
from mentorlog.errors import MentorlogError

DECISIONS = ("keep", "adjust", "achieved", "drop")
GOAL_ANSWER_KEYS = ("decision", "progress", "note", "title", "target")
GOAL_NAME_KEYS = ("goal_uid", "goal_title")  # added on saving: how a review names each goal it decided on
ACTION_ANSWER_KEYS = ("text", "owner", "due")
SETTLEMENTS = ("done", "skip", "keep")  # an open action, settled: done, not taken (with the reason), kept as mine
SETTLE_KEYS = ("settle", "reason")
SETTLE_NAME_KEYS = ("action_uid", "action_text")  # added on saving: how a review names each action it settled
OPEN_ENDED = ("open-ended", "open ended", "open", "no end")


WALKER = "mentorlog.prompts.walker"  # where the askers live
REVIEWS = "mentorlog.data.reviews"  # where the savers live


@dataclass(frozen=True)
class Hook:
    """A function of a layer above this one, named rather than imported: the module is imported on the
    first call (and the function looked up on each, so that a patched one is the one called)."""

    module: str
    name: str

    def __call__(self, *args, **kwargs):
        return getattr(importlib.import_module(self.module), self.name)(*args, **kwargs)


@dataclass(frozen=True)
class Question:
    """A question of a review template (`templates.load_template` reads them)."""

    id: str
    type: str
    prompt: str
    help: str | None = None
    choices: tuple[str, ...] = ()  # only a type that takes choices has any (a `choice` question)
    role: str | None = None
    heading: str | None = None  # the answer's heading in a summary: first person, `{name}` for the other person
    measure: str | None = None  # a rating kept as a value of this measure over time (`data.measures`)

    def to_json(self) -> dict:
        return {"id": self.id, "type": self.type, "prompt": self.prompt, "help": self.help,
                "choices": list(self.choices) or None, "role": self.role, "heading": self.heading,
                "measure": self.measure}


@dataclass
class Checking:
    """What an answer is checked against: a mentorship and its active goals when it is about to be saved;
    nothing for an answer as a review keeps it (in an import, where goal ids are another journal's)."""

    mentorship: Mentorship | None = None
    active: dict[int, Goal] | None = None  # by id; None: goal ids are not looked up
    decided: set[int] = field(default_factory=set)  # goals decided on so far in these answers
    open_actions: dict[int, Action] | None = None  # the mentorship's open actions, by id; None: not looked up


@dataclass
class Showing:
    """What showing an answer knows besides it."""

    name: str = ""  # the other person
    goal_titles: dict[str, str] = field(default_factory=dict)  # by goal id, as the review named them


@dataclass(frozen=True)
class QuestionType:
    name: str
    check: Callable[[Question, object, Checking], object]  # the clean answer, None for skipped; or MentorlogError
    # (question, walker.WalkContext, the answers so far, save them) -> the answer, None for skipped
    ask: Callable[[Question, Any, dict, Callable[[dict], None]], object]
    show: Callable[[object, Showing], list[str] | None]  # its lines; None: not shown among the answers
    save: Callable[[Any, Question, object], None] | None = None  # (reviews.Saving, …): effects beyond keeping it
    listed: bool = False  # shown as a list, one item a line
    takes_choices: bool = False  # the template gives it `choices`
    decides_goals: bool = False  # answers {goal_id: decision}: checked against the goals as they were decided on


# -- checking ------------------------------------------------------------------------------------


def _where(question: Question) -> str:
    return f"answer to {question.id!r} ({question.type})"


def _check_text(question: Question, value, checking: Checking) -> str | None:
    if not isinstance(value, str):
        raise MentorlogError(f"{_where(question)} must be a string, not {value!r}")
    return value.strip() or None


def _check_rating(question: Question, value, checking: Checking) -> int:
    if not _is_rating(value):
        raise MentorlogError(f"{_where(question)} must be a whole number from 1 to 5, not {value!r}")
    return value


def _is_rating(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


def _check_choice(question: Question, value, checking: Checking) -> str:
    if isinstance(value, str):
        for choice in question.choices:
            if choice.casefold() == value.strip().casefold():
                return choice
        role = ROLES.get(question.role or "")
        if role is not None and role.parse is not None and value.strip():  # what is set, kept (`10d`, a date)
            try:
                role.parse(value)
                return value.strip()
            except MentorlogError:
                pass
    raise MentorlogError(f"{_where(question)} must be one of {', '.join(question.choices)}, not {value!r}")


def _check_confirm(question: Question, value, checking: Checking) -> bool:
    if not isinstance(value, bool):
        raise MentorlogError(f"{_where(question)} must be true or false, not {value!r}")
    return value


def _check_actions(question: Question, value, checking: Checking) -> list[dict] | None:
    if not isinstance(value, list):
        raise MentorlogError(f"{_where(question)} must be a list of {{\"text\", \"owner\", \"due\"}} objects")
    cleaned = []
    for number, item in enumerate(value, 1):
        where = f"{_where(question)}, action {number}"
        if not isinstance(item, dict):
            raise MentorlogError(f"{where} must be an object with text, owner (me or them) and due")
        _known_keys(where, item, ACTION_ANSWER_KEYS)
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise MentorlogError(f"{where} needs some text")
        owner = item.get("owner") or "me"
        if owner not in OWNERS:
            raise MentorlogError(f"{where}: owner must be me or them, not {owner!r}")
        entry = {"text": text.strip(), "owner": owner}
        if item.get("due") is not None:
            entry["due"] = _date_answer(item["due"], where, "due")
        cleaned.append(entry)
    return cleaned or None


def _known_keys(where: str, entry: dict, keys: tuple[str, ...]) -> None:
    unknown = sorted(set(entry) - set(keys))
    if unknown:
        raise MentorlogError(f"{where} has an unknown key {unknown[0]!r} (keys: {', '.join(keys)})")


def _check_goals(question: Question, value, checking: Checking) -> dict | None:
    """Decisions `{goal_id: {decision, progress, note, title, target}}` on the mentorship's active goals,
    each named in the clean answer (ids differ in a journal it is merged into); as a review keeps them
    (no mentorship to check against), each may name its goal already."""
    if not isinstance(value, dict):
        raise MentorlogError(
            f"{_where(question)} must be an object {{goal_id: {{\"decision\", \"progress\", \"note\"}}}}"
        )
    cleaned: dict[str, dict] = {}
    for key, entry in value.items():
        goal_id = _goal_id(question, key)
        where = f"{_where(question)}, goal #{goal_id}"
        if checking.active is None:
            cleaned[str(goal_id)] = _check_decision(where, entry, GOAL_ANSWER_KEYS + GOAL_NAME_KEYS)
            continue
        if goal_id not in checking.active:
            raise MentorlogError(f"{where}: not an active goal with {checking.mentorship.name}")
        if goal_id in checking.decided:
            raise MentorlogError(f"{where}: decided twice")
        checking.decided.add(goal_id)
        goal = checking.active[goal_id]
        cleaned[str(goal_id)] = _check_decision(where, entry) | {"goal_uid": goal.uid, "goal_title": goal.title}
    return cleaned or None


def _goal_id(question: Question, key) -> int:
    text = str(key).strip().lstrip("#")
    if not (text.isascii() and text.isdigit()):
        raise MentorlogError(f"{_where(question)}: {key!r} is not a goal id (see `mentorlog goal list`)")
    return int(text)


def _check_decision(where: str, entry, keys: tuple[str, ...] = GOAL_ANSWER_KEYS) -> dict:
    if not isinstance(entry, dict):
        raise MentorlogError(f"{where} must be an object with decision, progress and note")
    _known_keys(where, entry, keys)
    decision = entry.get("decision")
    if decision not in DECISIONS:
        raise MentorlogError(f"{where}: decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    cleaned: dict = {"decision": decision}
    progress = entry.get("progress")
    if progress is not None:
        if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
            raise MentorlogError(f"{where}: progress must be a whole number from 0 to 100, not {progress!r}")
        if decision == "achieved" and progress != 100:
            raise MentorlogError(f"{where}: an achieved goal is at 100% progress, not {progress}")
        cleaned["progress"] = progress
    for key in ("note", *GOAL_NAME_KEYS):
        if entry.get(key) is not None:
            if not isinstance(entry[key], str):
                raise MentorlogError(f"{where}: {key} must be a string, not {entry[key]!r}")
            if entry[key].strip():
                cleaned[key] = entry[key].strip()
    for key in ("title", "target"):
        if entry.get(key) is not None and decision != "adjust":
            raise MentorlogError(f"{where}: {key} can only change with the decision adjust")
    title = entry.get("title")
    if title is not None:
        if not isinstance(title, str) or not title.strip():
            raise MentorlogError(f"{where}: title must be some text")
        cleaned["title"] = title.strip()
    if entry.get("target") is not None:
        cleaned["target"] = _date_answer(entry["target"], where, "target")
    return cleaned


def _check_settle(question: Question, value, checking: Checking) -> dict | None:
    """What to do with each open action of the mentorship, `{action_id: "done" | "keep" | {"settle": "skip",
    "reason": "…"}}`, each named in the clean answer (`{"settle", "reason", "action_uid", "action_text"}`);
    an action left out stays open."""
    if not isinstance(value, dict):
        raise MentorlogError(f"{_where(question)} must be an object {{action_id: \"done\" | \"keep\" | "
                             "{\"settle\": \"skip\", \"reason\": \"…\"}}")
    cleaned: dict[str, dict] = {}
    for key, entry in value.items():
        text = str(key).strip().lstrip("#")
        if not (text.isascii() and text.isdigit()):
            raise MentorlogError(f"{_where(question)}: {key!r} is not an action id (see `mentorlog action list`)")
        where = f"{_where(question)}, action #{int(text)}"
        entry = {"settle": entry} if isinstance(entry, str) else entry
        if not isinstance(entry, dict):
            raise MentorlogError(f"{where} must be done, keep, or {{\"settle\": \"skip\", \"reason\": \"…\"}}")
        _known_keys(where, entry, SETTLE_KEYS + (SETTLE_NAME_KEYS if checking.open_actions is None else ()))
        settle, reason = entry.get("settle"), entry.get("reason")
        if settle not in SETTLEMENTS:
            raise MentorlogError(f"{where}: settle must be one of {', '.join(SETTLEMENTS)}, not {settle!r}")
        if reason is not None and (not isinstance(reason, str) or settle != "skip"):
            raise MentorlogError(f"{where}: a reason is text, and only for skip")
        if settle == "skip" and not (reason or "").strip():
            raise MentorlogError(f"{where}: skip needs a reason (say why it was not done)")
        clean = {"settle": settle} | ({"reason": reason.strip()} if settle == "skip" else {})
        if checking.open_actions is None:
            clean |= {k: entry[k] for k in SETTLE_NAME_KEYS if isinstance(entry.get(k), str)}
        elif int(text) not in checking.open_actions:
            raise MentorlogError(f"{where}: not an open action with {checking.mentorship.name}")
        else:
            found = checking.open_actions[int(text)]
            clean |= {"action_uid": found.uid, "action_text": found.text}
        cleaned[str(int(text))] = clean
    return cleaned or None


def _date_answer(value, where: str, what: str) -> str:
    """A date given in an answers file (any form `dates` reads), as an ISO date."""
    if not isinstance(value, str):
        raise MentorlogError(f"{where}: {what} must be a date written as text, not {value!r}")
    try:
        return dates.parse_date(value).isoformat()
    except MentorlogError as error:
        raise MentorlogError(f"{where}: {error}") from None


# -- showing -------------------------------------------------------------------------------------



def _show_value(value, showing: Showing) -> list[str]:
    """Text, a choice, yes/no; or, from an older import, a value of another shape."""
    return [value_text(value)]


def _show_rating(value: int, showing: Showing) -> list[str]:
    return [f"{stars(value)} ({value}/5)"]


def _show_goals(value: dict, showing: Showing) -> list[str]:
    return [_decision_line(showing.goal_titles.get(str(goal_id), f"goal #{goal_id}"), entry)
            for goal_id, entry in value.items()] or ["—"]


def _decision_line(title: str, entry: object) -> str:
    """One goal's decision; an entry of another shape (from an older import) shown as it is."""
    if not isinstance(entry, dict):
        return f"{title}: {value_text(entry)}"
    parts = [f"{title}: {value_text(entry.get('decision'))}"]
    if entry.get("progress") is not None:
        parts.append(f"{entry['progress']}%")
    if entry.get("target"):
        parts.append(f"target {entry['target']}")
    line = ", ".join(parts)
    return line + (f" — {value_text(entry['note'])}" if entry.get("note") else "")


def _show_settled(value: dict, showing: Showing) -> list[str]:
    words = {"done": "done", "skip": "not taken", "keep": "kept as my own"}
    return [f"{value_text(entry.get('action_text') or f'action #{key}')}: {words[entry['settle']]}"
            + (f" — {value_text(entry['reason'])}" if entry.get("reason") else "") for key, entry in value.items()]


def _not_shown(value, showing: Showing) -> None:
    """Actions are shown from the journal, as they are now (done, skipped), not as they were answered."""
    return None


# -- the registry --------------------------------------------------------------------------------


TYPES: dict[str, QuestionType] = {entry.name: entry for entry in (
    QuestionType("text", _check_text, Hook(WALKER, "ask_text"), _show_value),
    QuestionType("rating", _check_rating, Hook(WALKER, "ask_rating"), _show_rating,
                 Hook("mentorlog.data.measures", "save_from_review")),  # a question naming a measure adds a value
    QuestionType("choice", _check_choice, Hook(WALKER, "ask_choice"), _show_value, takes_choices=True),
    QuestionType("confirm", _check_confirm, Hook(WALKER, "ask_confirm"), _show_value),
    QuestionType("goals", _check_goals, Hook(WALKER, "ask_goals"), _show_goals, Hook(REVIEWS, "save_goal_decisions"),
                 listed=True, decides_goals=True),
    QuestionType("actions", _check_actions, Hook(WALKER, "ask_actions"), _not_shown, Hook(REVIEWS, "save_actions"),
                 listed=True),
    QuestionType("settle", _check_settle, Hook(WALKER, "ask_settle"), _show_settled, Hook(REVIEWS, "save_settled"),
                 listed=True),
)}
BY_SHAPE = ((dict, "goals"), (list, "actions"))  # how an answer with no question of its type is shown; else as text


def of(question: Question) -> QuestionType:
    """The type of a question (of a template checked when loaded: its type is known)."""
    found = TYPES.get(question.type)
    if found is None:
        raise MentorlogError(f"question {question.id!r}: unknown type {question.type!r} (types: {', '.join(TYPES)})")
    return found


def check_stored(question: Question, value) -> object:
    """An answer as a review keeps it (say, in a file to import): cleaned, or a MentorlogError naming it."""
    return of(question).check(question, value, Checking())


class _Checks(Mapping):
    """`{type: check(question, value)}` of answers as a review keeps them, from `TYPES` as it is when asked."""

    def __getitem__(self, name: str) -> Callable:
        kind = TYPES[name]
        return lambda question, value: kind.check(question, value, Checking())

    def __iter__(self) -> Iterator[str]:
        return iter(TYPES)

    def __len__(self) -> int:
        return len(TYPES)


CHECKS: Mapping[str, Callable] = _Checks()


def shown(question: Question | None, value, showing: Showing) -> tuple[list[str], bool] | None:
    """An answer's lines and whether they are a list; None when not shown among the answers.

    An answer its question's type would not accept (from an older import, or with its template gone)
    is shown by its shape: an object as goal decisions, a list not at all, anything else as text."""
    kind = None
    if question is not None and question.type in TYPES:
        try:
            check_stored(question, value)
            kind = TYPES[question.type]
        except MentorlogError:
            pass
    if kind is None:
        kind = TYPES[next((name for shape, name in BY_SHAPE if isinstance(value, shape)), "text")]
    lines = kind.show(value, showing)
    return None if lines is None else (lines, kind.listed)


# -- roles ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    types: tuple[str, ...] = ("text", "choice")  # the question types that can take it on
    column: str | None = None  # the mentorship column an answer sets
    parse: Callable[[str], object] | None = None  # an answer as the column holds it; None: leave it as it is
    # Templates written before roles: in a template of one of these kinds ("any": of every kind), a question
    # whose id is the role's name, of a type that can take it on, takes it on without saying so.
    implied_in: tuple[str, ...] = ()

    def implied(self, question_id: str, kind: str, template_kind: str) -> bool:
        return (question_id == self.name and kind in self.types
                and (template_kind in self.implied_in or "any" in self.implied_in))


def _one_of(choices: tuple[str, ...], what: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        cleaned = value.strip().lower()
        if cleaned not in choices:
            raise MentorlogError(f"{what} must be one of {', '.join(choices)}, not {value!r}")
        return cleaned

    return parse


def _planned_end(value: str) -> date | None:
    cleaned = " ".join(value.strip().lower().split())
    if cleaned in OPEN_ENDED:
        return None
    if cleaned[:4].isdigit():  # a planned end as a date (`2027-03-01`): what a kept answer is
        return dates.parse_date(cleaned)
    try:
        return dates.parse_date(cleaned if cleaned.startswith("in ") else f"in {cleaned}")
    except MentorlogError:
        raise MentorlogError(
            f"can't read the planned length {value!r}; write e.g. '6 months', '1 year' or 'open-ended'"
        ) from None


def _stripped(text: str) -> str | None:
    return text.strip() or None


FIRST = ("first-meeting",)
ROLES: dict[str, Role] = {role.name: role for role in (
    Role("not_working", implied_in=("any",)),  # the agenda's "from our last review, not working"
    Role("focus", column="focus", parse=_one_of(FOCUSES, "focus"), implied_in=FIRST),
    Role("cadence", column="cadence_days", parse=dates.parse_cadence, implied_in=FIRST),
    Role("channel", column="channel", parse=_one_of(CHANNELS, "channel"), implied_in=FIRST),
    Role("length", column="until", parse=_planned_end, implied_in=FIRST),
    Role("expectations", column="expectations", parse=_stripped, implied_in=FIRST),
    Role("boundaries", column="boundaries", parse=_stripped, implied_in=FIRST),
)}


def mentorship_changes(questions: Iterable[Question], answers: dict) -> dict:
    """What the answers set on the mentorship: those to the questions (a template's) whose role has a column."""
    changes: dict = {}
    for question in questions:
        role = ROLES.get(question.role or "")
        value = answers.get(question.id)
        if role is None or role.column is None or not isinstance(value, str):
            continue
        try:
            parsed = role.parse(value)
        except MentorlogError as error:
            raise MentorlogError(f"answer to {question.id!r}: {error}") from None
        if parsed is not None:
            changes[role.column] = parsed
    return changes


def answer_check(question: Question) -> Callable[[str], object] | None:
    """For a prompt: the parser a typed answer to this question must pass (blank skips), if its role has one."""
    role = ROLES.get(question.role or "")
    if role is None or role.parse is None:
        return None
    parse = role.parse
    return lambda text: parse(text) if text.strip() else None
