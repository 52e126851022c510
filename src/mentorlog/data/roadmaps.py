"""Goals made from roadmaps, and roadmaps made from goals. Never prints.

A roadmap is a file (`domain.roadmaps`), not a table: a goal made from one is a goal with dated
milestones like any other, written in one change group so `undo` takes back the goal and its steps.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mentorlog.data import goals
from mentorlog.data.journal import Journal
from mentorlog.domain import dates
from mentorlog.domain.models import Goal, Mentorship
from mentorlog.domain.roadmaps import Roadmap, Step, offset_between, to_toml, user_dir
from mentorlog.errors import MentorlogError


def add_goal_from_roadmap(journal: Journal, roadmap: Roadmap, mentorship: Mentorship | None, start: date | None = None,
                          title: str | None = None, **fields) -> Goal:
    """The goal with the roadmap's title, why, metric and category, its target and milestones dated from
    `start` (default today); flags given in `fields` win over the roadmap's."""
    start = start or dates.today()
    given = {key: found for key, found in fields.items() if found is not None}
    chosen = {"category": roadmap.category, "why": roadmap.why, "metric": roadmap.metric,
              "target": roadmap.target.due(start) if roadmap.target else None} | given
    with journal.write():
        added = goals.add_goal(journal, title or roadmap.title, mentorship, **chosen)
        for step in roadmap.milestones:
            goals.add_milestone(journal, added.id, step.title, step.at.due(start))
    return goals.goal(journal, added.id, detail=True)


def goal_start(found: Goal) -> date:
    """The day a goal started: the day it was added."""
    return date.fromisoformat(found.created_at[:10]) if found.created_at else dates.today()


def roadmap_from_goal(journal: Journal, goal_id: int, name: str) -> tuple[Roadmap, list[str]]:
    """A roadmap of the goal as it went: each milestone at the offset it was reached (its due date when it
    was not reached), the target where the goal was achieved. Also the titles of milestones left out (neither
    reached nor dated)."""
    found = goals.goal(journal, goal_id, detail=True)
    start = goal_start(found)
    steps, left_out = [], []
    for step in found.milestones:
        when = step.done or step.due
        if when is None:
            left_out.append(step.title)
            continue
        steps.append(Step(offset_between(start, when), step.title))
    if not steps:
        raise MentorlogError(f"goal #{goal_id} has no milestone that was reached or dated, so there is nothing to "
                             f"make a roadmap of; add some with `mentorlog goal milestone add {goal_id} TITLE`")
    steps.sort(key=lambda step: step.at.days)
    end = found.closed_on if found.status == "achieved" and found.closed_on else found.target
    target = offset_between(start, end) if end else None
    roadmap = Roadmap(name, found.title, found.category, found.why, found.metric, target, tuple(steps), "user")
    return roadmap, left_out


def save_roadmap(roadmap: Roadmap, force: bool = False, folder: Path | None = None) -> Path:
    """Write a roadmap of the user's own as `NAME.toml` in the roadmaps folder (private to the user)."""
    import os

    from mentorlog.domain.roadmaps import load_roadmap

    folder = folder or user_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{roadmap.name}.toml"
    if path.exists() and not force:
        raise MentorlogError(f"a roadmap of yours is already called {roadmap.name!r} ({path}); choose another name, "
                             "or add --force to replace it")
    text = to_toml(roadmap)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    try:
        load_roadmap(temporary)  # what is written reads back
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
