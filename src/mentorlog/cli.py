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
from mentorlog.errors import MentorlogError


class MentorlogGroup(TyperGroup):
    """Turns a user error into one `Error: …` line and exit 1; the only place that does."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MentorlogError as error:
            if os.environ.get("MENTORLOG_DEBUG") == "1":
                raise
            sys.stderr.write(f"Error: {error}\n")
            raise typer.Exit(1) from None
        except sqlite3.DatabaseError as error:
            if os.environ.get("MENTORLOG_DEBUG") == "1":
                raise
            sys.stderr.write(f"Error: the journal could not be used ({error}); run `mentorlog doctor`\n")
            raise typer.Exit(1) from None


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


def main() -> None:
    app(prog_name="mentorlog")
