"""Output: Rich on a terminal, plain text when piped, JSON for scripts. Data to stdout, messages to stderr.

Rich is imported only when a terminal is drawn on, so piped and JSON output stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from mentorlog.domain.records import record

from mentorlog.domain.text import (  # noqa: F401  (re-exported)
    CONTROLS, json_safe, safe_text, stars, strip_controls, value_text,
)


COLOR_MODES = ("auto", "always", "never")
_color: str | None = None  # this run's `--color` (set by the root command for every run); None: not given


def set_color(mode: str | None) -> None:
    """The root's `--color auto|always|never` (`--no-color` is `never`), for this run."""
    global _color
    _color = mode


def color_mode() -> str:
    """`always` or `never` when asked for, else `auto`: `--color` beats NO_COLOR, which beats FORCE_COLOR."""
    if _color in ("always", "never"):
        return _color
    if os.environ.get("NO_COLOR"):
        return "never"
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return "always"
    return "auto"


def use_rich() -> bool:
    """Whether to draw with Rich: on a terminal (not a dumb one), or anywhere with `--color always`
    (`mentorlog report --color always | less -R`); the one switch tests patch."""
    if color_mode() == "always":
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def on_terminal() -> bool:
    """Whether Rich draws on a person's own terminal: not in a pipe, even a coloured one (`--color always`,
    FORCE_COLOR). What is for my eyes only (private topics) is shown there alone."""
    return use_rich() and (color_mode() != "always" or sys.stdout.isatty())


def console(stderr: bool = False):
    """A Rich console whose every piece of text passes `safe_text` on its way out, whatever built it;
    coloured as `color_mode` says, and in ASCII where the output can't carry our symbols."""
    from rich.console import Console
    from rich.segment import Segment

    stream = sys.stderr if stderr else sys.stdout
    plain = ascii_only(stream)

    class SafeConsole(Console):
        @property
        def encoding(self) -> str:  # ASCII boxes and no Unicode of Rich's own where ours can't be shown
            return "ascii" if plain else super().encoding

        def render(self, renderable, options=None):
            for segment in super().render(renderable, options):
                if segment.control is None and (plain or CONTROLS.search(segment.text)):
                    segment = Segment(fit(safe_text(segment.text), stream), segment.style)
                yield segment

    mode = color_mode()
    colours = (dict(force_terminal=True, no_color=False) if mode == "always" else
               dict(color_system=None, force_terminal=stream.isatty()) if mode == "never" else {})
    return SafeConsole(stderr=stderr, highlight=False, **colours)


# Our symbols, and what each becomes where the output can't carry it (`LC_ALL=C`, an ASCII encoding).
ASCII = {"★": "*", "☆": ".", "█": "#", "░": "-", "▪": "+", "■": "*", "▁": "_", "▂": ".", "▄": "o", "▆": "O",
         "·": ".", "→": "->", "↑": "^", "↓": "v", "—": "-", "–": "-", "…": "...", "×": "x", "✓": "v", "✗": "x",
         "•": "*",
         "‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "}
SYMBOLS = "★█▪→↑"


def ascii_only(stream=None) -> bool:
    """Whether `stream` (stdout) can't carry our symbols: its encoding can't encode them, or the locale
    says ASCII (`LC_ALL=C`; Python writes UTF-8 there all the same, which such a terminal shows as noise)."""
    stream = sys.stdout if stream is None else stream
    try:
        SYMBOLS.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return True
    locale = next((os.environ[name] for name in ("LC_ALL", "LC_CTYPE", "LANG") if os.environ.get(name)), "")
    codeset = locale.partition(".")[2].partition("@")[0].lower().replace("-", "")
    return locale in ("C", "POSIX") or bool(codeset) and codeset != "utf8"


def fit(text: str, stream=None) -> str:
    """Human text as the output can carry it: unchanged, or with our symbols as ASCII (`→` as `->`) and,
    where the encoding can't carry the rest either, letters without their accents (`Zoë` as `Zoe`) or `?`."""
    stream = sys.stdout if stream is None else stream
    if text.isascii() or not ascii_only(stream):
        return text
    text = "".join(ASCII.get(ch, ch) for ch in text)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        import unicodedata

        return "".join(_carried(ch, encoding, unicodedata) for ch in text)


def _carried(ch: str, encoding: str, unicodedata) -> str:
    try:
        ch.encode(encoding)
        return ch
    except (UnicodeEncodeError, LookupError):
        return unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?"


def print_json(data) -> None:
    """A JSON document on stdout: indented for a person at a terminal, compact for a script.

    The compact form is written by json's C encoder, several times faster than the indented one,
    which matters for reports that list thousands of actions.
    """
    import json  # only a --json run pays for it

    escaped = _cannot_encode(sys.stdout)  # `\u2605` where the encoding can't carry the text: the same document
    if sys.stdout.isatty():
        text = json.dumps(data, indent=2, ensure_ascii=escaped, default=str)
    else:
        text = json.dumps(data, ensure_ascii=escaped, default=str, separators=(",", ":"))
    sys.stdout.write(json_safe(text) + "\n")


def _cannot_encode(stream) -> bool:
    try:
        "\u2605\u00eb\u4e2d".encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def message(text: str) -> None:
    """A message for the person (stderr), never mixed into data; control characters made visible; on a
    terminal, wrapped between words (`wrap_for_terminal`)."""
    sys.stderr.write(wrap_for_terminal(fit(safe_text(text), sys.stderr), sys.stderr) + "\n")


def wrap_for_terminal(text: str, stream=None) -> str:
    """Prose wrapped between words to the terminal's width when `stream` is one (the terminal would break
    words; `text.wrap_prose`); through a pipe or into a file, as it is."""
    stream = sys.stdout if stream is None else stream
    try:
        if not stream.isatty():
            return text
        columns = int(os.environ.get("COLUMNS") or 0) or os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return text
    from mentorlog.domain.text import wrap_prose

    return wrap_prose(text, columns)


def created(row, as_json: bool, data: dict | None = None) -> None:
    """What an `add` command prints on stdout: the new row as JSON with `--json` (`data`, else the row's
    `to_json()`), else its id alone, so `id=$(mentorlog session add …)` works; the sentence for the person
    goes to stderr (`message`)."""
    if as_json:
        print_json(row.to_json() if data is None else data)
    else:
        sys.stdout.write(f"{row.id}\n")


def print_markdown(markdown: str) -> None:
    """A Markdown document on stdout: wrapped between words to the terminal's width on a terminal (the
    terminal would break words), as it is through a pipe (one line an item, ready to paste)."""
    if use_rich():
        import shutil

        from mentorlog.domain.text import wrap_markdown

        markdown = wrap_markdown(markdown, shutil.get_terminal_size().columns)
    print_text(markdown)


def print_text(text: str) -> None:
    """Human text on stdout (plain, Markdown), control characters made visible (see `safe_text`)."""
    text = fit(safe_text(text))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


@record
class Column:
    header: str
    justify: str = "left"
    style: str | None = None
    no_wrap: bool = False  # never wrapped: the column keeps its widest cell's width while any layout allows
    max_width: int | None = None


# The one rule for every table on a terminal: no column vanishes and no token breaks. A column whose cells
# are all short (ids, dates, date-times, counts, statuses, names) is a token column: it keeps each cell on
# one line while the table can fit that way. Text columns wrap between words and share the room left in
# proportion to how much they would take. Narrower still, every column wraps between words (a date-time
# before its time, "every 2 weeks" before "weeks", never inside "2026-11-30"); and when even that does not
# fit, each row is printed as a block of `header  value` lines. Only a word longer than LONG_WORD (a URL)
# may be folded.
SHORT_CELL = 16
LONG_WORD = 24


@record(frozen=True)
class Measure:
    """What a column needs: every cell on one line (`full`), each cell whole if the column is a token
    column (`whole`), and its longest word (`word`)."""

    full: int
    whole: int
    word: int


def measure_column(col: Column, cells: Sequence[str]) -> Measure:
    """A column's needs, from its header and its cells (Rich markup allowed)."""
    from rich.cells import cell_len
    from rich.text import Text

    plain = (Text.from_markup(cell).plain if "[" in cell else cell for cell in cells)
    lines = [col.header] + [line for cell in plain for line in cell.split("\n")]
    full = max(cell_len(line) for line in lines)
    word = max((min(cell_len(w), LONG_WORD) for line in lines for w in line.split()), default=1)
    if col.max_width is not None:
        full, word = min(full, max(col.max_width, word)), min(word, col.max_width)
    whole = full if (col.no_wrap or full <= SHORT_CELL) else word
    return Measure(full, max(whole, word), word)


def column_widths(measures: Sequence[Measure], room: int, tokens_whole: bool = False) -> list[int] | None:
    """Content widths that fit in `room`, or None. Every cell on one line if that fits; else token columns
    whole and text columns wrapped; else (unless `tokens_whole`) every column wrapped between words."""
    full, whole = [m.full for m in measures], [m.whole for m in measures]
    if sum(full) <= room:
        return full
    if sum(whole) <= room:
        return _share(whole, full, room - sum(whole))
    widths = [m.word for m in measures]
    spare = room - sum(widths)
    if tokens_whole or spare < 0:
        return None
    for index in sorted(range(len(widths)), key=lambda i: whole[i] - widths[i]):  # the cheapest tokens first
        need = whole[index] - widths[index]
        if 0 < need <= spare:
            widths[index], spare = whole[index], spare - need
    return _share(widths, full, spare)


def _share(floor: list[int], full: list[int], spare: int) -> list[int]:
    """`spare` cells handed to the columns in proportion to what each still lacks (never past its `full`)."""
    lacking = [f - w for f, w in zip(full, floor)]
    total = sum(lacking)
    if not total:
        return list(floor)
    widths = [w + spare * lack // total for w, lack in zip(floor, lacking)]
    left = spare - (sum(widths) - sum(floor))
    for index in sorted(range(len(widths)), key=lambda i: widths[i] - full[i]):
        if left and widths[index] < full[index]:
            widths[index] += 1
            left -= 1
    return widths


def print_table(title: str | None, columns: Sequence[Column | str], rows: Sequence[Sequence], empty: str = "") -> None:
    """A table: Rich on a terminal, laid out by the rule above; aligned plain text otherwise. Cells may hold
    Rich markup."""
    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    if not rows:
        if empty:
            message(empty)
        return
    if use_rich():
        out = console()
        cells = [[safe_text(cell) for cell in row] for row in rows]
        out.print(rich_table(title, cols, cells, out.width))
        return
    print_text(plain_table(title, [c.header for c in cols], rows))


def rich_table(title: str | None, cols: Sequence[Column], rows: Sequence[Sequence[str]], width: int):
    """The Rich renderable of a table `width` cells wide: boxed when it fits with its tokens whole, else
    compact (no borders, two spaces between columns), else one block per row (`_stacked`)."""
    from rich import box
    from rich.table import Table

    measures = [measure_column(col, [str(row[i]) for row in rows]) for i, col in enumerate(cols)]
    count = len(cols)
    roomy = column_widths(measures, width - (3 * count + 1), tokens_whole=True)
    widths = roomy or column_widths(measures, width - (2 * count - 2))
    if widths is None:
        return _stacked(title, cols, rows)
    options = (dict(box=box.HEAVY_HEAD) if roomy else
               dict(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False, show_edge=False))
    table = Table(title=safe_text(title) if title else None, title_justify="left", header_style="bold",
                  expand=False, **options)
    for col, size in zip(cols, widths):
        table.add_column(col.header, justify=col.justify, style=col.style, width=size, overflow="fold")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    return table


def _stacked(title: str | None, cols: Sequence[Column], rows: Sequence[Sequence[str]]):
    """Each row as a block of `header  value` lines, blocks apart: a table too wide for any other layout."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts = [Text(safe_text(title), style="bold")] if title else []
    label = max(len(col.header) for col in cols)
    for number, row in enumerate(rows):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", width=label, overflow="fold")
        grid.add_column(overflow="fold")
        for col, cell in zip(cols, row):
            grid.add_row(col.header, Text.from_markup(str(cell), style=col.style or ""))
        parts += ([Text("")] if number else []) + [grid]
    return Group(*parts)


def plain_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence]) -> str:
    """Aligned plain text, each column as wide as its widest cell in terminal cells (a CJK character or an
    emoji takes two), in the symbols the output can carry."""
    cells = [[fit(strip_markup(safe_text(cell)).replace("\n", " ")) for cell in row] for row in rows]
    headers = [fit(h) for h in headers]
    width = _width_function(headers, cells)
    widths = [max(width(h), *(width(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = [fit(safe_text(title))] if title else []
    for row in [headers, *cells]:
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def _width_function(headers: Sequence[str], cells: Sequence[Sequence[str]]):
    """`len` for ASCII text, else Rich's width in terminal cells (imported only then)."""
    if all(h.isascii() for h in headers) and all(c.isascii() for row in cells for c in row):
        return len
    from rich.cells import cell_len

    return cell_len


def print_fields(title: str, fields: Sequence[tuple[str, object]]) -> None:
    """A record shown as `label: value` lines, skipping empty values. Title, labels and values are plain
    text (never markup), so a name like `Eve [team]` is shown as written."""
    shown = [(safe_text(label), value) for label, value in fields if value not in (None, "", [])]
    title = safe_text(title)
    if use_rich():
        from rich.table import Table
        from rich.text import Text

        out = console()
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", width=label_width([label for label, _ in shown], out.width),
                         overflow="fold")
        table.add_column(overflow="fold")
        for label, value in shown:
            table.add_row(Text(label), _rich_value(value))
        out.print(Text(title, style="bold"))
        out.print(table)
        return
    cell = _width_function([label for label, _ in shown], [])
    width = max((cell(label) for label, _ in shown), default=0)
    lines = [title]
    for label, value in shown:
        text = _text(value).replace("\n", "\n" + " " * (width + 2))
        lines.append(f"{label}{' ' * (width - cell(label))}  {text}")
    print_text("\n".join(lines))


def _rich_value(value):
    """A value for `print_fields`: a list as `- item` lines, each item wrapping under itself."""
    from rich.table import Table
    from rich.text import Text

    if not isinstance(value, (list, tuple)):
        return Text(_text(value))
    items = Table.grid(padding=(0, 1))
    items.add_column(no_wrap=True)
    items.add_column(overflow="fold")
    for item in value:
        items.add_row("-", Text(safe_text(item)))
    return items


def label_width(labels: Sequence[str], width: int) -> int:
    """The label column of `label  value` lines: as wide as the longest label, up to a third of the line
    (at least LABEL_MIN), so a long label (a review's question) wraps between its words and its value keeps
    the rest of the line."""
    from rich.cells import cell_len

    widest = max((cell_len(label) for label in labels), default=1)
    words = max((min(cell_len(word), LONG_WORD) for label in labels for word in label.split()), default=1)
    return min(widest, max(LABEL_MIN, words, width // 3))


LABEL_MIN = 12


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
