"""`config path|get|set|list`: your defaults in config.toml (see `mentorlog.config`)."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog import config
from mentorlog.commands._common import JsonOpt
from mentorlog.errors import MentorlogError
from mentorlog.output import render

app = typer.Typer(no_args_is_help=True, help="Your defaults (cadence, review interval, session length, channel, "
                                             "check-in time, editor, first day of the week, date style).")

KeyArg = Annotated[str, typer.Argument(metavar="KEY", help=f"One of: {', '.join(config.KEYS)}.",
                                       autocompletion=lambda incomplete: [k for k in config.KEYS
                                                                          if k.startswith(incomplete)])]


def _key(name: str) -> str:
    wanted = name.strip().lower().replace("-", "_")
    if wanted not in config.KEYS:
        raise MentorlogError(f"unknown key {name!r} (keys: {', '.join(config.KEYS)})")
    return wanted


@app.command("path")
def path() -> None:
    """Where the config file is (it need not exist yet).

    Example: mentorlog config path
    """
    typer.echo(str(config.path()))


@app.command("get")
def get(key: KeyArg) -> None:
    """Print one setting as it is in effect: from the environment, else the file. Exits 1 when neither sets it.

    Example: mentorlog config get cadence
    """
    name = _key(key)
    row = _rows()[name]
    if row["value"] is None:
        raise MentorlogError(f"{name} is not set; set it with `mentorlog config set {name} {config.KEYS[name].example}`")
    typer.echo(row["value"])


@app.command("set")
def set_(key: KeyArg, value: Annotated[str, typer.Argument(metavar="VALUE", help="As you would give the flag: biweekly, 45m, 15:00.")]) -> None:
    """Set a default in the config file (checked as the flag it stands for is).

    Example: mentorlog config set cadence biweekly
    """
    name = _key(key)
    where = config.write(name, value)
    render.message(f"Set {name} = {value.strip()} in {where}.")
    overridden = [v for v in config.KEYS[name].env if _env(v)]
    if overridden:
        render.message(f"${overridden[0]} is set, and wins over the file.")


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """Every setting: its value, where it comes from (the environment or the file) and what it is for.

    Example: mentorlog config list --json
    """
    rows = _rows()
    if as_json:
        render.print_json({"path": str(config.path()), "settings": list(rows.values())})
        return
    render.print_table(f"Your defaults ({config.path()})", ["key", "value", "from", "what it is for"],
                       [(r["key"], render.escape(r["value"] or "—"), r["from"] or "", r["help"]) for r in rows.values()])


def _env(variable: str) -> str:
    import os

    return os.environ.get(variable, "").strip()


def _rows() -> dict[str, dict]:
    """Each key with the value in effect as written, and where it came from (None: mentorlog's default)."""
    values = config.file_values()
    rows = {}
    for name, key in config.KEYS.items():
        found = next(((_env(v), f"${v}") for v in key.env if _env(v)), None)
        if found is not None:
            config.check(name, found[0], where=found[1])
        elif name in values:
            found = (values[name], "file")
        rows[name] = {"key": name, "value": found and found[0], "from": found and found[1], "help": key.help}
    return rows
