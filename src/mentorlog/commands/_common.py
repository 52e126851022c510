"""What every command shares: the journal in use, option aliases, name completion."""

from __future__ import annotations

from mentorlog.domain.records import record
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.main import get_current_context  # Typer's (vendored Click's) context stack

from mentorlog.errors import MentorlogError

if TYPE_CHECKING:
    from mentorlog.data.journal import Journal
    from mentorlog.domain.models import Mentorship


@record(frozen=True)
class Invocation:
    """What the root command read from the command line, for the commands under it: carried in the
    context's `obj` (`ctx.obj`), which every subcommand's context inherits, so each run has its own."""

    db_path: Path | None = None  # `--db`, as given (home folder expanded)
    command: str = "mentorlog"  # the words typed, without the person's text: what the change history names


def invocation(ctx: typer.Context | None = None) -> Invocation:
    """The running command's Invocation: from `ctx`, else from the context Typer is running; outside a
    command (a helper called on its own), the defaults."""
    if ctx is None:
        ctx = get_current_context(silent=True)
    found = ctx.find_object(Invocation) if ctx is not None else None
    return found or Invocation()


def journal_options(absolute: bool = False) -> tuple[str, ...]:
    """`--db PATH` when one was given: a command printed for the person must reach the same journal
    (`absolute`: from anywhere, as a calendar alarm or a cron job runs it)."""
    db_path = invocation().db_path
    if db_path is None:
        return ()
    return ("--db", str(db_path.resolve() if absolute else db_path))


def journal_path(ctx: typer.Context | None = None) -> Path:
    """The journal named by `--db`, `MENTORLOG_DB` or the default location."""
    from mentorlog.data.journal import default_path

    return invocation(ctx).db_path or default_path()


def journal() -> Journal:
    """The journal of the running command (see `journal_path`), naming the command for the change history."""
    from mentorlog.output import render
    from mentorlog.data.journal import Journal

    store = Journal(journal_path(), notify=render.message, command=invocation().command)
    store.after_commit.append(_sync_afterwards)
    return store


def _sync_afterwards(store: Journal) -> None:
    """`sync init --auto`: a background sync after the command's write (`sync.auto` decides, cheaply)."""
    from mentorlog.sync import auto

    auto.after_write(store)


def complete_names(incomplete: str, ctx: Optional[typer.Context] = None) -> list[str]:
    """Shell completion for `--with`: names from the journal, without creating or migrating it.

    Completion runs no command, so no context is current: Typer passes the one it parsed as `ctx`."""
    from mentorlog.data import mentorships

    names = mentorships.names(journal_path(ctx))
    return [name for name in names if name.casefold().startswith(incomplete.casefold())]


def require(value, flag: str):
    """A value the command cannot do without, when nobody can be asked for it."""
    if value is None:
        raise MentorlogError(f"missing {flag} (no terminal to ask on)")
    return value


def check_rating(value: int | None, what: str = "rating") -> int | None:
    """A 1-5 score (a session's rating, a goal's impact, support or feasibility)."""
    from mentorlog.data.goals import check_score

    return check_score(value, what)


def check_limit(value: int | None, flag: str) -> int | None:
    """A count such as `--limit N`: at least 1 (a user error like any other bad value, not a usage error)."""
    if value is not None and value < 1:
        raise MentorlogError(f"{flag} must be at least 1, not {value}")
    return value


def check_choice(value: str | None, choices: tuple[str, ...], flag: str) -> str | None:
    if value is None:
        return None
    cleaned = value.strip().lower()
    if cleaned not in choices:
        raise MentorlogError(f"{flag} must be one of {', '.join(choices)}, not {value!r}")
    return cleaned


def read_text(value: str | None, what: str) -> str | None:
    """A text flag: `-` reads standard input; blank text is refused."""
    if value is None:
        return None
    if value == "-":
        import sys

        value = sys.stdin.read()
    if not value.strip():
        raise MentorlogError(f"empty {what}: give some text or leave the option out")
    return value.strip("\n")


def ask_required(prompt: str, name: str) -> str:
    """A value the command needs: asked for on a terminal, an error naming it otherwise."""
    from mentorlog.prompts import ask

    if not ask.interactive():
        raise MentorlogError(f"missing {name} (no terminal to ask on)")
    return ask.text(prompt, check=lambda answer: answer.strip() or _empty(name))


def _empty(name: str):
    raise MentorlogError(f"empty {name}: give some text")


def required_reason(reason: str | None, why: str) -> str:
    """`--reason`: given, else asked for on a terminal; blank is refused."""
    from mentorlog.prompts import ask

    if reason is None:
        if not ask.interactive():
            raise MentorlogError(f"missing --reason: {why}")
        reason = ask.text(f"Reason ({why})", check=lambda answer: answer.strip() or _empty("--reason"))
    reason = reason.strip()
    if not reason:
        raise MentorlogError(f"empty --reason: {why}")
    return reason


def pick_mentorship(store: Journal, name: str | None, prompt: str, active_only: bool = False,
                    pick_single: bool = False) -> Mentorship:
    """`--with NAME`, else asked on a terminal (`prompt`), else an error naming the flag.

    `active_only` leaves paused mentorships out of the choice; `pick_single` takes the only one
    there is without asking.
    """
    from mentorlog.data import mentorships

    from mentorlog.prompts import ask

    if name is not None:
        return mentorships.resolve(store, name)
    if not ask.interactive():
        require(None, "--with NAME")
    people = [m for m in mentorships.mentorships(store) if m.status == "active" or not active_only]
    if not people:
        which = "active mentorships" if active_only else "mentors or mentees"
        raise MentorlogError(f"no {which} yet; add one with `mentorlog mentor add NAME` (or `mentorlog mentee add NAME`)")
    if pick_single and len(people) == 1:
        return people[0]
    return ask.select(prompt, [(m.label, m) for m in people])


def action_mentorship(store: Journal, name: str | None, goal_id: int | None) -> Mentorship | None:
    """`--with NAME`, else the person of the goal an action or win serves (a personal goal: nobody)."""
    from mentorlog.data import mentorships

    if name is not None:
        return mentorships.resolve(store, name)
    if goal_id is not None:
        from mentorlog.data import goals

        found = goals.goal(store, goal_id)
        if found.mentorship_id is not None:
            return mentorships.mentorship(store, found.mentorship_id)
    return None


def clear_fields(names: list[str] | None, clearable: dict[str, str]) -> list[str]:
    """`--clear FIELD` (repeatable) as column names; `clearable` maps each field's name to its column."""
    columns = []
    for name in names or []:
        key = name.strip().lower().replace("_", "-")
        if key not in clearable:
            raise MentorlogError(f"can't clear {name!r}; fields that can be cleared: {', '.join(clearable)}")
        columns.append(clearable[key])
    return list(dict.fromkeys(columns))


def check_not_both(fields: dict, cleared: list[str], clearable: dict[str, str]) -> None:
    """A field both set and cleared in one command is a contradiction, not a guess to make."""
    flags = {column: name for name, column in clearable.items()}
    for column in cleared:
        if fields.get(column) is not None:
            raise MentorlogError(f"--{flags[column]} and --clear {flags[column]} can't be used together")


def clear_option(clearable: dict[str, str]):
    """The `--clear FIELD` option of an edit command, its help naming the fields it accepts."""
    return typer.Option("--clear", metavar="FIELD",
                        help=f"Remove a value (repeat for more): {', '.join(clearable)}.")


WithOpt = Annotated[
    Optional[str],
    typer.Option("--with", "-w", metavar="NAME", help="Mentor or mentee: a name or unambiguous prefix.",
                 autocompletion=complete_names),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
