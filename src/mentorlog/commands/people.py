"""`mentor …` and `mentee …`: one implementation, the role fixed by the group."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import typer

from mentorlog import config
from mentorlog.domain import dates
from mentorlog.output import render
from mentorlog.commands import params
from mentorlog.commands._common import JsonOpt, check_choice, check_not_both, clear_fields, clear_option, journal, read_text
from mentorlog.errors import MentorlogError
from mentorlog.domain.models import CHANNELS, FOCUSES, KINDS, Mentorship
from mentorlog.data import mentorships, sessions

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The person's name (a unique prefix works after adding).")]
CadenceOpt = Annotated[Optional[int], params.CADENCE.option("--cadence", "-c", help="How often you meet: weekly, biweekly, monthly, quarterly, 2w, 10d, 3m.")]
SinceOpt = Annotated[Optional[date], params.DAY.option("--since", help="When the mentorship started (default today).")]
UntilOpt = Annotated[Optional[date], params.PLANNED.option("--until", help="Planned end of the mentorship (not before it started).")]
KindOpt = Annotated[Optional[str], params.choice("--kind", choices=KINDS, help="Kind of mentorship (default traditional).")]
ChannelOpt = Annotated[Optional[str], params.choice("--channel", choices=CHANNELS, help="Where you usually meet.")]
FocusOpt = Annotated[Optional[str], params.choice("--focus", choices=FOCUSES, help="Outcome-based or exploration-based.")]
ExpectOpt = Annotated[Optional[str], typer.Option("--expectations", metavar="TEXT", help="What you agreed to expect of each other.")]
BoundOpt = Annotated[Optional[str], typer.Option("--boundaries", metavar="TEXT", help="Boundaries: topics, times, confidentiality.")]
ReviewOpt = Annotated[Optional[int], params.CADENCE.option("--review-every", help="How often to review the relationship (default 6w).")]
# `add`'s own: a default from the config file, shown in `--help`
AddCadenceOpt = Annotated[Optional[int], params.CADENCE.option("--cadence", "-c", help="How often you meet: weekly, biweekly, monthly, quarterly, 2w, 10d, 3m." + config.shown("cadence"))]
AddChannelOpt = Annotated[Optional[str], params.choice("--channel", choices=CHANNELS, help="Where you usually meet." + config.shown("channel"))]
AddReviewOpt = Annotated[Optional[int], params.CADENCE.option("--review-every", help="How often to review the relationship (default 6w)." + config.shown("review_every"))]
TimeOpt = Annotated[Optional[str], params.CLOCK.option("--time", help="The usual time of a check-in, 15:00 (the calendar's events are timed).")]
LengthOpt = Annotated[Optional[int], params.DURATION.option("--length", help="How long a check-in usually lasts: 45m, 1h.")]
AddTimeOpt = Annotated[Optional[str], params.CLOCK.option("--time", help="The usual time of a check-in, 15:00 (the calendar's events are timed)." + config.shown("checkin_time"))]
AddLengthOpt = Annotated[Optional[int], params.DURATION.option("--length", help="How long a check-in usually lasts: 45m, 1h." + config.shown("session_length"))]
# `--clear FIELD` of `edit`: the field's name as typed, and its column
CLEARABLE = {field: field for field in ("until", "channel", "focus", "expectations", "boundaries")} | {
    "time": "checkin_time", "length": "checkin_minutes"}
ClearOpt = Annotated[Optional[list[str]], clear_option(CLEARABLE)]

ROLE_WORDS = {  # (one person, several people, an example of add: a name with a space, quoted as typed)
    "mentor": ("someone who mentors you", "people who mentor you", '"Ada Lovelace" --cadence biweekly --channel video'),
    "mentee": ("someone you mentor", "people you mentor", '"Sam Rivera" --cadence weekly --focus outcome'),
}


def mentorship_fields(
    cadence: int | None, since: date | None, until: date | None, kind: str | None, channel: str | None,
    focus: str | None, expectations: str | None, boundaries: str | None, review_every: int | None,
    time: str | None = None, length: int | None = None,
) -> dict:
    """Flags as validated column values (dates and cadences were read as the options were parsed)."""
    fields = {
        "cadence_days": cadence,
        "review_every_days": review_every,
        "since": since,
        "until": until,
        "kind": check_choice(kind, KINDS, "--kind"),
        "channel": check_choice(channel, CHANNELS, "--channel"),
        "focus": check_choice(focus, FOCUSES, "--focus"),
        "expectations": read_text(expectations, "expectations"),
        "boundaries": read_text(boundaries, "boundaries"),
        "checkin_time": time,
        "checkin_minutes": length,
    }
    if fields["since"] and fields["until"] and fields["until"] < fields["since"]:
        raise MentorlogError("--until is before --since")
    return fields


def build(role: str) -> typer.Typer:
    """The command group for one role."""
    app = typer.Typer(no_args_is_help=True, help=f"The {ROLE_WORDS[role][1]}: add, list, show, edit, pause, resume, end.")
    _add_and_list(app, role)
    _show_and_edit(app, role)
    _status_commands(app, role)
    return app


def _find(name: str, role: str) -> tuple:
    store = journal()
    return store, mentorships.resolve(store, name, role=role)


def _add_and_list(app: typer.Typer, role: str) -> None:
    someone, people_who, example = ROLE_WORDS[role]

    @app.command("add")
    def add(
        name: NameArg, cadence: AddCadenceOpt = None, since: SinceOpt = None, until: UntilOpt = None,
        kind: KindOpt = None, channel: AddChannelOpt = None, focus: FocusOpt = None,
        expectations: ExpectOpt = None, boundaries: BoundOpt = None, review_every: AddReviewOpt = None,
        time: AddTimeOpt = None, length: AddLengthOpt = None, as_json: JsonOpt = False,
    ) -> None:
        cadence, channel, review_every = (config.value("cadence") if cadence is None else cadence,
                                          config.value("channel") if channel is None else channel,
                                          config.value("review_every") if review_every is None else review_every)
        if cadence is None and name.strip():
            cadence = ask_cadence(name)
        fields = mentorship_fields(cadence, since, until, kind, channel, focus, expectations, boundaries, review_every,
                                   time, length)
        with journal() as store:
            added = mentorships.add_mentorship(store, name, role, **fields)
        render.message(f"Added {added.name} as your {role} (meeting {dates.format_cadence(added.cadence_days)}).")
        render.created(added, as_json)

    add.__doc__ = f"Add {someone}.\n\nExample: mentorlog {role} add {example}"

    @app.command("list")
    def list_(
        all_: Annotated[bool, typer.Option("--all", "-a", help="Include ended mentorships.")] = False,
        as_json: JsonOpt = False,
    ) -> None:
        with journal() as store:
            people = mentorships.mentorships(store, role=role, include_ended=all_)
        if as_json:
            render.print_json([m.to_json() for m in people])
            return
        rows = [
            (m.id, render.escape(m.name), m.kind, _status(m), dates.format_cadence(m.cadence_days),
             m.channel or "", m.since or "")
            for m in people
        ]
        render.print_table(f"Your {role}s", ["id", "name", "kind", "status", "cadence", "channel", "since"], rows,
                           empty=f"No {role}s yet. Add one: mentorlog {role} add NAME")

    list_.__doc__ = f"List the {people_who} (active and paused; --all adds ended).\n\nExample: mentorlog {role} list --all --json"


USUAL_CADENCES = (7, 14, 30, 90)  # weekly, every 2 weeks, monthly, quarterly


def ask_cadence(name: str) -> int | None:
    """On a terminal, how often you will meet: the usual cadences, the default one chosen (Enter takes
    it). Without a terminal nobody is asked: None, and the mentorship takes the default."""
    from mentorlog.domain.models import DEFAULT_CADENCE_DAYS
    from mentorlog.prompts import ask

    if not ask.interactive():
        return None
    from mentorlog.domain.text import safe_text

    choices = [(dates.format_cadence(days), days) for days in USUAL_CADENCES]
    return ask.select(f"How often will you meet {safe_text(name.strip())}?", choices, default=DEFAULT_CADENCE_DAYS)


def _show_and_edit(app: typer.Typer, role: str) -> None:
    someone, _, example = ROLE_WORDS[role]

    @app.command("show")
    def show(name: NameArg, as_json: JsonOpt = False) -> None:
        store, found = _find(name, role)
        with store:
            recent = sessions.sessions(store, found, limit=5)
        if as_json:
            render.print_json(found.to_json() | {"recent_sessions": [s.to_json(include_private=False) for s in recent]})
            return
        render.print_fields(f"{found.name} — your {role}", [
            ("status", found.status), ("kind", found.kind), ("cadence", dates.format_cadence(found.cadence_days)),
            ("review every", dates.format_cadence(found.review_every_days)), ("since", found.since), ("until", found.until),
            ("paused", found.paused_on if found.status == "paused" else None), ("resumed", found.resumed_on),
            ("ended", found.ended_on), ("end note", found.end_note), ("channel", found.channel),
            ("focus", found.focus), ("check-in time", found.checkin_time),
            ("check-in length", dates.format_duration(found.checkin_minutes) if found.checkin_minutes else None),
            ("expectations", found.expectations), ("boundaries", found.boundaries),
            ("recent sessions", [f"#{s.id} {s.held_at:%Y-%m-%d} {', '.join(s.topics)}" for s in recent]),
        ])

    show.__doc__ = f"Show {someone}, with recent sessions.\n\nExample: mentorlog {role} show {_example_name(role).split()[0][1:].lower()}"

    @app.command("edit")
    def edit(
        name: NameArg,
        new_name: Annotated[Optional[str], typer.Option("--name", metavar="NAME", help="Rename.")] = None,
        cadence: CadenceOpt = None, since: SinceOpt = None, until: UntilOpt = None, kind: KindOpt = None,
        channel: ChannelOpt = None, focus: FocusOpt = None, expectations: ExpectOpt = None,
        boundaries: BoundOpt = None, review_every: ReviewOpt = None, time: TimeOpt = None, length: LengthOpt = None,
        clear: ClearOpt = None,
    ) -> None:
        fields = mentorship_fields(cadence, since, until, kind, channel, focus, expectations, boundaries, review_every,
                                   time, length)
        if new_name is not None:
            fields["name"] = new_name
        cleared = clear_fields(clear, CLEARABLE)
        check_not_both(fields, cleared, CLEARABLE)
        if not cleared and all(value is None for value in fields.values()):
            raise MentorlogError("nothing to change: give at least one option (see --help)")
        store, found = _find(name, role)
        with store:
            updated = mentorships.update_mentorship(store, found, clear=tuple(cleared), **fields)
        render.message(f"Updated {updated.name}.")

    edit.__doc__ = (f"Change the details of {someone}; --clear empties a field.\n\n"
                    f"Example: mentorlog {role} edit {_example_name(role)} --cadence monthly --clear until")


def _status_commands(app: typer.Typer, role: str) -> None:
    """`pause`, `resume` and `end`."""

    def change_status(name: str, status: str, verb: str, on: date | None = None, note: str | None = None) -> None:
        note = read_text(note, "note")
        store, found = _find(name, role)
        if found.status == status:
            raise MentorlogError(f"{found.name} is already {status}")
        with store:
            done = mentorships.change_status(store, found, status, on=on, note=note)
            after = _after_status(store, done)
        render.message(f"{verb} your mentorship with {found.name}.{after}")

    @app.command("pause")
    def pause(name: NameArg) -> None:
        change_status(name, "paused", "Paused")

    pause.__doc__ = f"Pause a mentorship: no check-ins are due while it is paused.\n\nExample: mentorlog {role} pause {_example_name(role)}"

    @app.command("resume")
    def resume(name: NameArg) -> None:
        change_status(name, "active", "Resumed")

    resume.__doc__ = f"Resume a paused (or ended) mentorship.\n\nExample: mentorlog {role} resume {_example_name(role)}"

    @app.command("end")
    def end(
        name: NameArg,
        on: Annotated[Optional[date], params.HAPPENED_ON.option("--on", help="When it ended (default today; not in the future, not before it started).")] = None,
        note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="What was achieved; whether you stay in touch.")] = None,
    ) -> None:
        change_status(name, "ended", "Ended", on=on, note=note)

    end.__doc__ = ("End a mentorship (tip: `mentorlog review --with NAME --template wrap-up` ends it with a proper "
                   "wrap-up, and settles its open actions)."
                   f"\n\nExample: mentorlog {role} end {_example_name(role)} --on yesterday --note \"we stay in touch\"")


def _after_status(store, done: mentorships.StatusChange) -> str:
    """What follows a pause, resume or end: after a resume, the next check-in and the due dates moved; after
    an end, the open actions left and the commands that settle them (as they must be typed)."""
    from mentorlog.commands._common import journal_options
    from mentorlog.data import actions
    from mentorlog.domain import insights

    found = done.mentorship
    if found.status == "active":
        last = sessions.sessions(store, found, limit=1)
        due = insights.next_checkin_due(found.status, found.since, last[0].held_at.date() if last else None,
                                        found.cadence_days, found.resumed_on)
        text = f"\nNext check-in {due}" if due else ""
        moved = [f"{n} {what}" if n != 1 else f"1 {one}" for n, one, what in (
            (done.moved, "open action's due date", "open actions' due dates"),
            (done.moved_milestones, "milestone's due date", "milestones' due dates")) if n]
        if moved:
            text += f"; {' and '.join(moved)} moved by {dates.format_days(done.paused_days)}"
        return text + "." if text else ""
    if found.status != "ended" or not done.open_actions:
        return ""
    before = journal_options()
    from mentorlog.data import goals

    action = actions.actions(store, found)[0]
    first, count = str(action.id), done.open_actions
    # kept as mine, it is with nobody: it can't go on serving this mentorship's goal
    theirs = action.goal_id is not None and goals.goal(store, action.goal_id).mentorship_id == found.id
    keep = ("--clear", "with", *(("--clear", "goal") if theirs else ()), "--owner", "me")

    def run(*words: str) -> str:
        return insights.command(*words, before=before)

    left = f"{count} open actions with {found.name} remain" if count != 1 else f"1 open action with {found.name} remains"
    which = f"each one, e.g. #{first}" if count != 1 else f"it (#{first})"
    return (f"\n{left}, no longer counted as overdue:\n"
            f"  {run('action', 'list', '--with', mentorships.with_arg(store, found))}\n"
            f"Settle {which}: done, not taken, or kept as your own:\n"
            f"  {run('action', 'done', first)}\n"
            f"  {run('action', 'skip', first, '--reason', 'TEXT')}\n"
            f"  {run('action', 'edit', first, *keep)}")


def _example_name(role: str) -> str:
    """The name in the role's help examples, as it is typed: `"Ada Lovelace"`."""
    return ROLE_WORDS[role][2].split(" --")[0]


def _status(mentorship: Mentorship) -> str:
    colours = {"active": "green", "paused": "yellow", "ended": "dim"}
    return f"[{colours[mentorship.status]}]{mentorship.status}[/]"


mentor_app = build("mentor")
mentee_app = build("mentee")
