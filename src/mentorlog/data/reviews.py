"""Data layer for reviews and their drafts. Never prints.

Answers are checked against the template completely before anything is written; then the review,
its goal decisions, its actions and any change to the mentorship land in one transaction.

Nothing read before that transaction is written back blindly: a goal decided on is refused if the goal
changed since the review began (when its draft was first looked for), and a draft is only replaced or
deleted by the mentorlog that last read or wrote it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from mentorlog.data import actions, goals
from mentorlog.domain import dates, questions
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal, insert_row, new_uid
from mentorlog.data.tables import Join, Table
from mentorlog.domain.models import (  # noqa: F401  (the review kinds, re-exported)
    FIRST_MEETING, PERIODIC, RELATIONSHIP_KINDS, WRAP_UP, Action, Goal, Mentorship, Review,
)
from mentorlog.domain.questions import (  # noqa: F401  (CHECKS, DECISIONS: re-exported for the importer)
    CHECKS, DECISIONS, GOAL_ANSWER_KEYS, Question, mentorship_changes,
)
from mentorlog.data import mentorships
from mentorlog.domain.text import shell_command

if TYPE_CHECKING:
    from mentorlog.domain.templates import Template

REVIEWS = Table("reviews", Review, refs={"mentorship_id": "mentorships"},
                joins={"with_name": Join("mentorships", "mentorship_id", "name")}, order="t.held_at DESC, t.id DESC")
DRAFT_SELECT = ("SELECT mentorship_id, template, answers, created_at, updated_at FROM review_drafts "
                "WHERE mentorship_id = ?")
GOALS_SEEN = "_goals_seen"  # in a draft: each goal decided, as it was when decided on (`goals.fingerprint`)
IN_PROGRESS = "_in_progress"  # in a draft: a goals or actions question walked part-way (as the walker keeps it)


@dataclass
class Draft:
    """Answers given so far to a review that was interrupted; `null` marks a question skipped."""

    mentorship_id: int
    template: str
    answers: dict
    created_at: str
    updated_at: str

    @property
    def answered(self) -> int:
        return sum(1 for key, value in self.answers.items() if not key.startswith("_") and value is not None)

    def finished_answers(self) -> dict:
        """The answers themselves, without skipped questions or a half-walked list."""
        return {key: value for key, value in self.answers.items() if not key.startswith("_") and value is not None}


@dataclass
class Begun:
    """What this mentorlog saw when it began a review of one mentorship."""

    goals: dict[int, str]  # the active goals then, by id (`goals.fingerprint`)
    draft: str | None  # the draft as last read or written here (`_draft_text`), None for none
    wrote: bool = False  # a draft was saved here: the answers were walked on this terminal


_BEGUN: WeakKeyDictionary[Journal, dict[int, Begun]] = WeakKeyDictionary()


# -- reading -----------------------------------------------------------------------------------


def reviews(journal: Journal, mentorship: Mentorship | None = None) -> list[Review]:
    """Reviews, newest first."""
    if mentorship is None:
        return REVIEWS.rows(journal.conn)
    return REVIEWS.rows(journal.conn, "t.mentorship_id = ?", [mentorship.id])


def review(journal: Journal, review_id: int) -> Review:
    return REVIEWS.one(journal.conn, review_id, "review")


def last_review(journal: Journal, mentorship: Mentorship, kind: str | tuple[str, ...] | None = None) -> Review | None:
    """The latest review of the mentorship, of this kind (or one of these kinds) when given."""
    where, params = "t.mentorship_id = ?", [mentorship.id]
    if kind is not None:
        kinds = (kind,) if isinstance(kind, str) else tuple(kind)
        where += f" AND t.kind IN ({', '.join('?' * len(kinds))})"
        params.extend(kinds)
    found = REVIEWS.rows(journal.conn, where, params, limit=1)
    return found[0] if found else None


def default_template(journal: Journal, mentorship: Mentorship) -> str:
    """`first-meeting` until the mentorship has a review of the relationship, then `periodic`."""
    return PERIODIC if last_review(journal, mentorship, RELATIONSHIP_KINDS) is not None else FIRST_MEETING


def review_actions(journal: Journal, review_id: int) -> list[Action]:
    rows = journal.conn.execute("SELECT id FROM actions WHERE review_id = ? ORDER BY owner, id", [review_id])
    return [actions.action(journal, row[0]) for row in rows.fetchall()]


def role_ids(role: str) -> dict[str, str | None]:
    """For each template, the id of its question taking on `role` (None: none does)."""
    from mentorlog.domain.templates import readable_templates

    return {name: found.id if (found := template.by_role(role)) else None
            for name, template in readable_templates().items()}


def not_working_answer(answers_json: str | None, question_id: str | None) -> str | None:
    """The answer to `question_id` (the question with the role `not_working`) among a review's answers,
    as text; None when there is no such question, or its answer is absent or blank."""
    try:
        answers = json.loads(answers_json or "{}")
    except ValueError:
        return None
    value = answers.get(question_id) if isinstance(answers, dict) and question_id else None
    if isinstance(value, dict):
        value = value.get("answer", value.get("text"))
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value if str(item).strip())
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


# -- drafts ------------------------------------------------------------------------------------


def draft(journal: Journal, mentorship: Mentorship) -> Draft | None:
    """The unfinished review, if any. Looking for it begins a review: the goals as they are now are
    noted, so that saving the review can tell whether one changed meanwhile."""
    row = journal.conn.execute(DRAFT_SELECT, [mentorship.id]).fetchone()
    begin(journal, mentorship).draft = _draft_text(row)
    if row is None:
        return None
    return Draft(row["mentorship_id"], row["template"], json.loads(row["answers"] or "{}"),
                 row["created_at"], row["updated_at"])


def begin(journal: Journal, mentorship: Mentorship) -> Begun:
    """What this mentorlog saw when it began reviewing the mentorship (noted now if not yet)."""
    begun = _BEGUN.setdefault(journal, {})
    if mentorship.id not in begun:
        row = journal.conn.execute(DRAFT_SELECT, [mentorship.id]).fetchone()
        found = {g.id: goals.fingerprint(g) for g in goals.goals(journal, mentorship)}
        begun[mentorship.id] = Begun(found, _draft_text(row))
    return begun[mentorship.id]


def _draft_text(row: sqlite3.Row | None) -> str | None:
    return None if row is None else f"{row['template']}\n{row['answers']}"


def save_draft(journal: Journal, mentorship: Mentorship, template_name: str, answers: dict) -> None:
    """Keep the answers so far (one draft per mentorship; a new one replaces the old).

    Refused if the draft changed since this mentorlog last read or wrote it: another review of the
    same mentorship is being answered elsewhere, and its answers are not overwritten."""
    begun = begin(journal, mentorship)
    decided = _decided_ids(answers)
    carried = answers.get(GOALS_SEEN) if isinstance(answers.get(GOALS_SEEN), dict) else {}
    seen = {str(i): begun.goals[i] for i in decided if i in begun.goals} | {
        key: value for key, value in carried.items() if key.isdigit() and int(key) in decided}
    kept = {key: value for key, value in answers.items() if key != GOALS_SEEN} | ({GOALS_SEEN: seen} if seen else {})
    text = json.dumps(kept, ensure_ascii=False)
    stamp = dates.utc_stamp()
    with journal.write() as conn:
        if _draft_text(conn.execute(DRAFT_SELECT, [mentorship.id]).fetchone()) != begun.draft:
            raise MentorlogError(
                f"the unfinished review with {mentorship.name} was changed by another mentorlog while you were "
                f"answering; your last answer was not saved — continue that review: "
                f"{shell_command('review', '--with', mentorship.name, '--resume')}"
            )
        conn.execute(
            "INSERT INTO review_drafts (uid, mentorship_id, template, answers, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (mentorship_id) DO UPDATE SET "
            "template = excluded.template, answers = excluded.answers, updated_at = excluded.updated_at",
            [new_uid(), mentorship.id, template_name, text, stamp, stamp],
        )
    begun.draft, begun.wrote = f"{template_name}\n{text}", True


def _decided_ids(answers: dict) -> set[int]:
    """The goals decided on among a review's answers (a goals answer, or one walked part-way)."""
    found: set[int] = set()
    for key, value in answers.items():
        if key == IN_PROGRESS and isinstance(value, dict):
            value = value.get("value")
        if isinstance(value, dict):
            found |= {int(k) for k, entry in value.items()
                      if str(k).isdigit() and isinstance(entry, dict) and "decision" in entry}
    return found


# -- checking answers --------------------------------------------------------------------------


def validate_answers(journal: Journal, template: Template, mentorship: Mentorship, answers: object) -> dict:
    """Answers `{question_id: answer}` checked against the template, cleaned; a MentorlogError otherwise.

    An absent or null answer means the question was skipped; a blank text answer too. Each answer is
    checked as its question's type says (`questions.TYPES`); an answer as a review keeps it, without a
    journal to check it against (in an import), is checked by `questions.check_stored`.
    """
    if not isinstance(answers, dict):
        raise MentorlogError("the answers must be a JSON object: {\"question_id\": answer, …}")
    unknown = [key for key in answers if template.question(str(key)) is None]
    if unknown:
        ids = ", ".join(q.id for q in template.questions)
        raise MentorlogError(f"template {template.name!r} has no question {unknown[0]!r}; its questions: {ids}")
    checking = questions.Checking(mentorship, {g.id: g for g in goals.goals(journal, mentorship)},
                                  open_actions={a.id: a for a in actions.actions(journal, mentorship)})
    clean: dict = {}
    for question in template.questions:
        value = answers.get(question.id)
        checked = None if value is None else questions.of(question).check(question, value, checking)
        if checked is not None:
            clean[question.id] = checked
    if not clean:
        raise MentorlogError("no answers: nothing to save")
    mentorship_changes(template.questions, clean)
    return clean


# -- saving ------------------------------------------------------------------------------------


def save_review(journal: Journal, template: Template, mentorship: Mentorship, answers: object) -> Review:
    """Save a completed review with its goal decisions, actions and mentorship changes, all or nothing.

    A wrap-up ends the mentorship; the draft of this template, if any, is done with. A goal decided on
    that changed since the review began (another command recorded progress meanwhile, say) is not
    overwritten: the whole review is refused, and a draft walked here forgets that one decision, so
    that `--resume` asks about the goal again, showing it as it is now.
    """
    if mentorship.status == "ended":
        raise MentorlogError(f"the mentorship with {mentorship.name} has ended; resume it before reviewing it")
    clean = validate_answers(journal, template, mentorship, answers)
    changes = mentorship_changes(template.questions, clean)
    active = {g.id: g for g in goals.goals(journal, mentorship)}
    since = _decided_since(journal, template, mentorship, clean, active)
    try:
        review_id = _write_review(journal, template, mentorship, clean, changes, active, since)
    except goals.GoalChanged as changed:
        raise _refusal(journal, template, mentorship, changed.current) from None
    return review(journal, review_id)


def _decided_since(journal: Journal, template: Template, mentorship: Mentorship, clean: dict,
                   active: dict[int, Goal]) -> dict[int, str]:
    """For each goal decided on, its state when the decision was made (`goals.fingerprint`): as kept in
    the draft for a decision resumed from it, else when this review began, else as read just now."""
    began = begin(journal, mentorship).goals
    row = journal.conn.execute(DRAFT_SELECT, [mentorship.id]).fetchone()
    stored = json.loads(row["answers"] or "{}") if row is not None and row["template"] == template.name else {}
    seen = stored.get(GOALS_SEEN) if isinstance(stored.get(GOALS_SEEN), dict) else {}
    since = {}
    for question in template.questions:
        if not questions.of(question).decides_goals:
            continue
        drafted = stored.get(question.id) if isinstance(stored.get(question.id), dict) else {}
        for key, entry in clean.get(question.id, {}).items():
            goal_id = int(key)
            resumed = isinstance(drafted.get(key), dict) and _same_decision(drafted[key], entry)
            since[goal_id] = (seen.get(key) if resumed else None) or began.get(goal_id) or goals.fingerprint(
                active[goal_id])
    return since


def _same_decision(a: dict, b: dict) -> bool:
    return all(a.get(key) == b.get(key) for key in GOAL_ANSWER_KEYS)


def _write_review(journal: Journal, template: Template, mentorship: Mentorship, clean: dict, changes: dict,
                  active: dict[int, Goal], since: dict[int, str]) -> int:
    """The review and everything it decides, in one transaction; each goal is checked there, as it is now."""
    stamp = dates.utc_stamp()
    with journal.write() as conn:
        if mentorships.mentorship(journal, mentorship.id).status == "ended":  # ended by another command meanwhile
            raise MentorlogError(f"the mentorship with {mentorship.name} ended while you were answering; nothing "
                                 f"was saved — resume it before reviewing it: "
                                 f"{shell_command(mentorship.role, 'resume', mentorship.name)}")
        review_id = insert_row(conn, "reviews", {
            "uid": new_uid(), "mentorship_id": mentorship.id, "template": template.name, "kind": template.kind,
            "held_at": dates.iso_datetime(dates.now()), "answers": json.dumps(clean, ensure_ascii=False),
            "created_at": stamp, "updated_at": stamp,
        })
        save_effects(Saving(journal, mentorship, review_id, active, since), template, clean)
        changes = {column: value for column, value in changes.items() if getattr(mentorship, column) != value}
        if changes:  # an answer that keeps what is set changes nothing
            mentorship = mentorships.update_mentorship(journal, mentorship, **changes)
        _done_with_draft(journal, conn, mentorship, template)
        if template.kind == WRAP_UP:
            mentorships.set_status(journal, mentorship, "ended", note=f"wrap-up review #{review_id}")
    return review_id


@dataclass
class Saving:
    """What saving a review gives each answer's effects: the review was just written, in this transaction."""

    journal: Journal
    mentorship: Mentorship
    review_id: int
    active: dict[int, Goal]  # the active goals, by id, as read before the transaction
    since: dict[int, str]  # each goal decided on, as it was when decided on (`goals.fingerprint`)


def save_effects(saving: Saving, template: Template, answers: dict) -> None:
    """Every answer's effects beyond the review itself, in the template's order (`QuestionType.save`)."""
    for question in template.questions:
        kind = questions.of(question)
        if kind.save is not None and answers.get(question.id) is not None:
            kind.save(saving, question, answers[question.id])


def save_goal_decisions(saving: Saving, question: Question, answer: dict) -> None:
    """A goals answer's effect: each decision applied to its goal, refused (`goals.GoalChanged`) if the goal
    changed since it was decided on."""
    for goal_id, entry in answer.items():
        current = goals.unchanged(saving.journal, saving.active[int(goal_id)], saving.since[int(goal_id)])
        apply_decision(saving.journal, current, entry)


def save_actions(saving: Saving, question: Question, answer: list) -> None:
    """An actions answer's effect: each action added to the journal, made by this review."""
    for item in answer:
        actions.add_action(saving.journal, item["text"], item["owner"], saving.mentorship,
                           due=date.fromisoformat(item["due"]) if item.get("due") else None,
                           review_id=saving.review_id)


def save_settled(saving: Saving, question: Question, answer: dict) -> None:
    """A settle answer's effect: each open action done, skipped with its reason, or kept as mine (mine, with
    nobody, and serving none of this mentorship's goals). Each is read inside the write: one closed or moved
    to someone else meanwhile refuses the whole review."""
    journal = saving.journal
    for key, entry in answer.items():
        found = actions.action(journal, int(key))
        if found.mentorship_id != saving.mentorship.id:
            raise MentorlogError(f"action #{found.id} is no longer with {saving.mentorship.name}; nothing was saved")
        if entry["settle"] == "done":
            actions.complete_action(journal, found)
        elif entry["settle"] == "skip":
            actions.skip_action(journal, found, entry["reason"])
        else:
            theirs = found.goal_id is not None and journal.conn.execute(
                "SELECT mentorship_id FROM goals WHERE id = ?", [found.goal_id]).fetchone()[0] == found.mentorship_id
            actions.check_move(found, "done")  # still open: it could be closed
            actions.update_action(journal, found, clear=("mentorship_id", "goal_id") if theirs else ("mentorship_id",),
                                  owner="me")


def _done_with_draft(journal: Journal, conn: sqlite3.Connection, mentorship: Mentorship, template: Template) -> None:
    """Delete the draft of this template, unless another review changed it since it was read or written here."""
    row = conn.execute(DRAFT_SELECT, [mentorship.id]).fetchone()
    if row is None or row["template"] != template.name or _draft_text(row) != begin(journal, mentorship).draft:
        return
    conn.execute("DELETE FROM review_drafts WHERE mentorship_id = ?", [mentorship.id])
    begin(journal, mentorship).draft = None


def _refusal(journal: Journal, template: Template, mentorship: Mentorship, current: Goal) -> MentorlogError:
    """The review was refused because a goal changed: a draft walked here forgets that goal's decision."""
    if _forget_decision(journal, template, mentorship, current.id):
        return goals.GoalChanged(current, "the review was not saved, but your answers are kept — decide on that "
                                          f"goal again: {shell_command('review', '--with', mentorship.name, '--resume')}")
    return goals.GoalChanged(current, f"nothing was saved — run the review again, deciding on goal #{current.id} anew")


def _forget_decision(journal: Journal, template: Template, mentorship: Mentorship, goal_id: int) -> bool:
    """Take one goal's decision out of the draft this mentorlog walked, so that resuming asks it again."""
    begun = begin(journal, mentorship)
    if not begun.wrote:
        return False
    with journal.write() as conn:
        row = conn.execute(DRAFT_SELECT, [mentorship.id]).fetchone()
        if row is None or row["template"] != template.name or _draft_text(row) != begun.draft:
            return False
        state = json.loads(row["answers"] or "{}")
        for question in template.questions:
            decided = state.get(question.id)
            if questions.of(question).decides_goals and isinstance(decided, dict) and str(goal_id) in decided:
                del state[question.id]  # walked again from here, asking only the goals not decided
                state[IN_PROGRESS] = {"question": question.id,
                                      "value": {k: v for k, v in decided.items() if k != str(goal_id)}}
        if isinstance(state.get(GOALS_SEEN), dict):
            state[GOALS_SEEN].pop(str(goal_id), None)
        text = json.dumps(state, ensure_ascii=False)
        conn.execute("UPDATE review_drafts SET answers = ?, updated_at = ? WHERE mentorship_id = ?",
                     [text, dates.utc_stamp(), mentorship.id])
    begun.draft = f"{template.name}\n{text}"
    return True


def apply_decision(journal: Journal, goal: Goal, entry: dict) -> Goal:
    """One goal's decision from a review: keep or adjust (with new progress), achieved, or drop.

    `goal` is the goal the decision was made on: if it changed since (`goals.GoalChanged`), nothing is written."""
    decision, progress, note = entry["decision"], entry.get("progress"), entry.get("note")
    with journal.write():
        goal = goals.unchanged(journal, goal)
        if decision == "adjust":
            changes = {"title": entry.get("title"),
                       "target": date.fromisoformat(entry["target"]) if entry.get("target") else None}
            goal = goals.update_goal(journal, goal, **changes)
        if decision in ("keep", "adjust"):
            if (progress is not None and progress != goal.progress) or note:
                goal = goals.record_progress(journal, goal, goal.progress if progress is None else progress, note)
            return goal
        if decision == "achieved":
            return goals.close_goal(journal, goal, "achieved", note)
        if progress is not None and progress != goal.progress:
            goal = goals.record_progress(journal, goal, progress)
        return goals.close_goal(journal, goal, "dropped", note)
