"""Write safety at a cost that does not grow: a write reads the whole file (`quick_check`) only when
something other than mentorlog touched it since mentorlog's last commit, or once a day. A damaged
page is still refused before any write."""

from __future__ import annotations

import json
import os
import time

import pytest

from mentorlog.data import journal_file
from mentorlog.data.journal import Journal

from conftest import snapshot


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """Every whole-file check a write makes, by journal path."""
    made: list[str] = []
    original = Journal._check_integrity

    def counted(self, conn):
        made.append(str(self.path))
        return original(self, conn)

    monkeypatch.setattr(Journal, "_check_integrity", counted)
    return made


def test_writes_after_mentorlogs_own_commits_skip_the_whole_file_check(people, db_path, checks):
    people.ok("session", "add", "--with", "ada", "--notes", "one")
    people.ok("goal", "add", "Get promoted", "--with", "ada")
    people.ok("action", "add", "Write it up", "--with", "ada")
    assert checks == []
    assert journal_file.verified_path(db_path).exists()


def test_a_file_touched_by_something_else_is_checked_whole_before_the_next_write(people, db_path, checks):
    data = db_path.read_bytes()
    db_path.write_bytes(data)  # the same bytes, written by another program
    people.ok("session", "add", "--with", "ada", "--notes", "after a foreign write")
    assert checks == [str(db_path)]
    people.ok("session", "add", "--with", "ada", "--notes", "and again")
    assert checks == [str(db_path)]


def test_a_day_after_the_last_whole_check_the_next_write_checks_again(people, db_path, checks):
    record = journal_file.verified_path(db_path)
    noted = json.loads(record.read_text())
    noted["checked_at"] = time.time() - 2 * journal_file.RECHECK_AFTER_SECONDS
    record.write_text(json.dumps(noted))
    people.ok("session", "add", "--with", "ada")
    assert checks == [str(db_path)]


def test_a_damaged_page_is_refused_with_the_size_and_record_left_as_they_were(people, db_path):
    for n in range(40):
        people.ok("session", "add", "--with", "ada", "--notes", f"meeting {n} " * 40)
    record = journal_file.verified_path(db_path)
    noted = record.read_text()
    info = db_path.stat()
    page_size = int.from_bytes(db_path.read_bytes()[16:18], "big")
    pages = info.st_size // page_size
    with open(db_path, "r+b") as handle:  # the page the next session would go to: the table's last
        handle.seek((pages - 2) * page_size + 8)
        handle.write(os.urandom(page_size - 16))
    os.utime(db_path, ns=(info.st_atime_ns, info.st_mtime_ns))  # mtime put back; size unchanged
    assert db_path.stat().st_size == info.st_size and record.read_text() == noted
    before = snapshot(db_path) if _readable(db_path) else None
    result = people("session", "add", "--with", "ada", "--notes", "into a damaged file")
    assert result.exit_code == 1 and "integrity check" in result.stderr, result.stderr
    if before is not None:
        assert snapshot(db_path) == before


def test_an_unreadable_record_means_a_whole_check(people, db_path, checks):
    journal_file.verified_path(db_path).write_text("{not json")
    people.ok("session", "add", "--with", "ada")
    assert checks == [str(db_path)]


def _readable(path) -> bool:
    try:
        snapshot(path)
        return True
    except Exception:
        return False
