"""Markdown printed on a terminal wraps between words under its list items; through a pipe it is left
as it is, one line per item, ready to paste."""

from __future__ import annotations

import re

import pytest

from mentorlog.domain.text import wrap_markdown
from mentorlog.output import render

DOC = """# Agenda: check-in with Ada Lovelace (for 6 Dec)

## Not done, and why

- Ask Priya for the design-review slot (me) — the review calendar is frozen until the reorg settles on 2026-12-14
- [ ] Share the packet draft with Ada (me) — still open, due 28 Nov (2 days overdue)  
  a second line of the same item that is also rather long and wants wrapping too

```
Ada Lovelace ······························▪·▪·▪·▪·▪·▪·▪·▪·▪·▪·▪··
```
"""


@pytest.mark.parametrize("width", [40, 60, 80])
def test_lines_wrap_between_words_under_their_item(width):
    wrapped = wrap_markdown(DOC, width)
    words = lambda text: re.sub(r"\s+", " ", text).split(" ")  # noqa: E731
    assert words(wrapped) == words(DOC)  # nothing lost, nothing split: every word and date whole
    for line in wrapped.splitlines():
        assert len(line) <= width or line.startswith(("#", "Ada Lovelace ")) or " " not in line.strip(), line
    assert "2026-12-14" in wrapped and "design-review" in wrapped
    items = [line for line in wrapped.splitlines() if line.startswith("- ")]
    assert len(items) == 2  # continuation lines are indented under the item, never new items


def test_a_line_that_fits_and_a_code_block_are_unchanged():
    assert wrap_markdown(DOC, 200) == DOC
    assert "Ada Lovelace ······························▪·▪·▪·▪·▪·▪·▪·▪·▪·▪·▪··" in wrap_markdown(DOC, 30)


def test_the_agenda_wraps_on_a_terminal_and_not_in_a_pipe(people, monkeypatch):
    people.ok("session", "add", "--with", "ada", "--on", "2026-11-05", "--notes", "first")
    people.ok("action", "add", "Ask Priya for the design-review slot before the calendar freezes for the reorg",
              "--with", "ada", "--due", "2026-11-10")
    piped = people.ok("agenda", "--with", "ada").stdout
    assert any(len(line) > 60 for line in piped.splitlines())  # a pipe gets one line per item
    monkeypatch.setattr(render, "use_rich", lambda: True)
    monkeypatch.setenv("COLUMNS", "60")
    shown = people.ok("agenda", "--with", "ada").stdout
    assert all(len(line) <= 60 for line in shown.splitlines()), shown
    assert re.sub(r"\s+", " ", shown) == re.sub(r"\s+", " ", piped)
