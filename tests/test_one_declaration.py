"""One table, one declaration: a column added to a table's record reaches its SELECT, its rows, the
json export, the import and doctor's counts, with no other edit."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from mentorlog.data import schema

# The one edit, made before mentorlog loads its tables, as a change to models.py would be: wins get `mood`.
WITH_MOOD = """
import json, sys
from pathlib import Path
from mentorlog.domain import models
from mentorlog.domain.columns import stored
from mentorlog.domain.records import record

@record
class Win(models.Win):
    mood: str | None = stored(None, choices=("glad", "proud"))

models.Win = Win

from mentorlog.data import wins
from mentorlog.data.journal import Journal
from mentorlog.exchange import export, importer

source, target, document_path = map(Path, sys.argv[1:4])
with Journal(source) as journal:
    found = wins.win(journal, 1)
    document = export.export_document(journal)
document_path.write_text(json.dumps(document))
with Journal(target) as journal:
    importer.import_file(journal, str(document_path))
    imported = wins.wins(journal)[0]
print(json.dumps({"select": wins.WINS.select, "row_type": type(found).__name__, "row_mood": found.mood,
                  "exported": document["wins"][0].get("mood"), "imported": imported.mood}))
"""


def add_mood_column(path: Path) -> None:
    """What the migration that comes with such an edit does."""
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE wins ADD COLUMN mood TEXT")
    conn.commit()
    conn.close()


def test_a_column_added_to_one_declaration_reaches_select_rows_export_and_import(people, db_path, tmp_path):
    people.ok("win", "add", "Gave the talk", "--with", "ada")
    target = tmp_path / "other" / "journal.db"
    people.ok("--db", target, "mentor", "add", "Grace Hopper")
    for path in (db_path, target):
        add_mood_column(path)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE wins SET mood = 'proud' WHERE id = 1")
    conn.commit()
    conn.close()

    done = subprocess.run([sys.executable, "-c", WITH_MOOD, str(db_path), str(target), str(tmp_path / "doc.json")],
                          capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout)
    assert "t.mood" in seen["select"]
    assert seen["row_type"] == "Win" and seen["row_mood"] == "proud"
    assert seen["exported"] == "proud"
    assert seen["imported"] == "proud"


def test_every_declared_table_is_exported_imported_and_counted(people):
    document = people.json("export", "--format", "json")
    assert [key for key in document if key not in ("format", "version", "exported_at")][:len(schema.names())] == \
        list(schema.names())
    counts = people.json("doctor", "--json")["counts"]
    assert set(schema.names()) <= set(counts)


def test_each_table_module_declares_the_columns_the_migrations_build():
    conn = sqlite3.connect(":memory:")
    from mentorlog.data.migrations import STEPS

    for step in STEPS:
        step(conn)
    for table in schema.tables():
        built = [row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")]
        assert set(table.columns) == set(built), f"{table.name}: declared {table.columns}, built {built}"
