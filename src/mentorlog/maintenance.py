"""Backups that are known to be good, and `doctor`: what is wrong with a journal and how to fix it.

Never prints. The doctor reads the file with its own connection, so it can look at a journal that
needs migrating or is damaged without changing it; only `repair` writes.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

from mentorlog import dates
from mentorlog.errors import MentorlogError
from mentorlog.journal import BACKUP_DIR_NAME, Journal, check_journal_file, private_dir, vacuum_into
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


def default_backup_path(journal_path: Path) -> Path:
    """`backups/<journal>-YYYYMMDD-HHMMSS.db` beside the journal; never an existing file."""
    folder = journal_path.parent / BACKUP_DIR_NAME
    stem = f"{journal_path.stem}-{dates.now():%Y%m%d-%H%M%S}"
    target, number = folder / f"{stem}.db", 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}.db"
    return target


def backup(journal: Journal, target: Path | None = None) -> Backup:
    """A consistent copy of the journal, even while it is in use (VACUUM INTO), checked before it counts."""
    if not journal.exists:
        raise MentorlogError(f"there is no journal at {journal.path} yet: nothing to back up")
    if target is None:
        target = default_backup_path(journal.path)
        private_dir(target.parent)
        os.chmod(target.parent, 0o700)
    else:
        target = Path(target).expanduser()
        if target.is_dir():
            target = target / default_backup_path(journal.path).name
        elif not target.parent.exists():
            private_dir(target.parent)
    if target.exists() and target.resolve() == journal.path.resolve():
        raise MentorlogError("the backup can't be the journal itself; choose another path")
    vacuum_into(journal.conn, target)
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
        return found
    found.checks += _permission_checks(path)
    try:
        check_journal_file(path)
    except MentorlogError as error:
        found.checks.insert(0, Check("file", False, str(error), _restore_hint(path)))
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
    paths = [(path.parent, 0o700), (path, 0o600)]
    paths += [(path.with_name(path.name + suffix), 0o600) for suffix in ("-wal", "-shm")]
    folder = path.parent / BACKUP_DIR_NAME
    if folder.is_dir():
        paths.append((folder, 0o700))
        paths += [(copy, 0o600) for copy in sorted(folder.glob("*.db"))]
    return paths


def _restore_hint(path: Path) -> str:
    folder = path.parent / BACKUP_DIR_NAME
    copies = sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    if copies:
        return f"move {path} aside and copy the newest backup in its place: cp '{copies[-1]}' '{path}'"
    return f"move {path} aside and restore it from a copy you keep (there are no backups in {folder})"


def repair(path: Path, diagnosis: Diagnosis) -> list[str]:
    """Do what can be done safely for the failed checks; what was done, one line each."""
    done = []
    wanted = {check.repair for check in diagnosis.checks if not check.ok and check.repair}
    if "permissions" in wanted:
        for candidate, mode in _private_paths(path):
            if candidate.exists() and stat.S_IMODE(candidate.stat().st_mode) & 0o077:
                os.chmod(candidate, mode)
                done.append(f"made {candidate} private ({mode:04o})")
    if not wanted - {"permissions"}:
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
