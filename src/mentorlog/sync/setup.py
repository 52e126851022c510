"""Making a folder or a git repository this journal's sync place, and what `sync status` reads. Never prints."""

from __future__ import annotations

import json
from pathlib import Path

from mentorlog.data.journal import Journal
from mentorlog.sync import identity, state


def git_folder(journal: Journal) -> Path:
    """Where a git sync place is cloned: in the data folder, beside the journal and named after it."""
    return journal.path.parent / f"{journal.path.stem}-sync"


def init(journal: Journal, folder: Path, kind: str = "folder", remote: str | None = None, name: str | None = None,
         encrypt: str = "none", recipients: list[str] | None = None, auto: bool = False) -> dict:
    """Make `folder` (prepared by `place.prepare`: made, or joined) this journal's sync place; its settings."""
    with journal.write() as conn:
        before = state.settings(conn)
        if before.get("place") != str(folder.resolve()):
            conn.execute("DELETE FROM sync_devices")
            conn.execute("DELETE FROM sync_settings")  # a new place: the whole journal goes out to it again
            identity.renew(conn)  # under an id of its own, even when it was copied from another device's journal
        state.save(conn, place=str(folder.resolve()), kind=kind, remote=remote, encrypt=encrypt,
                   recipients=json.dumps(recipients or []), auto=int(auto),
                   device_name=name or before.get("device_name") or state.default_name())
        identity.bind(conn, journal.path)
        return state.settings(conn)


def status(journal: Journal) -> dict:
    """The sync place, this device, the other devices and what was last applied from each, what waits."""
    conn = journal.conn
    found = state.configured(conn)
    device = state.device_id(conn)
    return {
        "place": found["place"],
        "kind": found.get("kind", "folder"),
        "remote": found.get("remote") or None,
        "encrypted": found.get("encrypt", "none") != "none",
        "auto": found.get("auto") == "1",
        "device": {"id": device, "name": found.get("device_name") or state.default_name()},
        "last_sync": found.get("synced_at"),
        "waiting_to_send": state.waiting(conn),
        "devices": [other.to_json() for other in state.devices(conn).values()],
    }
