"""The journal on disk: its header, its write-ahead log, the lock on its folder, and who is writing.

Damage is decided by SQLite's own checks, the `-wal` included; the cheap header checks here only
decide when to ask SQLite. Never prints.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from mentorlog.errors import MentorlogError

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (0x377F0682, 0x377F0683)
WAL_HEADER_SIZE = 32
SHM_DMS_BYTE = 128  # SQLite's unix VFS: every connection holds a read lock here while it has the journal open
ASIDE_SUFFIX = "-wal.aside-"


def log_path(path: Path, suffix: str = "-wal") -> Path:
    return path.with_name(path.name + suffix)


def writer_path(path: Path) -> Path:
    """`journal.db-writer`: names the long write (an import) a mentorlog is doing, for those who wait."""
    return log_path(path, "-writer")


def check_journal_file(path: Path) -> None:
    """Refuse a path that is not an intact SQLite file.

    The header is checked here; a file shorter than its header says is normal while a checkpoint is
    cut short (the rest is in the `-wal`), so then SQLite's own `quick_check` decides."""
    if path.is_dir():
        raise MentorlogError(f"{path} is a directory, not a journal file")
    if path.exists() and not path.is_file():  # a device or a pipe: SQLite would misreport it, doctor would chmod it
        raise MentorlogError(f"{path} is not a regular file (a device or a pipe), not a journal file")
    try:
        size = path.stat().st_size
        if size == 0:
            return  # a journal being created: SQLite treats it as empty
        with open(path, "rb") as handle:
            header = handle.read(100)
    except PermissionError:
        raise MentorlogError(f"can't read {path}: permission denied") from None
    except OSError as error:
        raise MentorlogError(f"can't read {path}: {error.strerror or error}") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise MentorlogError(f"{path} is not a mentorlog journal (not an SQLite database); it was left as it is")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    if page_size < 512 or size % page_size:
        raise MentorlogError(f"{path} is truncated or damaged; it was left as it is (restore it from a backup)")
    # with no log beside it, the file is read as it is: opening it through a log would create one
    if size < page_size * page_count and sqlite_problem(path, immutable=not log_path(path).exists()) is not None:
        raise MentorlogError(f"{path} is truncated or damaged; it was left as it is (restore it from a backup)")


DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")  # what SQLite says of a file it reads and finds damaged


def sqlite_problem(path: Path, immutable: bool = False) -> str | None:
    """SQLite's `quick_check` of the journal read on its own (through its log, unless `immutable`): the
    damage it finds, or None. Only damage counts: a busy journal, a folder SQLite may not write its
    index in, or a failing disk say nothing about whether the file is whole, and give None too."""
    return _quick_check(path, immutable)[1]


def reads_whole_without_log(path: Path) -> bool:
    """The journal file alone, its log ignored, passes SQLite's check (and the check could be made)."""
    checked, problem = _quick_check(path, immutable=True)
    return checked and problem is None


def _quick_check(path: Path, immutable: bool) -> tuple[bool, str | None]:
    """(whether SQLite could check the file, the damage it found)."""
    query = "?immutable=1" if immutable else "?mode=ro"
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + query, uri=True, timeout=60)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        damaged = getattr(error, "sqlite_errorname", "").startswith(DAMAGE_CODES) or "malformed" in str(error)
        return damaged, str(error) if damaged else None
    return True, None if result == "ok" else result


# -- the write-ahead log ----------------------------------------------------------------------------


def wal_frames(path: Path) -> bool:
    """Whether the journal's `-wal` holds anything SQLite would read (a valid header and frames)."""
    wal = log_path(path)
    try:
        if wal.stat().st_size <= WAL_HEADER_SIZE:
            return False
        with open(wal, "rb") as handle:
            magic = int.from_bytes(handle.read(4), "big")
    except OSError:
        return False
    return magic in WAL_MAGICS


def header_says_wal(path: Path) -> bool:
    """The journal's header marks it as in WAL mode (a copy made by VACUUM INTO, or `cp` of a backup, is not)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(20)
    except OSError:
        return True  # unknown: leave it to SQLite
    return len(header) < 20 or header[18] == 2


def in_use_elsewhere(path: Path) -> bool:
    """Another process has the journal open: it holds the read lock SQLite keeps on the `-shm` file.

    Tested with F_GETLK, which takes no lock. Where the test can't be made, the journal counts as in use,
    so that nothing is moved away from under a running mentorlog."""
    shm = log_path(path, "-shm")
    if not shm.exists():
        return False
    layout = next((found for name, found in _FLOCK_LAYOUTS.items() if sys.platform.startswith(name)), None)
    if layout is None or os.name != "posix":
        return True
    import fcntl
    import struct

    fields, type_index = layout
    query = dict(type=fcntl.F_WRLCK, whence=os.SEEK_SET, start=SHM_DMS_BYTE, len=1, pid=0)
    try:
        fd = os.open(shm, os.O_RDONLY)
    except OSError:
        return True
    try:
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, struct.pack(fields[0], *(query[name] for name in fields[1])))
    except OSError:
        return True
    finally:
        os.close(fd)
    return struct.unpack(fields[0], answer)[type_index] != fcntl.F_UNLCK


# struct flock as each system lays it out: (format, field order), and where the lock type is
_LINUX = (("hhqqi", ("type", "whence", "start", "len", "pid")), 0)
_BSD = (("qqihh", ("start", "len", "pid", "type", "whence")), 3)
_FLOCK_LAYOUTS = {"linux": _LINUX, "darwin": _BSD, "freebsd": _BSD}


def settle_log(path: Path, checkpoint: bool) -> Path | None:
    """Make sure a `-wal` left beside the journal belongs to it before SQLite replays it.

    A log that another mentorlog holds open is its own business. A log left by a stopped mentorlog
    is checked: when the journal reads whole through it, the interrupted checkpoint is finished
    (with `checkpoint`); when it reads whole only without it (a backup was copied over the journal,
    say), the log is foreign and is moved aside, never replayed. Returns where a log was moved."""
    if not wal_frames(path) or open_here(path):
        return None
    with journal_lock(path):
        if not wal_frames(path) or in_use_elsewhere(path):
            return None
        if header_says_wal(path) and sqlite_problem(path) is None:
            if checkpoint:
                _finish_checkpoint(path)
            return None
        if not reads_whole_without_log(path):
            return None  # damaged with or without the log (or not checkable now): refused later, told by doctor
        return move_aside(path)


def move_aside(path: Path) -> Path:
    """Keep a log that is not the journal's out of SQLite's way: `<journal>-wal.aside-<time>`."""
    aside = path.with_name(f"{path.name}{ASIDE_SUFFIX}{datetime.now():%Y%m%dT%H%M%S%f}")
    os.replace(log_path(path), aside)
    log_path(path, "-shm").unlink(missing_ok=True)  # its index describes the log that just left
    return aside


def _finish_checkpoint(path: Path) -> None:
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=1)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # a full disk, say: the log stays, and SQLite reads through it as before


# -- which journals this process has open ---------------------------------------------------------
# Closing any descriptor of a file drops every POSIX lock this process holds on it, SQLite's too, so
# the `-shm` is only looked at while this process has no connection to the journal.

_OPEN: dict[str, int] = {}


def _key(path: Path) -> str:
    return os.path.realpath(path)


def open_here(path: Path) -> bool:
    """Whether this process holds a connection to the journal (through a `Journal`)."""
    return _OPEN.get(_key(path), 0) > 0


def opened(path: Path) -> None:
    _OPEN[_key(path)] = _OPEN.get(_key(path), 0) + 1


def closed(path: Path) -> None:
    key = _key(path)
    _OPEN[key] = max(0, _OPEN.get(key, 0) - 1)


# -- the lock, and who is writing ---------------------------------------------------------------------------------


@contextmanager
def journal_lock(path: Path) -> Iterator[None]:
    """An exclusive lock (flock) on the journal's folder, waited for: one mentorlog at a time upgrades
    the schema or settles a log. The folder, not a file of its own, so a refused journal is left with
    nothing new beside it. A no-op where there is no flock."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def note_writer(path: Path, activity: str) -> None:
    """Say in the lock file which long write this process is doing, for others who wait on it."""
    try:
        fd = os.open(writer_path(path), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {activity}\n".encode())
        finally:
            os.close(fd)
    except OSError:
        pass  # only a courtesy to whoever waits


def clear_writer(path: Path) -> None:
    """Take back this process's note, once its long write is over."""
    try:
        if writer_path(path).read_text(encoding="utf-8", errors="replace").startswith(f"{os.getpid()} "):
            note_writer(path, "")
    except OSError:
        pass


def current_writer(path: Path) -> str | None:
    """The long write another mentorlog says it is doing (`import`), while that process lives."""
    try:
        text = writer_path(path).read_text(encoding="utf-8", errors="replace").split(maxsplit=1)
    except OSError:
        return None
    if len(text) != 2 or not text[0].isdigit():
        return None
    pid, activity = int(text[0]), text[1].strip()
    if not alive(pid):
        return None
    return activity or None


def alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (someone else's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def wait_message(path: Path) -> str:
    activity = current_writer(path)
    return f"waiting for another mentorlog{f' ({activity})' if activity else ''}…"


def write_and_sync(fd: int, data: bytes) -> None:
    """All of `data` written to the open file `fd` (a short write continues) and flushed to the disk."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


# -- the write-safety record ------------------------------------------------------------------------
# A write never goes into a damaged file, but a full `quick_check` reads every page. So after each of
# its own commits mentorlog records what the journal and its log look like; before a write, the check
# runs only when the files differ from that record (something else touched them) or a day has passed.

RECHECK_AFTER_SECONDS = 24 * 3600


def verified_path(path: Path) -> Path:
    """`journal.db-verified`: what the journal looked like after mentorlog's last commit, and when it
    was last checked whole."""
    return log_path(path, "-verified")


def file_state(path: Path) -> list | None:
    """What the journal and its log look like now: size, times and inode of each. Any write by anything
    changes the ctime, which can't be set back.

    Only `stat`, never `open`: closing a descriptor of the journal would drop the locks SQLite holds on
    it for this process, and another mentorlog could then take itself for the last one and delete the
    log under a write in progress."""
    def stat_of(target: Path) -> list | None:
        try:
            info = os.stat(target)
        except OSError:
            return None
        return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]

    journal, log = stat_of(path), stat_of(log_path(path))
    if log is not None and log[0] == 0:
        log = None  # SQLite makes an empty log when it opens the journal: no change to the contents
    return None if journal is None else [journal, log]


def needs_check(path: Path) -> bool:
    """Whether to read the whole file before writing: it changed since mentorlog last recorded it, or a
    day has passed since it was last checked whole."""
    import json  # a write's cost, not every read's

    try:
        record = json.loads(verified_path(path).read_text(encoding="utf-8"))
        state, checked_at = record["state"], float(record["checked_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return state != file_state(path) or not 0 <= time.time() - checked_at < RECHECK_AFTER_SECONDS


def record_state(path: Path, checked: bool = False) -> list | None:
    """Note the journal's state as mentorlog left it (`checked`: it was just checked whole). Returns the
    state noted, or None when the note could not be written (then the next write checks the file)."""
    import json

    state = file_state(path)
    target = verified_path(path)
    checked_at = time.time() if checked else _checked_at(target)
    if state is None or checked_at is None:
        return None
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"state": state, "checked_at": checked_at}, handle)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        return None
    return state


def _checked_at(target: Path) -> float | None:
    import json

    try:
        return float(json.loads(target.read_text(encoding="utf-8"))["checked_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
