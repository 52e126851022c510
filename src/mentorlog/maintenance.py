"""Backups that are known to be good, and `doctor`: what is wrong with a journal and how to fix it.

Never prints. The doctor reads the file with its own connection, so it can look at a journal that
needs migrating or is damaged without changing it; only `repair` writes.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mentorlog import dates
from mentorlog.errors import MentorlogError
from mentorlog.journal import (
    BACKUP_DIR_NAME, MIGRATION_BACKUPS_KEPT, Journal, check_journal_file, private_dir, vacuum_into,
)  # fmt: skip
from mentorlog.migrations import MIGRATION_SET, STEP_NAMES

COUNTED_TABLES = (
    "mentorships", "sessions", "goals", "milestones", "goal_updates", "actions", "wins", "reviews", "review_drafts",
)  # fmt: skip
SEARCH_COMPARE = (
    "SELECT rowid AS key, body, kind, ref_id, mentorship_id, date, private FROM search_index",
    "SELECT key, body, kind, ref_id, mentorship_id, date, private FROM search_source",
)


# -- backup ---------------------------------------------------------------------------------------


@dataclass
class Backup:
    path: Path
    counts: dict[str, int]


def default_backup_path(journal_path: Path, folder: Path | None = None) -> Path:
    """`<journal>-YYYYMMDD-HHMMSS.db` in `folder` (default: backups/ beside the journal); never an existing file."""
    folder = journal_path.parent / BACKUP_DIR_NAME if folder is None else folder
    stem = f"{journal_path.stem}-{dates.now():%Y%m%d-%H%M%S}"
    target, number = folder / f"{stem}.db", 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}.db"
    return target


def backup(journal: Journal, target: Path | str | None = None) -> Backup:
    """A consistent copy of the journal, even while it is in use (VACUUM INTO), checked before it counts.

    `target` is a file, or a folder when it names one or ends with a path separator (`Path` drops a
    trailing separator, so pass the text as typed): a missing folder is made private."""
    if not journal.exists:
        raise MentorlogError(f"there is no journal at {journal.path} yet: nothing to back up")
    if target is None:
        target = default_backup_path(journal.path)
        private_dir(target.parent)
        os.chmod(target.parent, 0o700)
    else:
        as_folder = str(target).endswith(tuple(sep for sep in (os.sep, os.altsep) if sep))
        target = Path(target).expanduser()
        if as_folder and target.exists() and not target.is_dir():
            raise MentorlogError(f"{target} is a file, not a folder; name a new file or a folder for the backup")
        if as_folder or target.is_dir():
            private_dir(target)
            target = default_backup_path(journal.path, target)
        elif not target.parent.exists():
            private_dir(target.parent)
    if target.exists() and target.resolve() == journal.path.resolve():
        raise MentorlogError("the backup can't be the journal itself; choose another path")
    conn = journal.conn
    try:
        vacuum_into(conn, target)
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorname", "").startswith(("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN")):
            raise MentorlogError(f"can't write the backup {target} ({error}; is the disk full?); "
                                 "no partial copy was kept") from None
        raise
    try:
        counts = verify_copy(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Backup(target, counts)


def verify_copy(path: Path) -> dict[str, int]:
    """Open a copy on its own and check it whole; its row counts when it is sound."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise MentorlogError(f"the backup at {path} failed its integrity check ({result[0]}); it was removed")
        return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in COUNTED_TABLES}
    finally:
        conn.close()


# -- doctor ---------------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None  # how to fix it, for a person
    repair: str | None = None  # what `repair` can do about it (None: nothing automatic)

    def to_json(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "fix": self.fix}


@dataclass
class Diagnosis:
    path: Path
    checks: list[Check] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return all(check.ok for check in self.checks)

    def to_json(self) -> dict:
        return {"path": str(self.path), "healthy": self.healthy, "checks": [c.to_json() for c in self.checks],
                "counts": self.counts}


def diagnose(path: Path) -> Diagnosis:
    """Every check of the journal at `path`; reads only."""
    found = Diagnosis(path)
    if not path.exists():
        found.checks.append(Check("journal", True, f"no journal at {path} yet; it is created on the first write"))
        found.checks += _orphan_checks(path)
        return found
    if not path.is_file():  # a folder or a device: nothing here is ours to check, let alone to chmod
        try:
            check_journal_file(path)
            problem = f"{path} is not a journal file"
        except MentorlogError as error:
            problem = str(error)
        found.checks.append(Check("file", False, problem, "point mentorlog at your journal file with --db PATH or MENTORLOG_DB"))
        return found
    leftover = _leftover_logs(path)
    found.checks += _permission_checks(path)
    try:
        check_journal_file(path)
    except MentorlogError as error:
        found.checks.insert(0, Check("file", False, str(error), _restore_hint(path)))
        return found
    if path.stat().st_size == 0:  # as the journal treats it: empty now, a journal on the first write
        # not opened: SQLite would ignore a log beside an empty file and delete it on closing
        found.checks.insert(0, Check("journal", True, f"{path} is an empty journal; it is set up on the first write"))
        if leftover:
            found.checks.append(_beside_empty_check(path, leftover))
        if (backups := _backups_check(path)) is not None:
            found.checks.append(backups)
        return found
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error as error:
        found.checks.insert(0, Check("file", False, f"can't open {path}: {error}", _restore_hint(path)))
        return found
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        checks = _database_checks(conn, path, found)
    except sqlite3.DatabaseError as error:
        checks = [Check("integrity", False, f"the journal can't be read ({error})", _restore_hint(path))]
    finally:
        conn.close()
    found.checks[:0] = checks
    if leftover:
        found.checks.append(_leftover_check(leftover))
    backups = _backups_check(path)
    if backups is not None:
        found.checks.append(backups)
    return found


def _database_checks(conn: sqlite3.Connection, path: Path, found: Diagnosis) -> list[Check]:
    checks = []
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if problems == ["ok"]:
        checks.append(Check("integrity", True, "the file is intact"))
    else:
        checks.append(Check("integrity", False, f"the file is damaged: {problems[0]}"
                            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""), _restore_hint(path)))
        return checks
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "_sqlite_migrations" not in tables:
        checks.append(Check("schema", False, "this SQLite file is not a mentorlog journal",
                            "point mentorlog at your journal with --db PATH or MENTORLOG_DB"))
        return checks
    checks.append(_foreign_key_check(conn, tables))
    applied = [row[0] for row in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
    newer = [name for name in applied if name not in STEP_NAMES]
    pending = [name for name in STEP_NAMES if name not in applied]
    if newer:
        checks.append(Check("schema", False, f"written by a newer mentorlog ({', '.join(newer)})",
                            "upgrade mentorlog to use this journal"))
    elif pending:
        checks.append(Check("schema", False, f"{len(pending)} schema update(s) not applied yet: {', '.join(pending)}",
                            "`mentorlog doctor --fix` applies them (a backup is made first)", "migrate"))
    else:
        checks.append(Check("schema", True, f"up to date ({applied[-1]})"))
    if "search_index" in tables:
        checks.append(_search_check(conn))
    if "review_drafts" in tables:
        checks.append(_drafts_check(conn))
    found.counts = {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                    for table in COUNTED_TABLES if table in tables}
    return checks


def _foreign_key_check(conn: sqlite3.Connection, tables: set[str]) -> Check:
    broken = [(row[0], row[1], row[2]) for row in conn.execute("PRAGMA foreign_key_check")]
    if {"actions", "reviews"} <= tables:  # actions.review_id has no declared foreign key
        broken += [("actions", row[0], "reviews") for row in conn.execute(
            "SELECT id FROM actions WHERE review_id IS NOT NULL AND review_id NOT IN (SELECT id FROM reviews)")]
    if not broken:
        return Check("references", True, "every row refers to rows that exist")
    table, row_id, parent = broken[0]
    more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
    return Check("references", False, f"{table} row {row_id} refers to a missing row in {parent}{more}",
                 "restore the newest good backup (`mentorlog backup` copies are in backups/ beside the journal)")


def _search_check(conn: sqlite3.Connection) -> Check:
    index, source = SEARCH_COMPARE
    try:
        missing = conn.execute(
            "SELECT COUNT(*) FROM search_source WHERE key NOT IN (SELECT rowid FROM search_index)").fetchone()[0]
        extra = conn.execute(
            "SELECT COUNT(*) FROM search_index WHERE rowid NOT IN (SELECT key FROM search_source)").fetchone()[0]
        stale = conn.execute(
            f"SELECT COUNT(*) FROM ({index} EXCEPT {source}) WHERE key IN (SELECT key FROM search_source)").fetchone()[0]
        damaged = _fts_damage(conn)
    except sqlite3.DatabaseError as error:
        missing, extra, stale, damaged = 0, 0, 0, str(error)
    if not (missing or extra or stale or damaged):
        return Check("search index", True, "in step with the journal")
    parts = []
    for count, one, many in ((missing, "entry missing", "entries missing"), (stale, "entry out of date", "entries out of date"),
                             (extra, "entry left over", "entries left over")):
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    if damaged:
        parts.append(f"the index is damaged ({damaged})")
    return Check("search index", False, "; ".join(parts) + " (search would miss or misreport notes)",
                 "`mentorlog doctor --fix` rebuilds it from the journal", "search")


def _fts_damage(conn: sqlite3.Connection) -> str | None:
    """FTS5's own check that its index matches its rows (a statement that writes nothing, rolled back anyway)."""
    conn.execute("SAVEPOINT doctor_fts")
    try:
        conn.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
        return None
    except sqlite3.DatabaseError as error:
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


def _permission_checks(path: Path) -> list[Check]:
    if os.name != "posix":
        return []
    loose = []
    for candidate, wanted in _private_paths(path):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            loose.append(f"{candidate} is {mode:04o} (should be {wanted:04o})")
    if not loose:
        return [Check("permissions", True, "journal, its folder and backups are private to you")]
    return [Check("permissions", False, f"other users can get at your notes: {'; '.join(loose)}",
                  f"`mentorlog doctor --fix`, or chmod 600 the files and chmod 700 {path.parent}", "permissions")]


def _private_paths(path: Path) -> list[tuple[Path, int]]:
    paths = [(path.parent, 0o700)] if _own_folder(path.parent) else []
    if not (path.is_file() and path.stat().st_size == 0):  # an empty journal holds nothing; a first write makes it 0600
        paths.append((path, 0o600))
    paths += [(path.with_name(path.name + suffix), 0o600) for suffix in ("-wal", "-shm")]
    folder = path.parent / BACKUP_DIR_NAME
    if folder.is_dir():
        paths.append((folder, 0o700))
        paths += [(copy, 0o600) for copy in _own_backups(path)]
    return paths


def _own_folder(folder: Path) -> bool:
    """A folder doctor may make private: the user's own, not a shared one such as /tmp (sticky) or another user's."""
    info = folder.stat()
    return info.st_uid == os.geteuid() and not info.st_mode & stat.S_ISVTX


def _restore_hint(path: Path) -> str:
    folder = path.parent / BACKUP_DIR_NAME
    copies = [copy for copy in _own_backups(path) if _backup_problem(copy) is None]  # never a half-written copy
    # its log must go too: SQLite would replay the old journal's log into the restored copy and damage it
    logs = [log.name for log in (path.with_name(path.name + suffix) for suffix in LOG_SUFFIXES) if log.exists()]
    aside = f"move {path}{' and ' + ', '.join(logs) if logs else ''} aside"
    if copies:
        return f"{aside} and copy the newest backup in its place: cp '{copies[-1]}' '{path}'"
    return f"{aside} and restore it from a copy you keep (there are no backups in {folder})"


def repair(path: Path, diagnosis: Diagnosis) -> list[str]:
    """Do what can be done safely for the failed checks; what was done, one line each."""
    done = []
    wanted = {check.repair for check in diagnosis.checks if not check.ok and check.repair}
    if "permissions" in wanted:
        for candidate, mode in _private_paths(path):
            if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) & 0o077:
                os.chmod(candidate, mode)
                done.append(f"made {candidate} private ({mode:04o})")
    if "backups" in wanted:
        done += _tidy_backups(path)
    if not wanted - {"permissions", "backups"}:
        return done
    with Journal(path) as journal:
        if "migrate" in wanted:
            journal.conn  # opening applies pending schema updates, after a backup
            done.append("applied the pending schema updates (the journal was backed up first)")
        if "search" in wanted:
            rebuild_search_index(journal)
            done.append("rebuilt the search index")
        if "drafts" in wanted:
            with journal.write() as conn:
                removed = conn.execute(
                    "DELETE FROM review_drafts WHERE mentorship_id IN (SELECT id FROM mentorships WHERE status = 'ended')"
                ).rowcount
            done.append(f"removed {removed} stale review draft(s)")
    return done


def rebuild_search_index(journal: Journal) -> None:
    """Make the search index hold exactly what the journal says it should, in one transaction."""
    index, source = SEARCH_COMPARE
    with journal.write() as conn:
        conn.execute("INSERT INTO search_index (search_index) VALUES ('rebuild')")
        conn.execute(f"DELETE FROM search_index WHERE rowid IN (SELECT key FROM ({index} EXCEPT {source}))")
        conn.execute("INSERT INTO search_index (rowid, body, kind, ref_id, mentorship_id, date, private) "
                     "SELECT * FROM search_source WHERE key NOT IN (SELECT rowid FROM search_index)")


# -- what an interrupted command can leave behind -------------------------------------------------

LOG_SUFFIXES = ("-wal", "-shm", "-journal")


def _leftover_logs(path: Path) -> list[Path]:
    """Write-ahead or rollback logs beside the journal that still hold something: a mentorlog was
    stopped mid-write (or one is running now)."""
    logs = [path.with_name(path.name + suffix) for suffix in ("-wal", "-journal")]
    return [log for log in logs if log.is_file() and log.stat().st_size > 0]


def _leftover_check(leftover: list[Path]) -> Check:
    """Opening the journal (as the doctor just did) lets SQLite settle a log: finished changes are
    folded in, an unfinished one is rolled back. A log still there is held open by another mentorlog."""
    names = ", ".join(log.name for log in leftover)
    still = [log for log in leftover if log.is_file() and log.stat().st_size > 0]
    if still:
        return Check("leftover files", True, f"{names} in use: another mentorlog has the journal open right now")
    return Check("leftover files", True, f"{names} left by a mentorlog stopped mid-write: now settled "
                 "(finished changes kept in the journal, an unfinished one rolled back)")


def _orphan_checks(path: Path) -> list[Check]:
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


def _beside_empty_check(path: Path, leftover: list[Path]) -> Check:
    names = ", ".join(str(log) for log in leftover)
    return Check("leftover files", False, f"{names} {'is' if len(leftover) == 1 else 'are'} beside the empty journal "
                 f"{path.name}: the journal was emptied or replaced while a mentorlog was writing, and its latest "
                 "changes may be in them", f"if you have the journal elsewhere, put it back with {names} beside it; "
                 "to start a new journal here instead, delete them (the first write would discard them)")


def _backup_problem(copy: Path) -> str | None:
    """Why a file in backups/ can't be restored from; None when it is a whole journal."""
    if copy.with_name(copy.name + "-journal").exists():
        return "it was interrupted while being written"
    try:
        check_journal_file(copy)
        conn = sqlite3.connect(copy.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            journal_like = conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone()
        finally:
            conn.close()
    except (MentorlogError, sqlite3.Error, OSError):
        return "it is incomplete or damaged"
    return None if journal_like else "it is not a mentorlog journal"


def _backup_names(path: Path) -> re.Pattern:
    """The names this journal's backups have: `default_backup_path`'s and `Journal.backup_before_migration`'s."""
    stem = re.escape(path.stem)
    return re.compile(rf"{stem}-(?:\d{{8}}-\d{{6}}(?:-\d+)?|(?P<migration>before-m\d+\w*-\d{{8}}T\d{{12}}))\.db")


def _own_backups(path: Path) -> list[Path]:
    """This journal's backups in backups/ beside it, oldest first. Only exact names count, so another
    program's files and another journal's backups there (even `journal-work-…` beside `journal`) are
    never counted, pointed at, made private or removed."""
    folder = path.parent / BACKUP_DIR_NAME
    if not folder.is_dir():
        return []
    names = _backup_names(path)
    copies = [copy for copy in folder.iterdir() if names.fullmatch(copy.name) and copy.is_file()]
    return sorted(copies, key=lambda p: p.stat().st_mtime)


def _stray_logs(path: Path) -> list[Path]:
    """Rollback logs of this journal's backups whose copy is gone: what an interrupted backup leaves."""
    folder = path.parent / BACKUP_DIR_NAME
    if not folder.is_dir():
        return []
    names = _backup_names(path)
    return sorted(log for log in folder.iterdir() if log.name.endswith(".db-journal") and log.is_file()
                  and names.fullmatch(log.name.removesuffix("-journal"))
                  and not log.with_name(log.name.removesuffix("-journal")).exists())


def _migration_backups(path: Path) -> list[Path]:
    """The copies made before schema updates, oldest first (the journal keeps the last few)."""
    names = _backup_names(path)
    return [copy for copy in _own_backups(path) if names.fullmatch(copy.name)["migration"]]


def _backups_check(path: Path) -> Check | None:
    folder = path.parent / BACKUP_DIR_NAME
    if not folder.is_dir():
        return None
    copies = _own_backups(path)
    broken = [(copy, why) for copy in copies if (why := _backup_problem(copy))]
    good = [copy for copy in copies if copy not in {bad for bad, _ in broken}]
    stray = _stray_logs(path)
    generations = _migration_backups(path)
    if good:
        newest = datetime.fromtimestamp(good[-1].stat().st_mtime).date()
        megabytes = sum(copy.stat().st_size for copy in good) / 1e6
        summary = f"{len(good)} good backup{'s' if len(good) > 1 else ''} ({megabytes:.1f} MB), the newest from {newest}"
    else:
        summary = "no good backup: make one with `mentorlog backup`"
    problems = [f"{copy.name}: {why}, so it can't be restored from" for copy, why in broken]
    problems += [f"{log.name} is left over from an interrupted backup" for log in stray]
    if len(generations) > MIGRATION_BACKUPS_KEPT:
        problems.append(f"{len(generations)} copies from before schema updates (only the newest "
                        f"{MIGRATION_BACKUPS_KEPT} are kept)")
    if not problems:
        return Check("backups", True, f"{summary} in {folder}")
    return Check("backups", False, f"in {folder}: {'; '.join(problems)} ({summary})",
                 "`mentorlog doctor --fix` removes the broken copies and the oldest schema-update copies", "backups")


def _tidy_backups(path: Path) -> list[str]:
    """Remove this journal's copies that can't be restored from, what its interrupted backups left, and
    surplus generations; nothing else in the folder."""
    done = []
    for copy in _own_backups(path):
        why = _backup_problem(copy)
        if why:
            copy.unlink(missing_ok=True)
            copy.with_name(copy.name + "-journal").unlink(missing_ok=True)
            done.append(f"removed {copy} ({why})")
    for log in _stray_logs(path):
        log.unlink(missing_ok=True)
        done.append(f"removed {log} (left over from an interrupted backup)")
    for stale in _migration_backups(path)[:-MIGRATION_BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
        done.append(f"removed {stale} (an old copy from before a schema update)")
    return done
