"""The progress update, written in the first person and ready to paste: markdown, plain text or JSON.

`--anonymous` replaces every person's name with their role ("my mentor"), in the update's own words and in
the text of wins, actions and goals, where a name may have been written.
"""

from __future__ import annotations

import re
from datetime import date

from mentorlog.data.updates import Update
from mentorlog.domain import dates

ROLE_WORDS = {"mentor": "my mentor", "mentee": "my mentee"}
HEADINGS = ("What went well", "Where my goals stand", "What I got done", "What I commit to next")


def anonymizer(update: Update):
    """A function that replaces each person's full name, then their first name, with their role."""
    patterns = []
    for name, role in sorted(update.people, key=lambda pair: -len(pair[0])):
        words = [name] + ([name.split()[0]] if len(name.split()) > 1 and len(name.split()[0]) > 2 else [])
        for word in words:
            patterns.append((re.compile(rf"(?<!\w){re.escape(word)}(?:'s)?(?!\w)", re.IGNORECASE), ROLE_WORDS[role]))

    def replace(text: str) -> str:
        for pattern, role in patterns:
            text = pattern.sub(lambda match: role + ("'s" if match[0].lower().endswith("'s") else ""), text)
        return text

    return replace


def _with(person, anonymous: bool) -> str:
    if person is None:
        return ""
    name, role = person
    return f" (with {ROLE_WORDS[role]})" if anonymous else f" (with {name})"


def _span(since: date, until: date) -> str:
    if since == until:
        return dates.short_day(until, until)
    return f"{dates.short_day(since, until)} to {dates.short_day(until, until)}"


def sections(update: Update, anonymous: bool = False) -> list[tuple[str, list[str]]]:
    """The update's parts: a heading and its lines, each in the first person."""
    clean = anonymizer(update) if anonymous else (lambda text: text)
    today = update.until
    wins = [clean(f"{text}{_with(who, anonymous)}") for text, day, who in update.wins]
    goals = []
    for goal in update.goals:
        moved = "achieved it" if goal["achieved"] else f"{goal['before']}% → {goal['after']}%"
        goals.append(clean(f"{goal['title']}{_with(goal['person'], anonymous)}: {moved}"))
        goals += [clean(f"  reached: {title} ({dates.short_day(day, today)})") for title, day in goal["reached"]]
    done = [clean(f"{text}{_with(who, anonymous)}") for text, day, who in update.done]
    upcoming = [clean(f"{text}{_with(who, anonymous)}" + (f", by {dates.short_day(due, today)}" if due else ""))
                for text, due, who in update.next]
    return [(heading, lines) for heading, lines in zip(HEADINGS, (wins, goals, done, upcoming)) if lines]


def intro(update: Update) -> str:
    if not (update.wins or update.goals or update.done):
        return f"A quiet stretch: nothing new to report since {dates.short_day(update.since, update.until)}."
    return f"Here is where I am, {_span(update.since, update.until)}."


def markdown(update: Update, anonymous: bool = False) -> str:
    lines = [f"## My progress update, {_span(update.since, update.until)}", "", intro(update)]
    for heading, items in sections(update, anonymous):
        lines += ["", f"**{heading}**", ""]
        lines += [f"  - {item.strip()}" if item.startswith("  ") else f"- {item}" for item in items]
    return "\n".join(lines) + "\n"


def text(update: Update, anonymous: bool = False) -> str:
    lines = [f"My progress update, {_span(update.since, update.until)}", "", intro(update)]
    for heading, items in sections(update, anonymous):
        lines += ["", f"{heading}:"]
        lines += [f"    {item.strip()}" if item.startswith("  ") else f"- {item}" for item in items]
    return "\n".join(lines) + "\n"


def as_json(update: Update, anonymous: bool = False) -> dict:
    clean = anonymizer(update) if anonymous else (lambda found: found)

    def who(person) -> str | None:
        if person is None:
            return None
        return ROLE_WORDS[person[1]] if anonymous else person[0]

    return {
        "since": update.since.isoformat(), "until": update.until.isoformat(), "anonymous": anonymous,
        "wins": [{"text": clean(text), "date": day.isoformat(), "with": who(person)} for text, day, person in update.wins],
        "goals": [{"title": clean(goal["title"]), "with": who(goal["person"]), "progress_before": goal["before"],
                   "progress": goal["after"], "status": goal["status"], "achieved": goal["achieved"],
                   "target": goal["target"],
                   "milestones_reached": [{"title": clean(title), "done": day.isoformat()} for title, day in goal["reached"]]}
                  for goal in update.goals],
        "done": [{"text": clean(text), "date": day.isoformat(), "with": who(person)} for text, day, person in update.done],
        "next": [{"text": clean(text), "due": dates.iso_date(due), "with": who(person)} for text, due, person in update.next],
    }
