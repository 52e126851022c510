"""Rendering of report, status and agenda: Rich on a terminal, plain text in a pipe, Markdown to paste.

Report and agenda are first laid out as a small document (headings, rows of styled segments, the
heatmap) and then drawn three ways, so the three formats always say the same thing. Journal text
travels as plain segments, never as markup, so brackets in a note are shown as written, and enters
the document through `render.safe_text`, so a control character in a name or a note is shown as a
visible escape in all three. Rich is imported only when drawing on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentorlog.domain import dates
from mentorlog.output import render
from mentorlog.domain.models import Action, Win
from mentorlog.output.reporting import Agenda, GoalLine, MentorshipReport, heatmap_start

Seg = tuple[str, "str | None"]  # a piece of text and its Rich style (None: plain)
SHOWN_ACTIONS = 8  # per list; the rest are counted, and all are in --format json
HEAT_GLYPHS = ("·", "▪", "■", "█")
HEAT_STYLES = ("bright_black", "green", "green", "bold green")
HEAT_LABEL_MAX = 16
BAR_WIDTH = 10


# -- the document ------------------------------------------------------------------------------------


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: a mentorship or a part of the agenda; 2: a section
    note: str = ""  # said after the heading, quieter
    style: str | None = None

    def __post_init__(self) -> None:
        self.text, self.note = render.safe_text(self.text), render.safe_text(self.note)


@dataclass
class Rows:
    """Rows of `prefix` (a label or a bullet, never wrapped) and `body` (wraps under itself)."""

    rows: list[tuple[list[Seg], list[Seg]]] = field(default_factory=list)
    indent: int = 2
    bullet: bool = True  # in Markdown: a list item (False: a `label: value` line)

    def add(self, body: Seg | list[Seg], prefix: Seg | list[Seg] | None = None) -> None:
        self.rows.append((_segs(prefix), _segs(body)))


@dataclass
class Text:
    """A paragraph (it wraps)."""

    segs: list[Seg]

    def __post_init__(self) -> None:
        self.segs = _segs(self.segs)


@dataclass
class Heatmap:
    start: date
    lines: list[tuple[str, list[int]]]  # a label and its sessions per week, oldest week first

    def __post_init__(self) -> None:
        self.lines = [(render.safe_text(label), counts) for label, counts in self.lines]


Item = Heading | Rows | Text | Heatmap


def _segs(value) -> list[Seg]:
    """Segments from a piece, a list of pieces or plain text; their text made safe to show."""
    if value is None:
        return []
    if isinstance(value, tuple):
        value = [value]
    elif isinstance(value, str):
        value = [(value, None)]
    return [(render.safe_text(text), style) for text, style in value]


def _plain(segs: Iterable[Seg]) -> str:
    return "".join(text for text, _ in segs)


# -- small formatters ------------------------------------------------------------------------------


def day(value: date | None, today: date) -> str:
    """`6 Nov`, or `6 Nov 2025` outside this year."""
    if value is None:
        return "—"
    return f"{value.day} {value:%b}" + ("" if value.year == today.year else f" {value.year}")


def relative(value: date, today: date) -> str:
    delta = (value - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def hours(minutes: int) -> str:
    value = minutes / 60
    return f"{value:.1f}".rstrip("0").rstrip(".") + "h"


def bar(percent: int) -> list[Seg]:
    filled = round(max(0, min(100, percent)) / 100 * BAR_WIDTH)
    return [("█" * filled, "green"), ("░" * (BAR_WIDTH - filled), "bright_black"), (f" {percent:>3}%", None)]


def _who(action: Action, other: str | None) -> str:
    """Owner as a reader of this text sees it: `me`, and the other person by name (or `you`)."""
    if action.owner == "me":
        return "me"
    return other or "you"


# -- report ----------------------------------------------------------------------------------------


def report_doc(reports: Sequence[MentorshipReport], today: date, since: date | None = None) -> list[Item]:
    doc: list[Item] = []
    with_heat = [r for r in reports if r.sessions_per_week]
    if with_heat:
        doc.append(Heatmap(heatmap_start(today), [(r.mentorship.name, r.sessions_per_week) for r in with_heat]))
    for report in reports:
        doc.extend(mentorship_doc(report, since))
    return doc


def mentorship_doc(r: MentorshipReport, since: date | None = None) -> list[Item]:
    m, today = r.mentorship, r.today
    doc: list[Item] = [Heading(m.name, 1, f"{m.role} · {dates.format_cadence(m.cadence_days)}"
                               + ("" if m.status == "active" else f" · {m.status}"), "bold")]

    facts = Rows(bullet=False)
    last = r.last_session
    if last:
        seen = [(f"{day(last.held_at.date(), today)} ({relative(last.held_at.date(), today)})", None)]
        if last.rating:
            seen.append((f"  {render.stars(last.rating)}", "yellow"))
        facts.add(seen, "last session")
    else:
        facts.add(("none yet", "italic"), "last session")
    if r.next_due is None:
        facts.add((f"none due ({m.status})", "italic"), "next check-in")
    elif r.overdue_days:
        facts.add((f"{day(r.next_due, today)} — {r.overdue_days} days overdue", "bold red"), "next check-in")
    else:
        style = "yellow" if r.next_due == today else None
        facts.add((f"{day(r.next_due, today)} ({relative(r.next_due, today)})", style), "next check-in")
    if r.review_due is not None:
        last_review = f", last {day(r.last_review, today)}" if r.last_review else ", none yet"
        if r.review_is_due:
            facts.add((f"due since {day(r.review_due, today)}{last_review}", "yellow"), "review")
        else:
            facts.add(f"{day(r.review_due, today)} ({relative(r.review_due, today)}){last_review}", "review")
    facts.add(f"{hours(r.minutes_this_month)} this month, {hours(r.minutes_this_year)} this year", "met")
    doc.append(facts)

    signals = r.signals
    if signals:
        doc.append(Heading("Warning signs", 2, style="bold red"))
        rows = Rows()
        for signal in signals:
            rows.add((signal.message, "red"), ("! ", "bold red"))
        doc.append(rows)

    if r.goals:
        doc.append(Heading("Goals", 2, "heaviest first"))
        doc.append(_goal_rows(r.goals, today))
    elif m.status == "active":
        doc.append(Heading("Goals", 2, "none yet: mentorlog goal add"))

    for owner, title in (("me", "My actions"), ("them", "Their actions")):
        mine = r.actions_of(owner)
        if mine:
            late = sum(1 for a in mine if a.due and a.due < today)
            doc.append(Heading(title, 2, f"{len(mine)} open" + (f", {late} overdue" if late else "")))
            doc.append(_action_rows(mine, today))

    window = "since " + (day(since, today) if since else "the last session")
    if r.done_since or r.skipped_since:
        doc.append(Heading("Done and skipped", 2, window))
        rows = Rows()
        for action in r.done_since:
            rows.add([(action.text, None), (f" ({_who(action, m.name)}, {day(action.done_on, today)})", "dim")],
                     ("✓ ", "green"))
        for action in r.skipped_since:
            rows.add([(action.text, None), (f" ({_who(action, m.name)})", "dim"),
                      (f" — not done: {action.reason or 'no reason given'}", "yellow")], ("✗ ", "yellow"))
        doc.append(rows)

    if r.wins_since:
        doc.append(Heading("Wins", 2, window))
        doc.append(_win_rows(r.wins_since, today))

    if last and last.takeaways:
        doc.append(Heading("Last session's takeaways", 2, day(last.held_at.date(), today)))
        rows = Rows()
        for takeaway in last.takeaways:
            rows.add(takeaway, ("- ", None))
        doc.append(rows)
    return doc


def _goal_rows(goals: Sequence[GoalLine], today: date, weights: bool = True) -> Rows:
    rows = Rows()
    for line in goals:
        goal = line.goal
        body: list[Seg] = [(goal.title, "bold")]
        if weights:
            body.append((f"  weight {goal.weight}", "dim"))
        step = line.next_milestone
        if step is not None:
            when = f", by {day(step.due, today)}" if step.due else ""
            late = step.due is not None and step.due < today
            body.append((f"\nnext: {step.title}{when}" + (" (late)" if late else ""), "red" if late else "cyan"))
        if goal.target:
            body.append((f"\ntarget {day(goal.target, today)}", "dim"))
        rows.add(body, [*bar(goal.progress), ("  ", None)])
    return rows


def _action_rows(actions: Sequence[Action], today: date, other: str | None = None) -> Rows:
    rows = Rows()
    for action in actions[:SHOWN_ACTIONS]:
        late = action.due is not None and action.due < today
        body: list[Seg] = [(action.text, None)]
        if other:
            body.append((f"  {_who(action, other)}", "dim"))
        if action.due:
            due = f" (due {day(action.due, today)}" + ("" if late else ")")
            body.append((due + (f", {(today - action.due).days} days overdue)" if late else ""),
                         "bold red" if late else "dim"))
        rows.add(body, ("! ", "bold red") if late else ("- ", None))
    if len(actions) > SHOWN_ACTIONS:
        rows.add((f"and {len(actions) - SHOWN_ACTIONS} more (mentorlog action list)", "dim"), ("  ", None))
    return rows


def _win_rows(wins: Sequence[Win], today: date) -> Rows:
    rows = Rows()
    for win in wins:
        rows.add([(win.text, None), (f" ({day(win.date, today)})", "dim")], ("★ ", "yellow"))
    return rows


# -- agenda ----------------------------------------------------------------------------------------


def agenda_doc(agenda: Agenda, audience: str = "them") -> list[Item]:
    """The agenda: `audience="them"` speaks to the other person (Markdown to send); `"me"` names them."""
    r = agenda.report
    m, today = r.mentorship, r.today
    other = None if audience == "them" else m.name
    meeting = f"{day(r.next_due, today)}" if r.next_due and r.next_due >= today else "our next check-in"
    doc: list[Item] = [Heading(f"Agenda: check-in with {m.name}", 1,
                               f"for {meeting}" if r.next_due and r.next_due >= today else "")]

    last = r.last_session_date
    doc.append(Heading("Since last time" + (f" ({day(last, today)})" if last else ""), 2))
    done = Rows()
    for action in agenda.done:
        done.add([(action.text, None), (f" ({_who(action, other)}, {day(action.done_on, today)})", "dim")],
                 ("✓ ", "green"))
    doc.append(Heading("Done", 3))
    doc.append(done if done.rows else Text([("Nothing marked done yet.", "italic")]))

    doc.append(Heading("Not done, and why", 3))
    missed = Rows()
    for action in agenda.not_done:
        if action.status == "skipped":
            why = action.reason or "no reason given"
            missed.add([(action.text, None), (f" ({_who(action, other)}) — {why}", "yellow")], ("✗ ", "yellow"))
        else:
            late = (today - action.due).days
            missed.add([(action.text, None),
                        (f" ({_who(action, other)}) — still open, due {day(action.due, today)} "
                         f"({late} days overdue)", "red")], ("! ", "bold red"))
    doc.append(missed if missed.rows else Text([("Nothing slipped.", "italic")]))

    doc.append(Heading("Wins", 3))
    doc.append(_win_rows(agenda.wins, today) if agenda.wins else Text([("None logged yet.", "italic")]))

    doc.append(Heading("Focus for this meeting", 2))
    if agenda.focus:
        doc.append(_goal_rows(agenda.focus, today, weights=False))
    else:
        doc.append(Text([("No active goals yet: let's agree on one to three.", "italic")]))

    doc.append(Heading("Questions and challenges", 2))
    items = Rows()
    for action in agenda.open_items:
        due = f" (due {day(action.due, today)})" if action.due else ""
        items.add([(action.text, None), (due, "dim")], ("? ", "cyan"))
    if agenda.not_working:
        items.add([("From our last review, not working: ", "bold"), (agenda.not_working, None)], ("? ", "cyan"))
    doc.append(items if items.rows else Text([("Nothing open.", "italic")]))

    theirs = "Your actions" if audience == "them" else f"{m.name}'s actions to check on"
    doc.append(Heading(theirs, 2))
    if agenda.their_actions:
        doc.append(_action_rows(agenda.their_actions, today))
    else:
        doc.append(Text([("None open.", "italic")]))
    return doc


# -- drawing: plain text -----------------------------------------------------------------------------


def plain_doc(doc: Sequence[Item], width: int | None = None) -> str:
    """The document as plain text (no colour, no wrapping: the pager or the mail client wraps)."""
    lines: list[str] = []
    for item in doc:
        if isinstance(item, Heading):
            text = item.text + (f" ({item.note})" if item.note else "")
            if item.level == 1:
                lines += ["", text, "=" * min(len(text), 60)] if lines else [text, "=" * min(len(text), 60)]
            elif item.level == 2:
                lines += ["", text]
            else:
                lines.append(text + ":")
        elif isinstance(item, Rows):
            width_ = max((len(_plain(p)) for p, _ in item.rows), default=0)
            for prefix, body in item.rows:
                pad = " " * item.indent
                label = _plain(prefix)
                if not item.bullet:
                    label = (label + ":").ljust(width_ + 2)
                else:
                    label = label.ljust(width_)
                text = _plain(body).replace("\n", "\n" + pad + " " * len(label))
                lines.append(pad + label + text)
        elif isinstance(item, Text):
            lines.append("  " + _plain(item.segs))
        elif isinstance(item, Heatmap):
            lines += _heatmap_lines(item, None)
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def _heatmap_lines(item: Heatmap, width: int | None) -> list[str]:
    return [_plain(segs) for segs in heatmap_rows(item, width)]


def heatmap_rows(item: Heatmap, width: int | None) -> list[list[Seg]]:
    """Title, month ruler, one row per mentorship and a legend, fitted to `width` columns."""
    label_width = min(HEAT_LABEL_MAX, max(len(label) for label, _ in item.lines))
    weeks = len(item.lines[0][1])
    if width is not None:
        weeks = max(8, min(weeks, width - label_width - 1))
    total = len(item.lines[0][1])
    first = item.start + timedelta(weeks=total - weeks)
    ruler = [" "] * weeks
    previous_month = None
    free_from = 0
    for index in range(weeks):
        monday = first + timedelta(weeks=index)
        sunday = monday + timedelta(days=6)
        month = sunday if sunday.day <= 7 else monday  # the week a month begins in carries its name
        if previous_month is not None and month.month != previous_month and index >= free_from and index + 3 <= weeks:
            ruler[index:index + 3] = f"{month:%b}"
            free_from = index + 4
        previous_month = month.month
    out: list[list[Seg]] = [
        [(f"Sessions per week, {weeks} weeks from {first.day} {first:%b %Y}", "bold")],
        [(" " * (label_width + 1) + "".join(ruler).rstrip(), "dim")],
    ]
    for label, counts in item.lines:
        name = label if len(label) <= label_width else label[: label_width - 1] + "…"
        row: list[Seg] = [(name.ljust(label_width) + " ", None)]
        for count in counts[total - weeks:]:
            level = min(count, 3)
            row.append((HEAT_GLYPHS[level], HEAT_STYLES[level]))
        out.append(row)
    legend: list[Seg] = [(" " * (label_width + 1), None)]
    for level, words in enumerate(("none", "1", "2", "3+")):
        legend += [(HEAT_GLYPHS[level], HEAT_STYLES[level]), (f" {words}  ", "dim")]
    out.append(legend)
    return out


# -- drawing: Markdown -------------------------------------------------------------------------------


def markdown_doc(doc: Sequence[Item], title: str | None = None) -> str:
    lines: list[str] = [f"# {title}", ""] if title else []
    base = 1 if title else 0
    for item in doc:
        if isinstance(item, Heading):
            hashes = "#" * (item.level + base)
            note = f" ({_md(item.note)})" if item.note else ""
            lines += [f"{hashes} {_md(item.text)}{note}", ""]
        elif isinstance(item, Rows):
            for prefix, body in item.rows:
                text = _md(_plain(body)).replace("\n", "  \n  ")
                label = _plain(prefix).strip()
                if not item.bullet:
                    lines.append(f"- **{_md(label)}:** {text}")
                elif "█" in label or "░" in label:
                    lines.append(f"- `{label}` {text}")
                else:
                    lines.append(f"- {text}")
            lines.append("")
        elif isinstance(item, Text):
            lines += [_md(_plain(item.segs)), ""]
        elif isinstance(item, Heatmap):
            lines += ["```", *_heatmap_lines(item, None), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    """Journal text in Markdown: keep it literal where Markdown would change it."""
    for char in ("\\", "*", "_", "`", "#", "<", ">"):
        text = text.replace(char, "\\" + char)
    return text.replace("[", "\\[").replace("]", "\\]")


# -- drawing: Rich -----------------------------------------------------------------------------------


def print_rich(doc: Sequence[Item], title: str | None = None) -> None:
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text as RichText

    out = render.console()
    width = out.width
    parts = []
    if title:
        parts.append(RichText(title, style="bold"))
    for item in doc:
        if isinstance(item, Heading):
            if item.level == 1:
                label = RichText(item.text, style=item.style or "bold")
                if item.note:
                    label.append(f"  {item.note}", style="dim")
                parts += [RichText(""), Rule(label, align="left", style="bright_black")]
            else:
                label = RichText(item.text, style=item.style or ("bold" if item.level == 2 else "underline"))
                if item.note:
                    label.append(f"  {item.note}", style="dim")
                parts.append(Padding(label, (1 if item.level == 2 else 0, 0, 0, 1 if item.level == 2 else 2)))
        elif isinstance(item, Rows):
            grid = Table.grid(padding=(0, 1 if not item.bullet else 0))
            grid.add_column(no_wrap=True, style="bold cyan" if not item.bullet else None)
            grid.add_column(overflow="fold")
            for prefix, body in item.rows:
                grid.add_row(_rich_text(prefix), _rich_text(body))
            parts.append(Padding(grid, (0, 0, 0, item.indent + (1 if item.bullet else -1))))
        elif isinstance(item, Text):
            parts.append(Padding(_rich_text(item.segs), (0, 0, 0, 3)))
        elif isinstance(item, Heatmap):
            rows = heatmap_rows(item, width)
            parts.append(RichText(""))
            parts += [_rich_text(segs) for segs in rows]
    out.print(Group(*parts))


def _rich_text(segs: Sequence[Seg]):
    from rich.text import Text as RichText

    text = RichText()
    for piece, style in segs:
        text.append(piece, style=style or "")
    return text


# -- status ----------------------------------------------------------------------------------------


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
        })
    return out


def print_status(reports: Sequence[MentorshipReport], today: date, paused: Sequence[str] = ()) -> None:
    rows = status_rows(reports)
    if not rows:
        render.message("No active mentorships. Add one: mentorlog mentor add NAME (or mentee add NAME)")
    elif render.use_rich():
        _status_rich(rows, today)
    else:
        render.print_text(status_plain(rows, today))
    if paused:
        render.message(f"Paused: {', '.join(paused)} (no check-ins due).")  # message() makes them safe


def status_plain(rows: Sequence[dict], today: date) -> str:
    headers = ["with", "role", "last", "next", "late", "review", "open", "overdue", "warning sign"]
    table = [[
        row["name"], row["role"], day(row["last"], today), day(row["next"], today),
        str(row["late"]) if row["late"] else "", ("due " if row["review_is_due"] else "") + day(row["review"], today),
        str(row["open"]), str(row["overdue"]) if row["overdue"] else "",
        row["sign"] + (f" (+{row['signs'] - 1} more)" if row["signs"] > 1 else "") if row["sign"] else "on track",
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
    table = Table(title=f"Status — {today:%A} {day(today, today)}", title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD, padding=(0, 1), pad_edge=not narrow)
    table.add_column("with", overflow="fold", max_width=16 if narrow else None)
    table.add_column("last", no_wrap=True)
    table.add_column("next", no_wrap=True)
    table.add_column("review", no_wrap=True)
    table.add_column("actions", no_wrap=True, justify="right")
    if not narrow:
        table.add_column("warning sign", overflow="fold", min_width=20)
    for row in rows:
        who = RichText(row["name"], style="bold")
        who.append(f"\n{row['role']}" if narrow else f" {row['role']}", style="dim")
        late = row["late"]
        due_style = "bold red" if late else ("yellow" if row["next"] == today else "")
        nxt = RichText(day(row["next"], today), style=due_style)
        if late:
            nxt.append(f"\n{late}d late" if narrow else f" +{late}d", style="red")
        review = RichText("due " if row["review_is_due"] else "", style="yellow")
        review.append(day(row["review"], today), style="yellow" if row["review_is_due"] else "")
        acts = RichText(f"{row['open']} open")
        if row["overdue"]:
            acts.append(f"\n{row['overdue']} late" if narrow else f", {row['overdue']} late", style="bold red")
        cells = [who, day(row["last"], today), nxt, review, acts]
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


def _sign_text(row: dict):
    from rich.text import Text as RichText

    if not row["sign"]:
        return RichText("on track", style="green")
    sign = RichText(row["sign"], style="red")
    if row["signs"] > 1:
        sign.append(f" (+{row['signs'] - 1} more)", style="dim")
    return sign
