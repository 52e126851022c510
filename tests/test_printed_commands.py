"""Every command the program prints runs as printed: the `Example:` line of every command's help, and
every `mentorlog …` hint in a message, a warning sign, a next step or an error. A name with spaces or
an apostrophe is quoted for the shell, so what is copied and pasted is what the person meant."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import typer

from mentorlog.cli import app
from test_help import COMMANDS as HELP_PATHS

# -- help examples ----------------------------------------------------------------------------------------


def example_lines(help_text: str) -> list[str]:
    """The command of each `Example:` line (a command can wrap onto the next line)."""
    paragraphs = re.split(r"\n\s*\n", help_text)
    flat = [" ".join(paragraph.split()) for paragraph in paragraphs]
    return [line.removeprefix("Example: ") for line in flat if line.startswith("Example: mentorlog ")]


def shell_words(line: str) -> list[str]:
    """A printed command as a shell would pass it: split by shell rules (quotes must balance), with an
    output redirection (`> agenda.md`) left to the shell, and the leading `mentorlog` dropped."""
    words = shlex.split(line, comments=True)
    if ">" in words:
        words = words[: words.index(">")]
    assert words[0] == "mentorlog", line
    return words[1:]


_SAMPLE: dict[str, Path] = {}


def sample_journal(tmp_path_factory) -> Path:
    """The demo's sample journal (people with spaces in their names), built once and copied per test."""
    if "path" not in _SAMPLE:
        from mentorlog.data.journal import Journal, vacuum_into
        from mentorlog.sample import build_sample

        folder = tmp_path_factory.mktemp("sample")
        with Journal(folder / "build.db") as store:
            build_sample(store)
            vacuum_into(store.conn, folder / "sample.db")
        _SAMPLE["path"] = folder / "sample.db"
    return _SAMPLE["path"]


@pytest.fixture
def sample(cli, db_path, tmp_path, tmp_path_factory, monkeypatch):
    """A fresh copy of the sample journal as the journal in use, run from an empty folder with its own home."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.parent.chmod(0o700)
    shutil.copy(sample_journal(tmp_path_factory), db_path)
    db_path.chmod(0o600)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "Dropbox").mkdir(parents=True)
    return cli


def help_examples() -> list[tuple[tuple[str, ...], str]]:
    from typer.testing import CliRunner

    runner = CliRunner()
    found = []
    for path, command in HELP_PATHS.items():
        if not path or isinstance(command, Exception):
            continue  # the root names commands, not examples; a command that can't load fails test_help
        text = runner.invoke(app, [*path, "--help"]).stdout
        found.extend((path, line) for line in example_lines(text))
    return found


EXAMPLES = help_examples()

# What an example needs to have happened first, so that it does what it shows (ids and names are the
# sample journal's: goal 4 is Grace Hopper's, action 12 one of Ada Lovelace's).
PREPARE = {
    ("mentor", "resume"): [["mentor", "pause", "Ada Lovelace"]],
    ("mentee", "resume"): [["mentee", "pause", "Sam Rivera"]],
    ("goal", "reopen"): [["goal", "drop", "4", "--reason", "not now"]],
    ("action", "done"): [["action", "reopen", "12"]],  # 12 is skipped in the sample
    ("action", "skip"): [["action", "reopen", "12"]],
    ("import",): [["export", "--format", "json", "--output", "laptop-export.json"]],
    ("sync",): [["sync", "init", "sync-folder"]],
    ("config", "get"): [["config", "set", "cadence", "biweekly"]],
    ("sync", "status"): [["sync", "init", "sync-folder"]],
    **{("topic", verb): [["topic", "add", "Ask about the staff track", "--with", "Ada Lovelace"]]  # topic 1
       for verb in ("done", "drop", "edit")},
}
EMPTY = {("mentor", "add"), ("mentee", "add")}  # examples that add a person the sample already has


def test_every_command_has_examples_to_run():
    paths = {path for path, _ in EXAMPLES}
    leaves = {path for path, command in HELP_PATHS.items() if path and not hasattr(command, "list_commands")}
    assert leaves <= paths, leaves - paths


@pytest.mark.parametrize("path,line", EXAMPLES, ids=[line for _, line in EXAMPLES])
def test_help_example_runs_as_printed(sample, db_path, path, line):
    if path in EMPTY:
        db_path.unlink()
    for step in PREPARE.get(path, []):
        sample.ok(*step)
    words = shell_words(line)
    assert tuple(words[: len(path)]) == path, f"the example of `{' '.join(path)}` runs another command: {line}"
    run_printed(sample, line)


# -- hints in messages, warning signs, next steps and errors -----------------------------------------------

from mentorlog.cli import COMMANDS  # noqa: E402

NAME = "Grace O'Hara"
PLACEHOLDERS = {"NAME": NAME, "TEXT": "a note", "TITLE": "a goal"}  # a hint's template words, filled in as a person would
REFUSED_NAME = re.compile(r"no (mentor|mentee|mentorship|goal|action|session|review|such)\b.*(match|found|#)|unknown|ambiguous",
                          re.IGNORECASE)


def printed_commands(text: str) -> list[str]:
    """Every `mentorlog …` command in printed text: from `mentorlog` and a command's name (or `--db`) to
    the end of the line, a closing bracket or backtick outside quotes, or a sentence's end."""
    found = []
    for match in re.finditer(r"(?<![\w-])mentorlog (?=--db |([\w-]+)(?:[\s`)]|$))", text):
        if match.group(1) is not None and match.group(1) not in COMMANDS:
            continue  # prose: "another mentorlog is writing"
        found.append(_command_at(text, match.start()))
    return found


def _command_at(text: str, start: int) -> str:
    quote, end = None, start
    while end < len(text):
        char = text[end]
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "()`;\n" or (char in ".," and (end + 1 == len(text) or text[end + 1].isspace())):
            break
        end += 1
    return text[start:end].strip()


def run_printed(cli, command: str):
    """Run a printed command as it reads: it must split as a shell splits it, and be accepted."""
    words = [PLACEHOLDERS.get(word, word) for word in shell_words(command)]
    result = cli(*words, input="")
    assert result.exit_code in (0, 1), f"{command}\nexit {result.exit_code}\n{result.stderr}"
    if result.exit_code == 1:  # only for want of a terminal to ask on, never a name or id it can't find
        assert "terminal" in result.stderr and not REFUSED_NAME.search(result.stderr), f"{command}\n{result.stderr}"
    return result


def test_printed_commands_are_found_whole():
    text = ("→ consider a wrap-up (mentorlog review --with 'Grace O'\"'\"'Hara' --template wrap-up)\n"
            "Run `mentorlog undo` again. Reopen it with: mentorlog goal reopen 3.\n"
            "another mentorlog is writing; add one with `mentorlog mentor add NAME` (or `mentorlog mentee add NAME`)")
    assert printed_commands(text) == [
        "mentorlog review --with 'Grace O'\"'\"'Hara' --template wrap-up", "mentorlog undo", "mentorlog goal reopen 3",
        "mentorlog mentor add NAME", "mentorlog mentee add NAME"]
    assert shell_words(printed_commands(text)[0])[2] == NAME


@pytest.fixture
def drifting(cli):
    """Grace O'Hara, weekly since June, drifting away: gaps widening, a check-in months late, a late
    milestone, a pile of overdue actions, and a personal goal; and Ada Lovelace with a goal of her own."""
    cli.ok("mentor", "add", NAME, "--cadence", "weekly", "--since", "2026-06-01")
    cli.ok("mentee", "add", "Ada Lovelace", "--cadence", "biweekly", "--since", "2026-06-01")
    for day in ("2026-06-01", "2026-06-08", "2026-06-29", "2026-08-10"):
        cli.ok("session", "add", "--with", "grace", "--on", day, "--rating", "3", "--topic", "craft")
    cli.ok("goal", "add", "Write more", "--with", "grace")  # goal 1
    cli.ok("goal", "add", "Ship it", "--with", "ada")  # goal 2
    cli.ok("goal", "milestone", "add", "1", "Draft", "--due", "2026-10-01")
    for number in range(1, 13):
        cli.ok("action", "add", f"thing {number}", "--with", "grace", "--due", f"2026-10-{number:02d}")
    return cli


def collect(cli, *args: str, code: int = 0) -> list[str]:
    result = cli(*args, input="")
    assert result.exit_code == code, f"{args}: exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    return printed_commands(result.stdout + "\n" + result.stderr)


def test_warning_signs_and_report_hints_run_as_printed(drifting):
    found = collect(drifting, "status") + collect(drifting, "report") + collect(drifting, "agenda", "--with", "grace")
    for what in ("status", "report"):
        signals = json.loads(drifting.ok(what, "--format", "json").stdout)
        signals = signals.get("mentorships", signals) if isinstance(signals, dict) else signals
        found += [s["command"] for m in signals for s in m.get("signals", []) if isinstance(s, dict) and s.get("command")]
    assert any("wrap-up" in c for c in found) and any("action list" in c for c in found), found
    assert any("goal show" in c for c in found) and any("--cadence" in c for c in found), found
    for command in dict.fromkeys(found):
        run_printed(drifting, command)


def test_hints_with_the_db_option_run_as_printed(drifting, db_path, tmp_path):
    elsewhere = tmp_path / "my journals" / "it's mine.db"
    elsewhere.parent.mkdir()
    db_path.rename(elsewhere)
    found = collect(drifting, "--db", str(elsewhere), "report")
    assert found and all(shell_words(c)[:2] == ["--db", str(elsewhere)] for c in found), "\n".join(found)
    for command in found:
        run_printed(drifting, command)


def test_error_hints_run_as_printed(drifting):
    found = collect(drifting, "session", "add", "--with", "grace", "--on", "2026-05-01", code=1)  # before the start
    found += collect(drifting, "action", "add", "x", "--with", "ada", "--goal", "1", code=1)  # another's goal
    found += collect(drifting, "win", "add", "x", "--goal", "1", code=1) if drifting(
        "win", "add", "x", "--goal", "1").exit_code == 1 else []
    drifting.ok("action", "done", "1")
    found += collect(drifting, "action", "done", "1", code=1)  # reopen it first
    found += collect(drifting, "goal", "pause", "2") + collect(drifting, "goal", "done", "1")
    found += collect(drifting, "undo", "--yes")
    assert any("--since 2026-05-01" in c for c in found) and any("goal list" in c for c in found), found
    assert any("action reopen" in c for c in found), found
    for command in found:
        run_printed(drifting, command)


def test_hints_of_an_empty_journal_run_as_printed(cli, db_path):
    found = collect(cli, "status") + collect(cli, "session", "add", "--with", "x", code=1)
    for group in ("mentor", "mentee"):
        found += collect(cli, group, "list")
    for args in (("session", "list"), ("goal", "list"), ("action", "list"), ("win", "list"), ("review", "list")):
        found += collect(cli, *args)
    assert len(found) >= 5, found
    for command in dict.fromkeys(found):  # each on a fresh journal, with the person NAME stands for
        db_path.unlink(missing_ok=True)
        if shell_words(command)[:2] not in (["mentor", "add"], ["mentee", "add"]):
            cli.ok("mentor", "add", NAME)
        run_printed(cli, command)


def test_the_demo_hints_run_as_printed(cli, db_path, tmp_path, monkeypatch):
    """With --keep, what the demo prints about the sample names the kept copy; what it suggests for your
    own journal runs there, in the order printed."""
    monkeypatch.chdir(tmp_path)
    keep = tmp_path / "my samples" / "Grace's sample.db"
    keep.parent.mkdir()
    found = collect(cli, "demo", "--keep", str(keep))
    on_sample = [c for c in found if "--db" in c]
    on_mine = [c for c in found if "--db" not in c]
    assert len(on_sample) >= 6 and all(shell_words(c)[:2] == ["--db", str(keep)] for c in on_sample), found
    assert any("mentor add" in c for c in on_mine) and any("agenda" in c for c in on_mine), found
    for command in on_sample + on_mine:
        run_printed(cli, command)


def test_hints_of_a_draft_review_and_of_ending_run_as_printed(drifting, db_path, monkeypatch):
    from test_reviews import CTRL_C, keys

    from mentorlog.prompts import ask

    monkeypatch.setattr(ask, "interactive", lambda: True)
    with keys("Good chats" + "\r" + CTRL_C):  # interrupted at the second question: a draft is kept
        interrupted = drifting("review", "--with", "grace", "--template", "periodic")
    monkeypatch.setattr(ask, "interactive", lambda: False)
    found = printed_commands(interrupted.stdout + "\n" + interrupted.stderr)
    found += collect(drifting, "review", "list", "--with", "grace")
    assert sum("--resume" in c for c in found) == 2, found
    found += collect(drifting, "mentor", "pause", "grace") + collect(drifting, "mentor", "resume", "grace")
    found += collect(drifting, "mentor", "end", "grace")  # open actions left: how to settle them
    assert any("action list" in c for c in found), found
    for command in found:  # each from the state it was printed in: some are alternatives (done, skip, keep)
        with kept_as_it_is(db_path):
            run_printed(drifting, command)


@contextmanager
def kept_as_it_is(path: Path):
    """The journal as it is now, put back afterwards (SQLite's backup, so its log is accounted for)."""
    import sqlite3

    saved = sqlite3.connect(":memory:")
    with closing(sqlite3.connect(path)) as source:
        source.backup(saved)
    try:
        yield
    finally:
        with closing(sqlite3.connect(path)) as target:
            saved.backup(target)
        saved.close()
