"""What every command shares: the journal in use, option aliases, name completion."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from mentorlog.errors import MentorlogError

if TYPE_CHECKING:
    from mentorlog.journal import Journal


@dataclass
class State:
    db_path: Path | None = None


STATE = State()


def journal() -> Journal:
    """The journal named by `--db`, `MENTORLOG_DB` or the default location."""
    from mentorlog.journal import Journal, default_path

    return Journal(STATE.db_path or default_path())


def complete_names(incomplete: str) -> list[str]:
    """Shell completion for `--with`: names from the journal, without creating or migrating it."""
    import sqlite3

    from mentorlog.journal import default_path

    path = STATE.db_path or default_path()
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = conn.execute("SELECT DISTINCT name FROM mentorships WHERE status != 'ended' ORDER BY name").fetchall()
        conn.close()
    except sqlite3.Error:
        return []
    return [name for (name,) in rows if name.casefold().startswith(incomplete.casefold())]


def require(value, flag: str):
    """A value the command cannot do without, when nobody can be asked for it."""
    if value is None:
        raise MentorlogError(f"missing {flag} (no terminal to ask on)")
    return value


def check_rating(value: int | None, what: str = "rating") -> int | None:
    if value is not None and not 1 <= value <= 5:
        raise MentorlogError(f"{what} must be between 1 and 5, not {value}")
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


WithOpt = Annotated[
    Optional[str],
    typer.Option("--with", "-w", metavar="NAME", help="Mentor or mentee: a name or unambiguous prefix.",
                 autocompletion=complete_names),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
