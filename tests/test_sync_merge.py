"""The merge rule on plain values: the same winner whatever the order, deletions like any change, and
conflicts only between versions made without seeing each other."""

from __future__ import annotations

import itertools

from mentorlog.sync.merge import Change, Held, after, decide, valid, version

A, B, C = "a" * 32, "b" * 32, "c" * 32


def change(at: str, device: str, seq: int, row: dict | None, base: str | None = None, uid: str = "row-1") -> Change:
    return Change("sessions", uid, version(at, device, seq), base, row, device)


def final(held: dict, changes: list[Change]) -> dict:
    """Apply changes one at a time, as devices reading in different orders do; the winner per row."""
    state = dict(held)
    for one in changes:
        for winner in decide(state, [one]).apply:
            state[winner.key] = Held(winner.version, winner.base)
    return state


def test_every_order_gives_the_same_winner():
    changes = [change("2026-11-20T10:00:00Z", A, 1, {"rating": 1}), change("2026-11-20T11:00:00Z", B, 4, {"rating": 2}),
               change("2026-11-20T11:00:00Z", C, 2, None), change("2026-11-20T09:00:00Z", C, 3, {"rating": 4})]
    results = {tuple(sorted(final({}, list(order)).items())) for order in itertools.permutations(changes)}
    assert len(results) == 1
    [(key, held)] = results.pop()
    assert held.version == changes[2].version  # the newest, ties broken by device id: C's deletion


def test_a_deletion_wins_over_an_older_edit_and_loses_to_a_newer_one():
    edit = change("2026-11-20T10:00:00Z", A, 1, {"rating": 3})
    deletion = change("2026-11-20T11:00:00Z", B, 1, None)
    assert decide({}, [edit, deletion]).apply == [deletion]
    newer = change("2026-11-20T12:00:00Z", A, 2, {"rating": 5})
    assert decide({}, [edit, deletion, newer]).apply == [newer]


def test_a_change_made_after_seeing_another_comes_after_it_whatever_the_clock():
    seen = version("2026-11-20T18:00:00Z", B, 7)
    made = after("2026-11-20T09:00:00Z", A, 3, seen)  # this clock is nine hours behind
    assert made > seen and valid(made)
    assert after("2026-11-20T19:00:00Z", A, 3, seen) == version("2026-11-20T19:00:00Z", A, 3)


def test_conflicts_are_only_between_versions_made_without_seeing_each_other():
    base = version("2026-11-20T09:00:00Z", C, 1)
    held = {("sessions", "row-1"): Held(base, None)}
    ours = change("2026-11-20T10:00:00Z", A, 2, {"rating": 2}, base)
    theirs = change("2026-11-20T11:00:00Z", B, 5, {"rating": 5}, base)
    decision = decide({("sessions", "row-1"): Held(ours.version, base)}, [theirs])
    assert decision.apply == [theirs]
    assert [(c.lost_version, c.lost) for c in decision.conflicts] == [(ours.version, None)]
    follow_up = change("2026-11-20T12:00:00Z", B, 6, {"rating": 4}, theirs.version)
    assert decide(held, [theirs, follow_up]).conflicts == []  # one made from the other
    again = decide({("sessions", "row-1"): Held(theirs.version, base)}, [theirs])
    assert again.apply == [] and again.conflicts == []  # the same change read twice
    own = change("2026-11-20T13:00:00Z", B, 9, {"rating": 1})  # one device's changes never conflict
    assert decide({("sessions", "row-1"): Held(theirs.version, base)}, [own]).conflicts == []


def test_versions_from_elsewhere_are_checked():
    assert valid(version("2026-11-20T10:00:00", A, 1))
    for bad in (None, 3, "x|y|z", "2026-11-20T10:00:00Z|" + A + "|1", "2026-11-20|" + A + "|000000000001"):
        assert not valid(bad)
