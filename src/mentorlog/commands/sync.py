"""`sync`, `sync init`, `sync status`: the journal on every machine, through a synced folder or git."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from mentorlog.commands._common import JsonOpt, journal
from mentorlog.errors import MentorlogError
from mentorlog.output import render

app = typer.Typer(invoke_without_command=True, no_args_is_help=False)


@app.callback()
def sync(ctx: typer.Context) -> None:
    """Send this journal's new changes, read the other devices' and merge them, all in one go.

    Example: mentorlog sync
    """
    if ctx.invoked_subcommand is not None:
        return
    from mentorlog.sync import run

    with journal() as store:
        outcome = run.sync(store, render.message)
    render.message(_summary(outcome))


@app.command("init")
def init(
    path: Annotated[Optional[Path], typer.Argument(metavar="[PATH]", help="A folder that a sync tool keeps the "
                                                   "same on every machine (created if missing).")] = None,
    git: Annotated[Optional[str], typer.Option("--git", metavar="URL|PATH",
                                               help="A git repository instead, cloned into the data folder.")] = None,
    encrypt: Annotated[bool, typer.Option("--encrypt", help="Encrypt every change file with age (a passphrase, "
                                                            "or --recipient keys).")] = False,
    recipient: Annotated[Optional[list[str]], typer.Option("--recipient", metavar="KEY",
                                                           help="An age public key to encrypt to (repeat for more).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", metavar="NAME",
                                                help="This device's name (default: the host name).")] = None,
    auto: Annotated[bool, typer.Option("--auto", help="Sync in the background after every command that writes.")] = False,
) -> None:
    """Make a folder (or, with --git, a git repository) this journal's sync place.

    Example: mentorlog sync init ~/Sync/mentorlog
    """
    from mentorlog.sync import run

    if (path is None) == (git is None):
        raise MentorlogError("give either a folder (sync init PATH) or a repository (sync init --git URL|PATH)")
    if recipient and not encrypt:
        raise MentorlogError("--recipient needs --encrypt")
    if name is not None and not name.strip():
        raise MentorlogError("empty --name: give this device a name or leave the option out")
    with journal() as store:
        settings = run.init(store, path, git, encrypt, list(recipient or []), name, auto, render.message)
    where = f"the git repository {settings['remote']} (cloned at {settings['place']})" if git else settings["place"]
    render.message(f"This journal syncs through {where} as {settings['device_name']!r}"
                   f"{', encrypted' if settings['encrypt'] != 'none' else ''}. Run `mentorlog sync` to sync now.")


@app.command("status")
def status(as_json: JsonOpt = False) -> None:
    """The sync place, this device, the other devices and the last change applied from each, what waits.

    Example: mentorlog sync status --json
    """
    from mentorlog.sync import setup

    with journal() as store:
        found = setup.status(store)
    if as_json:
        render.print_json(found)
        return
    lines = [f"Sync place: {found['remote'] or found['place']}" + (" (git)" if found["kind"] == "git" else "")
             + (", encrypted" if found["encrypted"] else "") + (", syncs after every change" if found["auto"] else ""),
             f"This device: {found['device']['name']} ({found['device']['id'][:8]})",
             f"Last sync: {found['last_sync'] or 'never'}",
             f"Waiting to be sent: {found['waiting_to_send']} change{'s' if found['waiting_to_send'] != 1 else ''}"]
    if found["devices"]:
        lines.append("Other devices:")
    for other in found["devices"]:
        lines.append(f"  {other['name']} ({other['device'][:8]}): file {other['last_file']} applied "
                     f"{other['applied_at'] or 'never'}, its newest change from {other['last_change_at'] or '-'}")
    if not found["devices"]:
        lines.append("No other device has synced yet.")
    render.print_text("\n".join(lines))


def _summary(outcome) -> str:
    received = ", ".join(f"{count} from {name}" for name, count in sorted(outcome.received.items()))
    sent = f"sent {outcome.sent_groups} change group{'s' if outcome.sent_groups != 1 else ''}" \
        if outcome.sent_groups else "nothing to send"
    got = f"received {received}" if received else "nothing new from other devices"
    return f"Synced: {sent}; {got}; {outcome.changed_rows} row{'s' if outcome.changed_rows != 1 else ''} changed here."
