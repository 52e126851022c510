"""Topics: what to raise at the next meeting, carried over until discussed; in the agenda and the report,
searchable, exported and imported, synced, and undone like every other row."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest


def topics(cli, *args) -> dict[str, dict]:
    """The topics listed, by text."""
    return {t["text"]: t for t in cli.json("topic", "list", "--json", *args)}


def at(monkeypatch, when: str) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", when)


@pytest.fixture
def raised(people, monkeypatch):
    """Four topics for Ada, one of each kind (one private), added on 20 Nov; one for Sam."""
    cli = people
    at(monkeypatch, "2026-11-20T09:00:00")
    cli.ok("topic", "add", "How do I get on the platform team?", "--with", "ada", "--kind", "question")
    cli.ok("topic", "add", "The reorg", "--with", "ada")
    cli.ok("topic", "add", "Thanks for the intro to the VP", "--with", "ada", "--kind", "feedback-give")
    cli.ok("topic", "add", "I am thinking of leaving", "--with", "ada", "--kind", "feedback-ask", "--private")
    cli.ok("topic", "add", "Your first design review", "--with", "sam")
    return cli


# -- add, list, done, drop, edit ---------------------------------------------------------------------


def test_add_and_list_oldest_first_with_kind_and_privacy(raised):
    listed = raised.json("topic", "list", "--json")
    assert [t["text"] for t in listed] == ["How do I get on the platform team?", "The reorg",
                                           "Thanks for the intro to the VP", "I am thinking of leaving",
                                           "Your first design review"]
    first = listed[0]
    assert first["with"] == "Ada Lovelace" and first["kind"] == "question" and first["private"] is False
    assert (first["status"], first["carried_over"], first["added_at"]) == ("open", 0, "2026-11-20T09:00:00")
    assert [t["private"] for t in listed] == [False, False, False, True, False]
    assert list(topics(raised, "--with", "sam")) == ["Your first design review"]
    added = raised.json("topic", "add", "Ask for a stretch project", "--with", "ada", "--json")
    assert added["id"] == 6 and added["kind"] == "topic"


def test_the_table_shows_carried_over_and_marks_private(raised, monkeypatch):
    at(monkeypatch, "2026-11-21T10:00:00")
    raised.ok("session", "add", "--with", "ada")
    shown = raised.ok("topic", "list", "--with", "ada").stdout
    assert "carried" in shown and "1×" in shown and "I am thinking of leaving (private)" in shown
    assert "status" not in shown and "status" in raised.ok("topic", "list", "--all").stdout


@pytest.mark.parametrize("args,message", [
    (("topic", "add", "x", "--with", "ada", "--kind", "gossip"), "--kind must be one of topic, question"),
    (("topic", "add", "  ", "--with", "ada"), "empty topic"),
    (("topic", "add", "x", "--with", "nobody"), "nobody"),
    (("topic", "add", "x"), "--with"),
    (("topic", "done", "99"), "no topic with id 99"),
    (("topic", "drop", "1"), "missing --reason"),
    (("topic", "edit", "1"), "nothing to change"),
    (("topic", "edit", "1", "--kind", "rumour"), "--kind must be one of"),
    (("session", "add", "--with", "ada", "--discussed", "5"), "topic #5 is to raise with Sam Rivera, not Ada Lovelace"),
    (("session", "add", "--with", "ada", "--discussed", "1", "--discussed", "42"), "no topic with id 42"),
])
def test_bad_input_is_one_error_line_and_changes_nothing(raised, unchanged, args, message):
    with unchanged():
        result = raised.fail(*args)
    assert message in result.stderr


def test_done_drop_and_edit(raised, monkeypatch, unchanged):
    at(monkeypatch, "2026-11-22T10:00:00")
    raised.ok("topic", "done", "2", "--note", "settled by email")
    raised.ok("topic", "drop", "3", "--reason", "said it in person")
    raised.ok("topic", "edit", "1", "--text", "Platform team: who decides?", "--private")
    raised.ok("topic", "edit", "4", "--shared", "--kind", "topic")
    every = topics(raised, "--all")
    assert (every["The reorg"]["status"], every["The reorg"]["note"]) == ("done", "settled by email")
    assert every["The reorg"]["closed_at"] == "2026-11-22T10:00:00"
    assert (every["Thanks for the intro to the VP"]["status"], every["Thanks for the intro to the VP"]["note"]) == \
        ("dropped", "said it in person")
    assert every["Platform team: who decides?"]["private"] is True
    assert (every["I am thinking of leaving"]["private"], every["I am thinking of leaving"]["kind"]) == (False, "topic")
    assert list(topics(raised, "--with", "ada")) == ["Platform team: who decides?", "I am thinking of leaving"]
    with unchanged():
        assert "already done" in raised.fail("topic", "drop", "2", "--reason", "twice").stderr


# -- carried over until discussed ----------------------------------------------------------------------


def test_carry_over_counts_across_three_sessions(raised, monkeypatch):
    at(monkeypatch, "2026-11-21T10:00:00")
    raised.ok("session", "add", "--with", "ada", "--discussed", "1")  # the question is answered
    at(monkeypatch, "2026-11-28T10:00:00")
    raised.ok("session", "add", "--with", "ada")  # nothing discussed
    raised.ok("session", "add", "--with", "sam")  # another person's meeting carries nothing of Ada's
    at(monkeypatch, "2026-12-05T10:00:00")
    raised.ok("session", "add", "--with", "ada", "--discussed", "2", "--discussed", "2")
    every = topics(raised, "--all")
    assert {text: (t["status"], t["carried_over"]) for text, t in every.items()} == {
        "How do I get on the platform team?": ("done", 0),
        "The reorg": ("done", 2),
        "Thanks for the intro to the VP": ("open", 3),
        "I am thinking of leaving": ("open", 3),
        "Your first design review": ("open", 1),
    }
    assert (every["The reorg"]["session"], every["The reorg"]["closed_at"]) == (4, "2026-12-05T10:00:00")
    # a topic added after a meeting is not carried over by it
    raised.ok("topic", "add", "Conference budget", "--with", "ada")
    assert topics(raised)["Conference budget"]["carried_over"] == 0


def test_the_count_follows_sessions_edited_deleted_and_undone(raised, monkeypatch):
    at(monkeypatch, "2026-11-21T10:00:00")
    raised.ok("session", "add", "--with", "ada", "--discussed", "2")
    at(monkeypatch, "2026-11-28T10:00:00")
    raised.ok("session", "add", "--with", "ada")
    assert topics(raised)["How do I get on the platform team?"]["carried_over"] == 2
    raised.ok("session", "edit", "2", "--on", "2026-11-19")  # moved to before the topics were added
    assert topics(raised)["How do I get on the platform team?"]["carried_over"] == 1
    done = raised.ok("session", "delete", "1", "--yes")
    assert "1 topic(s) discussed in it are open again" in done.stderr
    reopened = topics(raised)["The reorg"]
    assert (reopened["status"], reopened["carried_over"], reopened["session"]) == ("open", 0, None)
    raised.ok("undo", "--yes")  # the session is back, and the topic discussed in it
    assert topics(raised, "--all")["The reorg"]["status"] == "done"
    assert topics(raised)["How do I get on the platform team?"]["carried_over"] == 1


def test_undo_takes_back_topic_commands_and_a_discussion(raised, monkeypatch):
    at(monkeypatch, "2026-11-21T10:00:00")
    raised.ok("session", "add", "--with", "ada", "--discussed", "1", "--discussed", "3")
    assert "~2 topics" in raised.ok("history").stdout
    raised.ok("undo", "--yes")
    assert raised.json("session", "list", "--json") == []
    assert {t["status"] for t in topics(raised).values()} == {"open"}
    raised.ok("topic", "drop", "2", "--reason", "old news")
    raised.ok("undo", "--yes")
    assert topics(raised)["The reorg"]["status"] == "open"
    raised.ok("topic", "add", "One more", "--with", "sam")
    raised.ok("undo", "--yes")
    assert "One more" not in topics(raised)


# -- agenda and report ----------------------------------------------------------------------------------


@pytest.fixture
def carried(raised, monkeypatch):
    """Two meetings with Ada since the topics were added, the reorg discussed at the first."""
    at(monkeypatch, "2026-11-21T10:00:00")
    raised.ok("session", "add", "--with", "ada", "--discussed", "2")
    at(monkeypatch, "2026-11-28T10:00:00")
    raised.ok("session", "add", "--with", "ada")
    at(monkeypatch, "2026-12-01T10:00:00")
    return raised


def test_the_agenda_opens_with_the_topics_by_kind(carried):
    text = carried.ok("agenda", "--with", "ada", "--format", "text").stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index("My questions")
    assert lines[start:start + 7] == [
        "My questions", "- How do I get on the platform team? (carried over 2×)",
        "Feedback I'd like to give", "- Thanks for the intro to the VP (carried over 2×)",
        "Feedback I'd like to ask for", "- I am thinking of leaving (carried over 2×) — private",
        "Since last time (28 Nov)",
    ]
    assert "The reorg" not in text  # discussed


def test_the_agenda_to_send_leaves_private_topics_out_and_says_so(carried):
    sent = carried.ok("agenda", "--with", "ada")
    assert "## My questions" in sent.stdout and "(carried over 2×)" in sent.stdout
    assert "thinking of leaving" not in sent.stdout and "private" not in sent.stdout
    assert "Feedback I'd like to ask for" not in sent.stdout  # its only topic is private
    assert "Left out 1 private topic" in sent.stderr
    data = carried.json("agenda", "--with", "ada", "--format", "json")
    assert [t["text"] for t in data["open_topics"]] == ["How do I get on the platform team?",
                                                        "Thanks for the intro to the VP"]
    assert data["open_topics_count"] == 2 and data["open_topics"][0]["carried_over"] == 2


def test_the_report_lists_open_topics_per_mentorship(carried, monkeypatch):
    plain = carried.ok("report").stdout  # in a pipe: it may be sent on
    ada, sam = plain[plain.index("Ada Lovelace ("):], plain[plain.index("Sam Rivera ("):]
    assert "To raise next time" in ada and "(carried over 2×)" in ada and "Your first design review" in sam
    assert "thinking of leaving" not in plain
    from mentorlog.output import render

    monkeypatch.setattr(render, "use_rich", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    assert "I am thinking of leaving (carried over 2×) — private" in carried.ok("report").stdout
    markdown = carried.ok("report", "--format", "markdown").stdout
    assert "To raise next time" in markdown and "thinking of leaving" not in markdown
    data = carried.json("report", "--format", "json")
    by_name = {m["name"]: m for m in data["mentorships"]}
    assert [t["text"] for t in by_name["Sam Rivera"]["open_topics"]] == ["Your first design review"]
    assert by_name["Ada Lovelace"]["open_topics_count"] == 2
    assert all(not t["private"] for m in data["mentorships"] for t in m["open_topics"])


def test_a_long_list_is_cut_and_counted(people):
    for number in range(25):
        people.ok("topic", "add", f"topic {number}", "--with", "ada")
    sent = people.ok("agenda", "--with", "ada").stdout
    assert "topic 19" in sent and "topic 20" not in sent and "… and 5 more open topics" in sent
    assert "topic 24" in people.ok("agenda", "--with", "ada", "--all").stdout


# -- search, export and import, sync ------------------------------------------------------------------


def test_topics_are_searchable_and_a_private_one_is_marked(carried):
    hits = carried.json("search", "platform", "--json")
    assert [(h["kind"], h["id"], h["private"]) for h in hits] == [("topic", 1, False)]
    hits = carried.json("search", "leaving", "--json")
    assert [(h["kind"], h["id"], h["private"]) for h in hits] == [("topic", 4, True)]
    carried.ok("topic", "edit", "1", "--text", "Staff engineer path")
    assert carried.json("search", "platform", "--json") == []
    assert carried.json("search", "staff", "--json")[0]["id"] == 1
    assert carried.json("doctor", "--json")["healthy"] is True


def test_export_then_import_round_trips_topics(carried, tmp_path):
    exported = tmp_path / "journal.json"
    carried.ok("export", "--format", "json", "--output", exported)
    document = json.loads(exported.read_text())
    reorg = next(t for t in document["topics"] if t["text"] == "The reorg")
    assert reorg["session_uid"] == document["sessions"][0]["uid"] and "session_id" not in reorg
    other = tmp_path / "other.db"
    assert "topic" in carried.ok("--db", other, "import", exported).stderr
    assert carried.json("--db", other, "topic", "list", "--all", "--json") == \
        carried.json("topic", "list", "--all", "--json")
    assert carried.json("--db", other, "search", "leaving", "--json")[0]["private"] is True
    again = carried.json("--db", other, "import", exported, "--json")
    assert again["added"].get("topics", 0) == 0 and again["unchanged"]["topics"] == 5
    assert carried.json("--db", other, "doctor", "--json")["healthy"] is True
    one = tmp_path / "ada.json"
    carried.ok("export", "--format", "json", "--with", "ada", "--output", one)
    assert {t["text"] for t in json.loads(one.read_text())["topics"]} == {
        "How do I get on the platform team?", "The reorg", "Thanks for the intro to the VP", "I am thinking of leaving"}


def test_topics_sync_to_another_device(carried, tmp_path, db_path):
    place, other = tmp_path / "Sync", tmp_path / "phone" / "journal.db"
    carried.ok("sync", "init", place, "--name", "laptop")
    carried.ok("--db", other, "sync", "init", place, "--name", "phone")
    carried.ok("sync")
    carried.ok("--db", other, "sync")
    assert carried.json("--db", other, "topic", "list", "--all", "--json") == \
        carried.json("topic", "list", "--all", "--json")
    carried.ok("--db", other, "topic", "done", "1")
    carried.ok("--db", other, "sync")
    carried.ok("sync")
    assert topics(carried, "--all")["How do I get on the platform team?"]["status"] == "done"


# -- the editor ---------------------------------------------------------------------------------------


EDITOR = """#!{python}
import pathlib, sys
target = pathlib.Path(sys.argv[1])
pathlib.Path({log!r}).write_text(target.read_text())
target.write_text(pathlib.Path({source!r}).read_text())
"""


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """EDITOR set to a script that saves the text of `written` (returned) and keeps what it was given."""
    written, log = tmp_path / "written.md", tmp_path / "given.md"
    script = tmp_path / "fake-editor"
    script.write_text(EDITOR.format(python=sys.executable, log=str(log), source=str(written)))
    script.chmod(0o700)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return written, log


def test_topic_add_edit_writes_it_in_the_editor(people, editor, unchanged):
    written, given = editor
    written.write_text("---\nwith: sam\nkind: feedback-give\nprivate: yes\n---\n\nYour demo was great:\nthe pacing.\n")
    people.ok("topic", "add", "--with", "ada", "--edit", "draft")
    assert "with: Ada Lovelace" in given.read_text() and "draft" in given.read_text()
    [added] = people.json("topic", "list", "--json")
    assert (added["with"], added["kind"], added["private"]) == ("Sam Rivera", "feedback-give", True)
    assert added["text"] == "Your demo was great:\nthe pacing."
    written.write_text("---\nwith: ada\nkind: rumour\n---\n\ntext\n")
    with unchanged():
        assert "--kind must be one of" in people.fail("topic", "add", "--with", "ada", "--edit").stderr
    written.write_text("")
    with unchanged():
        assert "nothing was saved" in people.fail("topic", "add", "--with", "ada", "--edit").stderr


# -- the upgrade ------------------------------------------------------------------------------------


def test_a_journal_from_before_topics_upgrades_with_its_search_intact(cli, db_path):
    from sqlite_utils import Database

    from mentorlog.data.migrations import migrations

    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = Database(db_path)
    migrations().apply(db, stop_before="m010_topics")
    stamp = "2026-10-01T09:00:00Z"
    db.execute("INSERT INTO mentorships (uid, name, role, since, created_at, updated_at) "
               "VALUES ('u-ada', 'Ada Lovelace', 'mentor', '2026-09-01', ?, ?)", [stamp, stamp])
    db.execute("INSERT INTO sessions (uid, mentorship_id, held_at, notes, created_at, updated_at) "
               "VALUES ('u-s1', 1, '2026-10-02T09:00:00', 'platform move', ?, ?)", [stamp, stamp])
    db.conn.commit()
    db.close()
    db_path.chmod(0o600)
    cli.ok("topic", "add", "Platform team: who decides?", "--with", "ada")
    assert sorted(h["kind"] for h in cli.json("search", "platform", "--json")) == ["session", "topic"]
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT kind FROM search_source WHERE kind = 'topic'").fetchall() == [("topic",)]
    conn.close()
    assert cli.json("doctor", "--json")["healthy"] is True
