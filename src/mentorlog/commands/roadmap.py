"""`roadmap …`: goal templates with dated milestones, built in or your own; `goal add --roadmap` uses one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from mentorlog.commands import params
from mentorlog.commands._common import JsonOpt
from mentorlog.output import render

app = typer.Typer(no_args_is_help=True, help="Roadmaps: goal templates with dated milestones; list, show, save.")

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The roadmap's name (see `mentorlog roadmap list`).")]


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List the roadmaps: the built-in ones and your own (in the config folder's roadmaps/).

    Example: mentorlog roadmap list
    """
    from mentorlog.domain.roadmaps import load_roadmaps, user_dir

    found = sorted(load_roadmaps().values(), key=lambda roadmap: roadmap.name)
    if as_json:
        render.print_json([roadmap.to_json() for roadmap in found])
        return
    rows = [(roadmap.name, roadmap.title, roadmap.category, roadmap.target.text if roadmap.target else "",
             len(roadmap.milestones), "built-in" if roadmap.source == "built-in" else "mine") for roadmap in found]
    render.print_table("Roadmaps", ["name", "goal", "category", "target", render.Column("steps", justify="right"),
                                    "source"], rows, empty="No roadmaps.")
    render.message(f"Your own roadmaps are TOML files in {user_dir()}; `roadmap save` makes one of a goal.")


@app.command("show")
def show(
    name: NameArg,
    start: Annotated[Optional[date], params.DAY.option(
        "--start", help="Date the milestones as if the goal started on this day (default today).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a roadmap: why it matters, its metric, and its milestones as a timeline from a start day.

    Example: mentorlog roadmap show new-manager-90-days --start "next monday"
    """
    from mentorlog.domain import dates
    from mentorlog.domain.roadmaps import find_roadmap, load_roadmaps

    roadmap = find_roadmap(load_roadmaps(), name)
    today = dates.today()
    start = start or today
    if as_json:
        render.print_json(roadmap.to_json(start))
        return
    target = f"{roadmap.target.text} — {dates.short_day(roadmap.target.due(start), today)}" if roadmap.target else None
    render.print_fields(f"Roadmap {roadmap.name}: {roadmap.title}", [
        ("category", roadmap.category), ("why", roadmap.why), ("metric", roadmap.metric), ("target", target),
        ("starting", dates.short_day(start, today)),
        ("source", roadmap.source if roadmap.source == "built-in" else f"mine ({roadmap.source})"),
    ])
    rows = [(step.at.text, dates.short_day(step.at.due(start), today), step.title) for step in roadmap.milestones]
    render.print_table("Timeline", ["when", "date", "milestone"], rows)
    render.message(f"Start it: mentorlog goal add --roadmap {roadmap.name} --with NAME")


@app.command("save")
def save(
    goal_id: Annotated[int, typer.Argument(metavar="GOAL_ID", help="The goal to make a roadmap of (see `goal list --all`).")],
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new roadmap's name: lower-case letters, digits, dashes.")],
    force: Annotated[bool, typer.Option("--force", help="Replace a roadmap of yours with this name.")] = False,
) -> None:
    """Make a roadmap of your own from a goal you finished: each milestone at the point it was actually reached.

    Example: mentorlog roadmap save 1 my-promotion
    """
    from mentorlog.commands._common import journal
    from mentorlog.data import roadmaps
    from mentorlog.domain.roadmaps import check_name

    name = check_name(name)
    with journal() as store:
        roadmap, left_out = roadmaps.roadmap_from_goal(store, goal_id, name)
    path = roadmaps.save_roadmap(roadmap, force=force)
    render.message(f"Saved roadmap {roadmap.name} ({len(roadmap.milestones)} milestones) as {path}.")
    if left_out:
        render.message(f"Left out, neither reached nor dated: {'; '.join(left_out)}")
    render.message(f"Use it: mentorlog goal add --roadmap {roadmap.name} --with NAME")
