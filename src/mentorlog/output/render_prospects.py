"""Prospects in `status`: the follow-ups that fall due, each with the command to run once you wrote again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from mentorlog.domain import dates
from mentorlog.output import render

if TYPE_CHECKING:
    from mentorlog.domain.models import Prospect


def follow_up_lines(due: Sequence[Prospect], today: date, before: tuple = (), width: int | None = None) -> list[str]:
    """Lines per prospect whose follow-up has come: who and since when, and what to run (with `before`, the
    global options that reach this journal: `--db PATH`). Wrapped between words to `width` when given; a
    command is never broken: it moves to a line of its own."""
    from mentorlog.domain.text import shell_command

    lines = []
    for prospect in due:
        waited = dates.format_days((today - prospect.contacted_on).days) if prospect.contacted_on else "a while"
        lines += _wrapped(f"- #{prospect.id} {prospect.name}: contacted {dates.short_day(prospect.contacted_on, today)} "
                          f"({waited} ago), follow up since {dates.short_day(prospect.follow_up, today)}", width)
        again = shell_command(*before, "prospect", "contacted", prospect.id)
        lead = "  → write again, then: "
        lines += [lead + again] if width is None or len(lead + again) <= width else [lead.rstrip(), "    " + again]
        lines += _wrapped(f"  (or `prospect accept {prospect.id}` or `prospect decline {prospect.id}` once they answer)",
                          width)
    return lines


def _wrapped(text: str, width: int | None) -> list[str]:
    if width is None or len(text) <= width:
        return [text]
    import textwrap

    return textwrap.wrap(text, width, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)


def print_follow_ups(due: Sequence[Prospect], today: date, before: tuple = ()) -> None:
    count = len(due)
    width = render.console().width if render.use_rich() else None
    title = f"Follow-up{'s' if count > 1 else ''} due ({count} prospect{'s' if count > 1 else ''} to write to again)"
    render.print_text("\n".join(["", *_wrapped(title, width), *follow_up_lines(due, today, before, width)]))
