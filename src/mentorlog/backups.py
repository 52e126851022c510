"""Backups that are known to be good: made without ever touching another process's file, and checked
whole by SQLite before they count, with the verdict cached so that a folder of copies stays quick.

Never prints.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mentorlog.domain import dates
from mentorlog.errors import MentorlogError
from mentorlog.data.journal_file import alive, write_and_sync
from mentorlog.data.journal import BACKUP_DIR_NAME, Journal, private_dir, vacuum_into

YOUNG_SECONDS = 600  # a file changed this recently may still be written by another process: never removed
CACHE_NAME = ".verified.json"
NAME_TRIES = 10_000


@dataclass
class Backup:
    path: Path
    counts: dict[str, int]


@dataclass
class Copy:
    """One of this journal's files in backups/ and what is known about it."""

    path: Path
    problem: str | None  # why it can't be restored from; None: a whole journal
    writer: str | None = None  # "alive": a live process is writing it; "dead": its writer was killed
    young: bool = False  # changed in the last YOUNG_SECONDS

    @property
    def good(self) -> bool:
        return self.problem is None

    @property
    def removable(self) -> bool:
        """Broken, and certainly not being written by anyone (its writer died, or it is old)."""
        return self.problem is not None and self.writer != "alive" and (self.writer == "dead" or not self.young)


# -- making one -----------------------------------------------------------------------------------


def counted_tables() -> tuple[str, ...]:
    """What backup and doctor count: every table the data layer declares, and the review drafts."""
    from mentorlog.data import schema

    return (*schema.names(), "review_drafts")


def backup_folder(journal_path: Path) -> Path:
    return journal_path.parent / BACKUP_DIR_NAME


def claim_backup_path(journal_path: Path, folder: Path | None = None, suffix: str = ".db") -> Path:
    """A new, empty, private `<journal>-YYYYMMDD-HHMMSS[-N].db` (or `suffix`) in `folder`, created exclusively
    (O_EXCL), so that two backups at once never pick, let alone remove, the same file."""
    folder = backup_folder(journal_path) if folder is None else folder
    base = f"{journal_path.stem}-{dates.now():%Y%m%d-%H%M%S}"
    for number in range(1, NAME_TRIES):
        candidate = folder / (f"{base}{suffix}" if number == 1 else f"{base}-{number}{suffix}")
        if os.path.lexists(candidate.with_name(candidate.name + "-journal")):
            continue  # SQLite would take a log left there for the new copy's own
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            continue
        return candidate
    raise MentorlogError(f"no free backup name in {folder}; remove some old backups")


def backup(journal: Journal, target: Path | str | None = None,
           encryption: Callable[[], Callable[[bytes], bytes]] | None = None) -> Backup:
    """A consistent copy of the journal, even while it is in use (VACUUM INTO), checked before it counts.

    `target` is a file, or a folder when it names one or ends with a path separator (`Path` drops a
    trailing separator, so pass the text as typed): a missing folder is made private.

    `encryption`, once the journal and the target are checked and before any file is made, gives what
    encrypts the copy: the backup is then an age file (`<journal>-….db.age` in a folder), and the plain
    copy is only a private temporary file beside it, removed whatever happens."""
    if not journal.exists:
        raise MentorlogError(f"there is no journal at {journal.path} yet: nothing to back up")
    conn = journal.conn  # a journal that can't be opened is refused before any file is made
    folder, file = _where(journal.path, target)
    seal = encryption() if encryption is not None else None
    if folder is not None:
        private_dir(folder)
        if target is None:
            tighten(folder, 0o700)
        file, claimed = claim_backup_path(journal.path, folder, ".db.age" if seal else ".db"), True
    else:
        if not file.parent.exists():
            private_dir(file.parent)
        claimed = False
    if seal is not None:
        return _encrypted_backup(conn, file, claimed, seal)
    _copy(conn, file, claimed, file)
    try:
        counts = verify_copy(file)
    except BaseException:
        file.unlink(missing_ok=True)  # made by this process a moment ago
        raise
    return Backup(file, counts)


def _where(journal_path: Path, target: Path | str | None) -> tuple[Path | None, Path | None]:
    """(the folder for a timestamped copy, None) or (None, the file to write), checked; nothing made yet."""
    if target is None:
        return backup_folder(journal_path), None
    as_folder = str(target).endswith(tuple(sep for sep in (os.sep, os.altsep) if sep))
    target = Path(target).expanduser()
    if as_folder and target.exists() and not target.is_dir():
        raise MentorlogError(f"{target} is a file, not a folder; name a new file or a folder for the backup")
    if as_folder or target.is_dir():
        return target, None
    from mentorlog.exchange.targets import protected_file

    protected = protected_file(target, journal_path)
    if protected is not None:
        raise MentorlogError(f"the backup can't be {protected}; choose another path")
    return None, target


def _copy(conn: sqlite3.Connection, target: Path, claimed: bool, named: Path) -> None:
    """VACUUM INTO `target`; a full disk is a user error naming the backup (`named`)."""
    try:
        vacuum_into(conn, target, claimed=claimed)
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorname", "").startswith(("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN")):
            raise MentorlogError(f"can't write the backup {named} ({error}; is the disk full?); "
                                 "no partial copy was kept") from None
        raise
    except OSError as error:
        raise MentorlogError(f"can't write the backup {named} ({error.strerror or error}; is the disk full?); "
                             "no partial copy was kept") from None


def _encrypted_backup(conn: sqlite3.Connection, final: Path, claimed: bool,
                      seal: Callable[[bytes], bytes]) -> Backup:
    """The copy made and checked as a plain one in a private temporary file beside `final`, then encrypted into
    `final`. On any failure (a full disk, Ctrl-C) `final` is removed; the plain copy is removed always."""
    no_follow = getattr(os, "O_NOFOLLOW", 0)
    if not claimed:
        try:
            os.close(os.open(final, os.O_CREAT | os.O_EXCL | os.O_WRONLY | no_follow, 0o600))
        except FileExistsError:
            raise MentorlogError(f"{final} already exists; choose another path") from None
        except OSError as error:
            raise MentorlogError(f"can't write the backup {final} ({error.strerror or error})") from None
    made = os.stat(final)
    plain = None
    for stray, _ in stray_plain_copies(final.parent):  # what a killed encrypted backup left here
        remove(stray)
    try:
        try:
            fd, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.{os.getpid()}.", suffix=PLAIN_SUFFIX)
        except OSError as error:
            raise MentorlogError(f"can't write the backup {final} ({error.strerror or error})") from None
        plain = Path(name)
        os.close(fd)
        _copy(conn, plain, True, final)
        counts = verify_copy(plain)
        sealed = seal(plain.read_bytes())
        try:
            _write_whole(final, sealed)
        except OSError as error:
            raise MentorlogError(f"can't write the backup {final} ({error.strerror or error}; is the disk full?); "
                                 "no partial copy was kept") from None
    except BaseException:
        try:
            now = os.lstat(final)
            if (now.st_dev, now.st_ino) == (made.st_dev, made.st_ino):
                final.unlink()
        except OSError:
            pass
        raise
    finally:
        if plain is not None:
            plain.unlink(missing_ok=True)
    return Backup(final, counts)


def _write_whole(path: Path, data: bytes) -> None:
    """Write into a file this process has just made, never through a symlink, and flush it to the disk."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
    try:
        write_and_sync(fd, data)
    finally:
        os.close(fd)


def verify_copy(path: Path) -> dict[str, int]:
    """Open a copy on its own and check it whole; its row counts when it is sound."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise MentorlogError(f"the backup at {path} failed its integrity check ({result[0]}); it was removed")
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in counted_tables() if table in present}  # a journal missing a table is copied as it is
    finally:
        conn.close()


# -- which files are this journal's --------------------------------------------------------------


def backup_names(path: Path) -> re.Pattern:
    """The names this journal's backups have: `claim_backup_path`'s and `Journal.backup_before_migration`'s."""
    stem = re.escape(path.stem)
    return re.compile(rf"{stem}-(?:\d{{8}}-\d{{6}}(?:-\d+)?|(?P<migration>before-m\d+\w*-\d{{8}}T\d{{12}}))\.db")


def real_folder(folder: Path) -> bool:
    """A folder itself, not a symlink to one: only such a folder is searched for files to change."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode)
    except OSError:
        return False


def regular_file(path: Path) -> bool:
    """A regular file itself (never a symlink, a device or a pipe)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def own_backups(path: Path) -> list[Path]:
    """This journal's backups in backups/ beside it, oldest first. Only exact names of regular files count,
    so another program's files, another journal's backups (even `journal-work-…` beside `journal`) and
    symlinks are never counted, pointed at, made private or removed."""
    folder = backup_folder(path)
    if not real_folder(folder):
        return []
    names = backup_names(path)
    copies = [copy for copy in folder.iterdir() if names.fullmatch(copy.name) and regular_file(copy)]
    return sorted(copies, key=lambda p: p.stat().st_mtime)


def migration_backups(path: Path) -> list[Path]:
    """The copies made before schema updates, oldest first (the journal keeps the last few)."""
    names = backup_names(path)
    return [copy for copy in own_backups(path) if names.fullmatch(copy.name)["migration"]]


def young(*paths: Path) -> bool:
    """Any of these files changed in the last YOUNG_SECONDS (a missing one doesn't count)."""
    now = time.time()
    for path in paths:
        try:
            if now - os.lstat(path).st_mtime < YOUNG_SECONDS:
                return True
        except OSError:
            continue
    return False


# -- who is writing a copy ------------------------------------------------------------------------
# `vacuum_into` leaves `.NAME.PID.writing` beside a copy while it writes it: a live PID on this host
# is writing it now; a dead one was killed, and the copy can go at once.



def markers(path: Path) -> dict[str, list[tuple[Path, str | None]]]:
    """The writing markers of this journal's copies, by copy name: (marker, "alive"/"dead"/None for unknown)."""
    folder = backup_folder(path)
    if not real_folder(folder):
        return {}
    names, found = backup_names(path), {}
    pattern = re.compile(r"\.(?P<copy>.+)\.(?P<pid>\d+)\.writing")
    for marker in folder.iterdir():
        match = pattern.fullmatch(marker.name)
        if match and names.fullmatch(match["copy"]) and regular_file(marker):
            found.setdefault(match["copy"], []).append((marker, _writer_state(marker, int(match["pid"]))))
    return found


def _writer_state(marker: Path, pid: int) -> str | None:
    try:
        host = marker.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if host and host != socket.gethostname():
        return None  # another machine's process (a synced folder): its PID means nothing here
    return "alive" if alive(pid) else "dead"


def _writer(states: list[tuple[Path, str | None]]) -> str | None:
    found = {state for _, state in states}
    return "alive" if "alive" in found else "dead" if "dead" in found else None


def stray_markers(path: Path) -> list[Path]:
    """Markers whose writer died and whose copy is gone (killed before the copy was made)."""
    folder = backup_folder(path)
    return [marker for name, states in markers(path).items() for marker, state in states
            if state == "dead" and not os.path.lexists(folder / name)]


def stray_logs(path: Path) -> list[Path]:
    """Rollback logs of this journal's backups whose copy is gone: what an interrupted backup leaves."""
    folder = backup_folder(path)
    if not real_folder(folder):
        return []
    names = backup_names(path)
    return sorted(log for log in folder.iterdir() if log.name.endswith(".db-journal") and regular_file(log)
                  and names.fullmatch(log.name.removesuffix("-journal"))
                  and not os.path.lexists(log.with_name(log.name.removesuffix("-journal"))))


# -- what a killed encrypted backup leaves --------------------------------------------------------
# `backup --encrypt` writes the plain copy as `.<NAME>.db.age.<PID>.<random>.plain` beside the final
# file and removes it whatever happens, but a kill -9 can't be caught. Such a copy is not private enough
# to keep: it is removed as soon as its writer is known to be dead (or it is old), by the next encrypted
# backup into that folder and by `doctor --fix`, together with the empty `.db.age` it was meant to fill.

PLAIN_SUFFIX = ".plain"
_PLAIN = re.compile(r"\.(?P<final>.+\.db\.age)\.(?P<pid>\d+)\.[^.]+\.plain")


def stray_plain_copies(folder: Path) -> list[tuple[Path, Path]]:
    """Plain copies left in `folder` by killed encrypted backups, with the final file each was for:
    their writer is dead (a PID of this host that no longer runs) or they are old."""
    if not real_folder(folder):
        return []
    found = []
    for entry in folder.iterdir():
        match = _PLAIN.fullmatch(entry.name)
        if match and regular_file(entry) and (not alive(int(match["pid"])) or not young(entry)):
            found.append((entry, folder / match["final"]))
    return sorted(found)


def encrypted_backups(path: Path) -> list[Path]:
    """This journal's encrypted backups in backups/ beside it (doctor can't read them: only counted)."""
    folder = backup_folder(path)
    if not real_folder(folder):
        return []
    names = backup_names(path)
    return sorted(copy for copy in folder.iterdir() if copy.name.endswith(".age")
                  and names.fullmatch(copy.name.removesuffix(".age")) and regular_file(copy))


# -- which copies are good ------------------------------------------------------------------------


def survey(path: Path) -> list[Copy]:
    """Every backup of this journal, oldest first, each checked whole by SQLite (or known good from the cache)."""
    copies = own_backups(path)
    writing = markers(path)
    cache = _load_cache(path)
    verified = {}
    found = []
    for copy in copies:
        key = _stat_key(copy)
        if key is not None and cache.get(copy.name) == key:
            problem = None
        else:
            problem = backup_problem(copy)
        if problem is None and key is not None:
            verified[copy.name] = key
        found.append(Copy(copy, problem, _writer(writing.get(copy.name, [])),
                          young(copy, copy.with_name(copy.name + "-journal"))))
    if verified != cache:
        _save_cache(path, verified)
    return found


def good_backups(path: Path) -> list[Path]:
    """The copies that can be restored from, oldest first."""
    return [copy.path for copy in survey(path) if copy.good]


def backup_problem(copy: Path) -> str | None:
    """Why a file in backups/ can't be restored from; None when SQLite finds it a whole mentorlog journal."""
    if os.path.lexists(copy.with_name(copy.name + "-journal")):
        return "it was interrupted while being written"
    try:
        with open(copy, "rb") as handle:
            if not handle.read(16).startswith(b"SQLite format 3\x00"):
                return "it is incomplete or damaged"
        conn = sqlite3.connect(copy.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")] \
                if "_sqlite_migrations" in tables else None
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as error:
        return f"it is incomplete or damaged ({error})"
    if result != ["ok"]:
        return f"it is damaged ({result[0]})"
    if applied is None:
        return "it is not a mentorlog journal"
    missing = [table for table in tables_expected(tuple(applied)) if table not in tables]
    if missing:
        return f"it lacks the table{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
    return None


@lru_cache(maxsize=None)
def tables_expected(applied: tuple[str, ...]) -> tuple[str, ...]:
    """The tables a journal with these schema steps applied has (steps this mentorlog doesn't know add none)."""
    from mentorlog.data.migrations import STEPS

    conn = sqlite3.connect(":memory:")
    try:
        for step in STEPS:
            if step.__name__ in applied:
                step(conn)
        return tuple(row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    finally:
        conn.close()


def _stat_key(copy: Path) -> list[int] | None:
    """What must not have changed for a cached verdict to hold: any write, chmod or replacement changes it."""
    try:
        info = os.lstat(copy)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _load_cache(path: Path) -> dict[str, list[int]]:
    cache = backup_folder(path) / CACHE_NAME
    if not regular_file(cache):
        return {}
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return {name: key for name, key in data.get("good", {}).items() if isinstance(key, list)}
    except (OSError, ValueError, AttributeError):
        return {}


def _save_cache(path: Path, verified: dict[str, list[int]]) -> None:
    """Written whole or not at all (a temporary file renamed over it), private; gone when nothing is cached."""
    folder = backup_folder(path)
    cache = folder / CACHE_NAME
    if not real_folder(folder) or not os.access(folder, os.W_OK) or os.path.islink(cache):
        return
    try:
        if not verified:
            cache.unlink(missing_ok=True)
            return
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".verified.", suffix=".partial")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"good": verified}, handle)
            os.replace(temporary, cache)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # only a cache: the next doctor checks the copies again


# -- changing files safely ------------------------------------------------------------------------


def tighten(candidate: Path, mode: int) -> bool:
    """chmod a file or folder of ours without following a symlink: it is opened with O_NOFOLLOW, checked to be
    the same regular file or folder, owned by us, and changed through that descriptor."""
    try:
        before = os.lstat(candidate)
    except OSError:
        return False
    if not (stat.S_ISREG(before.st_mode) or stat.S_ISDIR(before.st_mode)) or before.st_uid != os.geteuid():
        return False
    if stat.S_IMODE(before.st_mode) == mode:
        return False
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    if stat.S_ISDIR(before.st_mode):
        flags |= getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(candidate, flags)
    except OSError:
        return False
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            return False  # replaced in the meantime
        os.fchmod(fd, mode)
        return True
    finally:
        os.close(fd)


def remove(candidate: Path) -> bool:
    """Remove a regular file of ours (never what a symlink points at: unlinking removes the link itself)."""
    try:
        info = os.lstat(candidate)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
        return False
    candidate.unlink(missing_ok=True)
    return True


def tidy(path: Path) -> list[str]:
    """Remove this journal's copies that can't be restored from and that no one may still be writing, what
    its interrupted backups left, and surplus generations; nothing else in the folder."""
    from mentorlog.data.journal import MIGRATION_BACKUPS_KEPT

    done = []
    writing = markers(path)
    for copy in survey(path):
        if not copy.removable:
            continue
        remove(copy.path)
        remove(copy.path.with_name(copy.path.name + "-journal"))
        for marker, _ in writing.get(copy.path.name, []):
            remove(marker)
        done.append(f"removed {copy.path} ({copy.problem})")
    for log in stray_logs(path):
        if not young(log) and remove(log):
            done.append(f"removed {log} (left over from an interrupted backup)")
    for marker in stray_markers(path):
        remove(marker)
    for stray, final in stray_plain_copies(backup_folder(path)):
        if remove(stray):
            done.append(f"removed {stray} (a plain copy left by an interrupted encrypted backup)")
        if regular_file(final) and final.stat().st_size == 0 and remove(final):
            done.append(f"removed {final} (an encrypted backup that was never written)")
    generations = migration_backups(path)
    for stale in generations[:-MIGRATION_BACKUPS_KEPT]:
        if remove(stale):
            done.append(f"removed {stale} (an old copy from before a schema update)")
    return done

