"""Shipped migrations are frozen text: editing the live search or table code never changes what an
old migration builds."""

from __future__ import annotations

import sqlite3

from mentorlog import search
from mentorlog.data import migrations


def built_schema() -> list:
    conn = sqlite3.connect(":memory:")
    for step in migrations.STEPS:
        step(conn)
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_m004_builds_the_same_triggers_whatever_search_sources_says(monkeypatch):
    shipped = built_schema()
    assert any(name == "sessions_search_insert" for _, name, _, _ in shipped)
    monkeypatch.setattr(search, "SEARCH_SOURCES", ())
    monkeypatch.setattr(search, "search_rows", lambda *args, **kwargs: "SELECT 'edited search code'")
    monkeypatch.setattr(search, "SEARCH_COLUMNS", "body")
    assert built_schema() == shipped


def test_m007_records_the_columns_it_shipped_with_whatever_a_table_gains_later():
    shipped = dict((name, sql) for _, name, _, sql in built_schema())
    assert "'private_notes', NEW.private_notes" in shipped["sessions_history_insert"]
    for table, columns in migrations.M007_HISTORY_COLUMNS.items():
        for column in columns.split():
            assert f"'{column}', OLD.{column}" in shipped[f"{table}_history_delete"]
