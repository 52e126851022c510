"""What doctor checks around the journal: the permissions of mentorlog's own files (never through a
symlink), and what an interrupted command can leave behind. Never prints."""

from __future__ import annotations

import os
import re
import shlex
import stat
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mentorlog import backups
from mentorlog.backups import backup_folder, real_folder, regular_file
from mentorlog.data.journal_file import alive
from mentorlog.maintenance import LOG_SUFFIXES

SIDE_FILES = ("-wal", "-shm", "-writer", "-verified", ".lock")  # mentorlog's own files beside the journal
EXPORT_LEFTOVER_SECONDS = 60


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None  # how to fix it, for a person
    repair: str | None = None  # what `repair` can do about it (None: nothing automatic)

    def to_json(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "fix": self.fix}


# -- permissions: only this journal's own files, never through a symlink ---------------------------


def default_folder(folder: Path) -> bool:
    """The data folder mentorlog makes for its default journal (not one a person chose, such as a home folder)."""
    from mentorlog.domain.folders import data_dir

    return os.path.abspath(folder) == os.path.abspath(data_dir())


def own(candidate: Path) -> bool:
    """A regular file or a folder itself (never a symlink), owned by this user, and not a shared (sticky) folder."""
    try:
        info = os.lstat(candidate)
    except OSError:
        return False
    kind_ok = stat.S_ISREG(info.st_mode) or (stat.S_ISDIR(info.st_mode) and not info.st_mode & stat.S_ISVTX)
    return kind_ok and info.st_uid == os.geteuid()


def private_paths(path: Path, verified: bool) -> list[tuple[Path, int]]:
    """What doctor may make private: the journal (once verified as one), its logs, lock and set-aside logs,
    its backups and their folder, and the journal's folder only when mentorlog made it (its data folder)."""
    paths = [(path.parent, 0o700)] if default_folder(path.parent) else []
    if verified:
        paths.append((path, 0o600))
    paths += [(path.with_name(path.name + suffix), 0o600) for suffix in SIDE_FILES]
    paths += [(aside, 0o600) for aside in aside_logs(path)]
    folder = backup_folder(path)
    if real_folder(folder):
        paths.append((folder, 0o700))
        paths += [(copy, 0o600) for copy in backups.own_backups(path)]
        paths.append((folder / backups.CACHE_NAME, 0o600))
    return [(candidate, mode) for candidate, mode in paths if own(candidate)]


def permission_checks(path: Path, verified: bool) -> list[Check]:
    if os.name != "posix":
        return []
    loose = [f"{candidate} is {file_mode(candidate):04o} (should be {wanted:04o})"
             for candidate, wanted in private_paths(path, verified) if file_mode(candidate) & 0o077]
    checks = []
    if os.path.islink(path) and path.exists() and file_mode(path.resolve()) & 0o077:
        target = path.resolve()
        checks.append(Check("permissions", False, f"{path} is a symlink to {target}, which is "
                            f"{file_mode(target):04o}: other users can read your notes",
                            f"chmod 600 {shlex.quote(str(target))} (doctor never changes a file through a symlink)"))
    if loose:
        checks.insert(0, Check("permissions", False, f"other users can get at your notes: {'; '.join(loose)}",
                               "`mentorlog doctor --fix`, or chmod 600 the files and chmod 700 the folders named",
                               "permissions"))
    elif not checks:
        checks.append(Check("permissions", True, "journal, its log and backups are private to you"))
    folder_mode = file_mode(path.parent)
    if not default_folder(path.parent) and folder_mode & 0o077:
        checks.append(Check("folder", True, f"{path.parent} is {folder_mode:04o}, as you chose: others can see the "
                            "names of the files in it, not read the journal (chmod 700 it to hide them)"))
    return checks


def file_mode(candidate: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(candidate).st_mode)
    except OSError:
        return 0


# -- what an interrupted command can leave behind -------------------------------------------------


def leftover_logs(path: Path, suffixes: tuple[str, ...] = ("-wal", "-journal")) -> list[Path]:
    """Write-ahead or rollback logs beside the journal that still hold something: a mentorlog was
    stopped mid-write (or one is running now)."""
    logs = [path.with_name(path.name + suffix) for suffix in suffixes]
    return [log for log in logs if regular_file(log) and log.stat().st_size > 0]


def leftover_check(leftover: list[Path]) -> Check:
    """Opening the journal (as the doctor just did) lets SQLite settle a log: finished changes are
    folded in, an unfinished one is rolled back. A log still there is held open by another mentorlog."""
    names = ", ".join(log.name for log in leftover)
    still = [log for log in leftover if log.is_file() and log.stat().st_size > 0]
    if still:
        return Check("leftover files", True, f"{names} in use: another mentorlog has the journal open right now")
    return Check("leftover files", True, f"{names} left by a mentorlog stopped mid-write: now settled "
                 "(finished changes kept in the journal, an unfinished one rolled back)")


def orphan_checks(path: Path) -> list[Check]:
    """Logs whose journal is gone: they may hold its latest changes, and only belong beside that journal."""
    orphans = [path.with_name(path.name + suffix) for suffix in LOG_SUFFIXES]
    orphans = [log for log in orphans if log.exists()]
    if not orphans:
        return []
    names = ", ".join(str(log) for log in orphans)
    return [Check("leftover files", False, f"{names} {'is' if len(orphans) == 1 else 'are'} left without the journal "
                  f"{path.name}: the journal was moved or deleted while a mentorlog was writing, and its latest "
                  "changes may be in them", f"if you moved {path.name}, move {names} with it before using it; to start "
                  "a new journal here instead, delete them")]


def beside_empty_check(path: Path, leftover: list[Path]) -> Check:
    names = ", ".join(str(log) for log in leftover)
    return Check("leftover files", False, f"{names} {'is' if len(leftover) == 1 else 'are'} beside the empty journal "
                 f"{path.name}: the journal was emptied or replaced while a mentorlog was writing, and its latest "
                 "changes may be in them", f"if you have the journal elsewhere, put it back with {names} beside it; "
                 "to start a new journal here instead, delete them (the first write would discard them)")


def aside_logs(path: Path) -> list[Path]:
    """Logs set aside because they did not belong to the journal: `<journal>-wal.aside-<time>`."""
    pattern = re.compile(re.escape(path.name) + r"-wal\.aside-\d{8}T\d{6}\d*")
    try:
        return sorted(p for p in path.parent.iterdir() if pattern.fullmatch(p.name) and regular_file(p))
    except OSError:
        return []


def aside_checks(path: Path) -> list[Check]:
    """Set-aside logs are reported, never deleted: one may hold the latest changes of another copy of the journal."""
    found = aside_logs(path)
    if not found:
        return []
    described = "; ".join(f"{log.name} ({log.stat().st_size} bytes, set aside on "
                          f"{datetime.fromtimestamp(log.stat().st_mtime):%Y-%m-%d %H:%M})" for log in found)
    return [Check("set-aside logs", True, f"{described}: {'a log' if len(found) == 1 else 'logs'} that did not "
                  "belong to this journal, kept aside instead of being replayed into it (never deleted by doctor; "
                  "it may hold changes of another copy of the journal, so delete it once you are sure you don't "
                  "need it)")]


def export_leftovers(path: Path) -> list[Path]:
    """What a killed `export -o` leaves in the journal's folder: `.NAME.PID.tmp`, a whole copy of the notes,
    whose process is gone and which has not changed for a minute."""
    pattern = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.tmp")
    found = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if not match or not own(entry) or not regular_file(entry) or alive(int(match["pid"])):
            continue
        if time.time() - entry.stat().st_mtime >= EXPORT_LEFTOVER_SECONDS:
            found.append(entry)
    return sorted(found)


def export_checks(path: Path) -> list[Check]:
    found = export_leftovers(path)
    if not found:
        return []
    names = ", ".join(str(entry) for entry in found)
    return [Check("leftover exports", False, f"{names}: left by an export that was stopped; "
                  f"{'it holds' if len(found) == 1 else 'they hold'} a copy of your notes",
                  "`mentorlog doctor --fix` removes them (export again to get the file)", "exports")]


