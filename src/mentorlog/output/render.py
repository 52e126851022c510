"""Output: Rich on a terminal, plain text when piped, JSON for scripts. Data to stdout, messages to stderr.

Rich is imported only when a terminal is drawn on, so piped and JSON output stay fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from mentorlog.domain.text import (  # noqa: F401  (re-exported)
    CONTROLS, json_safe, safe_text, stars, strip_controls, value_text,
)


def use_rich() -> bool:
    """Whether stdout is a terminal worth drawing on; the one switch tests patch."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def console(stderr: bool = False):
    """A Rich console whose every piece of text passes `safe_text` on its way out, whatever built it."""
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def render(self, renderable, options=None):
            for segment in super().render(renderable, options):
                if segment.control is None and CONTROLS.search(segment.text):
                    segment = Segment(safe_text(segment.text), segment.style)
                yield segment

    return SafeConsole(stderr=stderr, highlight=False)


def print_json(data) -> None:
    """A JSON document on stdout: indented for a person at a terminal, compact for a script.

    The compact form is written by json's C encoder, several times faster than the indented one,
    which matters for reports that list thousands of actions.
    """
    if sys.stdout.isatty():
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    else:
        text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    sys.stdout.write(json_safe(text) + "\n")


def message(text: str) -> None:
    """A message for the person (stderr), never mixed into data; control characters made visible."""
    sys.stderr.write(safe_text(text) + "\n")


def print_text(text: str) -> None:
    """Human text on stdout (plain, Markdown), control characters made visible (see `safe_text`)."""
    text = safe_text(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@dataclass
class Column:
    header: str
    justify: str = "left"
    style: str | None = None
    no_wrap: bool = False
    max_width: int | None = None


def print_table(title: str | None, columns: Sequence[Column | str], rows: Sequence[Sequence], empty: str = "") -> None:
    """A table: Rich on a terminal, aligned plain text otherwise. Cells may hold Rich markup."""
    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    if not rows:
        if empty:
            message(empty)
        return
    if use_rich():
        from rich.table import Table

        table = Table(title=safe_text(title) if title else None, title_justify="left", header_style="bold",
                      expand=False)
        for col in cols:
            table.add_column(col.header, justify=col.justify, style=col.style, no_wrap=col.no_wrap,
                             max_width=col.max_width, overflow="fold")
        for row in rows:
            table.add_row(*(safe_text(cell) for cell in row))
        console().print(table)
        return
    print_text(plain_table(title, [c.header for c in cols], rows))


def plain_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence]) -> str:
    cells = [[strip_markup(safe_text(cell)).replace("\n", " ") for cell in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = [safe_text(title)] if title else []
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def print_fields(title: str, fields: Sequence[tuple[str, object]]) -> None:
    """A record shown as `label: value` lines, skipping empty values. Title, labels and values are plain
    text (never markup), so a name like `Eve [team]` is shown as written."""
    shown = [(safe_text(label), value) for label, value in fields if value not in (None, "", [])]
    title = safe_text(title)
    if use_rich():
        from rich.table import Table
        from rich.text import Text

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in shown:
            table.add_row(Text(label), Text(_text(value)))
        out = console()
        out.print(Text(title, style="bold"))
        out.print(table)
        return
    width = max((len(label) for label, _ in shown), default=0)
    lines = [title]
    for label, value in shown:
        text = _text(value).replace("\n", "\n" + " " * (width + 2))
        lines.append(f"{label.ljust(width)}  {text}")
    print_text("\n".join(lines))


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(f"- {safe_text(item)}" for item in value)
    return safe_text(value)


def strip_markup(text: str) -> str:
    """Remove Rich markup tags like `[red]` from text meant for a pipe."""
    if "[" not in text:
        return text
    from rich.markup import render

    return render(text).plain


def escape(text: object) -> str:
    """Text from the journal placed among markup, so that `[x]` in a note is shown as written."""
    text = "" if text is None else str(text)
    if "[" not in text:
        return text
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def progress_bar(percent: int, width: int = 10) -> str:
    filled = round(max(0, min(100, percent)) / 100 * width)
    return "█" * filled + "░" * (width - filled) + f" {percent:>3}%"
