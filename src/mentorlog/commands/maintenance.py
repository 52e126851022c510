"""`backup` and `doctor`: a copy you can trust, and a check-up that says what is wrong and how to fix it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from mentorlog.output import render
from mentorlog.commands._common import journal


def backup(
    # the text as typed (path_type=str): a trailing separator means a folder, and Path would drop it
    path: Annotated[Optional[str], typer.Argument(
        metavar="[PATH]", path_type=str, help="Where to put the copy: a file, or a folder (one that exists or ends "
        "with /) for a timestamped file inside it (default: backups/ beside the journal).")] = None,
    encrypt: Annotated[bool, typer.Option("--encrypt", help="Encrypt the copy with age (a .db.age file; restore it "
                                                            "with age -d): a passphrase ($MENTORLOG_PASSPHRASE, or "
                                                            "asked), or --recipient keys.")] = False,
    recipient: Annotated[Optional[list[str]], typer.Option("--recipient", metavar="KEY",
                                                           help="With --encrypt: an age public key (repeat for more).")] = None,
) -> None:
    """Copy the journal safely, even while it is in use, and check the copy before saying it is made.

    With --encrypt no plain copy is left anywhere, even when the backup fails.

    Example: mentorlog backup ~/Dropbox/mentorlog-backup.db
    """
    import shlex

    from mentorlog.backups import backup as make_backup
    from mentorlog.errors import MentorlogError

    if recipient and not encrypt:
        raise MentorlogError("--recipient needs --encrypt")

    def encryption():
        from mentorlog.sync.crypt import encryption as age_encryption

        return age_encryption(list(recipient or []), "backup")

    with journal() as store:
        made = make_backup(store, path, encryption if encrypt else None)
    render.print_text(str(made.path))
    from mentorlog.commands.transfer import rows_label

    counted = ", ".join(rows_label(n, table) for table, n in made.counts.items() if n and table != "review_drafts")
    if encrypt:
        render.message(f"Backed up the journal ({counted or 'empty'}) to {made.path}, encrypted with age; "
                       "its integrity check passed.")
        render.message(f"To restore it: `age -d {shlex.quote(str(made.path))} > journal.db`")
        return
    render.message(f"Backed up the journal ({counted or 'empty'}) to {made.path}; its integrity check passed.")


def doctor(
    fix: Annotated[bool, typer.Option("--fix", help="Repair what is safe to repair: permissions, the search index, "
                                      "pending schema updates, a changed schema (after a backup), stale review drafts, "
                                      "broken backups and stopped exports.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks and row counts as JSON.")] = False,
) -> None:
    """Check the journal: integrity, references, schema, search index, permissions, stale drafts, row counts.

    Exits 1 when anything is wrong, saying how to fix it.

    Example: mentorlog doctor --fix
    """
    from mentorlog.doctor import diagnose, repair

    path = journal().path
    found = diagnose(path, render.message)
    if fix and not found.healthy:
        for line in repair(path, found, render.message):
            render.message(f"Fixed: {line}")
        found = diagnose(path, render.message)
    if as_json:
        render.print_json(found.to_json())
    else:
        _show(found)
    if not found.healthy:
        raise typer.Exit(1)


def _show(found) -> None:
    counts = ("rows: " + ", ".join(f"{table.replace('_', ' ')} {n}" for table, n in found.counts.items())
              if found.counts else None)
    if render.use_rich():  # each check's text wraps under itself, beside its mark
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for check in found.checks:
            grid.add_row("[green]ok[/green]" if check.ok else "[bold red]FAIL[/bold red]",
                         f"{check.name}: {render.escape(check.detail)}")
            if not check.ok and check.fix:
                grid.add_row("", f"fix: {render.escape(check.fix)}")
        console = render.console()
        console.print(f"Journal {render.escape(found.path)}")
        console.print(grid)
        if counts:
            console.print(counts)
    else:
        lines = [f"Journal {found.path}"]
        for check in found.checks:
            lines.append(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}")
            if not check.ok and check.fix:
                lines.append(f"      fix: {check.fix}")
        render.print_text(render.wrap_for_terminal("\n".join(lines + ([counts] if counts else []))))
    render.message("All good." if found.healthy else "Something needs attention: see the fix lines above.")

