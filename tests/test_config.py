"""config.toml: personal defaults. A flag beats the environment, which beats the file; a bad file is one
`Error:` line naming the file and the key; without a file nothing is parsed."""

from __future__ import annotations

import stat
import subprocess
import sys

import pytest

from conftest import snapshot


@pytest.fixture
def config_file(tmp_path):
    return tmp_path / "config" / "mentorlog" / "config.toml"


@pytest.fixture(autouse=True)
def fresh_help(config_file):
    """Help text is made when a command module loads (once a process): reload it after each test here, so no
    other test sees a default from this one's file."""
    yield
    import importlib

    if config_file.exists():
        config_file.unlink()
    people = sys.modules.get("mentorlog.commands.people")
    if people is not None:
        importlib.reload(people)


def write(config_file, text: str) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(text)


def test_path_is_in_the_xdg_config_folder(cli, config_file):
    assert cli.ok("config", "path").stdout.strip() == str(config_file)
    assert not config_file.exists()  # asking for the path makes nothing


def test_set_get_and_list(cli, config_file):
    cli.ok("config", "set", "cadence", "weekly")
    cli.ok("config", "set", "session-length", "45m")
    assert cli.ok("config", "get", "cadence").stdout == "weekly\n"
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert 'cadence = "weekly"' in config_file.read_text()
    listed = {row["key"]: row for row in cli.json("config", "list", "--json")["settings"]}
    assert listed["session_length"]["value"] == "45m" and listed["session_length"]["from"] == "file"
    assert listed["channel"]["value"] is None
    result = cli.fail("config", "get", "channel")
    assert "channel is not set" in result.stderr


def test_set_checks_the_value_as_the_flag_would(cli, config_file, unchanged):
    with unchanged():
        result = cli.fail("config", "set", "cadence", "fortnightish")
    assert "cadence" in result.stderr and not config_file.exists()
    cli.fail("config", "set", "colour", "blue")
    cli.fail("config", "set", "checkin_time", "25:00")


def test_flag_beats_environment_beats_file(cli, config_file, monkeypatch):
    write(config_file, 'cadence = "weekly"\nreview_every = "8w"\n')
    cli.ok("mentor", "add", "From File")
    monkeypatch.setenv("MENTORLOG_CADENCE", "monthly")
    cli.ok("mentor", "add", "From Env")
    cli.ok("mentor", "add", "From Flag", "--cadence", "biweekly", "--review-every", "4w")
    people = {m["name"]: m for m in cli.json("mentor", "list", "--json")}
    assert people["From File"]["cadence_days"] == 7 and people["From File"]["review_every_days"] == 56
    assert people["From Env"]["cadence_days"] == 30 and people["From Env"]["review_every_days"] == 56
    assert people["From Flag"]["cadence_days"] == 14 and people["From Flag"]["review_every_days"] == 28
    listed = {row["key"]: row for row in cli.json("config", "list", "--json")["settings"]}
    assert listed["cadence"] == {"key": "cadence", "value": "monthly", "from": "$MENTORLOG_CADENCE",
                                 "help": listed["cadence"]["help"]}
    assert cli.ok("config", "get", "cadence").stdout == "monthly\n"


def test_without_any_setting_the_built_in_defaults_hold(people):
    ada = people.json("mentor", "show", "ada", "--json")
    assert ada["review_every_days"] == 42


def test_session_length_and_channel_defaults(cli, config_file):
    write(config_file, 'session_length = "45m"\nchannel = "phone"\n')
    cli.ok("mentor", "add", "Ada", "--cadence", "weekly")
    assert cli.json("mentor", "show", "ada", "--json")["channel"] == "phone"
    cli.ok("session", "add", "--with", "ada")
    cli.ok("session", "add", "--with", "ada", "--duration", "1h")
    assert [s["duration_minutes"] for s in cli.json("session", "list", "--json")] in ([60, 45], [45, 60])


def test_help_shows_a_configured_default(cli, config_file):
    import importlib

    from mentorlog.commands import people

    importlib.reload(people)  # help text is made when the command module loads, as in a new process
    assert "yours:" not in cli.ok("mentor", "add", "--help").stdout
    write(config_file, 'cadence = "weekly"\n')
    importlib.reload(people)
    out = " ".join(cli.ok("mentor", "add", "--help").stdout.split())
    assert "(yours: weekly, from config.toml)" in out


@pytest.mark.parametrize("command, key, text, shown", [
    (("session", "add"), "session_length", '"45m"', "--duration DURATION How long: 45m, 1h30m, 90. (yours: 45m, from config.toml)"),
    (("mentor", "add"), "session_length", '"1h"', "--length DURATION How long a check-in usually lasts: 45m, 1h. (yours: 1h, "),
    (("mentee", "add"), "checkin_time", '"09:30"', "(the calendar's events are timed). (yours: 09:30, from config.toml)"),
], ids=lambda value: value if isinstance(value, str) and " " not in value else None)
def test_every_add_option_with_a_configured_default_shows_it_in_help(config_file, command, key, text, shown):
    """In a new process, as a person runs it: the help is made when the command's module loads."""
    import os
    import subprocess
    import sys

    write(config_file, f"{key} = {text}\n")
    env = {**os.environ, "COLUMNS": "200"}
    out = subprocess.run([sys.executable, "-m", "mentorlog", *command, "--help"], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert shown in " ".join(out.split())


@pytest.mark.parametrize("text, words", [
    ('cadence = "fortnightish"\n', ["cadence", "fortnightish"]),
    ('cadnce = "weekly"\n', ["unknown key 'cadnce'"]),
    ("cadence = [7]\n", ["cadence must be text"]),
    ('session_length = "forever"\n', ["session_length"]),
    ('week_start = "someday"\n', ["week_start", "monday"]),
    ("cadence = \n", ["not valid TOML"]),
])
def test_a_bad_file_is_one_error_line_naming_the_file_and_key(cli, config_file, db_path, text, words):
    cli.ok("mentor", "add", "Ada", "--cadence", "weekly")
    write(config_file, text)
    before = snapshot(db_path)
    result = cli.fail("mentee", "add", "Sam")
    assert str(config_file) in result.stderr
    for word in words:
        assert word in result.stderr
    assert snapshot(db_path) == before
    cli.fail("config", "list")


def test_a_bad_environment_value_names_the_variable(cli, monkeypatch):
    monkeypatch.setenv("MENTORLOG_CADENCE", "sometimes")
    result = cli.fail("mentor", "add", "Ada")
    assert "$MENTORLOG_CADENCE" in result.stderr


def test_the_editor_comes_after_visual_and_editor(cli, config_file, tmp_path):
    from mentorlog.prompts.editor import editor_command

    write(config_file, 'editor = "my-editor --wait"\n')
    assert editor_command({"PATH": str(tmp_path)}) == ["my-editor", "--wait"]
    assert editor_command({"PATH": str(tmp_path), "EDITOR": "vi"}) == ["vi"]


def imported(*args: str, env: dict) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "mentorlog", *args], capture_output=True,
                          text=True, env=env, timeout=120)
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_no_file_no_parser_on_the_way_to_status_and_session_add(people, config_file, db_path):
    import os

    env = dict(os.environ, MENTORLOG_DB=str(db_path))
    for args in (("status",), ("session", "add", "--with", "ada")):
        assert "tomllib" not in imported(*args, env=env), args
    write(config_file, 'session_length = "45m"\n')
    assert "tomllib" in imported("session", "add", "--with", "ada", env=env)


def test_set_keeps_the_persons_comments_and_layout(cli, config_file):
    write(config_file, '# my defaults\n\n# we meet every two weeks\ncadence = "biweekly"   # agreed in Nov, "#1"\n\n'
                       'channel = "video"\n')
    cli.ok("config", "set", "cadence", "weekly")
    cli.ok("config", "set", "editor", "nano")
    assert config_file.read_text() == ('# my defaults\n\n# we meet every two weeks\ncadence = "weekly"   # agreed in '
                                       'Nov, "#1"\n\nchannel = "video"\neditor = "nano"\n')
    assert cli.ok("config", "get", "cadence").stdout.strip() == "weekly"


def test_set_writes_through_a_symlinked_file_and_keeps_the_link(cli, config_file, tmp_path):
    dotfiles = tmp_path / "dotfiles" / "mentorlog.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text('channel = "video"\n')
    config_file.parent.mkdir(parents=True)
    config_file.symlink_to(dotfiles)
    cli.ok("config", "set", "channel", "phone")
    assert config_file.is_symlink() and dotfiles.read_text() == 'channel = "phone"\n'


def test_a_key_written_over_several_lines_is_set_by_writing_the_file_anew(cli, config_file):
    write(config_file, 'editor = """\nvim"""\nchannel = "video"\n')
    cli.ok("config", "set", "editor", "nano")
    assert cli.ok("config", "get", "editor").stdout.strip() == "nano"
    assert cli.ok("config", "get", "channel").stdout.strip() == "video"
