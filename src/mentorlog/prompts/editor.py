"""Writing in your own editor: `$VISUAL`, else `$EDITOR`, else the system's, on a temporary Markdown file.

Three layers, each usable on its own:

- `edit_text(initial) -> str | None`: the text as saved, or None when the file was left unchanged or
  emptied (`run_editor` returns it whatever it is). The file is private (0600) and removed
  afterwards, whatever happens: an error, or a SIGTERM/SIGHUP while the editor is open (only SIGKILL
  can leave it behind); Ctrl-C belongs to the editor while it runs. An editor that can't start or
  exits non-zero raises MentorlogError ("nothing was saved: …").
- A document: fields as a small front-matter header between `---` lines, Markdown below it
  (`render_document`, `parse_document`, `split_section` for a part under its own heading).
  `<!-- … -->` comments on lines of their own (`comment` wraps one over several), and `#` lines
  inside the header, are the file's own explanations: never part of what is saved.
- `edit_document(text, apply)`: the loop a command runs. Opens the editor on `text`, hands the saved
  text to `apply`, and returns what `apply` returns. A MentorlogError from `apply` (a bad field) opens
  the editor again with the error as a comment at the top when a person is at a terminal; without
  one it is raised as it is, so the command ends with one `Error:` line and nothing saved. Unchanged
  or emptied, it raises MentorlogError("nothing was saved: …").

Nothing heavy is imported: subprocess, shlex, tempfile and signal load when an editor is opened.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TypeVar

from mentorlog.domain.records import record, value
from mentorlog.errors import MentorlogError

T = TypeVar("T")

DEFAULT_EDITORS = ("sensible-editor", "editor", "nano", "vi")  # the first found on PATH, after VISUAL and EDITOR
COMMENT_WIDTH = 60  # comment blocks are wrapped to this: readable in a narrow terminal
_FIELD = re.compile(r"^([A-Za-z][\w -]*?)\s*:\s*(.*)$")
_ITEM = re.compile(r"^\s*[-*]\s+(.*)$")
FENCE = "---"


# -- the editor ------------------------------------------------------------------------------------


def _configured_editor() -> list[str]:
    """`editor` in the config file (after $VISUAL and $EDITOR), as words; [] when it sets none."""
    import shlex

    from mentorlog import config

    setting = config.file_values().get("editor")
    return shlex.split(setting) if setting else []


def editor_command(environ: dict | None = None) -> list[str]:
    """The editor to run, as words: `$VISUAL`, else `$EDITOR` (either may carry arguments, as in
    `code --wait`), else the first of DEFAULT_EDITORS found on PATH."""
    import shlex
    import shutil

    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        setting = environ.get(name, "").strip()
        if setting:
            try:
                words = shlex.split(setting)
            except ValueError as error:
                raise MentorlogError(f"can't read ${name} ({setting!r}): {error}") from None
            if words:
                return words
    configured = _configured_editor()
    if configured:
        return configured
    for name in DEFAULT_EDITORS:
        if shutil.which(name, path=environ.get("PATH")):
            return [name]
    raise MentorlogError("no editor found: set EDITOR to the one you use (for example: export EDITOR=nano)")


def run_editor(initial: str, name: str = "mentorlog") -> str:
    """Open the editor on a private temporary file holding `initial`; the text as saved.

    The file is removed afterwards, also after an error or a SIGTERM/SIGHUP. Ctrl-C belongs to the
    editor while it runs (as in git). An editor that can't start, or exits non-zero, raises
    MentorlogError: nothing is saved."""
    import tempfile

    command = editor_command()
    handle, path = tempfile.mkstemp(prefix=f"{name}-", suffix=".md")  # created 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(initial)
        status = _wait_for(command, path)
        if status != 0:
            how = f"was stopped by signal {-status}" if status < 0 else f"exited with status {status}"
            raise MentorlogError(f"nothing was saved: the editor ({command[0]}) {how}")
        try:
            with open(path, encoding="utf-8") as file:
                return file.read()
        except UnicodeDecodeError:
            raise MentorlogError("nothing was saved: the file is not UTF-8 text") from None
        except FileNotFoundError:
            raise MentorlogError("nothing was saved: the editor removed the file") from None
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


class _Stopped(BaseException):
    """SIGTERM or SIGHUP while the editor runs: unwinds so the temporary file is removed."""


def _wait_for(command: list[str], path: str) -> int:
    """Run the editor on `path` and wait; its exit status (negative: killed by that signal)."""
    import signal
    import subprocess

    try:
        process = subprocess.Popen([*command, path])
    except OSError as error:
        reason = "not found" if isinstance(error, FileNotFoundError) else (error.strerror or str(error))
        raise MentorlogError(f"can't start the editor {command[0]!r} ({reason}): set VISUAL or EDITOR "
                             "to the editor you use") from None

    def stop(signum, frame):
        raise _Stopped(signum)

    previous = {}
    try:
        for signum, handler in ((signal.SIGINT, signal.SIG_IGN), (signal.SIGTERM, stop), (signal.SIGHUP, stop)):
            try:  # set after the editor started, so the editor keeps its own handling of them
                previous[signum] = signal.signal(signum, handler)
            except ValueError:  # not the main thread: signals can't be caught here
                pass
        return process.wait()
    except _Stopped as stopped:
        process.terminate()
        raise SystemExit(128 + stopped.args[0]) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def comment_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines that are the file's own comments: whole lines from one starting `<!--`
    to one ending `-->` (a line with text after its `-->` is not a comment)."""
    found: set[int] = set()
    inside = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not inside and stripped.startswith("<!--") and ("-->" not in stripped or stripped.endswith("-->")):
            inside = not stripped.endswith("-->") or stripped == "<!-->"
            found.add(number)
        elif inside:
            found.add(number)
            inside = not stripped.endswith("-->")
    return found


def without_comments(text: str) -> str:
    """`text` without the file's own comment lines."""
    lines = text.splitlines()
    dropped = comment_lines(lines)
    return "\n".join(line for number, line in enumerate(lines) if number not in dropped)


def meaningful(text: str) -> str:
    """The text without the file's own comment lines, stripped: empty when nothing was written."""
    return without_comments(text).strip()


def edit_text(initial: str, name: str = "mentorlog") -> str | None:
    """Open the editor on `initial`: the text as saved, or None when it was left unchanged or emptied
    (nothing but blank lines and `<!-- … -->` comment lines). Raises MentorlogError when the editor
    can't start or exits non-zero."""
    saved = run_editor(initial, name)
    if saved == initial or not meaningful(saved):
        return None
    return saved


# -- a document: a front-matter header and Markdown ---------------------------------------------


@record
class Document:
    """A saved file: the header's fields by lower-case name (text, or a list for `- item` lines) and
    the Markdown below it, without comment lines."""

    fields: dict = value(factory=dict)
    body: str = ""


def comment(text: str) -> str:
    """A `<!-- … -->` comment, wrapped to COMMENT_WIDTH: the file explains itself this way; such lines
    are never saved."""
    import textwrap

    words = " ".join(text.replace("-->", "->").split())
    return "\n".join(textwrap.wrap(f"<!-- {words} -->", COMMENT_WIDTH, subsequent_indent="     ",
                                   break_long_words=False, break_on_hyphens=False))


def render_document(fields: list[tuple[str, object]], body: str = "", notes: list[str] = ()) -> str:
    """The header (`name: value`; a list as `- item` lines under `name:`; None as a blank value) with
    `notes` as `#` comment lines at its top, then the body."""
    lines = [FENCE, *(f"# {note}" for note in notes)]
    for name, value_ in fields:
        if isinstance(value_, (list, tuple)):
            lines.append(f"{name}:")
            lines += [f"  - {_one_line(item)}" for item in value_]
        else:
            lines.append(f"{name}:" if value_ is None or value_ == "" else f"{name}: {_one_line(value_)}")
    lines.append(FENCE)
    return "\n".join(lines) + "\n" + (("\n" + body.rstrip("\n") + "\n") if body.strip() else "\n")


def _one_line(value_: object) -> str:
    return " ".join(str(value_).split())


def parse_document(text: str) -> Document:
    """Read a saved file; MentorlogError (naming the line) when the header is missing or unreadable."""
    lines = text.splitlines()
    comments = comment_lines(lines)
    start = 0
    while start < len(lines) and (not lines[start].strip() or start in comments):
        start += 1
    if start == len(lines) or lines[start].strip() != FENCE:
        raise MentorlogError("the file must start with its fields between two '---' lines")
    try:
        end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise MentorlogError("the fields' header has no closing '---' line") from None
    fields: dict = {}
    last = None
    for number in range(start + 1, end):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#") or number in comments:
            continue
        item = _ITEM.match(line)
        if item and last is not None and (fields[last] == "" or isinstance(fields[last], list)):
            fields[last] = [*(fields[last] or []), _unquoted(item.group(1))]  # a `- item` line of a list
            continue
        found = _FIELD.match(line.strip())
        if not found:
            raise MentorlogError(f"line {number + 1}: expected 'name: value' in the header, not {line.strip()!r}")
        last = found.group(1).strip().lower()
        if last in fields:
            raise MentorlogError(f"line {number + 1}: {last!r} is given twice")
        fields[last] = _unquoted(found.group(2) or "")
    body = "\n".join(line for number, line in enumerate(lines) if number > end and number not in comments)
    return Document(fields=fields, body=body.strip("\n"))


def _unquoted(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1].strip()
    return text


def split_section(body: str, heading: str) -> tuple[str, str]:
    """The body before the first Markdown heading named `heading` (any level, any case), and what is
    under it; both stripped ("" when absent)."""
    pattern = re.compile(r"^#{1,6}\s+" + re.escape(heading) + r"\s*#*\s*$", re.IGNORECASE)
    lines = body.splitlines()
    for number, line in enumerate(lines):
        if pattern.match(line.strip()):
            return "\n".join(lines[:number]).strip(), "\n".join(lines[number + 1:]).strip()
    return body.strip(), ""


def field_list(value_: str | list | None) -> list[str]:
    """A header field as a list: its `- item` lines, or a single value as one item; blanks dropped."""
    if value_ is None:
        return []
    items = value_ if isinstance(value_, list) else [value_]
    return [item.strip() for item in items if item.strip()]


def field_text(value_: str | list | None, name: str) -> str:
    """A header field that takes one value ("" when blank or absent)."""
    if isinstance(value_, list):
        raise MentorlogError(f"{name} takes one value, not a list")
    return (value_ or "").strip()


# -- the loop a command runs ----------------------------------------------------------------------


def with_error(text: str, message: str) -> str:
    """`text` with `message` as a comment at the top (replacing an earlier one)."""
    lines = text.splitlines()
    if lines and lines[0].startswith("<!-- Error: ") and 0 in comment_lines(lines):  # the last error's comment
        end = next(number for number, line in enumerate(lines) if line.strip().endswith("-->"))
        lines = lines[end + 1:]
    return "\n".join([comment(f"Error: {message}. Fix it, then save and quit; empty the file to save nothing."),
                      *lines]) + "\n"


def edit_document(text: str, apply: Callable[[str], T], name: str = "mentorlog",
                  interactive: bool | None = None) -> T:
    """Open the editor on `text` until `apply(saved)` accepts what was saved; what it returns.

    A MentorlogError from `apply` re-opens the editor with the message at the top when a person is
    at a terminal (`interactive`, by default `ask.interactive()`), and is raised as it is otherwise.
    Left unchanged or emptied, or the editor failing: MentorlogError("nothing was saved: …")."""
    if interactive is None:
        from mentorlog.prompts import ask

        interactive = ask.interactive()
    while True:
        saved = run_editor(text, name)
        if saved == text:
            raise MentorlogError("nothing was saved: the file was left unchanged")
        if not meaningful(saved):
            raise MentorlogError("nothing was saved: the file was emptied")
        try:
            return apply(saved)
        except MentorlogError as error:
            if not interactive:
                raise
            text = with_error(saved, str(error))
