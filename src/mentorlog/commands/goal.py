"""`goal …`: weigh goals, break them into dated milestones, record progress, achieve or drop them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from mentorlog.data import goals
from mentorlog.output import render
from mentorlog.commands import params
from mentorlog.commands._common import (
    JsonOpt, WithOpt, ask_required, check_choice, check_not_both, clear_fields, clear_option, journal, read_text,
    required_reason,
)
from mentorlog.errors import MentorlogError
from mentorlog.domain.models import GOAL_CATEGORIES, Goal, Milestone
from mentorlog.prompts import ask
from mentorlog.data import mentorships

app = typer.Typer(no_args_is_help=True,
                  help="Goals: add, list, show, edit, record progress, achieve, drop, pause, reopen; milestones.")
milestone_app = typer.Typer(no_args_is_help=True, help="Milestones: the dated steps of a goal.")
app.add_typer(milestone_app, name="milestone")

DEFAULT_SCORE = 3
# (column, label, the question asked on a terminal by whose goal it is: mine with a mentor, a mentee's, my own
# personal one); `{name}` is the other person
SCORES = (
    ("impact", "Impact", {"mentor": "how much would reaching it do for my career?",
                          "mentee": "how much would reaching it do for {name}'s career?",
                          None: "how much would reaching it do for my career?"}),
    ("support", "Support", {"mentor": "can {name} help me with it?", "mentee": "can I help {name} with it?",
                            None: "can a mentor help me with it?"}),
    ("feasibility", "Feasibility", {"mentor": "does it fit the time {name} and I have?",
                                    "mentee": "does it fit the time {name} and I have?",
                                    None: "does it fit the time I have?"}),
)

GoalIdArg = Annotated[int, typer.Argument(metavar="ID", help="The goal's id (see `mentorlog goal list`).")]
TitleOpt = Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="A new title.")]
CategoryOpt = Annotated[Optional[str], params.choice("--category", "-c", choices=GOAL_CATEGORIES,
                                                     help="What kind of goal (default other).")]
TargetOpt = Annotated[Optional[date], params.PLANNED.option("--target", help="When it should be reached: 2027-03-01, 'in 3 months'.")]
WhyOpt = Annotated[Optional[str], typer.Option("--why", metavar="TEXT", help="Why it matters to the person it is for (me, or my mentee); '-' reads standard input.")]
MetricOpt = Annotated[Optional[str], typer.Option("--metric", metavar="TEXT", help="How we will know it is done.")]
ImpactOpt = Annotated[Optional[int], typer.Option(
    "--impact", metavar="1-5", help="Impact on the career of the person the goal is for: mine, or my mentee's; 1-5.")]
SupportOpt = Annotated[Optional[int], typer.Option(
    "--support", metavar="1-5", help="With a mentor: can they help me with it; with a mentee: can I help them; 1-5.")]
FeasibilityOpt = Annotated[Optional[int], typer.Option("--feasibility", metavar="1-5",
                                                       help="Does it fit the time we have, 1-5.")]
NoteOpt = Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="A note kept with the update.")]
# `--clear FIELD` of `goal edit`: the field's name as typed, and its column (`with`: a personal goal)
CLEARABLE = {"why": "why", "metric": "metric", "target": "target", "with": "mentorship_id"}
ClearOpt = Annotated[Optional[list[str]], clear_option(CLEARABLE)]


def goal_fields(category, target, why, metric, impact, support, feasibility) -> dict:
    """Flags as validated column values; None where a flag was not given."""
    return {
        "category": check_choice(category, GOAL_CATEGORIES, "--category"),
        "target": target,
        "why": read_text(why, "why"),
        "metric": read_text(metric, "metric"),
        "impact": goals.check_score(impact, "--impact"),
        "support": goals.check_score(support, "--support"),
        "feasibility": goals.check_score(feasibility, "--feasibility"),
    }


def _roadmap_names() -> list[str]:
    from mentorlog.domain.roadmaps import load_roadmaps

    return sorted(load_roadmaps())


@app.command("add")
def add(
    title: Annotated[Optional[str], typer.Argument(metavar="TITLE", help="What is to be reached: my goal, or my mentee's (asked for on a terminal).")] = None,
    with_: WithOpt = None, category: CategoryOpt = None, target: TargetOpt = None, why: WhyOpt = None,
    metric: MetricOpt = None, impact: ImpactOpt = None, support: SupportOpt = None,
    feasibility: FeasibilityOpt = None,
    roadmap: Annotated[Optional[str], typer.Option("--roadmap", metavar="NAME", autocompletion=params.offer(_roadmap_names), help="Start from a roadmap: its title, why, metric, target and dated milestones (see `mentorlog roadmap list`).")] = None,
    start: Annotated[Optional[date], params.DAY.option("--start", help="With --roadmap: the day the goal starts, from which its milestones are dated (default today).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a goal, weighed by three scores of 1-5: impact, support, feasibility.

    For my goal with a mentor: impact on my career, can this mentor help me with it, does it fit the time we have. For a mentee's goal: impact on their career, can I help them with it, does it fit the time we have.

    Weight = impact x support x feasibility (1-125). Higher scores always weigh more, and a goal that scores low on any one of the three sinks; goal lists and reports put the heaviest first. Scores left out are asked for on a terminal, else they are 3 (weight 27).

    With --roadmap NAME the goal takes the roadmap's title, why, metric and target, and its milestones are dated from --start (flags given win over the roadmap's).

    Example: mentorlog goal add "Lead a cross-team project" --with ada --category career --target "in 3 months" --impact 5 --support 4 --feasibility 3
    """
    fields = goal_fields(category, target, why, metric, impact, support, feasibility)
    if start is not None and roadmap is None:
        raise MentorlogError("--start dates a roadmap's milestones: use it with --roadmap NAME")
    if roadmap is not None:
        from mentorlog.domain.roadmaps import find_roadmap, load_roadmaps

        chosen = find_roadmap(load_roadmaps(), roadmap)
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        if title is None and roadmap is None:
            title = ask_required("Goal", "TITLE")
        if ask.interactive():
            _ask_scores(fields, mentorship)
        if roadmap is not None:
            from mentorlog.data.roadmaps import add_goal_from_roadmap

            added = add_goal_from_roadmap(store, chosen, mentorship, start, title, **fields)
        else:
            added = goals.add_goal(store, title, mentorship, **fields)
    who = f" with {added.with_name}" if added.with_name else ""
    render.message(f"Added goal #{added.id}{who}: {added.title} (weight {_weight_text(added)}).")
    if roadmap is not None:
        render.message(f"From roadmap {chosen.name}: {len(added.milestones)} milestones, the first due "
                       f"{added.milestones[0].due}; see them with: mentorlog goal show {added.id}")
    render.created(added, as_json, added.to_json(detail=True))


def _ask_scores(fields: dict, mentorship) -> None:
    """Ask for each score the flags left out, with what it means for whose goal it is."""
    role = mentorship.role if mentorship is not None else None
    for column, label, questions in SCORES:
        if fields[column] is None:
            question = questions[role].replace("{name}", mentorship.name if mentorship is not None else "")
            fields[column] = ask.select(
                render.safe_text(f"{label} (1-5): {question}"),
                [("5 high", 5), ("4", 4), ("3 medium", 3), ("2", 2), ("1 low", 1)],
                default=DEFAULT_SCORE,
            )


def _weight_text(found: Goal) -> str:
    return f"{found.weight} = impact {found.impact} x support {found.support} x feasibility {found.feasibility}"


def _progress(percent: int) -> str:
    return render.progress_bar(percent) if render.use_rich() else f"{percent}%"


@app.command("list")
def list_(
    with_: WithOpt = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include achieved, dropped and paused goals.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List active goals, heaviest first (--all adds achieved, dropped and paused ones).

    Example: mentorlog goal list --with ada
    """
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        found = goals.goals(store, mentorship, include_closed=all_)
        steps = goals.milestones(store, [g.id for g in found])
    if as_json:
        render.print_json([g.to_json() for g in found])
        return
    headers = ["id", "goal", "with", "weight", "progress", "target", "next milestone"] + (["status"] if all_ else [])
    rows = []
    for g in found:
        upcoming = goals.next_milestone(steps.get(g.id, []))
        row = [g.id, render.escape(g.title), render.escape(g.with_name or "—"), g.weight, _progress(g.progress),
               g.target or "", _milestone_text(upcoming) if upcoming else ""]
        rows.append(row + ([g.status] if all_ else []))
    columns = [render.Column(h, justify="right") if h in ("id", "weight") else h for h in headers]
    render.print_table("Goals" if all_ else "Active goals", columns, rows,
                       empty="No goals found. Add one: mentorlog goal add TITLE --with NAME")


def _milestone_text(step: Milestone) -> str:
    due = f" (due {step.due})" if step.due else ""
    return render.escape(step.title) + due


@app.command("show")
def show(goal_id: GoalIdArg, as_json: JsonOpt = False) -> None:
    """Show a goal with its milestones and its progress history.

    Example: mentorlog goal show 3 --json
    """
    with journal() as store:
        found = goals.goal(store, goal_id, detail=True)
    if as_json:
        render.print_json(found.to_json(detail=True))
        return
    print_goal(found)


def print_goal(found: Goal) -> None:
    """A goal with its milestones and progress history (read with `detail=True`), as `goal show` prints it."""
    render.print_fields(f"Goal #{found.id}: {found.title}", [
        ("with", found.with_name or "personal"), ("category", found.category), ("status", found.status),
        ("progress", _progress(found.progress)), ("weight", _weight_text(found)), ("target", found.target),
        ("metric", found.metric), ("why", found.why), ("note", found.status_note), ("closed", found.closed_on),
        ("milestones", [_milestone_line(m) for m in found.milestones]),
        ("history", [f"{h.date:%Y-%m-%d} {h.progress}%" + (f" — {h.note}" if h.note else "") for h in found.history]),
    ])


def _milestone_line(step: Milestone) -> str:
    mark = "[x]" if step.done else "[ ]"
    due = f" (due {step.due})" if step.due else ""
    done = f" done {step.done}" if step.done else ""
    return f"#{step.id} {mark} {step.title}{due}{done}"


@app.command("edit")
def edit(
    goal_id: GoalIdArg, title: TitleOpt = None, with_: WithOpt = None, category: CategoryOpt = None,
    target: TargetOpt = None, why: WhyOpt = None, metric: MetricOpt = None, impact: ImpactOpt = None,
    support: SupportOpt = None, feasibility: FeasibilityOpt = None, clear: ClearOpt = None,
) -> None:
    """Change a goal's title, person, category, target, why, metric or scores; --clear empties a field.

    Example: mentorlog goal edit 3 --feasibility 2 --target "in 3 months" --clear metric
    """
    fields = goal_fields(category, target, why, metric, impact, support, feasibility)
    fields["title"] = title
    cleared = clear_fields(clear, CLEARABLE)
    check_not_both(fields | {"mentorship_id": with_}, cleared, CLEARABLE)
    if with_ is None and not cleared and all(value is None for value in fields.values()):
        raise MentorlogError("nothing to change: give at least one option (see --help)")
    with journal() as store:
        found = goals.goal(store, goal_id)
        if with_ is not None:
            fields["mentorship_id"] = mentorships.resolve(store, with_).id
        updated = goals.update_goal(store, found, clear=tuple(cleared), **fields)
    render.message(f"Updated goal #{updated.id} (weight {_weight_text(updated)}).")


@app.command("progress", context_settings={"ignore_unknown_options": True})
def progress(
    goal_id: GoalIdArg,
    percent: Annotated[int, typer.Argument(metavar="PERCENT", help="How far along it is now, 0-100.")],
    note: NoteOpt = None,
) -> None:
    """Record how far along a goal is (0-100); every update is kept in its history with its date.

    Example: mentorlog goal progress 3 40 --note "first draft reviewed"
    """
    goals.check_progress(percent)
    note = read_text(note, "note")
    with journal() as store:
        before, updated = goals.progress_change(store, goals.goal(store, goal_id), percent, note)
    render.message(f"Goal #{updated.id} is at {updated.progress}% (was {before.progress}%).")


@app.command("done")
def done(goal_id: GoalIdArg, note: NoteOpt = None) -> None:
    """Mark a goal achieved: status achieved, progress 100.

    Example: mentorlog goal done 3 --note "promoted in the November cycle"
    """
    note = read_text(note, "note")
    with journal() as store:
        found = goals.close_goal(store, goals.goal(store, goal_id), "achieved", note)
    render.message(f"Achieved goal #{found.id}: {found.title}. Log it as a win too: mentorlog win add TEXT --goal {found.id}")


@app.command("drop")
def drop(
    goal_id: GoalIdArg,
    reason: Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="Why it is dropped (required).")] = None,
) -> None:
    """Drop a goal that no longer matters; the reason is kept.

    Example: mentorlog goal drop 4 --reason "the team was reorganised"
    """
    reason = required_reason(reason, "say why the goal is dropped")
    with journal() as store:
        found = goals.close_goal(store, goals.goal(store, goal_id), "dropped", reason)
    render.message(f"Dropped goal #{found.id}: {found.title}.")


@app.command("pause")
def pause(goal_id: GoalIdArg, note: NoteOpt = None) -> None:
    """Set an active goal aside for now: lists and reports leave it out until it is reopened.

    Example: mentorlog goal pause 4 --note "back to it after the launch"
    """
    note = read_text(note, "note")
    with journal() as store:
        found = goals.pause_goal(store, goals.goal(store, goal_id), note)
    render.message(f"Paused goal #{found.id}: {found.title}. Reopen it with: mentorlog goal reopen {found.id}")


@app.command("reopen")
def reopen(goal_id: GoalIdArg, note: NoteOpt = None) -> None:
    """Make an achieved, dropped or paused goal active again; its progress history stays.

    Example: mentorlog goal reopen 4 --note "the project is back on"
    """
    note = read_text(note, "note")
    with journal() as store:
        found = goals.goal(store, goal_id)
        reopened = goals.reopen_goal(store, found, note)
    render.message(f"Reopened goal #{reopened.id} (was {found.status}, at {reopened.progress}%): {reopened.title}.")


@milestone_app.command("add")
def milestone_add(
    goal_id: Annotated[int, typer.Argument(metavar="GOAL_ID", help="The goal this is a step of.")],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The step.")],
    due: Annotated[Optional[date], params.PLANNED.option("--due", help="When it should be done.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a dated step to a goal.

    Example: mentorlog goal milestone add 3 "Draft the proposal" --due "in 2 weeks"
    """
    with journal() as store:
        added = goals.add_milestone(store, goal_id, title, due)
    render.message(f"Added milestone #{added.id} to goal #{goal_id}: {added.title}.")
    render.created(added, as_json)


@milestone_app.command("done")
def milestone_done(
    milestone_id: Annotated[int, typer.Argument(metavar="MILESTONE_ID", help="The milestone's id (see `goal show`).")],
    on: params.DoneOnOpt = None,
) -> None:
    """Mark a milestone done.

    Example: mentorlog goal milestone done 7 --on yesterday
    """
    with journal() as store:
        found = goals.milestone(store, milestone_id)
        finished = goals.complete_milestone(store, found, on)
    render.message(f"Milestone #{finished.id} done on {finished.done}: {finished.title}.")
