"""Full-text search: ranked hits with snippets, private notes marked, the index kept in step with every write."""

from __future__ import annotations

import json
import sqlite3

import pytest

from mentorlog.journal import Journal, insert_row, new_uid


def search(cli, *args) -> list[dict]:
    return cli.json("search", *args, "--json")


@pytest.fixture
def notes(people):
    cli = people
    cli.ok("session", "add", "--with", "ada", "--on", "2026-10-01", "--topic", "promotion",
           "--notes", "Promotion, promotion, promotion: the promotion case needs evidence.")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-03", "--topic", "writing",
           "--notes", "We talked about the conference talk; promotion came up once.",
           "--private-notes", "I felt anxious about the promotion", "--takeaway", "keep a brag document")
    cli.ok("session", "add", "--with", "sam", "--on", "2026-11-10", "--topic", "career",
           "--notes", "Sam wants to lead the migration project")
    cli.ok("goal", "add", "Become a staff engineer", "--with", "ada", "--why", "broader technical influence",
           "--metric", "promotion packet accepted")
    cli.ok("action", "add", "Draft the brag document", "--with", "ada", "--due", "2026-11-25")
    cli.ok("action", "add", "Book a mock interview", "--with", "sam")
    cli.ok("action", "skip", "2", "--reason", "the recruiter cancelled")
    cli.ok("win", "add", "Shipped the migration without downtime", "--with", "sam", "--on", "2026-11-12")
    return cli


def test_hits_are_ranked_with_snippets_kind_date_and_person(notes):
    hits = search(notes, "promotion")
    assert [(h["kind"], h["id"]) for h in hits][:1] == [("session", 1)]  # the session about nothing else
    assert set(hits[0]) == {"kind", "id", "date", "with", "private", "snippet"}
    assert hits[0]["date"] == "2026-10-01" and hits[0]["with"] == "Ada Lovelace"
    assert "**Promotion**" in hits[0]["snippet"]
    kinds = {(h["kind"], h["id"], h["private"]) for h in hits}
    assert kinds == {("session", 1, False), ("session", 2, False), ("session", 2, True), ("goal", 1, False)}


def test_private_notes_are_found_and_marked(notes):
    hits = search(notes, "anxious")
    assert hits == [{"kind": "session", "id": 2, "date": "2026-11-03", "with": "Ada Lovelace", "private": True,
                     "snippet": "I felt **anxious** about the promotion"}]
    table = notes.ok("search", "anxious").stdout
    assert "session (private)" in table and "**anxious**" in table


@pytest.mark.parametrize("query,expected", [
    ("brag", {("session", 2), ("action", 1)}),  # takeaways and actions
    ("writing", {("session", 2)}),  # topics
    ("influence", {("goal", 1)}),  # why
    ("packet", {("goal", 1)}),  # metric
    ("recruiter", {("action", 2)}),  # the reason an action was skipped
    ("downtime", {("win", 1)}),
    ("migration", {("session", 3), ("win", 1)}),
])
def test_every_kind_of_text_is_searchable(notes, query, expected):
    assert {(h["kind"], h["id"]) for h in search(notes, query)} == expected


def test_review_answers_are_searchable(notes, db_path):
    with Journal(db_path) as journal:
        mentorship = journal.resolve("sam")
        with journal.write() as conn:
            insert_row(conn, "reviews", {
                "uid": new_uid(), "mentorship_id": mentorship.id, "template": "periodic", "kind": "periodic",
                "held_at": "2026-11-14T09:00:00", "created_at": "x", "updated_at": "x",
                "answers": json.dumps({"working": "weekly pairing", "health": 4,
                                       "goals": {"3": {"decision": "keep", "note": "milestones slipping"}}}),
            })
    assert search(notes, "pairing") == [{"kind": "review", "id": 1, "date": "2026-11-14", "with": "Sam Rivera",
                                         "private": False, "snippet": "weekly **pairing** · keep · milestones slipping"}]
    assert [h["kind"] for h in search(notes, "slipping")] == ["review"]


def test_words_are_stemmed_and_prefixes_and_phrases_work(notes):
    assert ("goal", 1) in {(h["kind"], h["id"]) for h in search(notes, "promote")}
    assert {(h["kind"], h["id"]) for h in search(notes, "conf*")} == {("session", 2)}
    assert {(h["kind"], h["id"]) for h in search(notes, '"conference talk"')} == {("session", 2)}
    assert search(notes, '"talk conference"') == []
    assert {(h["kind"], h["id"]) for h in search(notes, "promotion", "NOT", "evidence")} == {
        ("session", 2), ("goal", 1)}


def test_with_limits_to_one_person_and_n_to_a_count(notes):
    assert {h["with"] for h in search(notes, "migration", "--with", "sam")} == {"Sam Rivera"}
    assert search(notes, "promotion", "--with", "sam") == []
    assert len(search(notes, "promotion", "-n", "2")) == 2


def test_punctuation_is_searched_as_written(notes):
    notes.ok("session", "add", "--with", "sam", "--notes", "Read the brag-doc template; don't rush")
    assert {(h["kind"], h["id"]) for h in search(notes, "brag-doc")} == {("session", 4)}
    assert {(h["kind"], h["id"]) for h in search(notes, "don't")} == {("session", 4)}


@pytest.mark.parametrize("query", ['"unterminated', 'promotion AND "', '"a" NEAR('])
def test_a_syntax_error_is_a_user_error(notes, unchanged, query):
    with unchanged():
        result = notes.fail("search", query)
    assert "can't search for" in result.stderr and "search syntax" in result.stderr


def test_an_empty_query_is_a_user_error(notes):
    assert "empty search" in notes.fail("search", "  ").stderr


def test_nothing_found_is_not_an_error(notes):
    assert search(notes, "zeppelin") == []
    result = notes.ok("search", "zeppelin")
    assert result.stdout == "" and "Nothing matches" in result.stderr


def test_edits_and_deletes_keep_the_index_in_step(notes):
    notes.ok("session", "edit", "3", "--notes", "Sam now wants to mentor a junior")
    assert search(notes, "junior") == [{"kind": "session", "id": 3, "date": "2026-11-10", "with": "Sam Rivera",
                                        "private": False, "snippet": "career · Sam now wants to mentor a **junior**"}]
    assert {h["kind"] for h in search(notes, "migration")} == {"win"}
    notes.ok("session", "edit", "3", "--on", "2026-11-11")
    assert search(notes, "junior")[0]["date"] == "2026-11-11"
    notes.ok("session", "delete", "3", "--yes")
    assert search(notes, "junior") == []
    notes.ok("action", "edit", "1", "--text", "Draft the promotion packet")
    assert {(h["kind"], h["id"]) for h in search(notes, "brag")} == {("session", 2)}
    assert ("action", 1) in {(h["kind"], h["id"]) for h in search(notes, "packet")}
    notes.ok("mentee", "edit", "sam", "--name", "Samantha Rivera")
    assert search(notes, "downtime")[0]["with"] == "Samantha Rivera"


def test_a_journal_from_before_search_is_indexed_when_it_upgrades(tmp_path, cli):
    """m004 fills the index from the rows already there."""
    from sqlite_utils import Database, Migrations

    from mentorlog.migrations import MIGRATION_SET, STEPS

    path = tmp_path / "old.db"
    older = Migrations(MIGRATION_SET)
    for step in STEPS[:3]:
        older()(step)
    db = Database(path)
    older.apply(db)
    db.execute("INSERT INTO mentorships (uid, name, role, created_at, updated_at) VALUES ('m', 'Ada', 'mentor', 'x', 'x')")
    db.execute("INSERT INTO sessions (uid, mentorship_id, held_at, notes, topics, private_notes, created_at, updated_at) "
               "VALUES ('s', 1, '2026-01-05T10:00:00', 'an old note about kubernetes', '[\"ops\"]', 'old secret', 'x', 'x')")
    db.conn.commit()
    db.close()
    hits = cli.json("--db", path, "search", "kubernetes", "--json")
    assert hits == [{"kind": "session", "id": 1, "date": "2026-01-05", "with": "Ada", "private": False,
                     "snippet": "ops · an old note about **kubernetes**"}]
    assert cli.json("--db", path, "search", "secret", "--json")[0]["private"] is True
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM search_index").fetchone()[0] == 2
    conn.close()


def test_imported_rows_are_searchable(notes, tmp_path):
    exported = tmp_path / "journal.json"
    notes.ok("export", "-o", exported)
    other = tmp_path / "other" / "journal.db"
    notes.ok("--db", other, "import", exported)
    assert notes.json("--db", other, "search", "promotion", "--json") == search(notes, "promotion")
    document = json.loads(exported.read_text())
    session = next(s for s in document["sessions"] if s["notes"].startswith("Sam wants"))
    session.update(notes="Sam now leads the observability work", updated_at="2026-11-21T00:00:00Z")
    exported.write_text(json.dumps(document))
    notes.ok("--db", other, "import", exported)
    assert [h["id"] for h in notes.json("--db", other, "search", "observability", "--json")] == [3]
    assert notes.json("--db", other, "search", "project", "--json") == []
    assert notes.json("--db", other, "doctor", "--json")["healthy"] is True
