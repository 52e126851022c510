"""Roadmaps: goal templates as TOML data, shipped in `mentorlog/roadmaps/` plus the user's own in the
config folder (`~/.config/mentorlog/roadmaps` on Linux); a user file with a built-in's name replaces it.

A roadmap has a `name`, a `title` (the goal's title), a `category`, `why` it matters, a suggested
`metric` and `target` (an offset: when the goal should be reached), and `[[milestones]]`, each with
`at` (an offset) and a `title`. An offset counts from the day the goal starts, that day being day 1:
`day 45` is the 45th day, `week 2` the last day of the second week, `month 3` the day before the
third monthly anniversary of the start.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from mentorlog.domain.models import GOAL_CATEGORIES
from mentorlog.domain.records import record, value
from mentorlog.domain.templates import Problem, load_data_file, load_data_files
from mentorlog.errors import MentorlogError

BUILT_IN_DIR = Path(__file__).parent.parent / "roadmaps"
ROADMAP_KEYS = ("name", "title", "category", "why", "metric", "target", "milestones")
MILESTONE_KEYS = ("at", "title")
UNITS = ("day", "week", "month")
MAX_OFFSET_DAYS = 3660  # ten years: a roadmap longer than that is a typo
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_OFFSET = re.compile(r"^(day|week|month)s?\s+(\d{1,4})$")


@record(frozen=True)
class Offset:
    """A point in a roadmap, counted from the day its goal starts (day 1)."""

    unit: str  # day, week or month
    count: int

    @property
    def text(self) -> str:
        return f"{self.unit} {self.count}"

    def due(self, start: date) -> date:
        """The day this offset falls on for a goal started on `start`."""
        if self.unit == "month":
            from dateutil.relativedelta import relativedelta

            return start + relativedelta(months=self.count) - timedelta(days=1) if self.count else start
        days = self.count * (7 if self.unit == "week" else 1)
        return start + timedelta(days=max(days - 1, 0))

    @property
    def days(self) -> int:
        """About how many days in: for ordering milestones."""
        return self.count * {"day": 1, "week": 7, "month": 30}[self.unit]


@record(frozen=True)
class Step:
    """A milestone of a roadmap."""

    at: Offset
    title: str

    def to_json(self, start: date | None = None) -> dict:
        data = {"at": self.at.text, "title": self.title}
        if start is not None:
            data["due"] = self.at.due(start).isoformat()
        return data


@record(frozen=True)
class Roadmap:
    name: str
    title: str
    category: str = "other"
    why: str | None = None
    metric: str | None = None
    target: Offset | None = None
    milestones: tuple = value(factory=tuple)  # Steps, in the order they fall
    source: str = "built-in"  # or the user's file

    def to_json(self, start: date | None = None) -> dict:
        data = {"name": self.name, "title": self.title, "category": self.category, "why": self.why,
                "metric": self.metric, "target": self.target.text if self.target else None,
                "source": self.source, "milestones": [step.to_json(start) for step in self.milestones]}
        if start is not None:
            data["start"] = start.isoformat()
            data["target_date"] = self.target.due(start).isoformat() if self.target else None
        return data


def parse_offset(text: str) -> Offset | None:
    """`day 45`, `week 2`, `month 3` (plural and case as you like); None when it is none of those."""
    found = _OFFSET.match(" ".join(str(text).split()).lower())
    if found is None:
        return None
    offset = Offset(found[1], int(found[2]))
    return offset if 1 <= offset.count and offset.days <= MAX_OFFSET_DAYS else None


def offset_between(start: date, day: date) -> Offset:
    """The offset of `day` in a goal started on `start` (a day before the start counts as day 1): in weeks
    when it falls on a week's last day, else in days."""
    days = max((day - start).days + 1, 1)
    return Offset("week", days // 7) if days % 7 == 0 else Offset("day", days)


def check_name(name: str) -> str:
    """A roadmap's name as typed for a new one: lower-case letters, digits and dashes."""
    cleaned = name.strip().lower()
    if not _NAME.match(cleaned):
        raise MentorlogError(f"a roadmap's name is lower-case letters, digits and dashes (like 'my-promotion'), "
                             f"not {name!r}")
    return cleaned


def user_dir() -> Path:
    """`roadmaps/` in the user's config folder, beside the review templates' `prompts/`."""
    from mentorlog.domain.templates import user_dir as prompts_dir

    return prompts_dir().parent / "roadmaps"


def load_roadmaps(extra_dir: Path | None = None) -> dict[str, Roadmap]:
    """Every roadmap by name: the built-in ones, then the user's, which replace any of the same name."""
    return load_data_files("roadmap", ((BUILT_IN_DIR, "built-in"), (extra_dir or user_dir(), "user")), load_roadmap)


def find_roadmap(roadmaps: dict[str, Roadmap], name: str) -> Roadmap:
    wanted = name.strip().lower()
    if wanted in roadmaps:
        return roadmaps[wanted]
    starting = [found for key, found in roadmaps.items() if key.startswith(wanted)] if wanted else []
    if len(starting) == 1:
        return starting[0]
    known = ", ".join(sorted(roadmaps)) or "none"
    what = "is ambiguous" if len(starting) > 1 else "matches no roadmap"
    raise MentorlogError(f"{name!r} {what}; roadmaps: {known} (see `mentorlog roadmap list`)")


def load_roadmap(path: Path, source: str = "user") -> Roadmap:
    """One roadmap file; anything wrong with it is a MentorlogError `roadmap FILE: the field and what is wrong`."""
    return load_data_file(path, "roadmap", source, _roadmap)


def _roadmap(data: dict, source: str) -> Roadmap:
    unknown = sorted(set(data) - set(ROADMAP_KEYS))
    if unknown:
        raise Problem(f"unknown key {unknown[0]!r} (a roadmap has {', '.join(ROADMAP_KEYS)})")
    name = _text(data, "name", "the roadmap")
    if not _NAME.match(name):
        raise Problem(f"name {name!r} must be lower-case letters, digits and dashes")
    category = _text(data, "category", "the roadmap", required=False) or "other"
    if category not in GOAL_CATEGORIES:
        raise Problem(f"`category` must be one of {', '.join(GOAL_CATEGORIES)}, not {category!r}")
    target = _offset(data, "target", "the roadmap", required=False)
    raw = data.get("milestones")
    if not isinstance(raw, list) or not raw:
        raise Problem("no milestones: add at least one [[milestones]] table with `at` and `title`")
    steps = []
    for number, item in enumerate(raw, 1):
        where = f"milestone {number}"
        if not isinstance(item, dict):
            raise Problem(f"{where} is not a table (write it as [[milestones]])")
        unknown = sorted(set(item) - set(MILESTONE_KEYS))
        if unknown:
            raise Problem(f"{where}: unknown key {unknown[0]!r} (a milestone has {', '.join(MILESTONE_KEYS)})")
        steps.append(Step(_offset(item, "at", where), _text(item, "title", where)))
    steps.sort(key=lambda step: step.at.days)  # stable: milestones at the same offset keep their order
    return Roadmap(name, _text(data, "title", "the roadmap"), category, _text(data, "why", "the roadmap", False),
                   _text(data, "metric", "the roadmap", False), target, tuple(steps), source)


def _text(data: dict, key: str, where: str, required: bool = True) -> str | None:
    found = data.get(key)
    if found is None:
        if required:
            raise Problem(f"{where} has no {key!r}")
        return None
    if not isinstance(found, str) or not found.strip():
        raise Problem(f"{where}: {key!r} must be a non-empty string")
    return found.strip()


def _offset(data: dict, key: str, where: str, required: bool = True) -> Offset | None:
    text = _text(data, key, where, required)
    if text is None:
        return None
    offset = parse_offset(text)
    if offset is None:
        raise Problem(f"{where}: {key!r} is {text!r}, not an offset like 'day 45', 'week 2' or 'month 3' "
                       f"(at most {MAX_OFFSET_DAYS} days)")
    return offset


def to_toml(roadmap: Roadmap) -> str:
    """A roadmap as a file `load_roadmap` reads back the same."""
    lines = [f"name = {_quoted(roadmap.name)}", f"title = {_quoted(roadmap.title)}",
             f"category = {_quoted(roadmap.category)}"]
    for key in ("why", "metric"):
        if getattr(roadmap, key):
            lines.append(f"{key} = {_quoted(getattr(roadmap, key))}")
    if roadmap.target is not None:
        lines.append(f"target = {_quoted(roadmap.target.text)}")
    for step in roadmap.milestones:
        lines += ["", "[[milestones]]", f"at = {_quoted(step.at.text)}", f"title = {_quoted(step.title)}"]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A TOML basic string: JSON's escaping is TOML's, but for DEL, which TOML wants escaped too."""
    import json

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")
