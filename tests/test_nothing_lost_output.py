"""Nothing lost, nothing obeyed: an export never lands on the journal, a backup or (without --force) any
existing file; text from the journal never drives the terminal; unexpected failures are clear errors."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path

import pytest

from mentorlog.output import render
from mentorlog.exchange.targets import TEMPORARY_PATTERN, protected_file, temporary_path
from mentorlog.data import mentorships


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (symlinks as their target) with its content's digest."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path)] = "-> " + os.readlink(path)
        elif path.is_file():
            found[str(path)] = digest(path)
    return found


# -- 2. an export never replaces the journal, a backup, or (without --force) any file ------------------


@pytest.fixture
def backed_up(people, db_path, tmp_path):
    """A journal with a session, and a backup made by `mentorlog backup` in backups/ beside it."""
    people.ok("session", "add", "--with", "ada", "--notes", "kept safe")
    copy = Path(people.ok("backup").stdout.strip())
    assert copy.parent == db_path.parent / "backups"
    return people, copy


def _journal_spellings(db_path: Path, tmp_path: Path, monkeypatch) -> dict[str, Path]:
    """The journal's files as an export target might name them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.db").symlink_to(db_path)
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "folder").symlink_to(db_path.parent, target_is_directory=True)
    os.link(db_path, tmp_path / "hard.db")
    return {
        "the journal": db_path,
        "a symlink to it": tmp_path / "link.db",
        "a relative path": Path("data") / ".." / "data" / "journal.db",
        "through a symlinked folder": tmp_path / "links" / "folder" / "journal.db",
        "a hard link": tmp_path / "hard.db",
        "its -wal": db_path.with_name("journal.db-wal"),
        "its -shm": db_path.with_name("journal.db-shm"),
        "its -journal": db_path.with_name("journal.db-journal"),
    }


@pytest.mark.parametrize("fmt", ["json", "markdown", "ics"])
@pytest.mark.parametrize("force", [False, True])
def test_an_export_never_lands_on_the_journal(backed_up, db_path, tmp_path, monkeypatch, unchanged, fmt, force):
    cli, _ = backed_up
    for what, target in _journal_spellings(db_path, tmp_path, monkeypatch).items():
        before = tree(tmp_path)
        with unchanged():
            result = cli.fail("export", "--format", fmt, "-o", target, *(["--force"] if force else []))
        assert "journal" in result.stderr and "--force" not in result.stderr, (what, result.stderr)
        assert tree(tmp_path) == before, what
    assert cli.json("session", "list", "--json")[0]["notes"] == "kept safe"


@pytest.mark.parametrize("force", [False, True])
def test_an_export_never_replaces_a_backup(backed_up, tmp_path, monkeypatch, unchanged, force):
    cli, copy = backed_up
    monkeypatch.chdir(copy.parent)
    os.link(copy, tmp_path / "hard-backup.db")
    (tmp_path / "backup-link.db").symlink_to(copy)
    for target in (copy, Path(copy.name), tmp_path / "hard-backup.db", tmp_path / "backup-link.db"):
        for fmt in ("json", "markdown", "ics"):
            before = tree(tmp_path)
            with unchanged():
                result = cli.fail("export", "-f", fmt, "-o", target, *(["--force"] if force else []))
            assert "backup" in result.stderr, result.stderr
            assert tree(tmp_path) == before
    assert protected_file(copy, tmp_path / "data" / "journal.db") is not None


def test_a_new_file_beside_the_backups_is_fine(backed_up, db_path):
    cli, copy = backed_up
    target = copy.parent / "notes.md"
    cli.ok("export", "-f", "markdown", "-o", target)
    assert target.read_text().startswith("# Growth log")


@pytest.mark.parametrize("fmt", ["json", "markdown", "ics"])
def test_an_existing_file_needs_force(people, tmp_path, unchanged, fmt):
    target = tmp_path / "out" / "export.txt"
    target.parent.mkdir()
    target.write_bytes(b"my own notes, not an export")
    before = tree(tmp_path / "out")
    with unchanged():
        result = people.fail("export", "-f", fmt, "-o", target)
    assert result.stderr == f"Error: {target} exists; add --force to replace it\n"
    assert tree(tmp_path / "out") == before  # the same bytes, and no temporary file left
    people.ok("export", "-f", fmt, "-o", target, "--force")
    assert target.read_bytes() != b"my own notes, not an export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["export.txt"]


def test_a_symlink_to_another_file_needs_force_too(people, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("mine.txt").write_text("mine")
    Path("latest.json").symlink_to("mine.txt")
    Path("dangling.json").symlink_to("nowhere.json")
    for target in ("latest.json", "dangling.json"):
        assert "add --force" in people.fail("export", "-o", target).stderr
    assert Path("mine.txt").read_text() == "mine" and not Path("nowhere.json").exists()


def test_csv_refuses_to_replace_its_files_without_force(people, tmp_path, unchanged):
    folder = tmp_path / "tables"
    people.ok("export", "-f", "csv", "-o", folder)
    (folder / "wins.csv").write_text("edited by hand")
    (folder / "sessions.csv").unlink()
    before = tree(folder)
    with unchanged():
        result = people.fail("export", "-f", "csv", "-o", folder)
    assert "exists; add --force to replace it" in result.stderr
    assert tree(folder) == before  # not one table written, not even the missing one
    people.ok("export", "-f", "csv", "-o", folder, "--force")
    assert (folder / "wins.csv").read_text().startswith("uid,")
    assert (folder / "sessions.csv").exists()


def test_csv_never_lands_on_the_journal(people, db_path, tmp_path, unchanged):
    """A journal that happens to be called like a table, in the folder given to csv."""
    other = tmp_path / "odd" / "wins.csv"
    people.ok("--db", other, "mentor", "add", "Grace")
    before = digest(other)
    result = people.fail("--db", other, "export", "-f", "csv", "-o", other.parent, "--force")
    assert "the journal itself" in result.stderr
    assert digest(other) == before and sorted(p.name for p in other.parent.iterdir() if p.suffix == ".csv") == ["wins.csv"]


def test_a_device_is_written_to_without_force(people, tmp_path):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    people.ok("export", "-o", "/dev/null")
    assert Path("/dev/null").is_char_device()


def test_the_temporary_file_is_exclusive_private_and_named_for_doctor(people, tmp_path, monkeypatch):
    """`.{name}.{pid}.tmp` beside the target, created with O_EXCL and 0600; a leftover with our pid
    (from a process long gone) is replaced, and a symlink planted there is never followed."""
    target = tmp_path / "log.md"
    temporary = temporary_path(target)
    assert temporary.name == f".log.md.{os.getpid()}.tmp"
    match = TEMPORARY_PATTERN.match(temporary.name)
    assert match and match["name"] == "log.md" and int(match["pid"]) == os.getpid()
    victim = tmp_path / "victim.txt"
    victim.write_text("not to be touched")
    temporary.symlink_to(victim)
    seen = []
    real_open = os.open

    def watching(path, flags, mode=0o777, *args, **kwargs):
        if str(path) == str(temporary):
            seen.append((flags, mode))
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", watching)
    people.ok("export", "-f", "markdown", "-o", target)
    assert seen and all(flags & os.O_EXCL and flags & os.O_CREAT and mode == 0o600 for flags, mode in seen)
    assert victim.read_text() == "not to be touched"
    assert not temporary.exists() and not temporary.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# -- 10. control characters from the journal never reach the terminal ------------------------------------

EVIL = "\x1b]0;pwned\x07\x1b[31m\x9b2J\x7f\r"
FORBIDDEN = ("\x1b", "\x07", "\x7f", "\r", *map(chr, range(0x80, 0xA0)))


def evil(text: str) -> str:
    return f"{text} {EVIL} end"


@pytest.fixture
def poisoned(cli, db_path):
    """Every kind of text in the journal holds escape sequences: names, notes, topics, takeaways, goals,
    milestones, progress notes, actions, skip reasons, wins and review answers."""
    ada, sam = evil("Ada"), evil("Sam")
    cli.ok("mentor", "add", ada, "--cadence", "weekly", "--since", "2026-09-01", "--channel", "video")
    cli.ok("mentee", "add", sam, "--cadence", "weekly", "--since", "2026-09-01")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-11-03 14:30", "--duration", "45m",
           "--topic", evil("topic"), "--notes", evil("notes") + "\nsecond line", "--private-notes", evil("private"),
           "--takeaway", evil("takeaway"), "--rating", "4", "--action", evil("my action"),
           "--their-action", evil("their action"))
    cli.ok("session", "add", "--with", "sam", "--on", "2026-10-01", "--topic", evil("old topic"))
    cli.ok("goal", "add", evil("goal"), "--with", "ada", "--why", evil("why"), "--metric", evil("metric"),
           "--target", "2027-03-01")
    cli.ok("goal", "milestone", "add", "1", evil("step"), "--due", "2026-12-01")
    cli.ok("goal", "progress", "1", "30", "--note", evil("progress"))
    cli.ok("action", "add", evil("overdue action"), "--with", "ada", "--due", "2026-11-01", "--goal", "1")
    cli.ok("action", "add", evil("skipped action"), "--with", "sam", "--owner", "them", "--due", "2026-11-01")
    cli.ok("action", "skip", "4", "--reason", evil("reason"))
    cli.ok("action", "add", evil("done action"), "--with", "ada")
    cli.ok("action", "done", "5")
    cli.ok("win", "add", evil("win"), "--with", "ada", "--goal", "1", "--on", "2026-11-12")
    cli.ok("win", "add", evil("personal win"))
    cli.ok("review", "--with", "ada", "--template", "periodic", "--answers", "-", input=json.dumps({
        "working": evil("working"), "not_working": evil("not working"), "health": 3,
        "goals": {"1": {"decision": "keep", "progress": 40, "note": evil("decision note")}},
        "actions": [{"text": evil("review action"), "owner": "them", "due": "2026-12-01"}],
    }))
    cli.ok("review", "--with", "sam", "--template", "session-debrief", "--answers", "-",
           input=json.dumps({"useful": 4, "takeaway": evil("debrief")}))
    return cli


HUMAN_VIEWS = [
    ("mentor", "list"), ("mentee", "list", "--all"), ("mentor", "show", "ada"), ("mentee", "show", "sam"),
    ("session", "list"), ("session", "show", "1"), ("session", "show", "1", "--format", "markdown"),
    ("goal", "list"), ("goal", "show", "1"), ("action", "list"), ("action", "list", "--all"), ("win", "list"),
    ("report",), ("report", "--format", "markdown"), ("report", "--with", "ada", "--since", "2026-09-01"),
    ("status",), ("agenda", "--with", "ada"), ("agenda", "--with", "ada", "--format", "text"),
    ("agenda", "--with", "sam", "--format", "markdown"),
    ("search", "pwned"), ("search", "end"), ("review", "list"), ("review", "show", "1"), ("review", "show", "2"),
    ("review", "show", "1", "--format", "markdown"),
    ("export", "--format", "markdown"), ("export", "--format", "markdown", "--include-private"),
    ("export", "--format", "ics"), ("export", "--format", "json"),
]


def _assert_clean(result, what, colour: bool = False) -> None:
    """No control character from the journal on stdout or stderr. With `colour`, Rich's own colour codes
    (ESC [ … m) are allowed, nothing else: no other sequence, no BEL, no C1."""
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if colour:
            text = SGR.sub("", text)
        leaked = sorted({f"{ord(ch):#x}" for ch in text if ch in FORBIDDEN})
        assert not leaked, f"{what}: {leaked} on {stream}:\n{text[:2000]!r}"


SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("mode", ["piped", "terminal", "terminal in colour"])
def test_no_view_lets_control_characters_through(poisoned, monkeypatch, mode):
    colour = mode == "terminal in colour"
    if mode != "piped":
        monkeypatch.setattr(render, "use_rich", lambda: True)
    if colour:
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm-256color")
    for args in HUMAN_VIEWS:
        result = poisoned.ok(*args)
        _assert_clean(result, args, colour)
        if args[0] in ("status", "report", "mentor", "goal", "session") and "markdown" not in args:
            assert "\\x1b]0;pwned\\x07" in SGR.sub("", result.stdout), args  # shown, as visible escapes
    if colour:
        assert SGR.search(poisoned.ok("status").stdout)  # Rich's own colours still reach the terminal


def test_the_messages_of_a_command_are_clean_too(poisoned):
    for args in (("session", "add", "--with", "ada", "--notes", "again"), ("win", "add", evil("a win"), "--with", "ada"),
                 ("action", "add", evil("act"), "--with", "sam"), ("goal", "add", evil("g2"), "--with", "sam")):
        _assert_clean(poisoned.ok(*args), args)


def test_csv_cells_show_control_characters_as_visible_escapes(poisoned, tmp_path):
    folder = tmp_path / "tables"
    poisoned.ok("export", "-f", "csv", "-o", folder, "--include-private")
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not any(ch in FORBIDDEN for ch in text.replace("\r\n", "")), path.name
    sessions = (folder / "sessions.csv").read_text(encoding="utf-8")
    assert "notes \\x1b]0;pwned\\x07\\x1b[31m\\x9b2J\\x7f\\x0d end\nsecond line" in sessions


def test_ics_strips_control_characters(poisoned, tmp_path):
    text = poisoned.ok("export", "-f", "ics").stdout
    assert "pwned" not in text and "Check-in with Ada" in text and "overdue action" in text


def test_markdown_files_are_clean(poisoned, tmp_path):
    for fmt in ("markdown",):
        target = tmp_path / f"log.{fmt}"
        poisoned.ok("export", "-f", fmt, "-o", target, "--include-private")
        text = target.read_text(encoding="utf-8")
        assert not any(ch in FORBIDDEN for ch in text)
        assert "Ada \\x1b]0;pwned\\x07" in text


def test_json_and_the_journal_keep_the_exact_text(poisoned, db_path, tmp_path):
    import sqlite3

    assert poisoned.json("mentor", "show", "ada", "--json")["name"] == evil("Ada")
    [first] = [s for s in poisoned.json("session", "list", "--json") if s["id"] == 1]
    assert first["topics"] == [evil("topic")] and first["takeaways"] == [evil("takeaway")]
    assert first["notes"] == evil("notes") + "\nsecond line"
    assert poisoned.json("goal", "show", "1", "--json")["title"] == evil("goal")
    assert evil("win") in [w["text"] for w in poisoned.json("win", "list", "--json")]
    assert evil("overdue action") in [a["text"] for a in poisoned.json("action", "list", "--json")]
    review = poisoned.json("review", "show", "1", "--json")
    assert review["answers"]["working"] == evil("working")
    for args in (("mentor", "list", "--json"), ("report", "--format", "json"), ("status", "--format", "json"),
                 ("agenda", "--with", "ada", "--format", "json"), ("search", "pwned", "--json"),
                 ("export", "--format", "json")):
        result = poisoned.ok(*args)
        _assert_clean(result, args)  # JSON-escaped, so not one raw control character
        json.loads(result.stdout)
    document = poisoned.json("export")
    assert document["mentorships"][0]["name"] == evil("Ada")
    exported = tmp_path / "journal.json"
    poisoned.ok("export", "-o", exported)
    assert json.loads(exported.read_text(encoding="utf-8"))["sessions"][0]["notes"] == evil("notes") + "\nsecond line"
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT name FROM mentorships WHERE id = 1").fetchone()[0] == evil("Ada")
        assert conn.execute("SELECT notes FROM sessions WHERE id = 1").fetchone()[0] == evil("notes") + "\nsecond line"
        assert conn.execute("SELECT title FROM goals WHERE id = 1").fetchone()[0] == evil("goal")
    finally:
        conn.close()


def test_safe_text_rules():
    assert render.safe_text("a\x1b[31mb\x07c\x9bd\x7fe\x00f") == "a\\x1b[31mb\\x07c\\x9bd\\x7fe\\x00f"
    assert render.safe_text("line\r\nnext\ttab\n") == "line\nnext\ttab\n"
    assert render.safe_text("lone\rreturn") == "lone\\x0dreturn"
    assert render.safe_text("é ü ★ 日本 [x]") == "é ü ★ 日本 [x]"
    assert render.safe_text(None) == "" and render.safe_text(42) == "42"
    assert render.strip_controls("Ada \x1b]0;pwned\x07\x1b[31mLovelace\x9b2J!") == "Ada Lovelace!"
    assert render.json_safe(json.dumps("\x9b", ensure_ascii=False)) == '"\\u009b"'
    assert json.loads(render.json_safe(json.dumps(EVIL, ensure_ascii=False))) == EVIL


# -- 11. what used to be "unexpected …" is a clear error that names what to fix ---------------------------


def _nested(depth: int, leaf: object = "deep") -> object:
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.fixture
def reviewed(people, tmp_path):
    """Ada (I am the mentee) with a goal, a debrief and a periodic review; the json export of it all."""
    people.ok("goal", "add", "Get promoted", "--with", "ada")
    people.ok("review", "--with", "ada", "--template", "session-debrief", "--answers", "-",
              input=json.dumps({"useful": 4, "takeaway": "write it down"}))
    people.ok("review", "--with", "ada", "--template", "periodic", "--answers", "-", input=json.dumps({
        "working": "steady", "health": 4, "goals": {"1": {"decision": "keep", "progress": 20, "note": "on track"}},
        "actions": [{"text": "draft the case", "owner": "me", "due": "2026-12-01"}],
    }))
    exported = tmp_path / "journal.json"
    people.ok("export", "-o", exported)
    return people, json.loads(exported.read_text())


def _bad_copy(document: dict, tmp_path: Path, review: int, answers: dict, name: str = "bad.json",
              uid: str = "0bad0000-0000-4000-8000-000000000000", **more) -> Path:
    """The export with a copy of one of its reviews (under a new uid) holding `answers`."""
    copy = json.loads(json.dumps(document))
    row = copy["reviews"][review] | {"uid": uid, "answers": answers, **more}
    copy["reviews"].append(row)
    path = tmp_path / name
    path.write_text(json.dumps(copy))
    return path


BAD_ANSWERS = [
    ("a rating that is text", 0, {"useful": "nope"}, "'useful'"),
    ("a rating out of range", 0, {"useful": 9}, "'useful'"),
    ("text that is a number", 0, {"takeaway": 42}, "'takeaway'"),
    ("a question the template lacks", 0, {"bogus": "x"}, "'bogus'"),
    ("actions that are text", 1, {"actions": "do things"}, "'actions'"),
    ("an action with an unknown owner", 1, {"actions": [{"text": "x", "owner": "boss"}]}, "'actions'"),
    ("goals that are a list", 1, {"goals": ["keep"]}, "'goals'"),
    ("a goal with no decision", 1, {"goals": {"1": {"progress": 10}}}, "'goals'"),
    ("a goal with a bad target", 1, {"goals": {"1": {"decision": "adjust", "target": "soon"}}}, "'goals'"),
    ("a rating that is true/false", 1, {"health": True}, "'health'"),
    ("text nested 900 deep", 0, {"takeaway": _nested(900)}, "'takeaway'"),
    ("nested deep in a template we lack", 0, {"anything": _nested(900)}, "'anything'"),
    ("a list nested deep", 1, {"actions": [[[[[["x"]]]]]]}, "'actions'"),
]


@pytest.mark.parametrize("review, answers, question", [case[1:] for case in BAD_ANSWERS],
                         ids=[case[0] for case in BAD_ANSWERS])
def test_an_import_with_a_review_that_does_not_fit_its_template_is_refused(reviewed, tmp_path, unchanged,
                                                                           review, answers, question):
    cli, document = reviewed
    template = {"template": "my-own-quarterly"} if "anything" in answers else {}
    path = _bad_copy(document, tmp_path, review, answers, **template)
    with unchanged():
        result = cli.fail("import", path)
    assert "reviews[2]" in result.stderr and "0bad0000" in result.stderr and question in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr and "unexpected" not in result.stderr
    with unchanged():
        cli.fail("import", path, "--dry-run")
    other = tmp_path / "other" / "journal.db"
    cli.fail("--db", other, "import", path)
    assert not other.exists()


def test_a_review_that_fits_imports_and_shows(reviewed, tmp_path):
    cli, document = reviewed
    other = tmp_path / "other" / "journal.db"
    path = _bad_copy(document, tmp_path, 1, {"working": "  fine  ", "health": None, "goals": {
        "7": {"decision": "adjust", "title": "Staff", "target": "2027-01-01", "goal_uid": "x", "goal_title": "Old"}}},
        name="good.json")
    counts = cli.json("--db", other, "import", path, "--json")
    assert counts["added"]["reviews"] == 3
    shown = cli.ok("--db", other, "review", "show", "3").stdout
    assert "Old: adjust" in shown and "target 2027-01-01" in shown
    # a template this mentorlog lacks: answers of plain shapes travel and are shown by question id
    path = _bad_copy(document, tmp_path, 0, {"plan": "pairing", "score": 3, "list": ["a", {"b": 1}]},
                     name="theirs.json", uid="0the1r00-0000-4000-8000-000000000000", template="quarterly-mentee",
                     kind="quarterly")
    cli.ok("--db", other, "import", path)
    assert "pairing" in cli.ok("--db", other, "review", "show", "4").stdout


def _store_review(db_path: Path, answers: object, template: str = "session-debrief") -> None:
    """A review row written straight into the journal, as an older mentorlog's import could leave it."""
    from mentorlog.data.journal import Journal, insert_row, new_uid

    with Journal(db_path) as journal:
        mentorship = mentorships.resolve(journal, "ada")
        with journal.write() as conn:
            insert_row(conn, "reviews", {
                "uid": new_uid(), "mentorship_id": mentorship.id, "template": template, "kind": template,
                "held_at": "2026-11-15T09:00:00", "answers": json.dumps(answers),
                "created_at": "2026-11-15T09:00:00Z", "updated_at": "2026-11-15T09:00:00Z",
            })


def test_answers_already_in_the_journal_of_any_shape_are_shown(people, db_path):
    """Every reader of answers copes with an answer that fits no template, however deep it goes."""
    _store_review(db_path, {"useful": "nope", "takeaway": _nested(900), "better": [_nested(50), 3]})
    _store_review(db_path, {"goals": {"1": "keep", "x": _nested(900)}, "actions": {"a": 1}, "health": [1, 2]},
                  template="periodic-mentee")
    _store_review(db_path, _nested(900), template="wrap-up-mentee")
    for args in (("review", "show", "1"), ("review", "show", "1", "--format", "markdown"), ("review", "show", "2"),
                 ("review", "show", "2", "--format", "markdown"), ("review", "show", "3"), ("review", "list"),
                 ("export", "--format", "markdown"), ("export", "--format", "csv", "-o", db_path.parent / "csv"),
                 ("report",), ("agenda", "--with", "ada"), ("status",)):
        result = people.ok(*args)
        assert "unexpected" not in result.output
    assert "nope" in people.ok("review", "show", "1").stdout
    assert "…" in people.ok("export", "--format", "markdown").stdout


TEMPLATE = 'name = "mine"\ntitle = "Mine"\nfor = "both"\n[[questions]]\nid = "a"\ntype = "text"\nprompt = "P"\n'


@pytest.fixture
def user_prompts(tmp_path) -> Path:
    folder = tmp_path / "config" / "mentorlog" / "prompts"
    folder.mkdir(parents=True)
    return folder


def _broken_templates(folder: Path) -> dict[str, Path]:
    deep = folder / "deep.toml"
    deep.write_text(TEMPLATE + "extra = " + "[" * 5000 + "]" * 5000 + "\n")
    undecodable = folder / "latin.toml"
    undecodable.write_bytes(TEMPLATE.replace("Mine", "Caf\xe9").encode("latin-1"))
    fifo = folder / "pipe.toml"
    os.mkfifo(fifo)
    folder_named = folder / "folder.toml"
    folder_named.mkdir()
    device = folder / "zero.toml"
    device.symlink_to("/dev/zero")
    dangling = folder / "gone.toml"
    dangling.symlink_to(folder / "nowhere.toml")
    return {"deep": deep, "not UTF-8": undecodable, "a FIFO": fifo, "a folder": folder_named, "a device": device,
            "a dangling link": dangling}


@pytest.mark.parametrize("kind", ["deep", "not UTF-8", "a FIFO", "a folder", "a device", "a dangling link"])
def test_a_template_that_can_not_be_read_is_one_error_naming_it(people, user_prompts, unchanged, kind):
    if kind == "a FIFO" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    paths = _broken_templates(user_prompts)
    for other, path in paths.items():  # one broken file at a time
        if other != kind:
            path.unlink() if not path.is_dir() or path.is_symlink() else path.rmdir()
    path = paths[kind]
    with unchanged():
        for args in (("review", "templates"), ("review", "--with", "ada", "--answers", "-")):
            result = people.fail(*args, input='{"hopes": "x"}')
            assert result.stderr.startswith(f"Error: template {path}: "), result.stderr
            assert "unexpected" not in result.stderr
    people.ok("review", "list")  # needs no template


CLOCK_ENDS = ["9999-12-31T23:59:59", "9999-12-31", "0001-01-01", "0001-01-01T00:00:00", "9999-12-31T23:59:59+14:00",
              "0001-01-01T00:00:00-12:00"]
CLOCK_COMMANDS = [
    ("status",), ("report",), ("report", "--format", "markdown"), ("agenda", "--with", "ada"),
    ("session", "add", "--with", "ada", "--duration", "45m", "--topic", "t", "--action", "a"),
    ("goal", "add", "Ship it", "--with", "ada", "--target", "in 2 weeks"), ("action", "list"),
    ("action", "add", "x", "--with", "ada", "--due", "in 3 days"), ("win", "add", "a win"),
    ("export", "--format", "ics"), ("export", "--format", "markdown"), ("mentor", "add", "Grace", "--since", "today"),
    ("review", "--with", "ada", "--template", "session-debrief", "--answers", "-"), ("backup",),
]


@pytest.mark.parametrize("clock", CLOCK_ENDS)
def test_a_clock_at_the_calendars_ends_is_one_clear_error(people, monkeypatch, unchanged, clock):
    monkeypatch.setenv("MENTORLOG_NOW", clock)
    with unchanged():
        for args in CLOCK_COMMANDS:
            result = people.fail(*args, input='{"useful": 3}')
            assert result.stderr.startswith(f"Error: MENTORLOG_NOW={clock!r}: out of range"), (args, result.stderr)


@pytest.mark.parametrize("clock", ["0100-01-01", "9899-12-31T23:59:59", "1970-01-01", "2038-01-19T03:14:08"])
def test_every_command_works_at_the_ends_of_the_clocks_range(people, monkeypatch, clock):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-01", "--topic", "before")
    monkeypatch.setenv("MENTORLOG_NOW", clock)
    for args in CLOCK_COMMANDS:
        result = people(*args, input='{"useful": 3}')
        assert "unexpected" not in result.output and "Traceback" not in result.output, (args, result.output)
        assert result.exit_code in (0, 1), (args, result.output)
        if result.exit_code == 1:
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, (args, result.stderr)
