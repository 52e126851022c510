"""Writing in your own editor: `$EDITOR` set to a small script that records what it was given and writes a
reply (a whole file, a change to what it found, nothing, or a non-zero exit)."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest

from mentorlog.errors import MentorlogError
from mentorlog.prompts import editor

SCRIPT = r'''
import json, os, sys
path = sys.argv[-1]
log = os.environ["FAKE_EDITOR_LOG"]
rounds = json.load(open(log)) if os.path.exists(log) else []
with open(path, encoding="utf-8") as file:
    seen = file.read()
rounds.append({"path": path, "mode": oct(os.stat(path).st_mode & 0o777), "seen": seen, "args": sys.argv[1:-1]})
json.dump(rounds, open(log, "w"))
replies = json.load(open(os.environ["FAKE_EDITOR_REPLIES"]))
reply = replies[min(len(rounds), len(replies)) - 1]
text = seen
if "text" in reply:
    text = reply["text"]
for old, new in reply.get("replace", []):
    assert old in text, (old, text)
    text = text.replace(old, new)
with open(path, "w", encoding="utf-8") as file:
    file.write(text)
sys.exit(reply.get("exit", 0))
'''


def top_comment(text: str) -> str:
    """The comment block a file starts with, as one line."""
    lines = text.splitlines()
    end = next(number for number, line in enumerate(lines) if line.endswith("-->"))
    return " ".join(line.strip() for line in lines[:end + 1])


class FakeEditor:
    """`EDITOR` for one test: `reply(...)` says what each opening does; `rounds` what each was given."""

    def __init__(self, folder: Path, monkeypatch):
        self.folder = folder
        self.script = folder / "fake_editor.py"
        self.script.write_text(SCRIPT)
        self.log = folder / "editor-log.json"
        self.replies = folder / "editor-replies.json"
        monkeypatch.delenv("VISUAL", raising=False)
        # an editor command with arguments, as `code --wait` has: split as a shell would
        monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(self.script))} --wait")
        monkeypatch.setenv("FAKE_EDITOR_LOG", str(self.log))
        monkeypatch.setenv("FAKE_EDITOR_REPLIES", str(self.replies))
        monkeypatch.setenv("TMPDIR", str(folder / "tmp"))
        (folder / "tmp").mkdir()
        import tempfile

        monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again

    def reply(self, *replies: dict) -> None:
        self.replies.write_text(json.dumps(list(replies)))

    @property
    def rounds(self) -> list[dict]:
        return json.loads(self.log.read_text()) if self.log.exists() else []

    def leftovers(self) -> list[str]:
        return os.listdir(self.folder / "tmp")


@pytest.fixture
def fake_editor(tmp_path, monkeypatch) -> FakeEditor:
    folder = tmp_path / "editor"
    folder.mkdir()
    return FakeEditor(folder, monkeypatch)


# -- the module on its own --------------------------------------------------------------------------


def test_the_editor_is_visual_then_editor_then_a_default_found_on_path(tmp_path):
    assert editor.editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor.editor_command({"VISUAL": " ", "EDITOR": "'my editor' -f"}) == ["my editor", "-f"]
    (tmp_path / "nano").write_text("#!/bin/sh\n")
    (tmp_path / "nano").chmod(0o755)
    assert editor.editor_command({"PATH": str(tmp_path)}) == ["nano"]
    with pytest.raises(MentorlogError, match="no editor found: set EDITOR"):
        editor.editor_command({"PATH": str(tmp_path / "nowhere")})


def test_edit_text_returns_the_saved_text_from_a_private_file_removed_afterwards(fake_editor):
    fake_editor.reply({"text": "written\n"})
    assert editor.edit_text("start\n") == "written\n"
    [opened] = fake_editor.rounds
    assert opened["seen"] == "start\n" and opened["mode"] == "0o600" and opened["args"] == ["--wait"]
    assert opened["path"].endswith(".md") and not os.path.exists(opened["path"])
    assert fake_editor.leftovers() == []


@pytest.mark.parametrize("reply", [{}, {"text": "  \n<!-- only a comment -->\n"}])
def test_edit_text_is_none_when_unchanged_or_emptied(fake_editor, reply):
    fake_editor.reply(reply)
    assert editor.edit_text("<!-- a comment -->\nstart\n") is None
    assert fake_editor.leftovers() == []


def test_an_editor_that_fails_or_is_missing_saves_nothing_and_leaves_no_file(fake_editor, monkeypatch):
    fake_editor.reply({"text": "half", "exit": 3})
    with pytest.raises(MentorlogError, match=r"nothing was saved: the editor \(.*\) exited with status 3"):
        editor.edit_text("start\n")
    assert fake_editor.leftovers() == []
    monkeypatch.setenv("EDITOR", "no-such-editor-here --flag")
    with pytest.raises(MentorlogError, match="can't start the editor 'no-such-editor-here' \\(not found\\)"):
        editor.edit_text("start\n")
    assert fake_editor.leftovers() == []


def test_a_document_reads_back_as_it_was_rendered():
    text = editor.render_document(
        [("date", "2026-11-20 10:00"), ("with", "Ada Lovelace"), ("topics", ["promotion: case", "brag doc"]),
         ("rating", None)],
        "Some notes.\n\n## Private notes\n" + editor.comment("only for you -->") + "\nnervous",
        notes=["Save and quit to log it."],
    )
    assert text.startswith("---\n# Save and quit to log it.\ndate: 2026-11-20 10:00\n")
    assert "<!-- only for you -> -->" in text
    found = editor.parse_document(text)
    assert found.fields == {"date": "2026-11-20 10:00", "with": "Ada Lovelace",
                            "topics": ["promotion: case", "brag doc"], "rating": ""}
    assert editor.split_section(found.body, "private notes") == ("Some notes.", "nervous")
    assert editor.split_section("just notes", "private notes") == ("just notes", "")


@pytest.mark.parametrize("text, message", [
    ("no header\n", "must start with its fields between two '---' lines"),
    ("---\ndate: today\n", "no closing '---' line"),
    ("---\ndate today\n---\n", "line 2: expected 'name: value'"),
    ("---\nrating: 3\nRating: 4\n---\n", "line 3: 'rating' is given twice"),
])
def test_an_unreadable_header_is_named(text, message):
    with pytest.raises(MentorlogError, match=message):
        editor.parse_document(text)


def test_a_rejected_file_opens_again_with_the_error_on_top_at_a_terminal(fake_editor):
    fake_editor.reply({"text": "---\nrating: 9\n---\n"}, {"replace": [("rating: 9", "rating: 4")]})

    def apply(saved: str) -> int:
        rating = int(editor.parse_document(saved).fields["rating"])
        if not 1 <= rating <= 5:
            raise MentorlogError("rating must be 1-5")
        return rating

    assert editor.edit_document("---\nrating:\n---\n", apply, interactive=True) == 4
    first, second = fake_editor.rounds
    assert top_comment(second["seen"]) == ("<!-- Error: rating must be 1-5. Fix it, then save and quit; "
                                           "empty the file to save nothing. -->")
    assert all(len(line) <= 60 for line in second["seen"].splitlines())
    assert fake_editor.leftovers() == []
    fake_editor.log.unlink()
    with pytest.raises(MentorlogError, match="rating must be 1-5"):  # no terminal: the error, once
        editor.edit_document("---\nrating:\n---\n", apply, interactive=False)
    assert len(fake_editor.rounds) == 1


# -- session add --edit and session edit ID --edit, through the CLI ----------------------------------

GOOD = """---
date: yesterday 15:00
with: ada
duration: 1h30m
channel: in-person
topics:
  - promotion case
  - brag document
takeaways:
  - write the brag document
rating: 4
actions:
  - draft the doc
their actions:
  - read the draft
---

She said: start the doc now.
Share it in two weeks.

## Private notes
<!-- a comment the file keeps: never saved -->
I felt nervous.
"""


def test_session_add_edit_saves_what_the_file_says(people, fake_editor):
    fake_editor.reply({"text": GOOD})
    done = people.ok("session", "add", "--edit", "--topic", "given on the command line")
    assert "Logged session #1 with Ada Lovelace on 2026-11-19, with 2 action(s)" in done.stderr
    [opened] = fake_editor.rounds
    assert opened["mode"] == "0o600" and not os.path.exists(opened["path"]) and fake_editor.leftovers() == []
    assert "\ndate: 2026-11-20 10:00\n" in opened["seen"] and "  - given on the command line\n" in opened["seen"]
    assert "\n## Private notes\n<!-- Under this heading: notes for you only" in opened["seen"]
    [session] = people.json("session", "list", "--json")
    shown = people.json("session", "show", "1", "--json")
    assert (session["with"], session["date"], session["duration_minutes"]) == ("Ada Lovelace", "2026-11-19T15:00:00", 90)
    assert session["topics"] == ["promotion case", "brag document"]
    assert session["takeaways"] == ["write the brag document"] and session["rating"] == 4
    assert shown["notes"] == "She said: start the doc now.\nShare it in two weeks."
    assert shown["private_notes"] == "I felt nervous." and shown["channel"] == "in-person"
    assert [(a["owner"], a["text"]) for a in shown["actions"]] == [("me", "draft the doc"), ("them", "read the draft")]
    summary = people.ok("session", "show", "1", "--format", "markdown").stdout
    assert "start the doc now" in summary and "nervous" not in summary


def test_the_file_is_filled_from_the_flags_and_the_only_person(cli, fake_editor):
    cli.ok("mentor", "add", "Ada Lovelace", "--since", "2026-09-01", "--channel", "video")
    fake_editor.reply({"replace": [("rating:", "rating: 5")]})
    cli.ok("session", "add", "--edit", "--duration", "45m", "--notes", "from the flag")
    seen = fake_editor.rounds[0]["seen"]
    assert "\nwith: Ada Lovelace\nduration: 45 min\nchannel: video\n" in seen and "\nfrom the flag\n" in seen
    [session] = cli.json("session", "list", "--json")
    assert (session["rating"], session["duration_minutes"], session["notes"]) == (5, 45, "from the flag")


@pytest.mark.parametrize("change, message", [
    (("duration: 1h30m", "duration: forever"), "can't read the duration 'forever'"),
    (("date: yesterday 15:00", "date: in 2 days"), "date 'in 2 days' is in the future"),
    (("date: yesterday 15:00", "date: 2026-01-05"), "before"),
    (("rating: 4", "rating: 9"), "rating"),
    (("rating: 4", "rating: four"), "rating must be a whole number from 1 to 5, not 'four'"),
    (("channel: in-person", "channel: pigeon"), "channel must be one of video, in-person, phone, chat, not 'pigeon'"),
    (("with: ada", "with: nobody"), "no mentor or mentee matches 'nobody'"),
    (("with: ada", "with:"), "with: give the name"),
    (("rating: 4", "mood: 4"), "unknown field 'mood'; the fields are: date, with, duration"),
    (("---\n\nShe said", "\nShe said"), "no closing '---' line"),
])
def test_a_bad_field_without_a_terminal_is_one_error_and_nothing_saved(people, fake_editor, unchanged, change, message):
    fake_editor.reply({"text": GOOD.replace(*change, 1)})
    with unchanged():
        done = people.fail("session", "add", "--edit")
    assert message in done.stderr
    assert len(fake_editor.rounds) == 1 and fake_editor.leftovers() == []


@pytest.mark.parametrize("reply, message", [
    ({}, "Error: nothing was saved: the file was left unchanged"),
    ({"text": ""}, "Error: nothing was saved: the file was emptied"),
    ({"text": "\n<!-- just a comment -->\n \n"}, "Error: nothing was saved: the file was emptied"),
    ({"text": GOOD, "exit": 1}, "Error: nothing was saved: the editor ("),
])
def test_unchanged_emptied_or_a_failing_editor_saves_nothing_and_says_so(people, fake_editor, unchanged, reply,
                                                                         message):
    fake_editor.reply(reply)
    with unchanged():
        done = people.fail("session", "add", "--edit", "--with", "ada")
    assert done.stderr.startswith(message)
    assert fake_editor.rounds[0]["mode"] == "0o600" and fake_editor.leftovers() == []


def test_a_bad_field_at_a_terminal_opens_the_editor_again_with_the_error_on_top(people, fake_editor, monkeypatch):
    from mentorlog.prompts import ask

    monkeypatch.setattr(ask, "interactive", lambda: True)
    fake_editor.reply({"text": GOOD.replace("duration: 1h30m", "duration: forever")},
                      {"replace": [("duration: forever", "duration: 50m")]})
    people.ok("session", "add", "--edit")
    first, second = fake_editor.rounds
    top = top_comment(second["seen"])
    assert top.startswith("<!-- Error: can't read the duration 'forever'") and top.endswith("-->")
    assert second["mode"] == "0o600" and fake_editor.leftovers() == []
    [session] = people.json("session", "list", "--json")
    assert session["duration_minutes"] == 50


def test_session_edit_opens_the_session_and_saves_the_changes(people, fake_editor):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-18 09:30", "--duration", "45m", "--topic", "feedback",
              "--notes", "fine", "--private-notes", "mine only", "--rating", "3")
    fake_editor.reply({"replace": [("rating: 3", "rating: 5"), ("duration: 45 min", "duration:"),
                                   ("mine only", "still mine"), ("with: Ada Lovelace", "with: sam")]})
    done = people.ok("session", "edit", "1", "--edit", "--channel", "phone")
    assert "Updated session #1." in done.stderr
    seen = fake_editor.rounds[0]["seen"]
    assert "\ndate: 2026-11-18 09:30\nwith: Ada Lovelace\nduration: 45 min\nchannel: phone\n" in seen
    assert "actions:" not in seen and "\nfine\n\n## Private notes\n" in seen
    shown = people.json("session", "show", "1", "--json")
    assert (shown["with"], shown["rating"], shown["duration_minutes"], shown["channel"]) == ("Sam Rivera", 5, None, "phone")
    assert (shown["notes"], shown["private_notes"], shown["date"]) == ("fine", "still mine", "2026-11-18T09:30:00")


def test_session_edit_that_changes_nothing_saves_nothing(people, fake_editor, unchanged):
    people.ok("session", "add", "--with", "ada", "--notes", "fine")
    fake_editor.reply({"replace": [("\nfine\n", "\nfine   \n")]})  # a change of the text, none of the session
    with unchanged():
        done = people.fail("session", "edit", "1", "--edit")
    assert "nothing was saved: no field or note was changed" in done.stderr
    fake_editor.reply({"replace": [("rating:", "rating: 0")]})
    with unchanged():
        done = people.fail("session", "edit", "1", "--edit")
    assert "rating" in done.stderr
    assert people.fail("session", "edit", "1", "--edit", "--clear", "notes").stderr.startswith(
        "Error: --clear and --edit can't be used together")
    assert fake_editor.leftovers() == []


def test_review_edit_needs_the_walk(people):
    assert "--edit and --answers can't be used together" in people.fail(
        "review", "--with", "ada", "--edit", "--answers", "-", input="{}").stderr
    assert "`review list` takes no --edit" in people.fail("review", "--edit", "list").stderr


def test_comments_may_span_lines_and_a_new_error_replaces_the_last():
    text = "<!-- one\n     two -->\n---\nrating: 3\n---\n<!-- a long\nnote -->\nnotes <!-- kept --> here\n"
    assert editor.meaningful(text) == "---\nrating: 3\n---\nnotes <!-- kept --> here"
    assert editor.parse_document(text).body == "notes <!-- kept --> here"
    first = editor.with_error(text, "one " * 30)
    second = editor.with_error(first, "two")
    assert top_comment(second).startswith("<!-- Error: two.") and "one one" not in second
    assert second.endswith(text)
