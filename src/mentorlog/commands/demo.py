"""`demo`: a sample journal in a temporary file, shown as status, report and agenda. Never touches yours."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from mentorlog.domain import dates
from mentorlog.domain.text import shell_command
from mentorlog.output import render
from mentorlog.errors import MentorlogError
from mentorlog.data import mentorships

START_HINT = """\
Start your own journal (it lives in {where}):

  mentorlog mentor add "Ada Lovelace" --cadence biweekly --channel video   # someone who mentors you
  mentorlog mentee add "Sam Rivera" --cadence weekly                       # someone you mentor
  mentorlog goal add "Get promoted" --with ada --impact 5 --support 5 --feasibility 4
  mentorlog session add --with ada        # right after each meeting
  mentorlog agenda --with ada             # the day before the next one
  mentorlog status                        # what is due, every Monday
"""


def demo(
    keep: Annotated[Optional[Path], typer.Option(
        "--keep", metavar="PATH", help="Also save the sample journal to PATH (a new file) to explore it.")] = None,
) -> None:
    """Show mentorlog on a sample journal in a temporary file: status, report, an agenda and a goal from a roadmap.

    Example: mentorlog demo --keep sample.db
    """
    import sqlite3
    import tempfile

    from mentorlog.commands import _common
    from mentorlog.data.journal import Journal, private_dir, vacuum_into
    from mentorlog.sample import build_sample

    if keep is not None:
        keep = keep.expanduser()
        if keep.exists():
            raise MentorlogError(f"{keep} already exists; --keep needs a new file")
    today = dates.today()
    with tempfile.TemporaryDirectory(prefix="mentorlog-demo-") as folder, \
            Journal(Path(folder) / "demo.db", command="demo: the sample journal") as store:
        build_sample(store, today)
        if keep is not None:  # saved before anything is printed, so `demo --keep F | head` still saves F
            try:
                private_dir(keep.parent.resolve())
                vacuum_into(store.conn, keep)
            except (OSError, sqlite3.Error) as error:
                raise MentorlogError(f"can't save the sample journal to {keep}: {error}") from None
        _banner(f"mentorlog demo: a sample journal as of {today:%A} {today.day} {today:%B %Y} "
                "(in a temporary file; your own journal is not touched)", first=True)
        _show(store, keep)
    _banner("What next")
    render.print_text(START_HINT.format(where=_home(_common.journal().path)))
    if keep is not None:
        render.print_text(f"The sample journal was saved to {keep}; explore it with:\n\n"
                          f"  {shell_command('--db', keep, 'report', '--with', 'grace')}\n")


def _show(store, keep: Path | None) -> None:
    """Status, report and an agenda of the sample. With `--keep`, every command they print names the kept
    copy (`--db PATH`), so it runs as printed; the temporary file is gone when the demo ends."""
    from typer.main import get_current_context

    from mentorlog.commands import _common, report
    from mentorlog.domain import records

    ctx = get_current_context(silent=True)
    saved = ctx.obj if ctx is not None else None
    before = ("--db", keep) if keep is not None else ()
    if ctx is not None:
        ctx.obj = records.replace(_common.invocation(ctx), db_path=keep)
    try:
        _banner(f"$ {shell_command(*before, 'status')}")
        report.show_status(store, "rich")
        _banner(f"$ {shell_command(*before, 'report')}")
        report.show_report(store, None, None, "rich")
        _banner(f"$ {shell_command(*before, 'agenda', '--with', 'ada')}")
        report.show_agenda(store, mentorships.resolve(store, "ada"), "markdown")
        _roadmap_goal(store, before)
    finally:
        if ctx is not None:
            ctx.obj = saved


def _roadmap_goal(store, before: tuple) -> None:
    """The sample's goal made from a roadmap: its dated milestones, some reached."""
    from mentorlog.commands.goal import print_goal
    from mentorlog.data import goals
    from mentorlog.sample import ROADMAP_GOAL

    found = next(g for g in goals.goals(store) if g.title == ROADMAP_GOAL)
    _banner(f"$ {shell_command(*before, 'goal', 'show', found.id)}   (made with goal add --roadmap professional-network)")
    print_goal(goals.goal(store, found.id, detail=True))


def _home(path: Path) -> str:
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def _banner(text: str, first: bool = False) -> None:
    if render.use_rich():
        from rich.rule import Rule
        from rich.text import Text

        out = render.console()
        if first:
            out.print(Text(text, style="bold magenta"))
        else:
            out.print()
            out.print(Rule(Text(text, style="bold magenta"), align="left", style="magenta"))
        return
    render.print_text(("" if first else "\n") + text + "\n" + "-" * min(len(text), 60))
