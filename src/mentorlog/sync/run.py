"""What the `sync` commands do, end to end: the place reached (git pulled and pushed around the merge),
the change files encrypted when the place is, and the merge itself (`engine`). Never prints: what a
person should hear goes through `notify`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mentorlog.data.journal import Journal
from mentorlog.errors import MentorlogError
from mentorlog.sync import engine, setup, state


def init(journal: Journal, path: Path | None, git: str | None, encrypt: bool, recipients: list[str],
         name: str | None, auto: bool, notify: Callable[[str], None]) -> dict:
    mode = "recipients" if recipients else "passphrase" if encrypt else "none"
    if mode != "none":
        from mentorlog.sync import crypt

        crypt.check_setup(recipients)
    if git is not None:
        from mentorlog.sync import gitplace

        folder = setup.git_folder(journal)
        gitplace.clone(git, folder, notify)
        settings = setup.init(journal, folder, "git", git, name, mode, recipients, auto)
    else:
        settings = setup.init(journal, Path(path).expanduser(), "folder", None, name, mode, recipients, auto)
    if settings["encrypt"] != "none":
        from mentorlog.sync import crypt

        crypt.codec(journal, settings, notify, first=True)
    return settings


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
        online = gitplace.pull(folder, notify)
        outcome = engine.sync(journal, codec)
        device = state.device_id(journal.conn)
        gitplace.publish(folder, device, online, notify)
    else:
        if not Path(settings["place"]).is_dir():
            raise MentorlogError(f"the sync place {settings['place']} is not reachable (is the drive or share "
                                 "mounted?); nothing was changed")
        outcome = engine.sync(journal, codec)
    for note in outcome.notes:
        notify(note)
    return outcome
