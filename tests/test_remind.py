"""`remind`: what needs doing today and tomorrow, for cron and systemd. Exit 0 when there is something to do,
1 when there is nothing; `--notify` through notify-send or a line saying why not; `--install` changes nothing."""

from __future__ import annotations

import os
import stat

import pytest


@pytest.fixture
def quiet(people):
    """Ada (biweekly) met on 11-07, so she is due on 11-21; Sam (weekly) met on 11-18, due 11-25; reviews far off."""
    for role, name in (("mentor", "ada"), ("mentee", "sam")):
        people.ok(role, "edit", name, "--review-every", "26w")
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-07 15:00")
    people.ok("session", "add", "--with", "sam", "--on", "2026-11-18 15:00")
    return people


def at(monkeypatch, day: str) -> None:
    monkeypatch.setenv("MENTORLOG_NOW", f"{day}T08:00:00")


def items(cli, code: int = 0) -> list[dict]:
    result = cli("remind", "--json")
    assert result.exit_code == code, result.output
    return json_items(result.stdout)


def json_items(text: str) -> list[dict]:
    import json

    return [(i["kind"], i["with"], i["day"]) for i in json.loads(text)["items"]]


def test_exit_codes_follow_the_clock(quiet, monkeypatch):
    at(monkeypatch, "2026-11-18")
    result = quiet("remind")
    assert (result.exit_code, result.stdout) == (1, "")  # nothing to do: exit 1, nothing on stdout
    assert items(quiet, code=1) == []
    at(monkeypatch, "2026-11-20")  # Ada's check-in is tomorrow: send the agenda today
    assert items(quiet) == [("agenda", "Ada Lovelace", "2026-11-20")]
    at(monkeypatch, "2026-11-21")
    assert items(quiet) == [("checkin", "Ada Lovelace", "2026-11-21")]
    at(monkeypatch, "2026-11-25")  # Ada past her grace period, Sam due today, nobody tomorrow
    assert items(quiet) == [("checkin_overdue", "Ada Lovelace", "2026-11-25"), ("checkin", "Sam Rivera", "2026-11-25")]


def test_the_text_says_what_to_do_and_the_command_to_run(quiet, monkeypatch):
    at(monkeypatch, "2026-11-20")
    out = quiet.ok("remind").stdout
    assert out == ("Today, Fri 20 Nov\n"
                   "  • Send the agenda for tomorrow's check-in with Ada Lovelace\n"
                   "      mentorlog agenda --with 'Ada Lovelace'\n")


def test_actions_milestones_reviews_and_follow_ups(quiet, monkeypatch):
    quiet.ok("action", "add", "Send the brag doc", "--with", "ada", "--due", "2026-11-21")
    quiet.ok("action", "add", "Read the SRE book", "--with", "sam", "--due", "2026-11-15", "--owner", "them")
    quiet.ok("action", "add", "Later", "--with", "sam", "--due", "2026-11-30")
    quiet.ok("goal", "add", "Promotion case")
    quiet.ok("goal", "milestone", "add", "1", "Draft", "--due", "2026-11-20")
    quiet.ok("prospect", "add", "Grace Hopper")
    quiet.ok("prospect", "contacted", "1", "--on", "2026-11-13", "--follow-up", "2026-11-21")
    quiet.ok("mentor", "edit", "ada", "--review-every", "10w")  # due 2026-11-10 from the start
    at(monkeypatch, "2026-11-20")
    assert items(quiet) == [
        ("agenda", "Ada Lovelace", "2026-11-20"),
        ("review", "Ada Lovelace", "2026-11-20"),
        ("action", "Sam Rivera", "2026-11-20"),
        ("milestone", None, "2026-11-20"),
        ("action", "Ada Lovelace", "2026-11-21"),
        ("follow_up", "Grace Hopper", "2026-11-21"),
    ]
    out = quiet.ok("remind").stdout
    assert "Their action with Sam Rivera was due 15 Nov: Read the SRE book\n      mentorlog action done 2" in out
    assert "Review your mentorship with Ada Lovelace (due since 10 Nov)" in out
    assert "Tomorrow, Sat 21 Nov\n  • Your action with Ada Lovelace is due tomorrow: Send the brag doc" in out
    assert "Milestone \"Draft\" of \"Promotion case\" is due today\n      mentorlog goal milestone done 1" in out


def test_an_ended_mentorships_actions_are_not_due(quiet, monkeypatch):
    quiet.ok("action", "add", "Read the SRE book", "--with", "sam", "--due", "2026-11-15")
    quiet.ok("mentee", "end", "sam", "--on", "2026-11-19")
    at(monkeypatch, "2026-11-18")
    assert items(quiet, code=1) == []


def test_date_style_from_the_config_file(quiet, monkeypatch, tmp_path):
    config = tmp_path / "config" / "mentorlog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('date_style = "iso"\n')
    quiet.ok("action", "add", "Read the SRE book", "--with", "sam", "--due", "2026-11-15")
    at(monkeypatch, "2026-11-20")
    out = quiet.ok("remind").stdout
    assert out.startswith("Today, 2026-11-20\n") and "was due 2026-11-15" in out


def test_db_is_repeated_in_the_commands(quiet, monkeypatch, db_path):
    at(monkeypatch, "2026-11-20")
    out = quiet.ok("--db", db_path, "remind").stdout
    assert f"mentorlog --db {db_path} agenda --with 'Ada Lovelace'" in out


def test_an_absent_journal_has_nothing_to_do_and_is_not_created(cli, db_path):
    result = cli("remind")
    assert result.exit_code == 1 and result.stdout == ""
    assert not db_path.exists()


def fake_notify_send(folder, log):
    folder.mkdir(exist_ok=True)
    program = folder / "notify-send"
    program.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {log}\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return folder


def test_notify_sends_through_notify_send(quiet, monkeypatch, tmp_path):
    log = tmp_path / "notified.txt"
    monkeypatch.setenv("PATH", f"{fake_notify_send(tmp_path / 'bin', log)}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    at(monkeypatch, "2026-11-20")
    quiet.ok("remind", "--notify")
    assert log.read_text().splitlines() == ["--app-name=mentorlog", "mentorlog: 1 thing to do",
                                            "• Send the agenda for tomorrow's check-in with Ada Lovelace"]
    log.unlink()
    at(monkeypatch, "2026-11-18")
    assert quiet("remind", "--notify").exit_code == 1
    assert not log.exists()  # nothing to do: no notification


def test_notify_says_why_not(quiet, monkeypatch, tmp_path):
    at(monkeypatch, "2026-11-20")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = quiet.ok("remind", "--notify")
    assert "notify-send is not installed" in result.stderr and "agenda" in result.stdout
    monkeypatch.setenv("PATH", str(fake_notify_send(tmp_path / "bin", tmp_path / "log")))
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert "no desktop session" in quiet.ok("remind", "--notify").stderr


def test_install_prints_cron_and_systemd_and_changes_nothing(cli, db_path, tmp_path):
    out = cli.ok("remind", "--install").stdout
    assert "0 8 * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/" in out
    assert "remind --notify" in out
    assert "[Timer]\nOnCalendar=*-*-* 08:00:00" in out and "SuccessExitStatus=1" in out
    assert "ExecStart=" in out and "WantedBy=timers.target" in out
    assert not db_path.exists() and not (tmp_path / "config").exists()
