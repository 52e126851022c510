"""The markdown growth log (`export --format markdown`): each mentorship's goals, then its story in date order."""

from __future__ import annotations

import json
from collections.abc import Iterator

from mentorlog.data import mentorships, sessions
from mentorlog.data.journal import Journal
from mentorlog.domain import dates
from mentorlog.domain.models import Mentorship
from mentorlog.output import render


def export_markdown(journal: Journal, mentorship: Mentorship | None = None, include_private: bool = False) -> str:
    return "".join(iter_markdown(journal, mentorship, include_private))


def iter_markdown(journal: Journal, mentorship: Mentorship | None = None,
                  include_private: bool = False) -> Iterator[str]:
    """The journal as a readable growth log: each mentorship's goals, then its story in date order.

    Written a mentorship at a time, so a big journal never sits in memory whole. Control characters
    in the journal's text are written as visible escapes (`render.safe_text`)."""
    for piece in _markdown_pieces(journal, mentorship, include_private):
        yield render.safe_text(piece)


def _markdown_pieces(journal: Journal, mentorship: Mentorship | None, include_private: bool) -> Iterator[str]:
    from mentorlog.data import actions as action_data
    from mentorlog.data import goals as goal_data
    from mentorlog.data import wins as win_data

    people = [mentorship] if mentorship is not None else sorted(
        mentorships.mentorships(journal, include_ended=True), key=lambda m: (m.role != "mentor", m.name.casefold(), m.id))
    title = f"Growth log: {mentorship.name}" if mentorship is not None else "Growth log"
    yield f"# {title}\n\nExported from mentorlog on {dates.today().isoformat()}.\n"
    for person in people:
        person_goals = goal_data.goals(journal, person, include_closed=True)
        steps = goal_data.milestones(journal, [g.id for g in person_goals])
        lines = _mentorship_markdown(journal, person, include_private, steps, person_goals,
                                     action_data.actions(journal, person, status=None),
                                     win_data.wins(journal, person))
        yield "\n" + "\n".join(lines).strip("\n") + "\n"
    if mentorship is None:
        personal_goals = [g for g in goal_data.goals(journal, include_closed=True) if g.mentorship_id is None]
        steps = goal_data.milestones(journal, [g.id for g in personal_goals])
        personal_actions = action_data.ACTIONS.rows(journal.conn, "t.mentorship_id IS NULL")
        personal_wins = win_data.WINS.rows(journal.conn, "t.mentorship_id IS NULL")
        if personal_goals or personal_actions or personal_wins:
            lines = ["## On my own", ""]
            lines += _goals_markdown(journal, personal_goals, steps)
            lines += _timeline_markdown([(w.date.isoformat(), [f"#### {w.date} — Win", "", w.text, ""])
                                         for w in personal_wins])
            lines += _actions_markdown(personal_actions)
            yield "\n" + "\n".join(lines).strip("\n") + "\n"
        elif not people:
            yield "\nThe journal is empty.\n"


def _mentorship_markdown(journal: Journal, person: Mentorship, include_private: bool, steps: dict,
                         goals: list, actions: list, wins: list) -> list[str]:
    role = "mentors me" if person.role == "mentor" else "I mentor them"
    facts = [f"{person.kind} mentorship", person.status]
    if person.since:
        facts.append(f"since {person.since}")
    if person.ended_on:
        facts.append(f"ended {person.ended_on}")
    facts.append(f"meeting {dates.format_cadence(person.cadence_days)}" + (f" by {person.channel}" if person.channel else ""))
    lines = [f"## {person.name} ({role})", "", ", ".join(facts).capitalize() + ".", ""]
    for label, text in (("Focus", person.focus), ("Expectations", person.expectations),
                        ("Boundaries", person.boundaries), ("How it ended", person.end_note)):
        if text:
            lines += [f"**{label}:** {text}", ""]
    lines += _goals_markdown(journal, goals, steps)
    by_session: dict[int, list] = {}
    for found in actions:
        if found.session_id is not None:
            by_session.setdefault(found.session_id, []).append(found)
    entries = []
    for held in sorted(sessions.sessions(journal, person), key=lambda s: (s.held_at, s.id)):
        entries.append((held.held_at.isoformat(), _session_markdown(held, by_session.get(held.id, []), include_private)))
    for win in wins:
        entries.append((win.date.isoformat(), [f"#### {win.date} — Win", "", win.text, ""]))
    goal_titles = {str(goal.id): goal.title for goal in goals}
    held = _reviews(journal, person.id)
    if held:
        from mentorlog.domain.templates import readable_templates

        templates = readable_templates()
        for review in held:
            entries.append((review["held_at"], _review_markdown(review, person, goal_titles, templates)))
    lines += _timeline_markdown(entries)
    lines += _actions_markdown(actions)
    return lines


def _goals_markdown(journal: Journal, goals: list, steps: dict) -> list[str]:
    from mentorlog.data import goals as goal_data

    if not goals:
        return []
    lines = ["### Goals", ""]
    for goal in goals:
        detail = [goal.status, f"{goal.progress}%", f"weight {goal.weight}"]
        if goal.target:
            detail.append(f"target {goal.target}")
        lines.append(f"- **{goal.title}** ({', '.join(detail)})")
        for label, text in (("Why", goal.why), ("Done when", goal.metric), ("Note", goal.status_note)):
            if text:
                lines.append(f"  - {label}: {text}")
        for step in steps.get(goal.id, []):
            due = f" (due {step.due})" if step.due else ""
            done = f", done {step.done}" if step.done else ""
            lines.append(f"  - [{'x' if step.done else ' '}] {step.title}{due}{done}")
        for update in goal_data.history(journal, goal.id):
            note = f": {update.note}" if update.note else ""
            lines.append(f"  - {update.date:%Y-%m-%d} progress {update.progress}%{note}")
    return lines + [""]


def _timeline_markdown(entries: list[tuple[str, list[str]]]) -> list[str]:
    if not entries:
        return []
    lines = ["### Timeline", ""]
    for _, block in sorted(entries, key=lambda entry: entry[0]):
        lines += block
    return lines


def _session_markdown(held, actions: list, include_private: bool) -> list[str]:
    facts = [text for text in (dates.format_duration(held.duration_minutes), held.channel) if text]
    if held.rating:
        facts.append(f"rated {held.rating}/5")
    heading = f"#### {held.held_at:%Y-%m-%d} — Session" + (f" ({', '.join(facts)})" if facts else "")
    lines = [heading, ""]
    if held.topics:
        lines += [f"Topics: {', '.join(held.topics)}", ""]
    if held.notes:
        lines += [held.notes, ""]
    if held.takeaways:
        lines += ["Takeaways:", "", *(f"- {t}" for t in held.takeaways), ""]
    if actions:
        lines += ["Actions:", "", *(_action_line(a) for a in actions), ""]
    if include_private and held.private_notes:
        lines += ["Private notes:", "", held.private_notes, ""]
    return lines


def _review_markdown(review: dict, person: Mentorship, goal_titles: dict[str, str], templates: dict) -> list[str]:
    """A review in the timeline: each answer under its question's heading, in the words of the summary
    (`render_review`); its actions are in the mentorship's actions."""
    from mentorlog.output import render_review

    template = render_review.template_or_none(review["template"], templates, person.role)
    title = render_review.review_title_of(review["kind"], template)
    lines = [f"#### {review['held_at'][:10]} — {title}", ""]
    try:
        answers = json.loads(review["answers"] or "{}")
    except (ValueError, RecursionError):
        answers = {"answers": "(stored in a form that can't be read; see `mentorlog doctor`)"}
    if not isinstance(answers, dict):
        answers = {"answers": answers}
    titles = goal_titles | _named_goals(answers)
    return lines + render_review.growth_log_answers(answers, template, person.name, person.role, titles)


def _named_goals(answers: dict) -> dict[str, str]:
    """Goals as a review named them when it decided on them (`goal_title`)."""
    return {str(goal_id): render.value_text(entry["goal_title"])
            for value in answers.values() if isinstance(value, dict)
            for goal_id, entry in value.items() if isinstance(entry, dict) and entry.get("goal_title")}



def _actions_markdown(actions: list) -> list[str]:
    if not actions:
        return []
    return ["### Actions", "", *(_action_line(a) for a in actions), ""]


def _action_line(found) -> str:
    mark = {"open": " ", "done": "x", "skipped": "-"}[found.status]
    who = "me" if found.owner == "me" else (found.with_name or "them")  # the other person by name, as summaries do
    extra = []
    if found.due:
        extra.append(f"due {found.due}")
    if found.status == "done" and found.done_on:
        extra.append(f"done {found.done_on}")
    if found.status == "skipped":
        extra.append(f"skipped: {found.reason}" if found.reason else "skipped")
    return f"- [{mark}] ({who}) {found.text}" + (f" — {'; '.join(extra)}" if extra else "")


def _reviews(journal: Journal, mentorship_id: int) -> list[dict]:
    rows = journal.conn.execute(
        "SELECT kind, template, held_at, answers FROM reviews WHERE mentorship_id = ? ORDER BY held_at, id",
        [mentorship_id]
    )
    return [dict(row) for row in rows]

