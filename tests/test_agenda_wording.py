"""An agenda never says a side has nothing open while it lists that side's overdue actions."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_a_side_whose_only_open_actions_are_overdue_is_not_none_open(people, fmt):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-05", "--notes", "first")
    people.ok("action", "add", "Send the packet", "--with", "ada", "--due", "2026-11-10")
    people.ok("action", "add", "Introduce me to the chair", "--with", "ada", "--owner", "them", "--due", "2026-11-12")
    text = people.ok("agenda", "--with", "ada", "--format", fmt).stdout
    assert "Send the packet" in text and "Introduce me to the chair" in text  # both under what was not done
    assert "None open" not in text and "Nothing open" not in text
    assert text.count("Nothing else open: the overdue ones are above.") == 2


def test_a_side_with_nothing_open_at_all_still_says_so(people):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-05", "--notes", "first")
    text = people.ok("agenda", "--with", "ada", "--format", "text").stdout
    assert "None open." in text and "Nothing open." in text and "Nothing else open" not in text
