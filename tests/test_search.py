"""Full-text search: ranked hits with snippets, private notes marked, the index kept in step with every write."""

from __future__ import annotations

import json
import sqlite3

import pytest

from mentorlog.data.journal import Journal, insert_row, new_uid
from mentorlog.data import mentorships


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
        mentorship = mentorships.resolve(journal, "sam")
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

    from mentorlog.data.migrations import MIGRATION_SET, STEPS

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


# -- a word in very many entries: only the most recent matches are ranked ------------------------------


@pytest.fixture
def crowded(people, db_path, monkeypatch):
    """60 sessions and 60 actions with Ada that all say "promotion": the oldest 20 of each say little else
    (the best bm25 scores), the newer ones say it once in notes of different lengths (so no two score
    alike). Sam's only mention is among the oldest. The thresholds are lowered so that 120 matches
    count as very many."""
    from mentorlog import search as search_module

    monkeypatch.setattr(search_module, "RANK_ALL_UP_TO", 50, raising=False)
    monkeypatch.setattr(search_module, "RANK_RECENT", 20, raising=False)
    with Journal(db_path) as journal:
        ada, sam = mentorships.resolve(journal, "ada"), mentorships.resolve(journal, "sam")
        with journal.write() as conn:
            for n in range(1, 61):
                old = n <= 20
                insert_row(conn, "sessions", {
                    "uid": new_uid(), "mentorship_id": (sam if n == 1 else ada).id,
                    "held_at": f"2026-{1 + n // 6:02d}-{1 + n % 6:02d}T10:00:00",
                    "notes": "promotion promotion" if old else "promotion" + " note" * (2 * n - 1),
                    "topics": "[]", "takeaways": "[]", "created_at": "x", "updated_at": "x"})
                insert_row(conn, "actions", {
                    "uid": new_uid(), "mentorship_id": ada.id, "owner": "me", "status": "open",
                    "text": "promotion promotion" if old else "promotion" + " soon" * (2 * n),
                    "created_at": f"2026-01-{1 + n % 28:02d}T10:00:00Z", "updated_at": "x"})
    return people


def _ranked_by_hand(db_path, query: str, windows, mentorship_id=None, limit=20) -> list[tuple]:
    """Every match ranked by FTS5, then kept only when it lies in its table's window: what a bounded
    search must return, worked out the long way."""
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT rowid, rank, kind, ref_id, private, mentorship_id FROM search_index "
                        "WHERE search_index MATCH ? ORDER BY rank", [query]).fetchall()
    conn.close()
    lowest = {code: low for low, _, codes in windows for code in codes}
    kept = [r for r in rows if r[0] // 8 >= lowest.get(r[0] % 8, float("inf"))
            and (mentorship_id is None or r[5] == mentorship_id)]
    return [(kind, ref_id, bool(private)) for _, _, kind, ref_id, private, _ in kept[:limit]]


def test_a_word_in_very_many_entries_shows_the_best_of_the_most_recent(crowded, db_path):
    from mentorlog import search as search_module

    hits = search(crowded, "promotion", "-n", "5")
    assert len(hits) == 5
    assert {h["kind"] for h in hits} <= {"session", "action"}
    assert all(h["id"] > 20 for h in hits), hits  # not the old entries that merely repeat the word
    assert set(hits[0]) == {"kind", "id", "date", "with", "private", "snippet"}
    assert "**promotion**" in hits[0]["snippet"]
    with Journal(db_path) as journal:
        windows = search_module._recent_windows(journal.conn, search_module.RANK_RECENT / 120)
    assert [(h["kind"], h["id"], h["private"]) for h in hits] == _ranked_by_hand(db_path, "promotion", windows, limit=5)
    # each kind keeps its share of the recent entries; --with picks from them too
    assert {h["kind"] for h in search(crowded, "promotion")} == {"session", "action"}
    with_ada = search(crowded, "promotion", "--with", "ada", "-n", "3")
    assert len(with_ada) == 3 and all(h["id"] > 20 and h["with"] == "Ada Lovelace" for h in with_ada)


def test_bounded_ranking_matches_ranking_by_hand(crowded, db_path):
    from mentorlog import search as search_module

    with Journal(db_path) as journal:
        ada = mentorships.resolve(journal, "ada")
        for share in (0.05, 0.2, 0.5, 1.0):
            windows = search_module._recent_windows(journal.conn, share)
            for mentorship in (None, ada):
                got = search_module._ranked(journal.conn, "promotion", mentorship, 20, windows)
                assert [(h.kind, h.id, h.private) for h in got] == _ranked_by_hand(
                    db_path, "promotion", windows, mentorship.id if mentorship else None)


def test_a_phrase_or_a_prefix_is_ranked_in_full(crowded):
    # the old entries that say "promotion promotion" score best, and these queries rank every match
    assert all(h["id"] <= 20 for h in search(crowded, '"promotion promotion"', "-n", "5"))
    assert all(h["id"] <= 20 for h in search(crowded, "promot*", "-n", "5"))


def test_an_old_mentorship_is_still_searched_in_full(crowded):
    # Sam's one mention is among the oldest entries, outside every recent window
    hits = search(crowded, "promotion", "--with", "sam")
    assert [(h["kind"], h["id"], h["with"]) for h in hits] == [("session", 1, "Sam Rivera")]
