"""Reviews as read: `review show`, the summary to send (`review show --format markdown`), and a review's
answers in the growth log.

A summary is written to be sent, so it speaks in one voice: the writer's, in the first person, with the
other person named ("My goals", "Ada Lovelace's next actions"). Each answer stands under its question's
heading (`heading` in the template), never under its raw prompt or its id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorlog.domain import questions
from mentorlog.domain.models import Review
from mentorlog.domain.templates import fill
from mentorlog.domain.text import value_text
from mentorlog.output import render

if TYPE_CHECKING:
    from mentorlog.domain.questions import Question
    from mentorlog.domain.templates import Template

# Headings for a question with a role but none of its own (a template written before headings)
ROLE_HEADINGS = {
    "not_working": "What could be better", "focus": "What the mentorship is for", "cadence": "How often we meet",
    "channel": "Where we meet", "length": "How long we plan to meet", "expectations": "What we expect of each other",
    "boundaries": "Boundaries",
}

Section = tuple[str, list[str], bool]  # (heading, lines, whether the lines are a list)


def goals_heading(name: str, mentorship_role: str | None) -> str:
    """Whose goals a review decides on: mine with a mentor, the mentee's with a mentee."""
    if mentorship_role == "mentor":
        return "My goals"
    return f"{name}'s goals" if mentorship_role == "mentee" else "Goals"


def heading(question: Question | None, key: str, name: str, mentorship_role: str | None = None) -> str:
    """An answer's heading: its question's own; else one for its role or its type; else its prompt. An
    answer whose template is gone is headed by its key in words."""
    if question is None:
        return key.replace("_", " ").replace("-", " ").strip().capitalize() or "Answer"
    if question.heading:
        return fill(question.heading, name)
    if question.role in ROLE_HEADINGS:
        return ROLE_HEADINGS[question.role]
    if question.type == "goals":
        return goals_heading(name, mentorship_role)
    return fill(question.prompt, name)


def answer_sections(answers: dict, template: Template | None, name: str, goal_titles: dict[str, str],
                    mentorship_role: str | None = None) -> list[Section]:
    """(heading, lines, is_a_list) for each answer in the template's order, as its question's type shows
    it (`questions.shown`). Actions are shown from the journal; any other answer that its type would not
    show (of a shape no question fits) is shown as text, so nothing is lost."""
    order = [q.id for q in template.questions] if template else []
    keys = [k for k in order if k in answers] + [k for k in answers if k not in order]
    showing = questions.Showing(name, goal_titles)
    sections = []
    for key in keys:
        question = template.question(key) if template else None
        shown = questions.shown(question, answers[key], showing)
        if shown is None:
            if question is not None and _fits(question, answers[key]):
                continue
            shown = ([value_text(answers[key])], False)
        sections.append((heading(question, str(key), name, mentorship_role), *shown))
    return sections


def _fits(question: Question, value) -> bool:
    try:
        questions.check_stored(question, value)
    except Exception:  # a MentorlogError, or a type of another layer failing on an odd value
        return False
    return True


def template_or_none(name: str, templates: dict[str, Template] | None = None,
                     mentorship_role: str | None = None) -> Template | None:
    """The template a review was made from, if it can still be read (its headings label the answers);
    the built-in ones still serve when the user's own can't be read. A review that names its template by
    kind alone (`periodic`, from an older journal) finds the one for my role in the mentorship."""
    from mentorlog.domain.templates import my_role, readable_templates

    found = templates if templates is not None else readable_templates()
    if name in found or mentorship_role is None:
        return found.get(name)
    return found.get(f"{name}-{my_role(mentorship_role)}")


def review_title(found: Review, template: Template | None) -> str:
    return review_title_of(found.kind, template)


def review_title_of(kind: str, template: Template | None) -> str:
    """A review's title: its template's, else its kind in words (`periodic` → `Periodic review`)."""
    if template is not None:
        return template.title
    words = str(kind).replace("-", " ").strip().capitalize()
    return words if "review" in words.lower() else f"{words} review"


def show_review(found: Review, template: Template | None, sections: list[Section], made: list) -> None:
    """`review show`: the answers under their headings (which wrap on a narrow terminal), then the actions."""
    fields = [("date", f"{found.held_at:%Y-%m-%d %H:%M}"), ("template", found.template)]
    fields += [(label, lines if is_list else "\n".join(lines)) for label, lines, is_list in sections]
    fields.append(("actions", [f"#{a.id} [{a.owner}] {a.text}" + (f" (due {a.due})" if a.due else "")
                               + f" — {a.status}" for a in made]))
    render.print_fields(f"Review #{found.id} with {found.with_name}: {review_title(found, template)}", fields)


def review_markdown(found: Review, template: Template | None, sections: list[Section], made: list) -> str:
    """The summary to send: each answer under its heading, then my next actions and the other person's."""
    name = found.with_name
    lines = [f"# {review_title(found, template)} — {name}, {found.held_at:%A %-d %B %Y}", ""]
    for label, answer_lines, is_list in sections:
        lines += [f"## {label}", "", *(f"- {line}" if is_list else line for line in answer_lines), ""]
    for owner, label in (("me", "My next actions"), ("them", f"{name}'s next actions")):
        theirs = [a for a in made if a.owner == owner]
        if theirs:
            lines += [f"## {label}", "",
                      *(f"- [ ] {a.text}" + (f" (by {a.due})" if a.due else "") for a in theirs), ""]
    return "\n".join(lines).rstrip() + "\n"


def growth_log_answers(answers: dict, template: Template | None, name: str, mentorship_role: str | None,
                       goal_titles: dict[str, str]) -> list[str]:
    """A review's answers in the growth log (Markdown): each under its heading in bold, never its id."""
    lines: list[str] = []
    for label, answer_lines, is_list in answer_sections(answers, template, name, goal_titles, mentorship_role):
        lines += [f"**{label}**", "", *(f"- {line}" if is_list else line for line in answer_lines), ""]
    return lines
