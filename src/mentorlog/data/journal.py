"""The journal: the file, the connection, transactions and migrations; nothing about any one table.

Each table has its own module beside this one (`mentorships`, `sessions`, `goals`, ...). Never
prints: what a person should hear goes through `Journal.notify`. Hot reads and single-row writes
go through the standard library's sqlite3; sqlite-utils is imported only to apply migrations.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from mentorlog.data import journal_file
from mentorlog.data.journal_file import SQLITE_MAGIC, check_journal_file  # noqa: F401  (part of the interface)
from mentorlog.data.migrations import MIGRATION_SET, STEP_NAMES, STEPS
from mentorlog.domain import dates
from mentorlog.errors import MentorlogError

BUSY_TIMEOUT_MS = 60_000  # a read waits this long for another mentorlog's recovery or upgrade
WRITE_WAIT_STEP_MS = 1_000  # a write says it is waiting after this long, then keeps waiting
MIGRATION_BACKUPS_KEPT = 5
BACKUP_DIR_NAME = "backups"
HISTORY_STEP = "m007_history"


def default_path() -> Path:
    """`MENTORLOG_DB`, else `journal.db` in the user data directory."""
    env = os.environ.get("MENTORLOG_DB", "").strip()
    if env:
        return Path(env).expanduser()
    from mentorlog.domain.folders import data_dir

    return data_dir() / "journal.db"


def build_schema(conn: sqlite3.Connection) -> None:
    """The whole schema in an empty database (an absent journal read as an empty one, the schema doctor
    compares with): from the schema image when it was made from these migrations, else step by step."""
    from mentorlog.data import fresh_journal

    if fresh_journal.fits(conn, STEP_NAMES):
        fresh_journal.create(conn)
        return
    for step in STEPS:
        step(conn)


def new_uid() -> str:
    """A random UUID (version 4), as `str(uuid.uuid4())` spells it, without importing `uuid` on every write."""
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # the RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def opt_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def private_dir(path: Path) -> None:
    """Create a folder (and missing parents) readable only by its owner."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # another mentorlog made it a moment ago, privately too
        os.chmod(folder, 0o700)


class Journal:
    """One journal file. Reads never create it; the first write does, privately (0600 in a 0700 folder).

    `notify` receives what a person should hear while the journal works (waiting for another
    mentorlog, a foreign log moved aside); the data layer itself never prints."""

    def __init__(self, path: Path, notify: Callable[[str], None] | None = None, command: str = "mentorlog"):
        self.path = Path(path)
        self.notify = notify or (lambda text: None)
        self.command = command  # the words typed, without their text: what the change history names
        self._conn: sqlite3.Connection | None = None
        self._writable = False
        self._on_file = False
        self._left_as: list | None = None  # the file's state after this journal's last commit
        self.after_commit: list[Callable[[Journal], None]] = []  # called after each outermost write commits

    # -- opening -------------------------------------------------------------------------------

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def conn(self) -> sqlite3.Connection:
        """A connection for reading; an absent (or still empty) journal reads as an empty one held in memory."""
        if self._conn is None:
            if self.path.exists() and not _empty_file(self.path):
                self._conn = self._open_file(writable=False)
            else:
                self._conn = _connect(":memory:")
                build_schema(self._conn)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            # closing may fold the log in: when nothing else touched the file since our last commit,
            # what closing leaves is ours too, and is noted so the next write need not check it whole
            ours = self._left_as is not None and self._left_as == journal_file.file_state(self.path)
            self._conn.close()
            self._conn = None
            self._writable = False
            if ours:
                journal_file.record_state(self.path)
            self._left_as = None
        if self._on_file:
            journal_file.closed(self.path)
            self._on_file = False

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _open_file(self, writable: bool) -> sqlite3.Connection:
        if not journal_file.open_here(self.path):  # reading the file's header while this process holds a
            check_journal_file(self.path)           # connection to it would drop SQLite's locks (journal_file)
        moved = journal_file.settle_log(self.path, checkpoint=writable)
        if moved is not None:
            self.notify(f"A log beside {self.path} did not belong to it (the journal reads whole without it), "
                        f"so it was not replayed; it was kept aside as {moved}")
        conn = _connect(str(self.path))
        journal_file.opened(self.path)
        self._on_file = True
        try:
            if len(self._applied_migrations(conn)) < len(STEP_NAMES):
                with journal_file.journal_lock(self.path):  # one mentorlog upgrades; the others wait, then see it done
                    applied = self._applied_migrations(conn)
                    if len(applied) < len(STEP_NAMES):
                        self._migrate(conn, applied)
        except BaseException:
            conn.close()
            self.close()
            raise
        return conn

    def _applied_migrations(self, conn: sqlite3.Connection) -> list[str]:
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise MentorlogError(f"{self.path} is not a readable journal ({error}); it was left as it is") from None
        if "_sqlite_migrations" not in tables:
            if tables:
                raise MentorlogError(f"{self.path} is an SQLite database but not a mentorlog journal; it was left as it is")
            return []
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
        ).fetchall()
        if not rows and len(tables) > 1:
            raise MentorlogError(f"{self.path} is an SQLite database but not a mentorlog journal; it was left as it is")
        unknown = [name for (name,) in rows if name not in STEP_NAMES]
        if unknown:
            raise MentorlogError(
                f"{self.path} was written by a newer mentorlog (it has {', '.join(unknown)}); upgrade mentorlog to open it"
            )
        return [row[0] for row in rows]

    def _migrate(self, conn: sqlite3.Connection, applied: list[str]) -> None:
        self._check_integrity(conn)
        if applied:
            self.backup_before_migration(conn, STEP_NAMES[len(applied)])
        _enable_wal(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            from mentorlog.data import fresh_journal

            if not applied and fresh_journal.fits(conn, STEP_NAMES):  # a new journal: the final schema at once
                fresh_journal.create(conn)
            else:
                from sqlite_utils import Database

                from mentorlog.data.migrations import migrations

                migrations().apply(Database(conn))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _check_integrity(self, conn: sqlite3.Connection) -> None:
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            result = str(error)
        if result != "ok":
            raise MentorlogError(f"{self.path} fails its integrity check ({result}); it was left as it is")

    def backup_before_migration(self, conn: sqlite3.Connection, next_step: str) -> Path:
        """A consistent copy beside the journal before its schema changes; the last few are kept."""
        folder = self.path.parent / BACKUP_DIR_NAME
        private_dir(folder)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        target = folder / f"{self.path.stem}-before-{next_step}-{stamp}.db"
        vacuum_into(conn, target)
        old = sorted(folder.glob(f"{self.path.stem}-before-m*.db"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-MIGRATION_BACKUPS_KEPT]:
            stale.unlink(missing_ok=True)
        return target

    def _writable_conn(self) -> sqlite3.Connection:
        if self._conn is not None and self._writable:
            return self._conn
        self.close()
        if not self.path.exists():
            orphan = self.path.with_name(self.path.name + "-wal")
            if orphan.exists() and orphan.stat().st_size > 0:
                # SQLite would silently discard it: it may hold the newest changes of a journal moved away
                # (an empty journal beside a log may be one being created this moment, so only a missing one)
                raise MentorlogError(
                    f"{orphan} is here without its journal; it may hold the newest changes of a journal that "
                    f"was moved. Put that journal back beside it, or move the log aside to start a new journal"
                )
            private_dir(self.path.parent)
            try:
                os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                pass  # another mentorlog created it a moment ago
        elif _empty_file(self.path):
            os.chmod(self.path, 0o600)  # an empty file becomes a journal: private like any other
        conn = self._open_file(writable=True)
        try:
            if journal_file.needs_check(self.path):  # changed by something else, or not checked for a day
                self._check_integrity(conn)
                journal_file.record_state(self.path, checked=True)
            _enable_wal(conn)
        except BaseException:
            conn.close()  # a refused journal is left exactly as it was, without WAL side files
            self.close()
            raise
        self._conn, self._writable = conn, True
        return conn

    @contextmanager
    def write(self, activity: str | None = None) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: all of its writes land, or none do.

        Nested calls join the open transaction (as a savepoint), so data functions compose:
        a review, its goal updates and its actions commit together. A long write names itself
        (`activity`, e.g. "import") so that others waiting for it can say what they wait for.
        """
        conn = self._writable_conn()
        if conn.in_transaction:
            conn.execute("SAVEPOINT nested_write")
            try:
                yield conn
                conn.execute("RELEASE nested_write")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK TO nested_write")
                    conn.execute("RELEASE nested_write")
                raise
            return
        self._begin(conn)
        if activity:
            journal_file.note_writer(self.path, activity)
        try:
            recording = HISTORY_STEP in STEP_NAMES  # a journal at an older schema (tests of old releases) has none
            if recording:
                from mentorlog.data import history  # a write's cost, not every read's

                history.open_group(conn, self.command)
            yield conn
            if recording:
                history.close_group(conn)
            conn.execute("COMMIT")
            self._left_as = journal_file.record_state(self.path)
            for hook in self.after_commit:
                hook(self)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            if activity:
                journal_file.clear_writer(self.path)

    def _begin(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE, waiting for another mentorlog's write as long as it takes (saying so after a second)."""
        conn.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_STEP_MS}")
        try:
            told = False
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) and "busy" not in str(error):
                        raise
                if not told:
                    self.notify(journal_file.wait_message(self.path))
                    told = True
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _empty_file(path: Path) -> bool:
    return path.is_file() and path.stat().st_size == 0


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _enable_wal(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def vacuum_into(conn: sqlite3.Connection, target: Path, claimed: bool = False) -> None:
    """A consistent copy of the open journal at `target`, created 0600 and exclusively: a file another process
    made is never overwritten, nor removed when this copy fails; only what this call made is.

    `claimed`: the caller has just made `target` itself, empty and exclusively (SQLite accepts an empty
    file). While the copy is written, `.NAME.PID.writing` beside it tells `doctor` who is writing it."""
    import socket

    target = Path(target)
    log = target.with_name(target.name + "-journal")
    if os.path.lexists(log):  # SQLite would take it for the new copy's own log and play it into the copy
        raise MentorlogError(f"{log} is in the way of a copy at {target}; choose another path")
    no_follow = getattr(os, "O_NOFOLLOW", 0)
    marker = target.with_name(f".{target.name}.{os.getpid()}.writing")
    made = os.stat(target) if claimed else None
    old_umask = os.umask(0o077)
    try:
        fd = os.open(marker, os.O_CREAT | os.O_TRUNC | os.O_WRONLY | no_follow, 0o600)
        try:
            os.write(fd, socket.gethostname().encode())
        finally:
            os.close(fd)
        if not claimed:
            try:
                os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY | no_follow, 0o600))
            except FileExistsError:
                raise MentorlogError(f"{target} already exists; choose another path") from None
            made = os.stat(target)
        conn.execute("VACUUM INTO ?", [str(target)])
        os.chmod(target, 0o600)
    except BaseException:  # a full disk, Ctrl-C: no half-written copy is left to be mistaken for a backup
        if made is not None:
            try:
                now = os.lstat(target)
                if (now.st_dev, now.st_ino) == (made.st_dev, made.st_ino):
                    target.unlink()
            except OSError:
                pass
            log.unlink(missing_ok=True)  # absent before this copy began: SQLite made it for this copy
        raise
    finally:
        marker.unlink(missing_ok=True)
        os.umask(old_umask)


def required_text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise MentorlogError(f"empty {what}")
    return text


def insert_row(conn: sqlite3.Connection, table: str, row: dict) -> int:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())).lastrowid


def update_row(conn: sqlite3.Connection, table: str, row_id: int, changes: dict) -> None:
    changes = {**changes, "updated_at": dates.utc_stamp()}
    assignments = ", ".join(f"{column} = ?" for column in changes)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*changes.values(), row_id])
