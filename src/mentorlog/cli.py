"""The Typer app: global options, one error boundary, and every command group. Imports nothing heavy."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from mentorlog import __version__
from mentorlog.commands import _common, people, session
from mentorlog.commands import action, goal, win
from mentorlog.commands import review
from mentorlog.commands import demo, report
from mentorlog.errors import MentorlogError


class MentorlogGroup(TyperGroup):
    """The one error boundary: a user error becomes one `Error: …` line and exit 1.

    Tracebacks are shown only with MENTORLOG_DEBUG=1 (and never with local variables).
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # usage errors (exit 2) and deliberate exits
        except Exception as error:
            if os.environ.get("MENTORLOG_DEBUG") == "1":
                raise
            sys.stderr.write(f"Error: {describe(error)}\n")
            raise typer.Exit(1) from None


def describe(error: Exception) -> str:
    """One line for the person: what went wrong and, where it helps, what to do."""
    if isinstance(error, MentorlogError):
        return str(error)
    if isinstance(error, sqlite3.DatabaseError):
        if "full" in str(error):
            return f"the disk is full ({error}); nothing was saved"
        if "locked" in str(error) or "busy" in str(error):
            return f"the journal is busy in another mentorlog ({error}); try again"
        return f"the journal could not be used ({error}); run `mentorlog doctor`"
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"can't use{where}: {error.strerror or error}"
    return f"unexpected {type(error).__name__}: {error} (run with MENTORLOG_DEBUG=1 for the traceback)"


app = typer.Typer(
    cls=MentorlogGroup,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="""A local-first mentorship journal: log sessions, weigh goals, track actions and wins,
review the relationship, and walk into every check-in prepared.

Start with `mentorlog demo`, then `mentorlog mentor add NAME` and `mentorlog session add`.""",
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"mentorlog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        Optional[Path],
        typer.Option("--db", metavar="PATH", help="The journal file (default: $MENTORLOG_DB, else journal.db in your data folder)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    _common.STATE.db_path = db


app.add_typer(people.mentor_app, name="mentor")
app.add_typer(people.mentee_app, name="mentee")
app.add_typer(session.app, name="session")
app.add_typer(goal.app, name="goal")
app.add_typer(action.app, name="action")
app.add_typer(win.app, name="win")
app.add_typer(review.app, name="review")
app.command("status")(report.status)
app.command("report")(report.report)
app.command("agenda")(report.agenda)
app.command("demo")(demo.demo)


def main() -> None:
    app(prog_name="mentorlog")
