"""`review`: walk through a review of a mentorship from a template; list, show, and list templates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from mentorlog.output import render
from mentorlog.data import reviews
from mentorlog.commands import params
from mentorlog.commands._common import JsonOpt, WithOpt, check_choice, journal, pick_mentorship
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal
from mentorlog.domain.models import Mentorship, Review
from mentorlog.prompts import ask
from mentorlog.data import mentorships
from mentorlog.domain.text import shell_command

if TYPE_CHECKING:
    from mentorlog.domain.templates import Template

app = typer.Typer(invoke_without_command=True)

TemplateOpt = Annotated[Optional[str], typer.Option(
    "--template", metavar="NAME", autocompletion=params.offer(lambda: _template_names()),
    help="first-meeting, periodic, wrap-up, session-debrief or your own (default: first-meeting for a "
         "mentorship with no review yet, else periodic).",
)]
AnswersOpt = Annotated[Optional[str], typer.Option(
    "--answers", metavar="FILE|-",
    help="A JSON object {question_id: answer} to save without prompting; '-' reads stdin.",
)]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Continue the review interrupted last time.")]
EditOpt = Annotated[bool, typer.Option("--edit", "-e", help="Write the long text answers in your editor ($VISUAL or $EDITOR).")]


@app.callback()
def review(
    ctx: typer.Context, with_: WithOpt = None, template: TemplateOpt = None, answers: AnswersOpt = None,
    resume: ResumeOpt = False, edit: EditOpt = False,
) -> None:
    """Review a mentorship (every 6-8 weeks) from a template; also: list, show, templates.

    Ctrl-C keeps the answers so far as a draft for --resume; with no terminal, use --answers. --edit
    writes the long text answers in your editor.

    Example: mentorlog review --with ada --template periodic
    """
    if ctx.invoked_subcommand is not None:
        _check_group_options(ctx.invoked_subcommand, with_, template, answers, resume, edit)
        return
    if edit and answers is not None:
        raise MentorlogError("--edit and --answers can't be used together: --answers saves without asking")
    terminal = ask.interactive()
    if answers is None and not terminal:
        raise MentorlogError("no terminal to ask on: give the answers as JSON with --answers FILE (or --answers -)")
    given = _read_answers(answers) if answers is not None else None
    with journal() as store:
        mentorship = pick_mentorship(store, with_, "Review the mentorship with whom?", pick_single=True)
        if mentorship.status == "ended":
            raise MentorlogError(f"the mentorship with {mentorship.name} has ended; resume it before reviewing it")
        draft = reviews.draft(store, mentorship)
        if resume and draft is None:
            raise MentorlogError(f"nothing to resume: no unfinished review with {mentorship.name}")
        if draft is not None and not resume and given is None:
            resume = _continue_draft(store, mentorship, template, draft)
        chosen = _pick_template(store, mentorship, template, draft if resume else None)
        if given is not None:
            merged = {**(draft.finished_answers() if resume else {}), **given}
            saved = reviews.save_review(store, chosen, mentorship, merged)
        else:
            final = _walk(store, mentorship, chosen, dict(draft.answers) if resume else {}, edit)
            saved = reviews.save_review(store, chosen, mentorship, final)
        made = reviews.review_actions(store, saved.id)
        ended = _ended_text(store, mentorship, saved.id) if chosen.kind == reviews.WRAP_UP else ""
    render.message(f"Saved {chosen.kind} review #{saved.id} with {mentorship.name}: "
                   f"{counted(len(saved.answers), 'answer')}, {counted(len(made), 'action')}.{ended}")


def _ended_text(store: Journal, mentorship: Mentorship, review_id: int) -> str:
    """After a wrap-up: the mentorship ended, and the open actions left unsettled (its own follow-ups aside)."""
    from mentorlog.commands._common import journal_options
    from mentorlog.data import actions
    from mentorlog.domain import insights

    left = [a for a in actions.actions(store, mentorship) if a.review_id != review_id]
    if not left:
        return " The mentorship is now ended."
    listing = insights.command("action", "list", "--with", mentorships.with_arg(store, mentorship),
                               before=journal_options())
    return (f" The mentorship is now ended.\n{counted(len(left), 'open action')} left unsettled, no longer "
            f"counted as overdue:\n  {listing}")


def _template_names() -> list[str]:
    """What `--template` takes: each template's name and its kind (`periodic` for `periodic-mentee`)."""
    from mentorlog.domain.templates import load_templates

    found = load_templates()
    return sorted({template.kind for template in found.values()} | set(found))


def _check_group_options(subcommand: str, with_: str | None, template: str | None, answers: str | None,
                         resume: bool, edit: bool = False) -> None:
    """Options written before a subcommand: `--with` carries over to `list`; the rest start a review,
    so they are refused rather than silently ignored."""
    given = [flag for flag, value in (("--with", with_ if subcommand != "list" else None), ("--template", template),
                                      ("--answers", answers), ("--resume", resume), ("--edit", edit)) if value]
    if given:
        raise MentorlogError(f"`review {subcommand}` takes no {' or '.join(given)}")


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _read_answers(source: str) -> dict:
    import json
    import sys

    label = "standard input" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()
    except OSError as error:
        raise MentorlogError(f"can't read the answers from {label}: {error.strerror or error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MentorlogError(f"the answers in {label} are not JSON ({error})") from None
    if not isinstance(data, dict):
        raise MentorlogError(f"the answers in {label} must be a JSON object: {{\"question_id\": answer, …}}")
    return data


def _continue_draft(store: Journal, mentorship: Mentorship, template: str | None, draft: reviews.Draft) -> bool:
    """On a terminal, with an unfinished review: continue it, or start a new one that replaces it
    once its first question is answered (so Ctrl-C before that loses nothing)."""
    fresh = _pick_template(store, mentorship, template, None)
    if (template is None or fresh.name == draft.template) and ask.confirm(render.safe_text(
        f"You have an unfinished {draft.template} review with {mentorship.name} "
        f"({counted(draft.answered, 'answer')}). Continue it?"), default=True,
    ):
        return True
    render.message(f"Starting a new {fresh.name} review: it replaces the unfinished {draft.template} review "
                   "once you answer its first question.")
    return False


def _pick_template(store: Journal, mentorship: Mentorship, name: str | None, draft) -> Template:
    from mentorlog.domain.templates import find_template, load_templates, my_role

    templates = load_templates()
    role = my_role(mentorship.role)
    if draft is not None:
        chosen = find_template(templates, draft.template, role)
        if name is not None and find_template(templates, name, role).name != chosen.name:
            raise MentorlogError(f"the unfinished review uses the template {draft.template!r}, not {name!r}")
        return chosen
    return find_template(templates, name or reviews.default_template(store, mentorship), role)


def _walk(store: Journal, mentorship: Mentorship, template: Template, state: dict, edit: bool = False) -> dict:
    from mentorlog.data import actions, goals
    from mentorlog.domain import questions
    from mentorlog.prompts import walker

    last = reviews.last_review(store, mentorship, template.kind)
    context = walker.WalkContext(
        name=mentorship.name,
        goals=goals.goals(store, mentorship),
        previous=last.answers if last else {},
        previous_date=f"{last.held_at:%Y-%m-%d}" if last else None,
        previous_actions=reviews.review_actions(store, last.id) if last else [],
        checks={q.id: check for q in template.questions if (check := questions.answer_check(q))},
        current=walker.current_answers(mentorship),
        open_actions=actions.actions(store, mentorship),
        edit=edit,
    )
    try:
        return walker.walk(template, context, state,
                           save=lambda answers: reviews.save_draft(store, mentorship, template.name, answers))
    except KeyboardInterrupt:
        if any(not key.startswith("_") for key in state) or state.get(walker.IN_PROGRESS):
            render.message(f"\nKept your answers as a draft; continue with: "
                           f"{shell_command('review', '--with', mentorship.name, '--resume')}")
        raise


@app.command("list")
def list_(ctx: typer.Context, with_: WithOpt = None, as_json: JsonOpt = False) -> None:
    """List completed reviews, newest first (an unfinished draft is not a review).

    Example: mentorlog review list --with ada --json
    """
    before = ctx.parent.params.get("with_") if ctx.parent is not None else None  # `review --with ada list`
    if before is not None and with_ is not None and before != with_:
        raise MentorlogError(f"--with given twice ({before!r} and {with_!r}); give it once")
    with_ = with_ if with_ is not None else before
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        found = reviews.reviews(store, mentorship)
        draft = reviews.draft(store, mentorship) if mentorship is not None else None
    if as_json:
        render.print_json([r.to_json() for r in found])
        return
    rows = [(r.id, f"{r.held_at:%Y-%m-%d}", render.escape(r.with_name), r.kind, r.template, len(r.answers))
            for r in found]
    render.print_table("Reviews", ["id", "date", "with", "kind", "template", "answers"], rows,
                       empty="No reviews yet. Start one: mentorlog review --with NAME")
    if draft is not None:
        render.message(f"An unfinished {draft.template} review ({counted(draft.answered, 'answer')}) waits: "
                       f"{shell_command('review', '--with', mentorship.name, '--resume')}")


@app.command("show")
def show(
    review_id: Annotated[int, typer.Argument(metavar="ID", help="The review's id (see `mentorlog review list`).")],
    as_json: JsonOpt = False,
    format_: Annotated[str, params.choice("--format", "-f", choices=("text", "markdown"),
                                          help="markdown: a summary to share.")] = "text",
) -> None:
    """Show a review with its answers, goal decisions and actions; `--format markdown` to share.

    Example: mentorlog review show 3 --format markdown
    """
    format_ = check_choice(format_, ("text", "markdown"), "--format")
    with journal() as store:
        found = reviews.review(store, review_id)
        made = reviews.review_actions(store, found.id)
        goal_titles = _goal_titles(store, found)
        role = mentorships.mentorship(store, found.mentorship_id).role
    if as_json:
        render.print_json(found.to_json() | {"actions": [a.to_json() for a in made]})
        return
    from mentorlog.output import render_review

    template = render_review.template_or_none(found.template, mentorship_role=role)
    sections = render_review.answer_sections(found.answers, template, found.with_name, goal_titles, role)
    if format_ == "markdown":
        render.print_markdown(render_review.review_markdown(found, template, sections, made))
        return
    render_review.show_review(found, template, sections, made)


def _goal_titles(store: Journal, found: Review) -> dict[str, str]:
    from mentorlog.data import goals

    titles = {}
    for value in found.answers.values():
        if isinstance(value, dict):
            for goal_id, entry in value.items():
                if isinstance(entry, dict) and entry.get("goal_title"):
                    titles[goal_id] = render.value_text(entry["goal_title"])  # as it was named when reviewed
                    continue
                try:
                    titles[goal_id] = goals.goal(store, int(goal_id)).title
                except (MentorlogError, ValueError, OverflowError):  # not an id, or one too large for SQLite
                    titles[goal_id] = f"goal #{goal_id}"
    return titles


@app.command("templates")
def templates_(as_json: JsonOpt = False) -> None:
    """List the review templates, built-in and your own, with their questions.

    Example: mentorlog review templates --json
    """
    from mentorlog.domain.templates import load_templates, user_dir

    found = sorted(load_templates().values(), key=lambda t: t.name)
    if as_json:
        render.print_json([t.to_json() for t in found])
        return
    rows = [(t.name, t.audience, render.escape(t.title), len(t.questions), t.source) for t in found]
    render.print_table("Review templates", ["name", "for", "title", "questions", "source"], rows)
    render.message(f"Add your own as TOML files in {user_dir()}")
