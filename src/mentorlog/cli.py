"""The Typer app: global options, one error boundary, and every command group. Imports nothing heavy."""

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from mentorlog import __version__
from mentorlog.commands import _common
from mentorlog.errors import MentorlogError

# Every command: (module in mentorlog.commands, attribute, one line for `mentorlog --help`).
# A module is imported only when its command runs, so start-up pays for none of them.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "mentor": ("people", "mentor_app", "The people who mentor you: add, list, show, edit, pause, resume, end."),
    "mentee": ("people", "mentee_app", "The people you mentor: add, list, show, edit, pause, resume, end."),
    "session": ("session", "app", "Meetings: log one after it happens, list, show, edit, delete."),
    "goal": ("goal", "app", "Goals: add, list, show, edit, record progress, achieve, drop, pause, reopen; milestones."),
    "action": ("action", "app", "Action items: add, list, done, skip (with the reason), reopen, edit."),
    "win": ("win", "app", "Wins, big and small: add, list."),
    "roadmap": ("roadmap", "app", "Roadmaps: goal templates with dated milestones; list, show, save."),
    "prospect": ("prospect", "app", "Finding a mentor: people you might ask, the message to send, how it went."),
    "measure": ("measure", "app", "Confidence, clarity and a relationship's health over time: list, show, add."),
    "topic": ("topic", "app", "What to raise at the next meeting: add, list, done, drop, edit."),
    "review": ("review", "app", "A guided review of a mentorship: first meeting, periodic, wrap-up."),
    "agenda": ("report", "agenda", "The plan to send the day before a meeting."),
    "report": ("report", "report", "Before a check-in: goals, actions, wins and warning signs."),
    "update": ("update", "update", "A progress update to share: wins, goals, actions done, what comes next."),
    "status": ("report", "status", "What is due and overdue, at a glance."),
    "remind": ("remind", "remind", "What needs doing today and tomorrow, for a cron job or a systemd timer."),
    "search": ("search", "search", "Full-text search across the journal."),
    "export": ("transfer", "export", "Export the journal: json, markdown, csv or ics."),
    "import": ("transfer", "import_", "Merge a json export into the journal."),
    "backup": ("maintenance", "backup", "A consistent, checked copy of the journal."),
    "doctor": ("maintenance", "doctor", "Check the journal's health and say how to fix what is wrong."),
    "demo": ("demo", "demo", "A sample journal in a temporary file, shown as status, report and agenda."),
    "history": ("history", "history", "The last changes, newest first: one line per command that wrote."),
    "undo": ("history", "undo", "Take back the newest change (run it again to redo)."),
    "sync": ("sync", "app", "Keep this journal the same on every machine: through a synced folder or git."),
    "config": ("config", "app", "Your defaults in config.toml: path, get, set, list."),
}
NESTED = {"milestone"}  # groups inside a group: `goal milestone add`
# Options whose values are names, dates, numbers or choices, never the person's own text
PLAIN_VALUES = {"--with", "-w", "--cadence", "--format", "--on", "--due", "--since", "--until", "--owner", "--channel",
                "--rating", "-r", "--template", "--kind", "--category", "--target", "--duration", "-d", "--goal",
                "--role", "--status", "--impact", "--support", "--feasibility", "-n", "--limit",
                "--roadmap", "--start"}


class MentorlogGroup(TyperGroup):
    """The root command: loads each command on first use, and is the one error boundary.

    A user error becomes one `Error: …` line and exit 1. Tracebacks are shown only with
    MENTORLOG_DEBUG=1 (and never with local variables).
    """

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        """Read the root's options, and keep what the commands need in `ctx.obj` (an Invocation).

        Here rather than in `root()`: shell completion parses the command line but runs no callback,
        and it should find the journal `--db` names too."""
        moved, args = global_options(args)
        rest = super().parse_args(ctx, moved + args)
        db = ctx.params.get("db")
        db_path = Path(db).expanduser() if db is not None else None  # a quoted '~/j.db' reaches us as typed
        ctx.obj = _common.Invocation(db_path=db_path, command=command_words(args))
        from mentorlog.output import render

        render.set_color(color_option(ctx.params.get("color"), ctx.params.get("no_color"), ctx.resilient_parsing))
        return rest

    def _main_shell_completion(self, ctx_args, prog_name: str, complete_var: str | None = None) -> None:
        """A shell asking for completions: our classes answer (`commands.completion`: names quoted for bash,
        ids with a description)."""
        if os.environ.get(complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()):
            from mentorlog.commands import completion

            completion.install()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, name: str):
        if name not in COMMANDS:
            return None
        return load_command(name)

    def format_commands(self, ctx, formatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, _, short) in COMMANDS.items()])

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort, BrokenPipeError):
            raise  # usage errors (exit 2), deliberate exits, and a reader that stopped (`| head`)
        except Exception as error:
            if os.environ.get("MENTORLOG_DEBUG") == "1":
                raise
            from mentorlog.output.render import fit

            sys.stderr.write(f"Error: {fit(one_line(describe(error)), sys.stderr)}\n")
            raise typer.Exit(1) from None


COLOR_MODES = ("auto", "always", "never")
ANYWHERE = ("--color", "--no-color")  # root options also taken after the command: `mentorlog report --color always`


def global_options(args: list[str]) -> tuple[list[str], list[str]]:
    """`--color X`, `--color=X` and `--no-color` wherever they were typed (up to a `--`), apart from the
    rest: the root reads them first, and the change history does not name them."""
    moved, kept, index = [], [], 0
    while index < len(args):
        word = args[index]
        if word == "--":
            kept += args[index:]
            break
        if word in ANYWHERE or word.startswith("--color="):
            take = 2 if word == "--color" else 1
            moved += args[index:index + take]
            index += take
            continue
        kept.append(word)
        index += 1
    return moved, kept


def color_option(color: str | None, no_color: bool | None, completing: bool = False) -> str | None:
    """`--color auto|always|never` (`--no-color` is `never`); a bad value is one `Error:` line and exit 1."""
    if no_color:
        if color not in (None, "never") and not completing:
            fail(f"--no-color and --color {color} can't be used together")
        return "never"
    if color is None:
        return None
    mode = color.strip().lower()
    if mode not in COLOR_MODES and not completing:
        fail(f"--color must be one of {', '.join(COLOR_MODES)}, not {color!r}")
    return mode if mode in COLOR_MODES else None


def fail(message: str):
    """A bad root option, read before any command runs: the same `Error:` line and exit 1 as anywhere else."""
    sys.stderr.write(f"Error: {one_line(message)}\n")
    raise typer.Exit(1)


def load_command(name: str):
    """Build the click command for one entry of COMMANDS (a Typer group or a single function)."""
    import importlib

    module_name, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(f"mentorlog.commands.{module_name}"), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer()
        single.command(name)(target)
        target = single
    target.rich_markup_mode = None
    target._add_completion = False  # completion is installed from the root command only
    grouped = len(target.registered_commands) + len(target.registered_groups) > 1 or target.registered_callback
    command = LazyGroup.of(target) if grouped else typer.main.get_command(target)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """A command group whose subcommands Typer builds when one is asked for: `session add` reads the
    parameters of `add` alone, not those of every session command (about 0.6 ms a command at start-up)."""

    @classmethod
    def of(cls, target: typer.Typer) -> "LazyGroup":
        import copy

        from typer.models import TyperInfo

        shell = copy.copy(target)  # the group's own callback and options, without its commands
        shell.registered_commands, shell.registered_groups = [], []
        group = typer.main.get_group_from_info(TyperInfo(shell), pretty_exceptions_short=target.pretty_exceptions_short,
                                               rich_markup_mode=None, suggest_commands=target.suggest_commands)
        group.__class__ = cls
        group.pending = {info.name or typer.main.get_command_name(info.callback.__name__): info
                         for info in target.registered_commands}
        group.pending.update({info.name: info for info in target.registered_groups})
        group.order = list(group.pending)
        return group

    def list_commands(self, ctx) -> list[str]:
        return list(self.order)

    def get_command(self, ctx, name: str):
        info = self.pending.pop(name, None)
        if info is not None:
            from typer.models import CommandInfo

            build = dict(pretty_exceptions_short=True, rich_markup_mode=None)
            self.commands[name] = (typer.main.get_command_from_info(info, **build) if isinstance(info, CommandInfo)
                                   else typer.main.get_group_from_info(info, suggest_commands=True, **build))
        return self.commands.get(name)


def command_words(args: list[str]) -> str:
    """The command as typed, for the change history, without the person's text: the command's own
    words, option names, numbers and `--with` names stay; every other value becomes `…`."""
    words = list(args)
    while words[:1] == ["--db"] or (words and words[0].startswith("--db=")):
        words = words[2:] if words[0] == "--db" else words[1:]
    path = words[:1]
    if path and path[0] in COMMANDS and COMMANDS[path[0]][1].endswith("app") and len(words) > 1:
        path = words[:3] if words[1] in NESTED else words[:2]
    kept, keep_next = list(path), False
    for word in words[len(path):]:
        if word.startswith("-") and word != "-":
            name, _, value = word.partition("=")
            kept.append(f"{name}={value if name in PLAIN_VALUES else '…'}" if value else name)
            keep_next = name in PLAIN_VALUES
        else:
            kept.append(word if keep_next or word.lstrip("-").isdigit() else "…")
            keep_next = False
    return " ".join(kept)


def one_line(message: str, limit: int = 1000) -> str:
    """An error message as one readable line: control characters from the person's own text escaped,
    and a very long value quoted back shortened in the middle."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
    return text if len(text) <= limit else f"{text[: limit // 2]} … {text[-limit // 2:]}"


def describe(error: Exception) -> str:
    """One line for the person: what went wrong and, where it helps, what to do."""
    import sqlite3

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
    if isinstance(error, UnicodeError):  # e.g. arguments from a terminal that is not set to UTF-8
        return f"text that is not valid UTF-8 can't be used ({error}); check the encoding of your terminal or file"
    if isinstance(error, OverflowError):  # e.g. an id too large for SQLite
        if "SQLite INTEGER" in str(error):
            return f"a number is too large: ids and counts go up to {2**63 - 1}"
        return f"a number or date is out of range ({error})"
    return f"unexpected {type(error).__name__}: {error} (run with MENTORLOG_DEBUG=1 for the traceback)"


app = typer.Typer(
    cls=MentorlogGroup,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: Rich's help formatter costs more than Typer itself
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
    color: Annotated[
        Optional[str],
        typer.Option("--color", metavar="auto|always|never", autocompletion=lambda: list(COLOR_MODES),
                     help="Colour and tables: auto (on a terminal; NO_COLOR and FORCE_COLOR are honoured), "
                          "always (also in a pipe: `| less -R`), never."),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="The same as --color never.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """The root's options are read by `MentorlogGroup.parse_args`, into the context the commands share."""


def main() -> None:
    """The `mentorlog` command: run it, then leave at once. The interpreter is not torn down module by module
    (a tenth of a short command's time): every journal is closed by the `with` that opened it, the
    output is flushed here, and nothing of mentorlog's waits for exit."""
    try:
        app(prog_name="mentorlog")
        code = 0
    except SystemExit as stop:
        code = stop.code
    if not isinstance(code, int):  # sys.exit(None) or sys.exit("text"), as Python itself reads them
        if code is not None:
            sys.stderr.write(f"{code}\n")
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`| head`), or a stream already closed
            pass
    os._exit(code)
