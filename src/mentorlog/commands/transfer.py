"""`export` and `import`: the whole journal out in open formats, and a json export merged back in."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Optional

import typer

from mentorlog.output import render
from mentorlog.commands import params
from mentorlog.commands._common import WithOpt, check_choice, journal, journal_options
from mentorlog.errors import MentorlogError
from mentorlog.data import mentorships

EXPORT_FORMATS = ("json", "markdown", "csv", "ics")


def export(
    format_: Annotated[str, params.choice("--format", "-f", choices=EXPORT_FORMATS,
                                          help="json: everything, to merge back; markdown: a growth log to read; "
                                              "csv: one file per table; ics: check-ins and due dates for a calendar.")] = "json",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="PATH",
                                                   help="Write here (private, 0600) instead of to standard output; "
                                                        "a folder for csv.")] = None,
    with_: WithOpt = None,
    include_private: Annotated[bool, typer.Option("--include-private",
                                                  help="Put private notes in markdown and csv (json always has them).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file (never the journal or a backup).")] = False,
    encrypt: Annotated[bool, typer.Option("--encrypt", help="Encrypt with age: a passphrase ($MENTORLOG_PASSPHRASE, "
                                                            "or asked), or --recipient keys.")] = False,
    recipient: Annotated[Optional[list[str]], typer.Option("--recipient", metavar="KEY",
                                                           help="With --encrypt: an age public key (repeat for more).")] = None,
) -> None:
    """Export the journal: json to keep or merge elsewhere, markdown to read, csv, or ics for a calendar.

    An existing file is replaced only with --force; the journal's own files and its backups never.

    Example: mentorlog export --format markdown --with ada --output ada.md
    """
    from mentorlog.exchange.calendar import export_ics
    from mentorlog.exchange.export import export_csv, iter_json
    from mentorlog.exchange.targets import guard_target, prepare_folder, write_private
    from mentorlog.output.growth_log import iter_markdown

    fmt = check_choice(format_, EXPORT_FORMATS, "--format")
    to_stdout = output is None or str(output) == "-"
    if not to_stdout:
        output = output.expanduser()  # a quoted '~/x.json' reaches us unexpanded by the shell
    if fmt == "csv" and to_stdout:
        raise MentorlogError("csv writes one file per table: give a folder with --output DIR")
    if recipient and not encrypt:
        raise MentorlogError("--recipient needs --encrypt")
    if encrypt and fmt == "csv":
        raise MentorlogError("--encrypt writes one file: choose json, markdown or ics")
    if encrypt and to_stdout and sys.stdout.isatty():
        raise MentorlogError("an encrypted export is not text: give --output FILE, or redirect it to a file")
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        if fmt == "csv":
            prepare_folder(output)
            written = export_csv(store, output, mentorship, include_private, force=force)
            render.message(f"Exported {len(written)} tables as csv to {output}/ ({', '.join(p.name for p in written)}).")
            return
        if fmt == "json":
            content: Iterable[str] | bytes = iter_json(store, mentorship)
        elif fmt == "markdown":
            content = iter_markdown(store, mentorship, include_private)
        else:
            content = export_ics(store, mentorship, journal_options(absolute=True))
        if encrypt:
            from mentorlog.sync.crypt import encrypt_export

            if not to_stdout:
                guard_target(output, store.path, force)
            whole = content if isinstance(content, bytes) else "".join(content).encode("utf-8")
            content = encrypt_export(whole, list(recipient or []))
            if to_stdout:
                sys.stdout.flush()
                sys.stdout.buffer.write(content)
                return
        if not to_stdout:
            guard_target(output, store.path, force)
            write_private(output, content, replace=force)
            render.message(f"Exported the journal as {fmt} to {output}.")
            return
        if isinstance(content, bytes):
            content = [content.decode("utf-8")]
        for piece in content:
            sys.stdout.write(render.json_safe(piece) if fmt == "json" else piece)


def import_(
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="A json export, or one made with export --encrypt "
                                                               "(read with $MENTORLOG_PASSPHRASE, asked, or the age key "
                                                               "in $MENTORLOG_AGE_IDENTITY); '-' reads standard input.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Say what would be added and updated; write nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts (added, updated, unchanged) as JSON.")] = False,
) -> None:
    """Merge a json export into the journal: new rows added, newer rows updated, nothing deleted.

    An encrypted export (export --encrypt) is decrypted first; a wrong passphrase or key changes nothing.

    Example: mentorlog import laptop-export.json --dry-run
    """
    import os

    from mentorlog.exchange.importer import import_file

    if file != "-":
        file = os.path.expanduser(file)
    with journal() as store:
        counts = import_file(store, file, dry_run=dry_run)
    if as_json:
        render.print_json({"dry_run": dry_run, **counts})
        return
    render.message(import_summary(counts, dry_run, "standard input" if file == "-" else file))


SINGULAR = {"mentorships": "mentorship", "sessions": "session", "goals": "goal", "milestones": "milestone",
            "goal_updates": "goal update", "actions": "action", "wins": "win", "reviews": "review",
            "review_drafts": "review draft", "topics": "topic"}


def rows_label(count: int, table: str) -> str:
    """`1 session`, `3 goal updates`."""
    return f"{count} {SINGULAR.get(table, table) if count == 1 else table.replace('_', ' ')}"


def import_summary(counts: dict, dry_run: bool, source: str) -> str:
    def listed(kind: str) -> str:
        parts = [rows_label(n, table) for table, n in counts[kind].items() if n]
        return ", ".join(parts) or "nothing"

    unchanged = sum(counts["unchanged"].values())
    tail = f"; {unchanged} already up to date" if unchanged else ""
    if dry_run:
        return f"Dry run, nothing written. Importing {source} would add {listed('added')}; update {listed('updated')}{tail}."
    return f"Imported {source}: added {listed('added')}; updated {listed('updated')}{tail}."

