"""Rendering of report, status and agenda: Rich on a terminal, plain text in a pipe, Markdown to paste.

Report and agenda are first laid out as a small document (headings, rows of styled segments, the
heatmap) and then drawn three ways, so the three formats always say the same thing. Journal text
travels as plain segments, never as markup, so brackets in a note are shown as written, and enters
the document through `render.safe_text`, so a control character in a name or a note is shown as a
visible escape in all three. Rich is imported only when drawing on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from mentorlog.domain.records import record, value
from datetime import date, timedelta

from mentorlog.domain import dates
from mentorlog.output import render
from mentorlog.domain.models import Action, Mentorship, Win
from mentorlog.domain.text import command_lines
from mentorlog.output.agenda import Agenda
from mentorlog.output.reporting import GoalLine, MentorshipReport, heatmap_start
from mentorlog.data.topics import AGENDA_ORDER, Listed

Seg = tuple[str, "str | None"]  # a piece of text and its Rich style (None: plain)
Hint = Callable[[Mentorship], str]  # the command that lists a mentorship's open actions, as it must be typed
HEAT_GLYPHS = ("·", "▪", "■", "█")
HEAT_STYLES = ("bright_black", "green", "green", "bold green")
HEAT_LABEL_MAX = 16
BAR_WIDTH = 10


# -- the document ------------------------------------------------------------------------------------


@record
class Heading:
    text: str
    level: int = 1  # 1: a mentorship or a part of the agenda; 2: a section
    note: str = ""  # said after the heading, quieter
    style: str | None = None

    def __post_init__(self) -> None:
        self.text, self.note = render.safe_text(self.text), render.safe_text(self.note)


@record
class Rows:
    """Rows of `prefix` (a label or a bullet, never wrapped) and `body` (wraps under itself)."""

    rows: list[tuple[list[Seg], list[Seg]]] = value(factory=list)
    indent: int = 2
    bullet: bool = True  # in Markdown: a list item (False: a `label: value` line)

    def add(self, body: Seg | list[Seg], prefix: Seg | list[Seg] | None = None) -> None:
        self.rows.append((_segs(prefix), _segs(body)))


@record
class Text:
    """A paragraph (it wraps), and a command to type after it (never broken, so it can be copied whole)."""

    segs: list[Seg]
    command: str = ""

    def __post_init__(self) -> None:
        self.segs = _segs(self.segs)
        self.command = render.safe_text(self.command)


@record
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


def relative(value: date, today: date) -> str:
    delta = (value - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {dates.format_days(delta)}" if delta > 0 else f"{dates.format_days(-delta)} ago"


def hours(minutes: int) -> str:
    """Time spent: `2 h 15 min`, or `0 h` for none."""
    return dates.format_duration(minutes) or "0 h"


def bar(percent: int) -> list[Seg]:
    filled = round(max(0, min(100, percent)) / 100 * BAR_WIDTH)
    return [("█" * filled, "green"), ("░" * (BAR_WIDTH - filled), "bright_black"), (f" {percent:>3}%", None)]


def _who(action: Action, other: str | None) -> str:
    """Owner as a reader of this text sees it: `me`, and the other person by name (or `you`)."""
    if action.owner == "me":
        return "me"
    return other or "you"


# -- report ----------------------------------------------------------------------------------------


def report_doc(reports: Sequence[MentorshipReport], today: date, since: date | None = None,
               hint: Hint | None = None, topics: dict[int, Listed] | None = None, private: bool = True,
               measures: dict | None = None) -> list[Item]:
    """Every report; with each mentorship's open topics from `topics`, the private ones only when `private`."""
    doc: list[Item] = []
    with_heat = [r for r in reports if r.sessions_per_week]
    if with_heat:
        doc.append(Heatmap(heatmap_start(today), [(r.mentorship.name, r.sessions_per_week) for r in with_heat]))
    for report in reports:
        doc.extend(mentorship_doc(report, since, hint, (topics or {}).get(report.mentorship.id), private,
                                  (measures or {}).get(report.mentorship.id, ())))
    return doc


def mentorship_doc(r: MentorshipReport, since: date | None = None, hint: Hint | None = None,
                   topics: Listed | None = None, private: bool = True, measures: Sequence = ()) -> list[Item]:
    m, today = r.mentorship, r.today
    doc: list[Item] = [Heading(m.name, 1, f"{m.role} · {dates.format_cadence(m.cadence_days)}"
                               + ("" if m.status == "active" else f" · {m.status}"), "bold")]

    facts = Rows(bullet=False)
    last = r.last_session
    if last:
        seen = [(f"{dates.short_day(last.held_at.date(), today)} ({relative(last.held_at.date(), today)})", None)]
        if last.rating:
            seen.append((f"  {render.stars(last.rating)}", "yellow"))
        facts.add(seen, "last session")
    else:
        facts.add(("none yet", "italic"), "last session")
    if r.next_due is None:
        facts.add((f"none due ({m.status})", "italic"), "next check-in")
    elif r.overdue_days:
        facts.add((f"{dates.short_day(r.next_due, today)} — {dates.format_days(r.overdue_days)} overdue", "bold red"), "next check-in")
    elif r.in_grace:
        facts.add((f"{dates.short_day(r.next_due, today)} ({relative(r.next_due, today)}, within the "
                   f"{dates.format_days(r.grace_days)} grace period)", "yellow"), "next check-in")
    else:
        style = "yellow" if r.next_due == today else None
        facts.add((f"{dates.short_day(r.next_due, today)} ({relative(r.next_due, today)})", style), "next check-in")
    if r.review_due is not None:
        last_review = f", last {dates.short_day(r.last_review, today)}" if r.last_review else ", none yet"
        if r.review_is_due:
            facts.add((f"due since {dates.short_day(r.review_due, today)}{last_review}", "yellow"), "review")
        else:
            facts.add(f"{dates.short_day(r.review_due, today)} ({relative(r.review_due, today)}){last_review}", "review")
    facts.add(f"{hours(r.minutes_this_month)} this month, {hours(r.minutes_this_year)} this year", "met")
    doc.append(facts)

    signals = r.signals
    if signals:
        doc.append(Heading("Warning signs", 2, style="bold red"))
        for signal in signals:  # each with what to do next, and its command whole (a `Text` never breaks it)
            rows = Rows()
            rows.add((signal.message, "red"), ("! ", "bold red"))
            doc.append(rows)
            if signal.next_step:
                doc.append(Text([("→ " + signal.next_step, None)], signal.command))

    if r.goals:
        doc.append(Heading("Goals", 2, "heaviest first"))
        doc.append(_goal_rows(r.goals, today))
    elif m.status == "active":
        doc.append(Heading("Goals", 2, "none yet: mentorlog goal add"))

    doc.extend([*_open_actions_doc(r, hint), *(topics_doc(topics, private, "To raise next time", 2) if topics else [])])

    window = "since " + (dates.short_day(since, today) if since else "the last session")
    if r.done_since or r.skipped_since:
        doc.append(Heading("Done and skipped", 2, window))
        rows = Rows()
        for action in r.done_since:
            rows.add([(action.text, None), (f" ({_who(action, m.name)}, {dates.short_day(action.done_on, today)})", "dim")],
                     ("✓ ", "green"))
        for action in r.skipped_since:
            rows.add([(action.text, None), (f" ({_who(action, m.name)})", "dim"),
                      (f" — not done: {action.reason or 'no reason given'}", "yellow")], ("✗ ", "yellow"))
        doc.append(rows)

    if r.wins_since:
        doc.append(Heading("Wins", 2, window))
        doc.append(_win_rows(r.wins_since, today))

    if measures:  # how confidence, clarity and the relationship moved: growth is more than projects done
        from mentorlog.output.render_measures import measures_doc

        doc.extend(measures_doc(measures, today))

    if last and last.takeaways:
        doc.append(Heading("Last session's takeaways", 2, dates.short_day(last.held_at.date(), today)))
        rows = Rows()
        for takeaway in last.takeaways:
            rows.add(takeaway, ("- ", None))
        doc.append(rows)
    return doc


def _open_actions_doc(r: MentorshipReport, hint: Hint | None) -> list[Item]:
    """Each side's first few open actions, overdue first, then how many more and where to see them."""
    doc: list[Item] = []
    for owner, title in (("me", "My actions"), ("them", "Their actions")):
        mine = r.actions_of(owner)
        if not mine:
            continue
        if r.more_actions and r.limit is not None and len(mine) >= r.limit:  # this side may have more
            note = f"first {len(mine)}, overdue first"
        else:  # this side is listed whole
            late = sum(1 for a in mine if r.is_late(a))
            note = f"{len(mine):,} open" + (f", {late:,} overdue" if late else "")
        doc.append(Heading(title, 2, note))
        doc.append(_action_rows(mine, r.today))
    if r.more_actions > 0:  # under both lists, at their bullets: it counts both sides
        late = r.overdue_count - len(r.overdue_actions)
        doc.append(Text(_more(r.more_actions, f", {late:,} overdue" if late else "", r.mentorship, None),
                        hint(r.mentorship) if hint else ""))
    return doc


def _more(count: int, detail: str, mentorship: Mentorship, hint: Hint | None) -> list[Seg]:
    """`… and 4,980 more (mentorlog action list --with 'Ada Lovelace')`: the command as it must be typed."""
    return [(f"… and {count:,} more{detail}", "dim"), (f" ({hint(mentorship)})" if hint else "", "dim")]


def _goal_rows(goals: Sequence[GoalLine], today: date, weights: bool = True) -> Rows:
    rows = Rows()
    for line in goals:
        goal = line.goal
        body: list[Seg] = [(goal.title, "bold")]
        if weights:
            body.append((f"  weight {goal.weight}", "dim"))
        step = line.next_milestone
        if step is not None:
            when = f", by {dates.short_day(step.due, today)}" if step.due else ""
            late = step.due is not None and step.due < today
            body.append((f"\nnext: {step.title}{when}" + (" (late)" if late else ""), "red" if late else "cyan"))
        if goal.target:
            body.append((f"\ntarget {dates.short_day(goal.target, today)}", "dim"))
        rows.add(body, [*bar(goal.progress), ("  ", None)])
    return rows


def _action_rows(actions: Sequence[Action], today: date, other: str | None = None) -> Rows:
    rows = Rows()
    for action in actions:
        late = action.overdue and action.due is not None  # the one rule: `actions.overdue_sql`
        body: list[Seg] = [(action.text, None)]
        if other:
            body.append((f"  {_who(action, other)}", "dim"))
        if action.due:
            due = f" (due {dates.short_day(action.due, today)}" + ("" if late else ")")
            body.append((due + (f", {dates.format_days((today - action.due).days)} overdue)" if late else ""),
                         "bold red" if late else "dim"))
        rows.add(body, ("! ", "bold red") if late else ("- ", None))
    return rows


def _win_rows(wins: Sequence[Win], today: date) -> Rows:
    rows = Rows()
    for win in wins:
        rows.add([(win.text, None), (f" ({dates.short_day(win.date, today)})", "dim")], ("★ ", "yellow"))
    return rows


# -- agenda ----------------------------------------------------------------------------------------


def agenda_doc(agenda: Agenda, audience: str = "them", hint: Hint | None = None,
               topics: Listed | None = None) -> list[Item]:
    """The agenda: `audience="them"` speaks to the other person (Markdown to send); `"me"` names them.

    Each list of open actions shows each side's first few; what is left is counted, with the command
    that lists it for me (`hint`), never in the message to them."""
    r = agenda.report
    m, today = r.mentorship, r.today
    other = None if audience == "them" else m.name
    hint = hint if audience == "me" else None
    meeting = f"{dates.short_day(r.next_due, today)}" if r.next_due and r.next_due >= today else "our next check-in"
    doc: list[Item] = [Heading(f"Agenda: check-in with {m.name}", 1,
                               f"for {meeting}" if r.next_due and r.next_due >= today else "")]
    if topics is not None:  # what I mean to raise opens the agenda; a private topic only in my own view
        doc.extend(topics_doc(topics, audience == "me", None, level=2))

    last = r.last_session_date
    doc.append(Heading("Since last time" + (f" ({dates.short_day(last, today)})" if last else ""), 2))
    done = Rows()
    for action in agenda.done:
        done.add([(action.text, None), (f" ({_who(action, other)}, {dates.short_day(action.done_on, today)})", "dim")],
                 ("✓ ", "green"))
    doc.append(Heading("Done", 3))
    doc.append(done if done.rows else Text([("Nothing marked done yet.", "italic")]))

    doc.append(Heading("Not done, and why", 3))
    doc.append(_not_done_rows(agenda, other, hint))

    doc.append(Heading("Wins", 3))
    doc.append(_win_rows(agenda.wins, today) if agenda.wins else Text([("None logged yet.", "italic")]))

    doc.append(Heading("Focus for this meeting", 2))
    if agenda.focus:
        doc.append(_goal_rows(agenda.focus, today, weights=False))
    else:
        doc.append(Text([("No active goals yet: let's agree on one to three.", "italic")]))

    more_side = _more_pending_side(agenda)
    more = _more(agenda.more_pending, " not yet due", m, hint)
    doc.append(Heading("Questions and challenges", 2))
    items = Rows()
    for action in agenda.open_items:
        due = f" (due {dates.short_day(action.due, today)})" if action.due else ""
        items.add([(action.text, None), (due, "dim")], ("? ", "cyan"))
    if more_side == "me":
        items.add(more, ("  ", None))
    if agenda.not_working:
        items.add([("From our last review, not working: ", "bold"), (agenda.not_working, None)], ("? ", "cyan"))
    doc.append(items if items.rows else _none_open(agenda, "me", "Nothing open."))

    theirs = "Your actions" if audience == "them" else f"{m.name}'s actions to check on"
    doc.append(Heading(theirs, 2))
    rows = _action_rows(agenda.their_actions, today)
    if more_side == "them":
        rows.add(more, ("  ", None))
    doc.append(rows if rows.rows else _none_open(agenda, "them", "None open."))
    return doc


def _none_open(agenda: Agenda, owner: str, none: str) -> Text:
    """What an empty list of one side's open actions says: not "none open" when that side's overdue
    actions are listed above, under what was not done."""
    if any(action.status == "open" and action.owner == owner for action in agenda.not_done):
        return Text([("Nothing else open: the overdue ones are above.", "italic")])
    return Text([(none, "italic")])


TOPIC_HEADINGS = {"question": "My questions", "topic": "Topics", "feedback-give": "Feedback I'd like to give",
                  "feedback-ask": "Feedback I'd like to ask for"}


def topics_doc(listed: Listed, private: bool, title: str | None, level: int) -> list[Item]:
    """Open topics by kind (my questions, the topics, the feedback to give and to ask for), oldest first,
    each with how many meetings it has been carried over; the private ones only when `private`, marked."""
    shown, more = listed.shown(private)
    if not shown and not more:
        return []
    doc: list[Item] = [Heading(title, level)] if title else []
    for kind in AGENDA_ORDER:
        rows = Rows()
        for topic in (t for t in shown if t.kind == kind):
            body: list[Seg] = [(topic.text, None)]
            if topic.carried_over:
                body.append((f" (carried over {topic.carried_over}×)", "yellow"))
            if topic.private:
                body.append((" — private", "magenta"))
            rows.add(body, ("- ", None))
        if rows.rows:
            doc += [Heading(TOPIC_HEADINGS[kind], level + (1 if title else 0)), rows]
    if more > 0:
        doc.append(Text([(f"… and {more:,} more open topic{'s' if more > 1 else ''}", "dim")]))
    return doc


def _not_done_rows(agenda: Agenda, other: str | None, hint: Hint | None) -> Rows | Text:
    today = agenda.report.today
    missed = Rows()
    for action in agenda.not_done:
        if action.status == "skipped":
            why = action.reason or "no reason given"
            missed.add([(action.text, None), (f" ({_who(action, other)}) — {why}", "yellow")], ("✗ ", "yellow"))
        else:
            late = (today - action.due).days
            missed.add([(action.text, None),
                        (f" ({_who(action, other)}) — still open, due {dates.short_day(action.due, today)} "
                         f"({dates.format_days(late)} overdue)", "red")], ("! ", "bold red"))
    if agenda.more_late > 0:
        missed.add(_more(agenda.more_late, " overdue", agenda.mentorship, hint), ("  ", None))
    return missed if missed.rows else Text([("Nothing slipped.", "italic")])


def _more_pending_side(agenda: Agenda) -> str | None:
    """Where to say how many open actions not yet due are left unlisted: under the side whose list is
    cut (mine: questions; theirs: their actions); under theirs, the last list, when both may be."""
    if agenda.more_pending <= 0:
        return None
    limit = agenda.report.limit
    mine_full = limit is not None and len(agenda.open_items) >= limit
    theirs_full = limit is not None and len(agenda.their_actions) >= limit
    return "me" if mine_full and not theirs_full else "them"


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
            lines.append("  " + _plain(item.segs) + (f" ({item.command})" if item.command else ""))
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
            # a code span: the command exactly as typed (a backtick in a name calls for a double fence)
            command = f" (`` {item.command} ``)" if "`" in item.command else f" (`{item.command}`)"
            lines += [_md(_plain(item.segs)) + (command if item.command else ""), ""]
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
            parts += _rich_paragraph(item, width)
        elif isinstance(item, Heatmap):
            rows = heatmap_rows(item, width)
            parts.append(RichText(""))
            parts += [_rich_text(segs) for segs in rows]
    out.print(Group(*parts), crop=False)  # a word too long for the line runs on, whole


def _rich_paragraph(item: Text, width: int) -> list:
    """A paragraph; its command after it in brackets when the line fits, else on lines of its own, broken
    between words with shell line continuations (`text.command_lines`), so it is copied whole."""
    from rich.padding import Padding

    if not item.command:
        return [Padding(_rich_text(item.segs), (0, 0, 0, 3))]
    if len(_plain(item.segs)) + len(item.command) + 3 <= width - 3:
        return [Padding(_rich_text([*item.segs, (f" ({item.command})", "dim")]), (0, 0, 0, 3))]
    lines = []
    for line in command_lines(item.command, width, indent=5):  # not padded: Padding would cut a long word
        command = _rich_text([(line, "dim")])
        command.no_wrap, command.overflow = True, "ignore"
        lines.append(command)
    return [Padding(_rich_text([*item.segs, (":", "dim")]), (0, 0, 0, 3)), *lines]


def _rich_text(segs: Sequence[Seg]):
    from rich.text import Text as RichText

    text = RichText()
    for piece, style in segs:
        text.append(piece, style=style or "")
    return text
