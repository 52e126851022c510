"""A new journal is made from the schema image (the final schema at once), and that is the very journal
the migrations make step by step: the same schema, rows, keys and indexes, and it upgrades and works the same."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentorlog.data import fresh_journal, schema_image
from mentorlog.data import journal as journal_module
from mentorlog.data import migrations as migrations_module
from mentorlog.data.journal import BACKUP_DIR_NAME, Journal
from mentorlog.data.migrations import MIGRATION_SET, STEP_NAMES, STEPS

from conftest import applied

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def migrating(monkeypatch):
    """`with migrating(): ...`: new journals are made by running every migration, as before the image."""
    from contextlib import contextmanager

    @contextmanager
    def steps():
        with monkeypatch.context() as patched:
            patched.setattr(fresh_journal, "fits", lambda conn, names: False)
            yield

    return steps


def new_journal(path: Path) -> Path:
    """Create the journal file the way a first command does (a write that changes no row)."""
    with Journal(path) as journal, journal.write():
        pass
    return path


def _normal(sql: str | None) -> str | None:
    return None if sql is None else re.sub(r"\s+", " ", sql).strip()


def described(path: Path) -> dict:
    """Everything about a journal but its row ids of the schema table, its pages and its random or timed values."""
    conn = sqlite3.connect(path)
    try:
        master = [(kind, name, table, _normal(sql)) for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")]
        tables = [name for kind, name, _, _ in master if kind == "table"]
        indexes = [name for kind, name, _, _ in master if kind == "index"]
        rows = {}
        for table in tables:
            found = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            if table == "_sqlite_migrations":
                found = [row[:3] for row in found]  # applied_at is when
            elif table == "journal_meta":
                found = [(key, "<device id>" if key == "device_id" and HEX_ID.fullmatch(value) else value)
                         for key, value in found]
            rows[table] = found
        return {
            "master": master,
            "rows": rows,
            "columns": {t: conn.execute(f'PRAGMA table_xinfo("{t}")').fetchall() for t in tables},
            "foreign keys": {t: conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall() for t in tables},
            "index lists": {t: conn.execute(f'PRAGMA index_list("{t}")').fetchall() for t in tables},
            "index columns": {i: conn.execute(f'PRAGMA index_xinfo("{i}")').fetchall() for i in indexes},
            "pragmas": {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in (
                "user_version", "application_id", "journal_mode", "page_size", "auto_vacuum", "encoding")},
            "checks": (conn.execute("PRAGMA integrity_check").fetchall(), conn.execute("PRAGMA foreign_key_check").fetchall()),
        }
    finally:
        conn.close()


def device_id(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT value FROM journal_meta WHERE key = 'device_id'").fetchone()[0]
    finally:
        conn.close()


def test_the_image_was_made_from_every_migration():
    """Appending a migration without regenerating the image fails here: `python -m mentorlog.data.fresh_journal`."""
    assert schema_image.STEP_NAMES == STEP_NAMES


def test_a_journal_made_from_the_image_is_the_journal_the_migrations_make(tmp_path, migrating):
    imaged = new_journal(tmp_path / "imaged.db")
    with migrating():
        stepped = new_journal(tmp_path / "stepped.db")
    assert described(imaged) == described(stepped)
    assert applied(imaged) == list(STEP_NAMES)
    assert HEX_ID.fullmatch(device_id(imaged))
    # nothing was backed up for a journal that had nothing in it
    assert not (tmp_path / BACKUP_DIR_NAME).exists()


def test_each_journal_made_from_the_image_has_its_own_device_id(tmp_path):
    ids = {device_id(new_journal(tmp_path / f"{n}.db")) for n in range(3)}
    assert len(ids) == 3 and all(HEX_ID.fullmatch(found) for found in ids)


def test_the_image_holds_what_the_migrations_build_now():
    """Read afresh from the migrations, the image is the one kept (what regenerating it would write)."""
    conn, again = fresh_journal.migrated(), fresh_journal.migrated()
    try:
        steps, schema, rows = fresh_journal.image(conn, again)
    finally:
        conn.close()
        again.close()
    assert steps == schema_image.STEP_NAMES
    assert [_normal(sql) for sql in schema] == [_normal(sql) for sql in schema_image.SCHEMA]
    assert rows == schema_image.ROWS


def test_making_the_image_refuses_to_copy_a_value_each_journal_makes_anew():
    def journal(seed: str) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, "
                     "applied_at TEXT)")
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, 'm001_x', ?)",
                     [MIGRATION_SET, seed])
        conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO settings VALUES ('colour', 'blue'), ('secret', ?)", [seed])
        return conn

    with pytest.raises(ValueError, match=r"settings\.value of the row \('secret',\)"):
        fresh_journal.image(journal("one"), journal("two"))
    steps, schema, rows = fresh_journal.image(journal("same"), journal("same"))
    assert steps == ("m001_x",) and schema[1].startswith("CREATE TABLE settings")
    assert rows[0] == ('INSERT INTO "settings" ("key", "value") VALUES (?, ?)', ("colour", "blue"))


def test_a_new_journal_is_made_without_importing_sqlite_utils(tmp_path):
    program = ("import sys\nfrom mentorlog.cli import app\nsys.argv = ['mentorlog', 'mentor', 'add', 'Ada']\n"
               "try:\n    app(prog_name='mentorlog')\nexcept SystemExit as done:\n    assert not done.code, done.code\n"
               "print('sqlite_utils' in sys.modules, file=sys.stderr)")  # `main` would leave before the print
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "False"
    assert "Added Ada" in done.stderr and applied(tmp_path / "data" / "journal.db") == list(STEP_NAMES)


def m016_test_step(db) -> None:
    """A later migration of the kind the real ones are: a column, an index, and a table rebuilt from what the
    journal holds (as m015 does, reading sqlite_master in its order)."""
    def saved(where: str) -> list[tuple[str, str]]:
        return [tuple(row) for row in db.execute(f"SELECT name, sql FROM sqlite_master WHERE {where} ORDER BY rowid")]

    views = saved("type = 'view' AND sql LIKE '%wins%'")
    kept = saved("tbl_name = 'wins' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
    [(_, table)] = saved("name = 'wins'")
    db.execute("ALTER TABLE goals ADD COLUMN colour TEXT")
    db.execute("CREATE INDEX goals_colour ON goals (colour)")
    for name, _ in views:
        db.execute(f'DROP VIEW "{name}"')
    db.execute(table.replace("CREATE TABLE wins", "CREATE TABLE wins_m016", 1))
    db.execute("INSERT INTO wins_m016 SELECT * FROM wins")
    db.execute("DROP TABLE wins")
    db.execute("ALTER TABLE wins_m016 RENAME TO wins")
    for _, sql in kept + views:
        db.execute(sql)


def test_a_journal_made_from_the_image_upgrades_and_works_like_a_migrated_one(cli, tmp_path, migrating, monkeypatch):
    imaged, stepped = tmp_path / "imaged.db", tmp_path / "stepped.db"
    commands = [
        ("mentor", "add", "Ada Lovelace", "--cadence", "weekly", "--since", "2026-09-01"),
        ("session", "add", "--with", "ada", "--notes", "promotion case", "--topic", "career"),
        ("goal", "add", "Lead a design review", "--with", "ada", "--impact", "5"),
        ("action", "add", "Write the brag document", "--with", "ada", "--due", "2026-11-27", "--goal", "1"),
        ("win", "add", "Shipped the search"),
    ]
    reads = [("search", "promotion", "--json"), ("status", "--format", "json"), ("report", "--with", "ada"), ("doctor",)]

    def run(path: Path, args: tuple) -> str:
        shown = cli.ok("--db", str(path), *args).stdout
        return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uid>", shown).replace(
            str(path), "<journal>")

    outputs = {}
    for path in (imaged, stepped):
        with migrating() if path == stepped else _nothing():
            outputs[path] = [run(path, args) for args in commands + reads]
    assert outputs[imaged] == outputs[stepped]
    assert "schema: up to date" in outputs[imaged][-1]
    # a later release's migration upgrades both the same way, each after a backup
    later = (*STEPS, m016_test_step)
    monkeypatch.setattr(migrations_module, "STEPS", later)
    monkeypatch.setattr(journal_module, "STEPS", later)
    monkeypatch.setattr(journal_module, "STEP_NAMES", tuple(step.__name__ for step in later))
    upgraded = {path: run(path, ("goal", "list", "--json")) for path in (imaged, stepped)}
    assert upgraded[imaged] == upgraded[stepped] and "Lead a design review" in upgraded[imaged]
    for path in (imaged, stepped):
        assert applied(path) == [*STEP_NAMES, "m016_test_step"]
        [copy] = (tmp_path / BACKUP_DIR_NAME).glob(f"{path.stem}-before-m016_test_step-*.db")
        assert applied(copy) == list(STEP_NAMES)
    assert _without_rows(described(imaged)) == _without_rows(described(stepped))
    # and a journal made now, when the image is one migration behind, is migrated step by step
    behind = new_journal(tmp_path / "behind.db")
    assert applied(behind) == [*STEP_NAMES, "m016_test_step"]
    assert _without_rows(described(behind)) == _without_rows(described(stepped))


def _without_rows(description: dict) -> dict:
    return {key: found for key, found in description.items() if key != "rows"}


def _nothing():
    from contextlib import nullcontext

    return nullcontext()
