"""Shell completion through Typer's completion environment: names quoted as each shell needs them, choices
from their one declaration, ids with a short description; and a bad choice is still one `Error:` line.

The first test is the one that matters most: in a real bash, `--with Gr<TAB>` must give a word that bash
reads back as the whole name.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import time
from pathlib import Path

import pytest
from typer._click.shell_completion import split_arg_string

from mentorlog.cli import app

MENTORLOG = Path(sys.executable).parent / "mentorlog"


def bash(cli, words: str) -> list[str]:
    """What bash is offered for the last of `words` (Typer's bash protocol: one completion a line)."""
    parts = split_arg_string(words) + ([""] if words.endswith(" ") else [])  # as bash counts them
    result = cli.runner.invoke(app, [], prog_name="mentorlog", env={
        "_MENTORLOG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)})
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def other_shell(cli, shell: str, words: str) -> str:
    """zsh's and fish's protocol: the command line so far in `_TYPER_COMPLETE_ARGS`."""
    env = {"_MENTORLOG_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words,
           "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = cli.runner.invoke(app, [], prog_name="mentorlog", env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def grace(people):
    people.ok("mentor", "add", "Grace Hopper", "--since", "2026-09-01")
    return people


# -- names with a space ----------------------------------------------------------------------------------


def test_a_name_with_a_space_is_completed_as_one_bash_word(grace):
    [word] = bash(grace, "mentorlog session add --with Gr")
    assert word == "Grace\\ Hopper"
    assert shlex.split(f"--with {word}") == ["--with", "Grace Hopper"]  # what bash will pass
    grace.ok("session", "add", *shlex.split(f"--with {word}"), "--duration", "30m")
    assert [s["with"] for s in grace.json("session", "list", "--json")] == ["Grace Hopper"]


def test_inside_a_quote_the_name_is_the_rest_of_the_quote(grace):
    assert bash(grace, "mentorlog session add --with 'Gr") == ["Grace Hopper"]
    assert bash(grace, 'mentorlog session add --with "Gr') == ["Grace Hopper"]
    assert bash(grace, "mentorlog session add --with 'Grace H") == ["Grace Hopper"]


def test_names_are_matched_whatever_their_case_and_every_special_character_is_escaped(cli):
    cli.ok("mentor", "add", "O'Brien & Co (Dublin)", "--cadence", "weekly")
    [word] = bash(cli, "mentorlog session add --with o")
    assert word == "O\\'Brien\\ \\&\\ Co\\ \\(Dublin\\)"
    assert shlex.split(word) == ["O'Brien & Co (Dublin)"]


def test_zsh_and_fish_are_given_the_name_whole_and_quote_it_themselves(grace):
    assert '"Grace Hopper"' in other_shell(grace, "zsh", "mentorlog session add --with Gr")
    assert other_shell(grace, "fish", "mentorlog session add --with Gr").splitlines() == ["Grace Hopper"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_in_a_real_bash_tab_gives_the_whole_name(grace, tmp_path):
    """bash 4.4+ with the script `--show-completion` prints: the completed line, as bash itself splits it."""
    pexpect = pytest.importorskip("pexpect")
    script = tmp_path / "completion.bash"
    env = dict(os.environ, _MENTORLOG_COMPLETE="source_bash")
    import subprocess

    script.write_text(subprocess.run([str(MENTORLOG)], env=env, capture_output=True, text=True, timeout=60).stdout)
    env = dict(os.environ, PS1="$ ", TERM="dumb", PATH=f"{MENTORLOG.parent}{os.pathsep}{os.environ['PATH']}")
    child = pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], env=env, encoding="utf-8", timeout=20,
                          dimensions=(24, 200))
    child.expect_exact("$ ")
    child.sendline(f"source {script}; bind 'set bell-style none'")
    child.expect_exact("$ ")
    for typed in ("mentorlog session add --with Gr", "mentorlog session add --with 'Gr"):
        child.send(typed + "\t")
        time.sleep(1.5)  # the completion runs mentorlog
        child.send("\x01printf '<%s>' \r")  # to the start of the line: print the words bash would pass
        child.expect(r"<--with><([^>]*)>")
        assert child.match.group(1) == "Grace Hopper", typed
        child.expect_exact("$ ")
    child.sendline("exit")
    child.expect(pexpect.EOF)


# -- choices, declared once --------------------------------------------------------------------------------


@pytest.mark.parametrize(("words", "offered"), [
    ("mentorlog report --format ", ["rich", "markdown", "json"]),
    ("mentorlog status -f ", ["rich", "json"]),
    ("mentorlog agenda --format m", ["markdown"]),
    ("mentorlog export --format ", ["json", "markdown", "csv", "ics"]),
    ("mentorlog session show 1 --format ", ["text", "markdown"]),
    ("mentorlog mentor add X --channel ", ["video", "in-person", "phone", "chat"]),
    ("mentorlog session add --channel v", ["video"]),
    ("mentorlog mentee add X --kind ", ["traditional", "reverse", "peer", "situational", "group"]),
    ("mentorlog mentor add X --focus ", ["outcome", "exploration"]),
    ("mentorlog topic add x --kind feedback", ["feedback-give", "feedback-ask"]),
    ("mentorlog goal add x --category ", ["career", "growth", "skill", "network", "other"]),
    ("mentorlog action add x --owner ", ["me", "them"]),
    ("mentorlog mentor add X --cadence ", ["weekly", "biweekly", "fortnightly", "monthly", "quarterly", "daily"]),
    ("mentorlog mentor edit ada --cadence q", ["quarterly"]),
    ("mentorlog review --template p", ["periodic", "periodic-mentee", "periodic-mentor"]),
    ("mentorlog goal add --roadmap pro", ["professional-network", "promotion-case"]),
    ("mentorlog --color ", ["auto", "always", "never"]),
])
def test_choices_complete_from_their_declaration(cli, words, offered):
    assert bash(cli, words) == offered


@pytest.mark.parametrize(("args", "listed"), [
    (("report", "--help"), "rich|markdown|json"),
    (("export", "--help"), "json|markdown|csv|ics"),
    (("mentor", "add", "--help"), "video|in-person|phone|chat"),
    (("topic", "add", "--help"), "topic|question|feedback-give|feedback-ask"),
    (("--help",), "auto|always|never"),
])
def test_help_lists_the_choices(cli, args, listed):
    assert listed in cli.ok(*args).stdout


@pytest.mark.parametrize(("args", "message"), [
    (("report", "--format", "pdf"), "Error: --format must be one of rich, markdown, json, not 'pdf'"),
    (("export", "-f", "pdf"), "Error: --format must be one of json, markdown, csv, ics, not 'pdf'"),
    (("session", "add", "--with", "ada", "--channel", "pigeon"), "Error: --channel must be one of video"),
    (("mentor", "add", "X", "--kind", "boss"), "Error: --kind must be one of traditional"),
    (("topic", "add", "x", "--with", "ada", "--kind", "gossip"), "Error: --kind must be one of topic"),
    (("--color", "sometimes", "status"), "Error: --color must be one of auto, always, never, not 'sometimes'"),
    (("status", "--color", "sometimes"), "Error: --color must be one of auto, always, never"),
    (("--no-color", "--color", "always", "status"), "Error: --no-color and --color always can't be used together"),
])
def test_a_bad_choice_is_one_error_line_and_exit_1(people, unchanged, args, message):
    with unchanged():
        result = people.fail(*args)
    assert result.stderr.startswith(message), result.stderr


def test_a_choice_is_read_whatever_its_case(people):
    assert {m["name"] for m in people.json("status", "--format", "JSON")["mentorships"]} == {"Ada Lovelace", "Sam Rivera"}


# -- ids with a short description ----------------------------------------------------------------------------


def test_ids_complete_with_a_description_while_several_match(people):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-03", "--topic", "promotion case")
    people.ok("session", "add", "--with", "sam", "--on", "2026-11-10")
    assert bash(people, "mentorlog session show ") == ["2  2026-11-10 Sam", "1  2026-11-03 Ada: promotion case"]
    assert bash(people, "mentorlog session show 1") == ["1"]  # one left: the id alone, for bash to insert
    zsh = other_shell(people, "zsh", "mentorlog session show ")
    assert '"1":"2026-11-03 Ada\\\\: promotion case"' in zsh
    fish = other_shell(people, "fish", "mentorlog session edit ")
    assert "1\t2026-11-03 Ada: promotion case" in fish.splitlines()


def test_ids_offered_are_the_ones_the_command_applies_to(people):
    people.ok("goal", "add", "Lead a cross-team project", "--with", "ada")
    people.ok("action", "add", "Send the brag document", "--with", "ada", "--due", "2026-12-01", "--goal", "1")
    people.ok("action", "add", "Book the room", "--with", "sam")
    people.ok("action", "done", "2")
    people.ok("topic", "add", "How do I get on the platform team?", "--with", "ada")
    assert bash(people, "mentorlog action done ") == ["1"]  # the open one only
    assert bash(people, "mentorlog action reopen ") == ["2"]
    assert bash(people, "mentorlog action edit ") == ["2  Sam: Book the room", "1  2026-12-01 Ada: Send the brag document"]
    assert bash(people, "mentorlog action add x --goal ") == ["1"]
    assert other_shell(people, "fish", "mentorlog goal show ").splitlines() == ["1\tAda: Lead a cross-team project"]
    assert other_shell(people, "fish", "mentorlog topic done ").splitlines() == [
        "1\tAda: How do I get on the platform team?"]
    assert bash(people, "mentorlog session add --discussed ") == ["1"]


def test_id_completion_creates_no_journal(cli, db_path):
    assert bash(cli, "mentorlog session show ") == []
    assert not db_path.exists()
