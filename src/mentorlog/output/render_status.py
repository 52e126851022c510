"""Rendering of status: one row per active mentorship, a Rich table on a terminal (plain text in a pipe).

Counts only: status reads no action, it counts them (`reporting.gather(..., actions=False)`). Journal
text is made safe with `render.safe_text`; Rich is imported only when drawing on a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from mentorlog.domain import dates
from mentorlog.domain.text import command_lines
from mentorlog.output import render

if TYPE_CHECKING:  # imported only to draw rows: `status` on an absent journal reads no report code
    from mentorlog.output.reporting import MentorshipReport



def status_rows(reports: Sequence[MentorshipReport]) -> list[dict]:
    """What the status table shows, as plain values (one dict per mentorship)."""
    out = []
    for r in reports:
        signals = r.signals
        out.append({
            "name": render.safe_text(r.mentorship.name), "role": r.mentorship.role,
            "last": r.last_session_date, "next": r.next_due, "late": r.overdue_days,
            "review": r.review_due, "review_is_due": r.review_is_due,
            "open": r.open_count, "overdue": r.overdue_count,
            "sign": render.safe_text(signals[0].message) if signals else "", "signs": len(signals),
            "more": [signal.label for signal in signals[1:]],
            "step": render.safe_text(signals[0].next_step) if signals else "",
            "command": render.safe_text(signals[0].command) if signals else "",
        })
    return out


def more_signs(row: dict) -> str:
    """The signs after the first, named: ` (+2 more: gaps widening, review due)`; "" when there are none."""
    if not row.get("more"):
        return ""
    return f" (+{len(row['more'])} more: {', '.join(row['more'])})"


def print_status(reports: Sequence[MentorshipReport], today: date, paused: Sequence[str] = ()) -> None:
    rows = status_rows(reports)
    if not rows:
        render.message("No active mentorships. Add one: mentorlog mentor add NAME (or mentorlog mentee add NAME)")
    elif render.use_rich():
        _status_rich(rows, today)
    else:
        render.print_text(status_plain(rows, today))
    if paused:
        render.message(f"Paused: {', '.join(paused)} (no check-ins due).")  # message() makes them safe


def status_plain(rows: Sequence[dict], today: date) -> str:

    headers = ["with", "role", "last", "next", "late", "review", "open", "overdue", "warning sign"]
    table = [[
        row["name"], row["role"], dates.short_day(row["last"], today), dates.short_day(row["next"], today),
        dates.format_days(row["late"]) if row["late"] else "", ("due " if row["review_is_due"] else "") + dates.short_day(row["review"], today),
        f"{row['open']:,}", f"{row['overdue']:,}" if row["overdue"] else "",
        row["sign"] + more_signs(row) if row["sign"] else "on track",
    ] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table]
    return "\n".join(lines)


def _status_rich(rows: Sequence[dict], today: date) -> None:
    """A table; on a narrow terminal the warning signs move under it, one line each, so nothing is cut."""
    from rich import box
    from rich.table import Table
    from rich.text import Text as RichText

    out = render.console()
    narrow = out.width < 100
    table = Table(title=f"Status — {today:%A} {dates.short_day(today, today)}", title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD, padding=(0, 1), pad_edge=not narrow)
    # narrow: names keep room for a word and a half; a review date wraps after "due" before a name breaks
    table.add_column("with", overflow="fold", max_width=16 if narrow else None, min_width=10 if narrow else None)
    table.add_column("last", no_wrap=True)
    table.add_column("next", no_wrap=True)
    table.add_column("review", no_wrap=not narrow)
    table.add_column("actions", no_wrap=True, justify="right")
    if not narrow:
        table.add_column("warning sign", overflow="fold", min_width=20)
    for row in rows:
        who = RichText(row["name"], style="bold")
        who.append(f"\n{row['role']}" if narrow else f" {row['role']}", style="dim")
        late = row["late"]
        due_style = "bold red" if late else ("yellow" if row["next"] == today else "")
        nxt = RichText(dates.short_day(row["next"], today), style=due_style)
        if late:
            nxt.append(f"\n{dates.format_days(late)} late" if narrow else f" +{dates.format_days(late)}", style="red")
        review = RichText("due " if row["review_is_due"] else "", style="yellow")
        review.append(dates.short_day(row["review"], today), style="yellow" if row["review_is_due"] else "")
        acts = RichText(f"{row['open']:,} open")
        if row["overdue"]:
            acts.append(f"\n{row['overdue']:,} late" if narrow else f", {row['overdue']:,} late", style="bold red")
        cells = [who, dates.short_day(row["last"], today), nxt, review, acts]
        if not narrow:
            cells.append(_sign_text(row))
        table.add_row(*cells)
    out.print(table)
    if narrow:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        for row in rows:
            grid.add_row(RichText(row["name"]), _sign_text(row))
        from rich.padding import Padding

        out.print(Padding(RichText("Warning signs", style="bold"), (0, 0, 0, 1)))
        out.print(Padding(grid, (0, 0, 0, 1)))
    _next_steps(out, rows)


def _sign_text(row: dict):
    from rich.text import Text as RichText

    if not row["sign"]:
        return RichText("on track", style="green")
    sign = RichText(row["sign"], style="red")
    sign.append(more_signs(row), style="dim")
    return sign


def _next_steps(out, rows: Sequence[dict]) -> None:
    """Under the table: for each mentorship with a sign, what to do about the most serious one, and its
    command on a line of its own that is never broken (the terminal wraps it, so it is copied whole)."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text as RichText

    steps = [row for row in rows if row["sign"] and row.get("step")]
    if not steps:
        return
    out.print(Padding(RichText("Next steps", style="bold"), (1, 0, 0, 1)))
    width = max(len(row["name"]) for row in steps)
    for row in steps:  # a grid each, so a step wraps under itself; the command is not in it (a cell breaks it)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold", width=width)
        grid.add_column(overflow="fold")
        grid.add_row(RichText(row["name"]), RichText(row["step"]))
        out.print(Padding(grid, (0, 0, 0, 1)))
        if row["command"]:  # broken between words with shell line continuations: copied whole, it still runs
            lines = command_lines(row["command"], out.width, indent=width + 4)
            for number, line in enumerate(lines):
                command = RichText(" " * (width + 2) + "→ " + line.lstrip() if number == 0 else line, style="bold")
                command.no_wrap, command.overflow = True, "ignore"
                out.print(command, crop=False)
