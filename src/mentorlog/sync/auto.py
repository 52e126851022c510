"""`sync init --auto`: after a command writes, a `mentorlog sync` started in the background, detached and
at a lower priority (taken first thing, in `__main__`), so the command finishes as fast as without it.
Only when the journal asks for it and the command is not a sync itself; what the background sync says
goes to a log beside the journal. Never prints."""

from __future__ import annotations

import os
import sqlite3
import sys

from mentorlog.data.journal import Journal

QUIET = "MENTORLOG_SYNC_BACKGROUND"  # set in the background sync: its own writes start no other


def wanted(store: Journal) -> bool:
    if os.environ.get(QUIET) or store.command.split()[:1] == ["sync"]:
        return False
    try:
        found = store.conn.execute("SELECT value FROM sync_settings WHERE key = 'auto'").fetchone()
    except sqlite3.OperationalError:  # a journal without sync's tables (an older schema)
        return False
    return found is not None and found[0] == "1"


def after_write(store: Journal) -> None:
    """Start the background sync once per command."""
    if getattr(store, "_sync_started", False) or not wanted(store):
        return
    store._sync_started = True
    import subprocess

    path = store.path
    log = path.with_name(f"{path.stem}-sync.log")
    try:
        with open(log, "ab") as output:
            os.chmod(log, 0o600)
            subprocess.Popen([sys.executable, "-m", "mentorlog", "--db", str(path), "sync"],
                             stdin=subprocess.DEVNULL, stdout=output, stderr=output, start_new_session=True,
                             env={**os.environ, QUIET: "1"}, close_fds=True)
    except OSError:
        pass  # no background sync this time: the next command, or `mentorlog sync`, sends it

