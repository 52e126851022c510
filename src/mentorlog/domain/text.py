"""Text for people: the one rule for control characters in every human format, and answers as words."""

from __future__ import annotations

import re

# Control characters a terminal would act on: C0 but tab and newline, DEL, and the C1 block (0x80-0x9f,
# among them the one-character CSI 0x9b). ESC (0x1b) starts every escape sequence, so with it made
# visible no sequence survives.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f]")  # what json.dumps(ensure_ascii=False) leaves unescaped
# A whole escape sequence (CSI, OSC/DCS/APC/PM strings, or ESC and one character), 7-bit or C1 spelling.
# Compiled when first needed: it takes 4 ms, and only text with a control character in it needs it.
_SEQUENCES = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)


def safe_text(text: object) -> str:
    """Journal text made safe to show: every control character a terminal would obey is written as a
    visible escape (ESC as `\\x1b`, BEL as `\\x07`, CSI as `\\x9b`); newlines and tabs stay, and a
    Windows line end becomes a newline.

    The one rule for every human format (terminal, pipe, Markdown, csv): a name or a note can't set
    the window title, change colours or clear the screen. The journal keeps the text exactly as
    typed, and JSON output carries it exactly (JSON-escaped).
    """
    text = "" if text is None else str(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not CONTROLS.search(text):
        return text
    return CONTROLS.sub(_visible, text)


def _visible(match: re.Match) -> str:
    return f"\\x{ord(match.group()):02x}"


def strip_controls(text: object) -> str:
    """Journal text with escape sequences and other control characters removed (newlines and tabs
    stay): for formats whose readers would not show a visible escape well, such as a calendar."""
    text = "" if text is None else str(text)
    if not CONTROLS.search(text):
        return text
    return CONTROLS.sub("", re.sub(_SEQUENCES, "", text.replace("\r\n", "\n")))


def json_safe(text: str) -> str:
    """JSON text with DEL and the C1 controls, which json.dumps leaves raw, written as `\\u00XX`
    escapes: the same document, harmless on a terminal."""
    if not _JSON_RAW_CONTROLS.search(text):
        return text
    return _JSON_RAW_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def value_text(value: object, depth: int = 3) -> str:
    """Any stored answer as one line: yes/no, numbers and text as they are, lists joined by `, `,
    objects as `key: value` pairs; what is nested deeper than `depth` is shown as `…`.

    It never recurses more than `depth` levels and never calls str() on a container, so an answer
    nested thousands deep (from an old import) is shown, not a RecursionError.
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, dict)):
        if depth <= 0:
            return "…"
        if isinstance(value, dict):
            parts = [f"{key}: {_nested_text(item, depth - 1)}" for key, item in value.items()]
            return "; ".join(parts)
        return ", ".join(_nested_text(item, depth - 1) for item in value)
    if isinstance(value, int) and value.bit_length() > 10_000:  # str() refuses more than 4300 digits
        return "a very large number"
    return str(value)


def _nested_text(value: object, depth: int) -> str:
    text = value_text(value, depth)
    return f"({text})" if isinstance(value, (list, tuple, dict)) and text != "…" else text


def stars(rating: int | None) -> str:
    return "★" * rating + "☆" * (5 - rating) if rating else ""


def nocase(text: str) -> str:
    """SQLite's NOCASE, which the unique index on names uses: ASCII letters fold, nothing else does."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def shell_word(word: object) -> str:
    """One word of a command line as a shell needs it to arrive whole: as it is when plain (`ada`,
    `2026-11-03`), else quoted by shlex's rule (`'Ada Lovelace'`, `'Grace O'"'"'Hara'`). The one
    quoting rule for every command mentorlog prints for copying."""
    import shlex

    return shlex.quote(str(word))


def shell_command(*words: object) -> str:
    """A mentorlog command line to print for copying: `mentorlog` and each word quoted by `shell_word`."""
    return " ".join(["mentorlog", *(shell_word(word) for word in words)])


def command_lines(command: str, width: int, indent: int = 0) -> list[str]:
    """A printed command fitted to `width` columns for a terminal: broken between its words, never inside
    one (a quoted name stays whole), each line but the last ending in ` \\` so that the lines, copied
    together, are still one command to a shell. Continuation lines are indented two more; a word longer
    than a line runs on."""
    import shlex

    words = [shell_word(word) for word in shlex.split(command)]
    lines, line = [], " " * indent + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) + 2 > width and line.strip():
            lines.append(line + " \\")
            line = " " * (indent + 2) + word
        else:
            line += " " + word
    return [*lines, line]


def wrap_prose(text: str, width: int) -> str:
    """Sentences for a terminal of `width` columns, which would break words: each line longer than that
    wrapped between words, never inside one, and never inside a `quoted command` (it stays whole, on a line
    of its own when it must). A wrapped line's continuations go under its text: past its indent, and past
    a leading mark set off by two spaces (`ok    backups: …`)."""
    import re
    import textwrap

    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        head = re.match(r"\s*(?:\S+ {2,})?", line).group()
        body = re.sub(r"`[^`]*`", lambda span: span.group().replace(" ", "\u00a0"), line[len(head):])
        pieces = textwrap.wrap(body, width=max(width - len(head), 20), break_long_words=False,
                               break_on_hyphens=False)
        out += [(head if number == 0 else " " * len(head)) + piece.replace("\u00a0", " ")
                for number, piece in enumerate(pieces)]
    return "\n".join(out)


def wrap_markdown(markdown: str, width: int) -> str:
    """Markdown as a terminal of `width` columns shows it well: paragraphs and list items wrapped between
    words (never inside one: a date such as 2026-11-30 or a hyphenated word stays whole), a list item's
    lines under its text. Headings, code blocks and lines that already fit are left as they are. The
    document means the same in Markdown: wrapped lines continue their paragraph or item."""
    import re
    import textwrap

    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if fenced or line.startswith(("```", "#", "|")) or len(line) <= width:
            out.append(line)
            continue
        hard_break = "  " if line.endswith("  ") else ""  # a Markdown line break stays at the item's end
        marker = re.match(r"\s*(?:[-*] (?:\[[ x]\] )?|\d+\. )?", line).group()
        wrapped = textwrap.wrap(line[len(marker):].rstrip(), width=max(width - len(marker), 20),
                                break_long_words=False, break_on_hyphens=False)
        indent = " " * len(marker)
        out += [(marker if number == 0 else indent) + piece for number, piece in enumerate(wrapped)]
        out[-1] += hard_break
    return "\n".join(out)
