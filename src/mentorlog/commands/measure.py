"""`measure …`: how confidence, clarity of direction and a relationship's health change over time."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from mentorlog.commands import params
from mentorlog.commands._common import JsonOpt, WithOpt, journal, read_text
from mentorlog.output import render

app = typer.Typer(no_args_is_help=True, help="Measures over time (confidence, clarity, relationship): list, show, add.")

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The measure: confidence, clarity, relationship, or your own.")]
SPARKS = "▁▂▄▆█"  # a value of 1-5 as a bar


def sparkline(values: list[int]) -> str:
    return "".join(SPARKS[value - 1] for value in values)


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List the measures with each person: how many values, the first and the latest, and which way they went.

    Example: mentorlog measure list
    """
    from mentorlog.data import measures
    from mentorlog.domain import dates

    with journal() as store:
        found = measures.all_trends(store)
    if as_json:
        render.print_json([trend.to_json() | {"with": who} for who, trend in found])
        return
    today = dates.today()
    rows = [(trend.name, render.escape(who or "—"), trend.count, dates.short_day(trend.since, today),
             f"{trend.first} → {trend.last} {trend.arrow}" if trend.count > 1 else str(trend.first))
            for who, trend in found]
    render.print_table("Measures", ["measure", "with", render.Column("values", justify="right"), "since", "trend"], rows,
                       empty="No measures yet. Periodic reviews ask for them, or add one: "
                             "mentorlog measure add confidence 3")


@app.command("show")
def show(name: NameArg, with_: WithOpt = None, as_json: JsonOpt = False) -> None:
    """Show a measure's values over time, with a sparkline on a terminal.

    Example: mentorlog measure show confidence --with ada
    """
    from mentorlog.data import measures, mentorships
    from mentorlog.domain import dates

    name = measures.check_name(name)
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        found = measures.values(store, name, mentorship)
    if as_json:
        render.print_json([value.to_json() for value in found])
        return
    if not found:
        who = f" with {mentorship.name}" if mentorship else ""
        render.message(f"No values of {name}{who} yet. Add one: mentorlog measure add {name} 3")
        return
    today = dates.today()
    title = f"{name.capitalize()}" + (f" with {mentorship.name}" if mentorship else "")
    rows = [(dates.short_day(value.date, today), f"{render.stars(value.value)} {value.value}" if render.use_rich()
             else str(value.value), render.escape(value.with_name or "—"),
             f"review #{value.review_id}" if value.review_id else "added",
             render.escape(value.note or "")) for value in found]
    render.print_table(title, ["date", "value", "with", "from", "note"], rows)
    first, last = found[0].value, found[-1].value
    arrow = "↑" if last > first else "↓" if last < first else "→"
    trend = f"{name} {first} → {last} {arrow} over {len(found)} values since {dates.short_day(found[0].date, today)}"
    if render.use_rich():
        trend = f"{sparkline([value.value for value in found])}  {trend}"
    render.print_text(trend)


@app.command("add", context_settings={"ignore_unknown_options": True})
def add(
    name: NameArg,
    value: Annotated[int, typer.Argument(metavar="VALUE", help="1 (low) to 5 (high).")],
    with_: WithOpt = None,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="What moved it.")] = None,
    on: Annotated[Optional[date], params.HAPPENED_ON.option("--on", help="The day it is for (default today).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record a measure's value between reviews (1-5), with the mentorship it is about or none.

    Example: mentorlog measure add confidence 4 --with ada --note "after the design review"
    """
    from mentorlog.data import measures, mentorships

    name = measures.check_name(name)
    measures.check_value(value)
    note = read_text(note, "note")
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        added = measures.add_measure(store, name, value, mentorship, note, on)
        earlier = measures.values(store, name, mentorship)
    change = f" (from {earlier[0].value} on {earlier[0].date})" if len(earlier) > 1 else ""
    render.message(f"Noted {added.name} {added.value} on {added.date}{change}.")
    render.created(added, as_json)
