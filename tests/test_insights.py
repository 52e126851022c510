"""insights: next check-in, overdue, review due and warning signs, from plain values."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.domain import insights
from mentorlog.domain.insights import Facts, Signal

TODAY = date(2026, 11, 20)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def codes(facts: Facts) -> list[str]:
    return [signal.code for signal in insights.warning_signs(facts)]


def on_track(**changes) -> Facts:
    """A biweekly mentorship in good shape: met 5 days ago, reviewed recently, a goal moving."""
    base = dict(
        today=TODAY, start=days_ago(120), cadence_days=14, review_every_days=42,
        session_dates=[days_ago(n) for n in (61, 47, 33, 19, 5)], ratings=[4, 5, 4, 5, 5],
        last_review=days_ago(20), goals=[("Get promoted", days_ago(10))],
        recent_actions=[("done", days_ago(30), days_ago(31)), ("done", days_ago(10), days_ago(12))],
    )
    base.update(changes)
    return Facts(**base)


# -- goal weight (kept as it was) ---------------------------------------------------------------------


def test_goal_weight_is_the_product_of_the_three_scores():
    assert insights.goal_weight(5, 4, 3) == 60
    assert insights.goal_weight(1, 1, 1) == 1
    with pytest.raises(ValueError):
        insights.goal_weight(0, 3, 3)


# -- next check-in and overdue ------------------------------------------------------------------------


def test_next_checkin_is_the_last_session_plus_the_cadence():
    assert insights.next_checkin_due("active", date(2026, 9, 1), date(2026, 11, 6), 14) == date(2026, 11, 20)


def test_next_checkin_before_any_session_counts_from_the_start():
    assert insights.next_checkin_due("active", date(2026, 11, 1), None, 7) == date(2026, 11, 8)


def test_no_start_and_no_session_means_nothing_is_due():
    assert insights.next_checkin_due("active", None, None, 14) is None


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_paused_and_ended_mentorships_have_no_checkin_due(status):
    assert insights.next_checkin_due(status, date(2026, 1, 1), date(2026, 2, 1), 14) is None
    assert insights.review_due(status, date(2026, 1, 1), None, 42) is None


@pytest.mark.parametrize("last, expected", [
    (date(2026, 1, 31), date(2026, 2, 28)),   # no February 31st: the month's last day
    (date(2028, 1, 31), date(2028, 2, 29)),   # a leap year
    (date(2026, 8, 31), date(2026, 9, 30)),
    (date(2026, 3, 31), date(2026, 4, 30)),
    (date(2026, 12, 15), date(2027, 1, 15)),  # across the year end
    (date(2026, 2, 28), date(2026, 3, 28)),
])
def test_a_monthly_cadence_moves_by_a_calendar_month(last, expected):
    assert insights.next_checkin_due("active", date(2025, 1, 1), last, 30) == expected


def test_a_session_today_makes_the_next_checkin_one_cadence_away_and_nothing_overdue():
    due = insights.next_checkin_due("active", days_ago(100), TODAY, 7)
    assert due == TODAY + timedelta(days=7)
    assert insights.overdue_days(due, TODAY) == 0
    assert "checkin_overdue" not in codes(on_track(session_dates=[days_ago(14), TODAY], cadence_days=7))


@pytest.mark.parametrize("due, expected", [
    (None, 0), (TODAY, 0), (TODAY + timedelta(days=3), 0), (days_ago(1), 1), (days_ago(30), 30),
])
def test_overdue_days(due, expected):
    assert insights.overdue_days(due, TODAY) == expected


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 366))
def test_a_checkin_is_never_overdue_on_the_day_of_the_session(day, cadence):
    due = insights.next_checkin_due("active", None, day, cadence)
    assert due > day
    assert insights.overdue_days(due, day) == 0


# -- review due ----------------------------------------------------------------------------------------


def test_review_due_counts_from_the_start_before_any_review():
    assert insights.review_due("active", date(2026, 10, 1), None, 42) == date(2026, 11, 12)


def test_review_due_counts_from_the_later_of_start_and_last_review():
    assert insights.review_due("active", date(2026, 1, 1), date(2026, 10, 1), 42) == date(2026, 11, 12)
    # a review logged before the start (back-filled) does not pull the date earlier
    assert insights.review_due("active", date(2026, 10, 1), date(2026, 9, 1), 42) == date(2026, 11, 12)


def test_review_interval_is_per_mentorship():
    assert insights.review_due("active", date(2026, 10, 1), None, 56) == date(2026, 11, 26)


def test_review_is_due_on_the_day_and_after():
    assert insights.is_review_due(TODAY, TODAY)
    assert insights.is_review_due(days_ago(1), TODAY)
    assert not insights.is_review_due(TODAY + timedelta(days=1), TODAY)
    assert not insights.is_review_due(None, TODAY)


# -- the patterns ---------------------------------------------------------------------------------------


def test_session_gaps_sort_the_dates_first():
    assert insights.session_gaps([date(2026, 1, 15), date(2026, 1, 1), date(2026, 1, 29)]) == [14, 14]
    assert insights.session_gaps([date(2026, 1, 1)]) == []
    assert insights.session_gaps([]) == []


@pytest.mark.parametrize("gaps, cadence, widening", [
    ([], 14, False),
    ([40], 14, False),                # one gap says nothing yet
    ([14, 14, 15], 14, False),        # on rhythm
    ([14, 25, 30, 35], 14, True),     # well above, and the latest too
    ([30, 35, 14], 14, False),        # back on rhythm at the last meeting
    ([21, 21], 14, False),            # exactly 1.5x is not "well above"
    ([22, 22], 14, True),
    ([31, 31, 30], 30, False),        # monthly, month lengths vary
    ([40, 50, 60], 30, True),
])
def test_gaps_widening(gaps, cadence, widening):
    assert insights.gaps_widening(gaps, cadence) is widening


@pytest.mark.parametrize("ratings, falling", [
    ([], False),
    ([5, 4], False),
    ([5, 4, 3], True),                # three falling in a row
    ([3, 4, 5], False),
    ([4, 4, 4, 4], False),
    ([5, 5, 5, 4, 4, 4], True),       # a point lower on average than the three before
    ([5, 5, 5, 5, 4, 5], False),
    ([2, 5, 4, 4], False),
])
def test_ratings_falling(ratings, falling):
    assert insights.ratings_falling(ratings) is falling


def test_follow_through_judges_actions_due_or_closed_in_the_last_90_days():
    actions = [
        ("done", days_ago(10), days_ago(11)),
        ("skipped", days_ago(20), days_ago(19)),
        ("open", days_ago(5), None),                # late: judged, not done
        ("open", TODAY + timedelta(days=3), None),  # not due yet: not judged
        ("open", TODAY, None),                      # due today: not late yet
        ("open", None, None),                       # undated and open: not judged
        ("done", None, days_ago(3)),                # undated: judged by the day it was done
        ("done", days_ago(120), days_ago(118)),     # outside the window
    ]
    assert insights.follow_through(actions, TODAY) == (2, 4)


def test_stalled_goals_use_two_review_intervals():
    goals = [("Moving", days_ago(83)), ("Stalled", days_ago(84)), ("Long stalled", days_ago(200))]
    assert insights.stalled_goals(goals, 42, TODAY) == ["Stalled", "Long stalled"]


# -- warning signs --------------------------------------------------------------------------------------


def test_a_mentorship_on_track_has_no_warning_signs():
    assert insights.warning_signs(on_track()) == []


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_paused_and_ended_mentorships_show_no_warning_signs(status):
    troubled = on_track(status=status, session_dates=[days_ago(200)], overdue_actions=3, goals=[])
    assert insights.warning_signs(troubled) == []


def test_checkin_overdue():
    signals = insights.warning_signs(on_track(session_dates=[days_ago(40), days_ago(20)]))
    assert [s.code for s in signals] == ["checkin_overdue"]
    assert signals[0].message == "check-in overdue by 6 days: last met 2026-10-31, meeting every 2 weeks"


def test_checkin_due_today_is_not_overdue():
    assert codes(on_track(session_dates=[days_ago(14)])) == []


def test_no_sessions_yet_is_judged_from_the_start():
    assert codes(on_track(start=days_ago(10), session_dates=[], ratings=[], last_review=None)) == []
    late = insights.warning_signs(on_track(start=days_ago(20), session_dates=[], ratings=[], last_review=None))
    assert [s.code for s in late] == ["checkin_overdue"]
    assert late[0].message.startswith("first check-in overdue by 6 days")


def test_actions_slipping_when_any_is_overdue():
    signals = insights.warning_signs(on_track(overdue_actions=2))
    assert [s.code for s in signals] == ["actions_slipping"]
    assert signals[0].message == "2 actions overdue"


def test_actions_slipping_when_few_recent_actions_were_done():
    recent = [("done", days_ago(40), days_ago(41)), ("skipped", days_ago(30), days_ago(29)),
              ("skipped", days_ago(20), days_ago(19))]
    signals = insights.warning_signs(on_track(recent_actions=recent))
    assert [s.code for s in signals] == ["actions_slipping"]
    assert "only 1 of 3 actions" in signals[0].message
    # two judged actions are too few to call it
    assert codes(on_track(recent_actions=recent[1:])) == []


def test_gaps_widening_sign():
    dates_ = [days_ago(n) for n in (100, 80, 55, 27, 0)]  # gaps 20, 25, 28, 27 against 14
    signals = insights.warning_signs(on_track(session_dates=dates_))
    assert [s.code for s in signals] == ["gaps_widening"]
    assert signals[0].message == "gaps between meetings widening: 25, 28, 27 days against a 14-day cadence"


def test_ratings_falling_sign():
    signals = insights.warning_signs(on_track(ratings=[5, 5, 4, 3]))
    assert [s.code for s in signals] == ["ratings_falling"]
    assert signals[0].message == "session ratings falling: 5 → 5 → 4 → 3"


@pytest.mark.parametrize("until, expected", [
    (TODAY + timedelta(days=15), []),
    (TODAY + timedelta(days=14), ["ending_soon"]),
    (TODAY, ["ending_soon"]),
    (days_ago(3), ["ending_soon"]),
    (None, []),
])
def test_planned_end_within_two_weeks_suggests_the_wrap_up(until, expected):
    signals = insights.warning_signs(on_track(until=until))
    assert [s.code for s in signals] == expected
    if expected and until >= TODAY:
        assert "wrap-up" in signals[0].message


def test_review_due_sign():
    signals = insights.warning_signs(on_track(last_review=days_ago(42)))
    assert [s.code for s in signals] == ["review_due"]
    assert signals[0].message == "relationship review due today"
    first = insights.warning_signs(on_track(last_review=None))  # started 120 days ago, never reviewed
    assert first[0].message == "relationship review due since 2026-09-03 (no review yet)"


def test_goal_stalled_sign_names_the_goals():
    signals = insights.warning_signs(on_track(goals=[("Speak at a conference", days_ago(90)),
                                                     ("Get promoted", days_ago(3))]))
    assert [s.code for s in signals] == ["goal_stalled"]
    assert signals[0].message == "no progress update in 12 weeks: Speak at a conference"


def test_no_goals_after_the_first_calendar_month():
    assert codes(on_track(goals=[], start=date(2026, 10, 21))) == []
    assert codes(on_track(goals=[], start=date(2026, 10, 20), last_review=days_ago(1))) == ["no_goals"]


def test_signs_come_most_serious_first_with_stable_codes():
    troubled = Facts(
        today=TODAY, start=days_ago(300), until=TODAY + timedelta(days=5), cadence_days=14,
        session_dates=[days_ago(n) for n in (200, 150, 100, 50)], ratings=[5, 4, 3], last_review=None,
        overdue_actions=1, goals=[("Stuck", days_ago(250))],
    )
    found = insights.warning_signs(troubled)
    # 36 days late on a 14-day cadence and gaps of 50 days tie at 36/14 cadences (the code order breaks
    # the tie); the rest are patterns (0.3) and minor signs (0.2), a review due counts at most 0.3
    assert [s.code for s in found] == ["checkin_overdue", "gaps_widening", "actions_slipping", "ratings_falling",
                                      "review_due", "ending_soon", "goal_stalled"]
    assert [s.severity for s in found] == sorted((s.severity for s in found), reverse=True)
    assert all(isinstance(s, Signal) and s.message and s.next_step for s in found)
    assert set(insights.SIGNAL_CODES) >= {s.code for s in found}
    assert found[0].to_json() == {"code": "checkin_overdue", "message": found[0].message,
                                  "next_step": found[0].next_step, "command": None, "severity": 2.57}


@pytest.mark.parametrize("cadence, last, expected", [
    ("monthly", date(2026, 1, 31), date(2026, 2, 28)),
    ("1 month", date(2026, 11, 30), date(2026, 12, 30)),
    ("bimonthly", date(2026, 12, 31), date(2027, 2, 28)),
    ("quarterly", date(2026, 11, 30), date(2027, 2, 28)),
    ("3m", date(2028, 2, 29), date(2028, 5, 29)),
    ("every 3 months", date(2025, 11, 30), date(2026, 2, 28)),
    ("12m", date(2028, 2, 29), date(2029, 2, 28)),
    ("13w", date(2026, 1, 31), date(2026, 5, 2)),    # weeks stay exact: 91 days
    ("30d", date(2026, 1, 31), date(2026, 2, 28)),   # 30 days is the canonical month
    ("31d", date(2026, 1, 31), date(2026, 3, 3)),
])
def test_next_checkin_follows_the_cadence_rule(cadence, last, expected):
    from mentorlog.domain import dates

    assert insights.next_checkin_due("active", date(2025, 1, 1), last, dates.parse_cadence(cadence)) == expected
