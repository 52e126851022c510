"""`doctor`: what is wrong with a journal, and how to fix it without losing anything.

Never prints. Damage is decided by SQLite's own checks through a connection of the doctor's own (the
`-wal` included), never by the file's size; a busy journal is never called damaged; a restore is never
advised without saying what it would lose, and a repair comes first. Only `repair` writes, and it only
changes files it has verified as this journal's own, never through a symlink.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mentorlog import backups
from mentorlog.backups import backup_folder, counted_tables, real_folder
from mentorlog.data.journal import MIGRATION_BACKUPS_KEPT, Journal
from mentorlog.maintenance import (
    SEARCH_COMPARE, Difference, busy, index_problem, rebuild_search_index, repair_schema, restore_advice, salvage,
    salvage_advice, schema_differences, shadow,
)  # fmt: skip
from mentorlog.data.journal_file import SQLITE_MAGIC, move_aside, reads_whole_without_log, wal_frames
from mentorlog.data.migrations import MIGRATION_SET, STEP_NAMES
from mentorlog.doctor_files import (
    Check, aside_checks, beside_empty_check, export_checks, export_leftovers, leftover_check, leftover_logs, file_mode,
    orphan_checks, permission_checks, private_paths,
)  # fmt: skip

FIRST_WAIT_MS = 1_000  # after this long waiting for another mentorlog, say so
BUSY_WAIT_SECONDS = 300  # then wait this long before calling the journal busy (never damaged)

Notify = Callable[[str], None]


@dataclass
class Diagnosis:
    path: Path
    checks: list[Check] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    schema: list[Difference] = field(default_factory=list)
    verified: bool = False  # the file was read as a mentorlog journal: doctor may make it private

    @property
    def healthy(self) -> bool:
        return all(check.ok for check in self.checks)

    def to_json(self) -> dict:
        return {"path": str(self.path), "healthy": self.healthy, "checks": [c.to_json() for c in self.checks],
                "counts": self.counts}


class Busy(Exception):
    """Another mentorlog held the journal for longer than doctor waits."""


# -- the whole check-up ---------------------------------------------------------------------------


def diagnose(path: Path, notify: Notify | None = None) -> Diagnosis:
    """Every check of the journal at `path`; reads only (a log whose journal reads whole through it is settled)."""
    notify = notify or (lambda text: None)
    found = Diagnosis(path)
    if not os.path.lexists(path):
        found.checks.append(Check("journal", True, f"no journal at {path} yet; it is created on the first write"))
        found.checks += orphan_checks(path) + aside_checks(path)
        return found
    if not path.is_file():  # a folder, a device, a dangling symlink: nothing here is ours to check, let alone chmod
        what = "a folder" if path.is_dir() else "missing (a symlink to nothing)" if not path.exists() else \
            "not a regular file (a device or a pipe)"
        found.checks.append(Check("file", False, f"{path} is {what}, not a journal file",
                                  "point mentorlog at your journal file with --db PATH or MENTORLOG_DB"))
        return found
    problem = _header_problem(path)
    if problem is not None:
        unreadable = problem.startswith("can't read")
        found.checks.append(Check("file", False, problem, f"make it readable by you (ls -l {shlex.quote(str(path))})"
                                  if unreadable else restore_advice(path, None)))
        return found
    if path.stat().st_size == 0:  # as the journal treats it: empty now, a journal on the first write
        # not opened: SQLite would ignore a log beside an empty file and delete it on closing
        found.checks.append(Check("journal", True, f"{path} is an empty journal; it is set up on the first write"))
        found.checks += permission_checks(path, verified=False)
        if leftover := leftover_logs(path):
            found.checks.append(beside_empty_check(path, leftover))
        found.checks += _backup_checks(path) + aside_checks(path) + export_checks(path)
        return found
    writable = _writable(path)
    if writable and leftover_logs(path, ("-journal",)):
        _settle(path)  # a rollback log left by a crash: any opening rolls it back, which a read-only one can't
    leftover = leftover_logs(path)
    try:
        with ExitStack() as stack:
            conn, how = _open_for_checks(path, writable, stack)
            deep = notify if writable and how is None else None  # FTS5's own check needs the write lock
            checks = _patiently(conn, lambda: _database_checks(conn, path, found, deep), notify)
            found.verified = any(check.name == "schema" and "not a mentorlog journal" not in check.detail
                                 for check in checks)
            intact = any(check.name == "integrity" and check.ok for check in checks)
    except Busy:
        checks, intact = [Check("journal", True, "busy: another mentorlog is writing; run doctor again when it is done")], False
    except sqlite3.DatabaseError as error:
        if busy(error):  # another mentorlog holds it (a rollback journal being written): never damage
            checks, intact = [Check("journal", True, "busy: another mentorlog is writing; run doctor again when "
                                    "it is done")], False
        else:
            checks, intact = [Check("integrity", False, f"the journal can't be read whole ({error})",
                                    _advice_for_unreadable(path), repair="salvage")], False
    if not writable:
        checks.append(Check("access", True, f"read-only: {path} can't be changed here (the file or its folder is "
                                          "not writable by you), so doctor read it without changing it and --fix "
                                          "can't repair it here"))
    if intact and writable:
        _settle(path)
    found.checks[:0] = checks
    found.checks += permission_checks(path, found.verified)
    if leftover and intact:
        found.checks.append(leftover_check(leftover))
    found.checks += _backup_checks(path) + aside_checks(path) + export_checks(path)
    return found


def _advice_for_unreadable(path: Path) -> str:
    """SQLite stopped reading part-way: what can still be read is compared with the backup, and salvaged first."""
    try:
        with ExitStack() as stack:
            conn, _ = _open_for_checks(path, _writable(path), stack)
            return restore_advice(path, conn, salvage_advice(path))
    except sqlite3.Error:
        return restore_advice(path, None, salvage_advice(path))


def _header_problem(path: Path) -> str | None:
    """Whether the file can be an SQLite database at all (its first bytes); the size is never judged here."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except PermissionError:
        return f"can't read {path}: permission denied"
    except OSError as error:
        return f"can't read {path}: {error.strerror or error}"
    if header and (len(header) < 100 or not header.startswith(SQLITE_MAGIC)):
        return f"{path} is not a mentorlog journal (not an SQLite database, or its first page is lost)"
    return None


def _writable(path: Path) -> bool:
    """Whether this process may change the journal and make its log files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _open_for_checks(path: Path, writable: bool, stack: ExitStack) -> tuple[sqlite3.Connection, str | None]:
    """A read-only connection that sees what SQLite sees (the `-wal` included). Where the folder can't be
    written, SQLite can't open a log there: the journal alone (no log) or a private copy of both is read."""
    try:
        return _probed(stack, _connect(path.resolve().as_uri() + "?mode=ro")), None
    except sqlite3.OperationalError as error:
        if writable or not getattr(error, "sqlite_errorname", "").startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
            raise
    if not wal_frames(path):
        return _closing(stack, _connect(path.resolve().as_uri() + "?mode=ro&immutable=1")), "read-only"
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mentorlog-doctor-")))
    for suffix in ("", "-wal"):
        (folder / f"journal.db{suffix}").write_bytes(path.with_name(path.name + suffix).read_bytes())
    return _closing(stack, _connect(str(folder / "journal.db"))), "a read-only copy"


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, uri=target.startswith("file:"), isolation_level=None, timeout=FIRST_WAIT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {FIRST_WAIT_MS}")
    return conn


def _closing(stack: ExitStack, conn: sqlite3.Connection) -> sqlite3.Connection:
    stack.callback(conn.close)
    return conn


def _probed(stack: ExitStack, conn: sqlite3.Connection) -> sqlite3.Connection:
    """SQLite opens the file (and its log) on the first statement: a connection that can't read fails here."""
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        raise
    return _closing(stack, conn)


def _patiently(conn: sqlite3.Connection, action: Callable, notify: Notify):
    """Run `action`; when another mentorlog holds the journal for more than a second, say so and wait for it
    (SQLite's busy timeout, BUSY_WAIT_SECONDS), then give up with Busy: busy is never damage."""
    try:
        return action()
    except sqlite3.OperationalError as error:
        if not busy(error):
            raise
    notify("waiting for another mentorlog to finish writing…")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_WAIT_SECONDS * 1000}")
    try:
        return action()
    except sqlite3.OperationalError as error:
        if busy(error):
            raise Busy from None
        raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {FIRST_WAIT_MS}")


def _settle(path: Path) -> None:
    """Fold a log left by a stopped mentorlog into the journal (it read whole through it): closing the
    last connection does it, and one still held elsewhere keeps its log."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=1)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # busy or a full disk: the log stays, and SQLite reads through it as before


# -- the database itself --------------------------------------------------------------------------


def _database_checks(conn: sqlite3.Connection, path: Path, found: Diagnosis, deep: Notify | None) -> list[Check]:
    """Every check SQLite can answer; `deep` (how to say doctor waits) when FTS5's own check may run."""
    checks = []
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if problems != ["ok"]:
        return [_integrity_failure(conn, path, problems)]
    checks.append(Check("integrity", True, "the file is intact"))
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "_sqlite_migrations" not in tables:
        checks.append(Check("schema", False, "this SQLite file is not a mentorlog journal",
                            "point mentorlog at your journal with --db PATH or MENTORLOG_DB"))
        return checks
    checks.append(_foreign_key_check(conn, path, tables))
    checks.append(_schema_check(conn, found))
    if {"search_index", "search_source"} <= tables:
        checks.append(_search_check(conn, path, deep))
    if {"review_drafts", "mentorships"} <= tables:
        checks.append(_drafts_check(conn))
    found.counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                    for table in counted_tables() if table in tables}
    return checks


def _integrity_failure(conn: sqlite3.Connection, path: Path, problems: list[str]) -> Check:
    """SQLite found damage: say whether a log that isn't the journal's causes it, or what repair comes first."""
    if wal_frames(path) and reads_whole_without_log(path):
        wal = path.with_name(path.name + "-wal")
        return Check("log", False, f"{wal.name} does not belong to this journal: the journal reads whole without it "
                     "and damaged with it (a copy put over the journal while a mentorlog had it open?)",
                     "`mentorlog doctor --fix` sets the log aside as "
                     f"{wal.name}.aside-<time> (it is never deleted)", "aside")
    detail = f"the file is damaged: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
    only_indexes = all(index_problem(problem) for problem in problems)
    repair_first = ("`mentorlog doctor --fix` rebuilds the damaged indexes from the rows (REINDEX)" if only_indexes
                    else salvage_advice(path))
    return Check("integrity", False, detail, restore_advice(path, conn, repair_first),
                 "reindex" if only_indexes else "salvage")


def _foreign_key_check(conn: sqlite3.Connection, path: Path, tables: set[str]) -> Check:
    broken = [(row[0], row[1], row[2]) for row in conn.execute("PRAGMA foreign_key_check")]
    if {"actions", "reviews"} <= tables:  # actions.review_id has no declared foreign key
        broken += [("actions", row[0], "reviews") for row in conn.execute(
            "SELECT id FROM actions WHERE review_id IS NOT NULL AND review_id NOT IN (SELECT id FROM reviews)")]
    if not broken:
        return Check("references", True, "every row refers to rows that exist")
    table, row_id, parent = broken[0]
    more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
    return Check("references", False, f"{table} row {row_id} refers to a missing row in {parent}{more}",
                 restore_advice(path, conn, None))


def _search_check(conn: sqlite3.Connection, path: Path, deep: Notify | None) -> Check:
    """The search index in step with the journal. FTS5's passing "vtable constructor failed" (another
    mentorlog writing at that moment) is asked again (`search.patiently`) before it counts as damage."""
    from mentorlog.search import patiently

    index, source = SEARCH_COMPARE
    note = ""
    try:
        missing, extra, stale = patiently(lambda: [conn.execute(sql).fetchone()[0] for sql in (
            "SELECT COUNT(*) FROM search_source WHERE key NOT IN (SELECT rowid FROM search_index)",
            "SELECT COUNT(*) FROM search_index WHERE rowid NOT IN (SELECT key FROM search_source)",
            f"SELECT COUNT(*) FROM ({index} EXCEPT {source}) WHERE key IN (SELECT key FROM search_source)")])
        damaged = _fts_damage(path, deep) if deep else None
        if not deep:
            note = " (read-only: FTS5's own deeper check needs to write, so it was left out)"
    except Busy:
        damaged, note = None, " (busy: another mentorlog is writing, so FTS5's own deeper check was left out; run doctor again)"
    except sqlite3.DatabaseError as error:
        if busy(error):
            raise
        missing, extra, stale, damaged = 0, 0, 0, str(error)
    if not (missing or extra or stale or damaged):
        return Check("search index", True, "in step with the journal" + note)
    parts = []
    for count, one, many in ((missing, "entry missing", "entries missing"), (stale, "entry out of date", "entries out of date"),
                             (extra, "entry left over", "entries left over")):
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    if damaged:
        parts.append(f"the index is damaged ({damaged})")
    return Check("search index", False, "; ".join(parts) + " (search would miss or misreport notes)",
                 "`mentorlog doctor --fix` rebuilds it from the journal", "search")


def _fts_damage(path: Path, notify: Notify) -> str | None:
    """FTS5's own check that its index matches its rows. It needs the write lock (it writes nothing, and is
    rolled back anyway), so it has a connection of its own and waits for another writer: busy is never damage."""
    from mentorlog.search import FTS_TRANSIENT, patiently

    conn = _connect(str(path))
    try:
        return _patiently(conn, lambda: patiently(lambda: _fts_check_once(conn, FTS_TRANSIENT)), notify)
    finally:
        conn.close()


def _fts_check_once(conn: sqlite3.Connection, transient: str) -> str | None:
    conn.execute("SAVEPOINT doctor_fts")
    try:
        conn.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
        return None
    except sqlite3.DatabaseError as error:
        if busy(error) or transient in str(error):
            raise  # waited for, or asked again
        return str(error)
    finally:
        conn.execute("ROLLBACK TO doctor_fts")
        conn.execute("RELEASE doctor_fts")


def _drafts_check(conn: sqlite3.Connection) -> Check:
    rows = conn.execute(
        "SELECT m.name, d.updated_at FROM review_drafts d JOIN mentorships m ON m.id = d.mentorship_id "
        "WHERE m.status = 'ended' ORDER BY m.name"
    ).fetchall()
    if not rows:
        return Check("drafts", True, "no unfinished reviews left behind")
    names = ", ".join(f"{name} (from {stamp[:10]})" for name, stamp in rows)
    return Check("drafts", False, f"unfinished review drafts for ended mentorships: {names}",
                 "`mentorlog doctor --fix` removes them (they can no longer be finished)", "drafts")


# -- the schema ---------------------------------------------------------------------------------


def _schema_check(conn: sqlite3.Connection, found: Diagnosis) -> Check:
    applied = [row[0] for row in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
    newer = [name for name in applied if name not in STEP_NAMES]
    pending = [name for name in STEP_NAMES if name not in applied]
    if newer:
        return Check("schema", False, f"written by a newer mentorlog ({', '.join(newer)})",
                     "upgrade mentorlog to use this journal")
    if pending:
        return Check("schema", False, f"{len(pending)} schema update(s) not applied yet: {', '.join(pending)}",
                     "`mentorlog doctor --fix` applies them (a backup is made first)", "migrate")
    found.schema = schema_differences(conn)
    if not found.schema:
        return Check("schema", True, f"up to date ({applied[-1]})")
    lost = [d.name for d in found.schema if d.kind == "missing" and d.type == "table" and not shadow(d.name)]
    fix = "`mentorlog doctor --fix` makes a backup, then recreates what is missing and removes what is foreign"
    if lost:
        fix += f" ({', '.join(lost)} can only be recreated empty: their rows are in a backup, if anywhere)"
    return Check("schema", False, "not what mentorlog builds: " + "; ".join(d.describe() for d in found.schema),
                 fix, "schema")


# -- backups --------------------------------------------------------------------------------------


def _backup_checks(path: Path) -> list[Check]:
    folder = backup_folder(path)
    if not real_folder(folder):
        return []
    copies = backups.survey(path)
    good = [copy.path for copy in copies if copy.good]
    if good:
        newest = datetime.fromtimestamp(good[-1].stat().st_mtime).date()
        megabytes = sum(copy.stat().st_size for copy in good) / 1e6
        summary = f"{len(good)} good backup{'s' if len(good) > 1 else ''} ({megabytes:.1f} MB), the newest from {newest}"
    else:
        summary = "no good backup: make one with `mentorlog backup`"
    sealed = backups.encrypted_backups(path)
    if sealed:
        summary += (f", and {len(sealed)} encrypted backup{'s' if len(sealed) > 1 else ''} (not checked: "
                    "doctor can't read them)")
    problems = [f"{copy.path.name}: {copy.problem}, so it can't be restored from" for copy in copies if copy.removable]
    problems += [f"{stray.name} is a plain copy left by an interrupted encrypted backup"
                 for stray, _ in backups.stray_plain_copies(folder)]
    problems += [f"{log.name} is left over from an interrupted backup" for log in backups.stray_logs(path)
                 if not backups.young(log)]
    generations = backups.migration_backups(path)
    if len(generations) > MIGRATION_BACKUPS_KEPT:
        problems.append(f"{len(generations)} copies from before schema updates (only the newest "
                        f"{MIGRATION_BACKUPS_KEPT} are kept)")
    waiting = [copy for copy in copies if not copy.good and not copy.removable]
    notes = [f"{copy.path.name} is being written by another mentorlog" if copy.writer == "alive" else
             f"{copy.path.name} is incomplete but changed in the last {backups.YOUNG_SECONDS // 60} minutes, so it "
             "may still be being written: left alone (doctor looks at it again later)" for copy in waiting]
    note = f"; {'; '.join(notes)}" if notes else ""
    if not problems:
        return [Check("backups", True, f"{summary} in {folder}{note}")]
    return [Check("backups", False, f"in {folder}: {'; '.join(problems)} ({summary}){note}",
                  "`mentorlog doctor --fix` removes the broken copies and the oldest schema-update copies", "backups")]


# -- repair ---------------------------------------------------------------------------------------


def repair(path: Path, diagnosis: Diagnosis, notify: Notify | None = None) -> list[str]:
    """Do what can be done safely for the failed checks; what was done, one line each."""
    done = []
    wanted = {check.repair for check in diagnosis.checks if not check.ok and check.repair}
    if "permissions" in wanted:
        for candidate, mode in private_paths(path, diagnosis.verified):
            if file_mode(candidate) & 0o077 and backups.tighten(candidate, mode):
                done.append(f"made {candidate} private ({mode:04o})")
    if "backups" in wanted:
        done += backups.tidy(path)
    if "exports" in wanted:
        for leftover in export_leftovers(path):
            if backups.remove(leftover):
                done.append(f"removed {leftover} (left by a stopped export)")
    if "aside" in wanted:
        aside = move_aside(path)
        done.append(f"set {path.name}-wal aside as {aside} (it did not belong to the journal; kept, not replayed)")
    if "salvage" in wanted:
        return done + [salvage(path, notify)]
    if not wanted - {"permissions", "backups", "exports", "aside"}:
        return done
    with Journal(path, notify=notify) as journal:
        if "schema" in wanted:  # first: a foreign trigger must be gone before anything else writes
            done += repair_schema(journal, diagnosis.schema)
        if "migrate" in wanted:
            journal.conn  # opening applies pending schema updates, after a backup
            done.append("applied the pending schema updates (the journal was backed up first)")
        if "reindex" in wanted:
            with journal.write() as conn:
                conn.execute("REINDEX")
            done.append("rebuilt the journal's indexes from its rows (REINDEX)")
        if "search" in wanted or "reindex" in wanted:
            rebuild_search_index(journal)
            done.append("rebuilt the search index")
        if "drafts" in wanted:
            with journal.write() as conn:
                removed = conn.execute(
                    "DELETE FROM review_drafts WHERE mentorship_id IN (SELECT id FROM mentorships WHERE status = 'ended')"
                ).rowcount
            done.append(f"removed {removed} stale review draft(s)")
    return done


