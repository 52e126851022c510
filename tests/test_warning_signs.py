"""'Walk in prepared': warning signs that lead somewhere. Each rule of the issue, tested on the rule
(`insights`) and then through the commands that show it (report, status)."""

from __future__ import annotations

import shlex
from datetime import date, timedelta

import pytest

from mentorlog.domain import insights
from mentorlog.domain.insights import Facts

TODAY = date(2026, 11, 20)  # conftest's MENTORLOG_NOW


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def met(last: int, cadence: int = 7, **more) -> Facts:
    """An active mentorship with goals, a recent review and one session `last` days ago."""
    values = dict(today=TODAY, start=days_ago(400), cadence_days=cadence, session_dates=[days_ago(last)],
                  last_review=days_ago(1), goals=[("A goal", days_ago(1))], name="Ada Lovelace")
    return Facts(**(values | more))


def sign(facts: Facts, code: str) -> insights.Signal | None:
    return next((s for s in insights.warning_signs(facts) if s.code == code), None)


# -- grace: a quarter of the cadence, at least one day -------------------------------------------------


@pytest.mark.parametrize("cadence, grace", [(1, 1), (3, 1), (7, 1), (14, 3), (30, 7), (60, 15), (90, 22)])
def test_grace_is_a_quarter_of_the_cadence_at_least_one_day(cadence, grace):
    assert insights.grace_days(cadence) == grace


@pytest.mark.parametrize("cadence, late, overdue", [
    (7, 0, 0), (7, 1, 0), (7, 2, 2),  # weekly: 1 day late is within the grace, 2 days is 2 days overdue
    (14, 3, 0), (14, 4, 4),  # every 2 weeks: 3.5 days of grace
    (28, 7, 0), (28, 8, 8),  # (30 and its multiples are calendar months: see test_insights)
])
def test_overdue_days_count_from_the_due_date_once_past_the_grace(cadence, late, overdue):
    due = days_ago(late)
    assert insights.overdue_days(due, TODAY, insights.grace_days(cadence)) == overdue
    found = sign(met(cadence + late, cadence), "checkin_overdue")
    assert (found is not None) == bool(overdue)
    if found:
        assert f"overdue by {overdue} day" in found.message


def test_without_a_grace_overdue_days_is_days_past_due():
    assert insights.overdue_days(days_ago(1), TODAY) == 1
    assert insights.overdue_days(TODAY, TODAY) == 0 and insights.overdue_days(None, TODAY) == 0


# -- severity: how serious now, relative to the cadence ----------------------------------------------


def test_two_days_late_on_a_weekly_is_less_serious_than_58_days():
    slight = sign(met(7 + 2), "checkin_overdue")
    grave = sign(met(7 + 58), "checkin_overdue")
    assert slight.severity == pytest.approx(2 / 7) and grave.severity == pytest.approx(58 / 7)
    assert slight.severity < grave.severity


def test_signs_sort_by_severity_within_a_mentorship():
    # a milestone 30 days late outranks a check-in just past the grace; actions slipping (0.3) sits between
    facts = met(7 + 2, milestones=[(4, "Promotion", "Write the packet", days_ago(30))], overdue_actions=2)
    found = insights.warning_signs(facts)
    assert [s.code for s in found] == ["milestone_late", "actions_slipping", "checkin_overdue"]
    assert [s.severity for s in found] == sorted((s.severity for s in found), reverse=True)


def test_a_review_long_due_does_not_outrank_a_late_checkin():
    found = insights.warning_signs(met(7 + 4, last_review=days_ago(400)))
    assert [s.code for s in found] == ["checkin_overdue", "review_due"]


# -- what to do next, in words and as a command -------------------------------------------------------


def test_overdue_checkin_says_reach_out_with_the_agenda_command():
    found = sign(met(7 + 3), "checkin_overdue")
    assert "reach out" in found.next_step
    assert found.command == "mentorlog agenda --with 'Ada Lovelace'"
    assert shlex.split(found.command) == ["mentorlog", "agenda", "--with", "Ada Lovelace"]


@pytest.mark.parametrize("late, wrap_up", [(14, False), (28, False), (29, True), (58, True)])
def test_more_than_two_cadences_overdue_says_consider_a_wrap_up(late, wrap_up):
    found = sign(met(14 + late, 14), "checkin_overdue")
    assert ("consider a wrap-up" in found.next_step) == wrap_up
    if wrap_up:
        assert found.command == "mentorlog review --with 'Ada Lovelace' --template wrap-up"
    else:
        assert found.command == "mentorlog agenda --with 'Ada Lovelace'"


def test_gaps_widening_says_reset_expectations_or_lengthen_the_cadence():
    facts = met(12, 7, session_dates=[days_ago(n) for n in (60, 45, 28, 12)], role="mentee", name="Sam Rivera")
    found = sign(facts, "gaps_widening")
    assert "reset expectations" in found.next_step and "lengthen the cadence" in found.next_step
    assert found.command == "mentorlog mentee edit 'Sam Rivera' --cadence biweekly"  # gaps of 15-17 days
    assert found.severity == pytest.approx((16 - 7) / 7)


def test_longer_cadence_covers_the_recent_gaps():
    assert insights.longer_cadence(7, [15, 17, 16]) == "biweekly"
    assert insights.longer_cadence(14, [40, 50]) == "monthly"  # 45: as near to 30 as to 60, the shorter
    assert insights.longer_cadence(14, [50, 55]) == "bimonthly"
    assert insights.longer_cadence(30, [200, 200]) == "quarterly"
    assert insights.longer_cadence(90, [200]) is None


def test_every_sign_has_a_next_step_and_no_command_without_a_name():
    facts = Facts(today=TODAY, start=days_ago(300), until=TODAY + timedelta(days=5), cadence_days=14,
                  session_dates=[days_ago(n) for n in (200, 150, 100, 50)], ratings=[5, 4, 3], overdue_actions=1,
                  goals=[("Stuck", days_ago(250))], milestones=[(1, "Stuck", "Step", days_ago(3))])
    found = insights.warning_signs(facts)
    assert len(found) == 8
    assert all(s.next_step for s in found)
    assert [s.command for s in found if s.code != "milestone_late"] == [""] * 7


# -- a milestone past its due date ---------------------------------------------------------------------


def test_a_milestone_past_its_due_date_is_a_sign_of_its_own():
    steps = [(3, "Promotion", "Write the packet", days_ago(6)), (3, "Promotion", "Ask for feedback", days_ago(2)),
             (5, "Talk", "Submit the abstract", TODAY)]
    found = sign(met(1, milestones=steps), "milestone_late")
    assert found.message.startswith('milestone "Write the packet" (Promotion) 6 days past its due date')
    assert "(+1 more late)" in found.message
    assert found.command == "mentorlog goal show 3"
    assert found.severity == pytest.approx(6 / 7)
    assert sign(met(1, milestones=[(5, "Talk", "Submit the abstract", TODAY)]), "milestone_late") is None


# -- through the commands ------------------------------------------------------------------------------


@pytest.fixture
def two(cli):
    """Ada Lovelace (monthly, due 10 days ago: 1/3 of a cadence late) and Sam Rivera (weekly, due 5 days
    ago: 5/7), with a late milestone for Ada."""
    cli.ok("mentor", "add", "Ada Lovelace", "--cadence", "monthly", "--since", "2026-01-01")
    cli.ok("mentee", "add", "Sam Rivera", "--cadence", "weekly", "--since", "2026-01-01")
    cli.ok("session", "add", "--with", "ada", "--on", "2026-10-10 10:00")
    cli.ok("session", "add", "--with", "sam", "--on", "2026-11-08 10:00")
    cli.ok("goal", "add", "Get promoted", "--with", "ada", "--impact", "5", "--support", "4", "--feasibility", "5")
    cli.ok("goal", "milestone", "add", "1", "Write the packet", "--due", "2026-11-18")
    return cli


def test_report_json_signals_keep_code_and_message_and_add_the_next_step(two):
    entries = {e["name"]: e for e in two.json("report", "--format", "json")["mentorships"]}
    sam, ada = entries["Sam Rivera"], entries["Ada Lovelace"]
    assert (sam["next_due"], sam["overdue_days"], sam["grace_days"]) == ("2026-11-15", 5, 1)
    assert (ada["next_due"], ada["overdue_days"], ada["grace_days"]) == ("2026-11-10", 10, 7)
    checkin = sam["signals"][0]
    assert set(checkin) == {"code", "message", "next_step", "command", "severity"}
    assert checkin["code"] == "checkin_overdue" and checkin["command"] == "mentorlog agenda --with 'Sam Rivera'"
    assert checkin["severity"] == 0.71
    # 10/30 cadences late, a review due (at most 0.3), a milestone 2 days late (2/30)
    assert [s["code"] for s in ada["signals"]] == ["checkin_overdue", "review_due", "milestone_late"]


def test_status_puts_the_most_serious_first_across_mentorships(two):
    # by due date Ada (10 Nov) would come first; Sam, 5 days late on a weekly, is more serious
    names = [e["name"] for e in two.json("status", "--format", "json")["mentorships"]]
    assert names == ["Sam Rivera", "Ada Lovelace"]
    lines = two.ok("status").stdout.splitlines()
    assert lines[1].startswith("Sam Rivera") and lines[2].startswith("Ada Lovelace")


def test_status_names_every_sign(two):
    lines = two.ok("status").stdout.splitlines()
    assert "check-in overdue by 10 days" in lines[2] and "(+2 more: review due, milestone late)" in lines[2]


def test_within_the_grace_nothing_is_overdue(two, monkeypatch):
    monkeypatch.setenv("MENTORLOG_NOW", "2026-11-16T10:00:00")  # Sam due yesterday: within a 1-day grace
    sam = {e["name"]: e for e in two.json("report", "--format", "json")["mentorships"]}["Sam Rivera"]
    assert (sam["next_due"], sam["overdue_days"]) == ("2026-11-15", 0)
    assert "checkin_overdue" not in [s["code"] for s in sam["signals"]]
    text = two.ok("report", "--with", "sam").stdout
    assert "15 Nov (yesterday, within the 1 day grace period)" in text and "check-in overdue" not in text


def test_report_text_says_what_to_do_next(two):
    text = two.ok("report").stdout
    assert "→ reach out and plan the next check-in (mentorlog agenda --with 'Sam Rivera')" in text
    assert "→ mark it done, or agree on a new date (mentorlog goal show 1)" in text


def test_the_commands_run_as_printed(two):
    entries = two.json("report", "--format", "json")["mentorships"]
    commands = [s["command"] for e in entries for s in e["signals"] if s["command"]]
    assert commands
    assert "mentorlog review --with 'Ada Lovelace'" in commands
    for line in commands:
        words = shlex.split(line)
        assert words[0] == "mentorlog"
        if words[1] == "review":  # it asks its questions on a terminal; here the answers come as JSON
            answer = '{"achieved": "a packet"}' if "wrap-up" in words else '{"hopes": "a promotion"}'
            two.ok(*words[1:], "--answers", "-", input=answer)
        else:
            two.ok(*words[1:])


def test_a_next_step_command_reaches_the_journal_given_with_db(cli, tmp_path):
    """Printed with `--db PATH`, a next step's command repeats it, so it runs on the same journal."""
    import json as json_module
    import shlex
    import subprocess
    import sys
    from pathlib import Path

    other = tmp_path / "elsewhere" / "journal.db"
    cli.ok("--db", other, "mentor", "add", "Ada Lovelace", "--cadence", "weekly", "--since", "2026-09-01")
    cli.ok("--db", other, "session", "add", "--with", "ada", "--on", "2026-11-11")  # 2 days past due
    report = json_module.loads(cli.ok("--db", other, "report", "--format", "json").stdout)
    commands = [s["command"] for m in report["mentorships"] for s in m["signals"] if s["command"]]
    assert commands and all(f"--db {shlex.quote(str(other))}" in c for c in commands)
    agenda = next(c for c in commands if " agenda " in c)
    mentorlog = Path(sys.executable).parent / "mentorlog"
    done = subprocess.run([str(mentorlog), *shlex.split(agenda)[1:]], capture_output=True, text=True)
    assert done.returncode == 0 and "Ada Lovelace" in done.stdout
