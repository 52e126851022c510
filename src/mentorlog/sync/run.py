"""What the `sync` commands do, end to end: the place reached (git pulled and pushed around the merge),
the change files encrypted when the place is, and the merge itself (`engine`). Never prints: what a
person should hear goes through `notify`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from mentorlog.data.journal import Journal
from mentorlog.errors import MentorlogError
from mentorlog.sync import engine, place, setup, state


def init(journal: Journal, path: Path | None, git: str | None, encrypt: bool, recipients: list[str],
         name: str | None, auto: bool, notify: Callable[[str], None]) -> dict:
    """The place made or joined (cloned, for git), its encryption checked, then the settings saved: a
    wrong passphrase or key leaves the journal untouched."""
    mode = "recipients" if recipients else "passphrase" if encrypt else "none"
    if mode == "recipients":
        from mentorlog.sync import crypt

        crypt.check_setup(recipients)
    if git is not None:
        from mentorlog.sync import gitplace

        folder = setup.git_folder(journal)
        gitplace.clone(git, folder, notify)
    else:
        folder = Path(path).expanduser()
    marker = place.prepare(folder, mode, recipients)
    if mode != "none" and marker.get("encrypt", "none") == "none":
        raise MentorlogError(f"the sync place {folder} holds plain change files; it can't be encrypted now "
                             "(start a new, empty one with --encrypt)")
    mode, recipients = marker.get("encrypt", "none"), list(marker.get("recipients") or [])  # joining: the place's way
    if mode != "none":
        from mentorlog.sync import crypt

        crypt.codec(journal, {"place": str(folder.resolve()), "encrypt": mode, "recipients": json.dumps(recipients)},
                    notify, first=True)
    return setup.init(journal, folder, "git" if git is not None else "folder", git, name, mode, recipients, auto)


def sync(journal: Journal, notify: Callable[[str], None]) -> engine.Outcome:
    """One sync: with git, pull first and commit and push after; offline, merge what is here and say so."""
    settings = state.configured(journal.conn)
    codec = None
    if settings.get("encrypt", "none") != "none":
        from mentorlog.sync import crypt

        codec = crypt.codec(journal, settings, notify)
    if settings.get("kind") == "git":
        from mentorlog.sync import gitplace

        folder = Path(settings["place"])
        online, branch = gitplace.pull(folder, notify)
        outcome = engine.sync(journal, codec)
        gitplace.publish(folder, state.device_id(journal.conn), online, branch, notify)
    else:
        if not Path(settings["place"]).is_dir():
            raise MentorlogError(f"the sync place {settings['place']} is not reachable (is the drive or share "
                                 "mounted?); nothing was changed")
        outcome = engine.sync(journal, codec)
    for note in outcome.notes:
        notify(note)
    return outcome
