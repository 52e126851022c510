"""Take the journal out in open formats (json, markdown, csv, ics) and merge a json export back in.

Rows travel with their `uid` and refer to each other by uid (`mentorship_uid`, `goal_uid`, …), never
by integer id, so an export merges into any journal without duplicates. Never prints.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from mentorlog.domain import dates
from mentorlog.output import render
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import BACKUP_DIR_NAME, Journal, private_dir
from mentorlog.data.migrations import SEARCH_COLUMNS, SEARCH_SOURCES, search_rows
from mentorlog.domain.models import (
    ACTION_STATUSES, GOAL_CATEGORIES, GOAL_STATUSES, KINDS, MENTORSHIP_STATUSES, OWNERS, ROLES, Mentorship,
)  # fmt: skip

FORMAT = "mentorlog"
VERSION = 1
FORMATS = ("json", "markdown", "csv", "ics")
MAX_ERRORS_COUNTED = 1000


# -- what a version 1 document holds -------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One key of an exported row. `kind`: text, int, date, datetime, list (of text), dict, or ref."""

    name: str
    kind: str = "text"
    required: bool = False
    default: object = None
    choices: tuple = ()
    low: int | None = None
    high: int | None = None
    table: str = ""  # for a ref: the table it points into

    @property
    def column(self) -> str:
        return self.name[: -len("_uid")] + "_id" if self.kind == "ref" else self.name


def _ref(name: str, table: str, required: bool = False) -> Field:
    return Field(name, "ref", required, table=table)


def _text(name: str, required: bool = False, **more) -> Field:
    return Field(name, "text", required, **more)


UID = Field("uid", "text", True)
STAMPS = (Field("created_at", "datetime", True), Field("updated_at", "datetime", True))

TABLES: dict[str, tuple[Field, ...]] = {  # in document order; every column of the table but `id`
    "mentorships": (
        UID, _text("name", True), Field("role", required=True, choices=ROLES),
        Field("kind", default="traditional", choices=KINDS),
        Field("status", default="active", choices=MENTORSHIP_STATUSES),
        Field("cadence_days", "int", default=14, low=1, high=dates.MAX_CADENCE_DAYS),
        Field("review_every_days", "int", default=42, low=1, high=dates.MAX_CADENCE_DAYS),
        Field("since", "date"), Field("until", "date"), Field("ended_on", "date"), _text("end_note"),
        _text("channel"), _text("focus"), _text("expectations"), _text("boundaries"), *STAMPS,
    ),
    "sessions": (
        UID, _ref("mentorship_uid", "mentorships", True), Field("held_at", "datetime", True),
        Field("duration_minutes", "int", low=0), _text("channel"), Field("topics", "list", default=[]),
        _text("notes"), _text("private_notes"), Field("takeaways", "list", default=[]),
        Field("rating", "int", low=1, high=5), *STAMPS,
    ),
    "goals": (
        UID, _ref("mentorship_uid", "mentorships"), _text("title", True), _text("why"),
        Field("category", default="other", choices=GOAL_CATEGORIES), Field("target", "date"), _text("metric"),
        Field("impact", "int", default=3, low=1, high=5), Field("support", "int", default=3, low=1, high=5),
        Field("feasibility", "int", default=3, low=1, high=5), Field("progress", "int", default=0, low=0, high=100),
        Field("status", default="active", choices=GOAL_STATUSES), _text("status_note"), Field("closed_on", "date"),
        *STAMPS,
    ),
    "milestones": (
        UID, _ref("goal_uid", "goals", True), _text("title", True), Field("due", "date"), Field("done", "date"),
        *STAMPS,
    ),
    "goal_updates": (
        UID, _ref("goal_uid", "goals", True), Field("date", "datetime", True),
        Field("progress", "int", True, low=0, high=100), _text("note"), *STAMPS,
    ),
    "actions": (
        UID, _ref("mentorship_uid", "mentorships"), _text("text", True), Field("owner", default="me", choices=OWNERS),
        Field("due", "date"), Field("status", default="open", choices=ACTION_STATUSES), Field("done_on", "date"),
        _text("reason"), _ref("goal_uid", "goals"), _ref("session_uid", "sessions"), _ref("review_uid", "reviews"),
        *STAMPS,
    ),
    "wins": (
        UID, _text("text", True), Field("date", "date", True), _ref("mentorship_uid", "mentorships"),
        _ref("goal_uid", "goals"), *STAMPS,
    ),
    "reviews": (
        UID, _ref("mentorship_uid", "mentorships", True), _text("template", True), _text("kind", True),
        Field("held_at", "datetime", True), Field("answers", "dict", default={}), *STAMPS,
    ),
}
# Rows are written so that whatever a row refers to already exists.
WRITE_ORDER = ("mentorships", "sessions", "goals", "milestones", "goal_updates", "reviews", "actions", "wins")
DOCUMENT_KEYS = ("format", "version", "exported_at", *TABLES)


def _refs(table: str) -> list[Field]:
    return [f for f in TABLES[table] if f.kind == "ref"]


# -- export: rows as documents --------------------------------------------------------------------


def _select_sql(table: str) -> str:
    """The table's rows in document shape, references turned into uids by joins."""
    columns, joins = [], []
    for number, spec in enumerate(TABLES[table]):
        if spec.kind == "ref":
            alias = f"r{number}"
            joins.append(f"LEFT JOIN {spec.table} {alias} ON {alias}.id = t.{spec.column}")
            columns.append(f"{alias}.uid AS {spec.name}")
        else:
            columns.append(f"t.{spec.name}")
    return f"SELECT {', '.join(columns)} FROM {table} t {' '.join(joins)}"


def _document_row(table: str, row: sqlite3.Row) -> dict:
    out = {}
    for spec in TABLES[table]:
        value = row[spec.name]
        if spec.kind in ("list", "dict") and isinstance(value, str):
            value = json.loads(value)
        out[spec.name] = value
    return out


def table_rows(journal: Journal, table: str, ids: set[int] | None = None) -> Iterable[dict]:
    """The rows of one table as exported, oldest id first; only `ids` when given."""
    sql, params = _select_sql(table), []
    if ids is not None:
        sql += " WHERE t.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(ids)))
    for row in journal.conn.execute(sql + " ORDER BY t.id", params):
        yield _document_row(table, row)


def selection(journal: Journal, mentorship: Mentorship) -> dict[str, set[int]]:
    """Row ids that belong to one mentorship, plus every row they refer to, so the file stands alone."""
    conn = journal.conn

    def ids(sql: str, params: list) -> set[int]:
        return {row[0] for row in conn.execute(sql, params) if row[0] is not None}

    def within(values: set[int]) -> str:
        return json.dumps(sorted(values))

    chosen = {table: set() for table in TABLES}
    chosen["mentorships"] = {mentorship.id}
    for table in ("sessions", "goals", "actions", "wins", "reviews"):
        chosen[table] = ids(f"SELECT id FROM {table} WHERE mentorship_id = ?", [mentorship.id])
    for table in ("milestones", "goal_updates"):
        chosen[table] = ids(f"SELECT id FROM {table} WHERE goal_id IN (SELECT value FROM json_each(?))",
                            [within(chosen["goals"])])
    chosen["actions"] |= ids("SELECT id FROM actions WHERE session_id IN (SELECT value FROM json_each(?))",
                             [within(chosen["sessions"])])
    changed = True
    while changed:  # follow references until nothing new is pulled in
        changed = False
        for table in TABLES:
            for spec in _refs(table):
                wanted = ids(f"SELECT DISTINCT {spec.column} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                             [within(chosen[table])])
                if not wanted <= chosen[spec.table]:
                    chosen[spec.table] |= wanted
                    changed = True
    return chosen


def export_document(journal: Journal, mentorship: Mentorship | None = None) -> dict:
    """The whole journal (or one mentorship and what it refers to) as a version 1 document."""
    chosen = selection(journal, mentorship) if mentorship is not None else {}
    document: dict = {"format": FORMAT, "version": VERSION, "exported_at": dates.utc_stamp()}
    for table in TABLES:
        document[table] = list(table_rows(journal, table, chosen.get(table)))
    return document


def export_json(journal: Journal, mentorship: Mentorship | None = None) -> str:
    return "".join(iter_json(journal, mentorship))


def iter_json(journal: Journal, mentorship: Mentorship | None = None) -> Iterator[str]:
    """The document as `json.dumps(document, indent=2)` writes it, a row at a time (a big journal
    never sits in memory whole)."""
    chosen = selection(journal, mentorship) if mentorship is not None else {}
    yield f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n  "exported_at": "{dates.utc_stamp()}"'
    for table in TABLES:
        yield f',\n  "{table}": ['
        separator = "\n"
        for row in table_rows(journal, table, chosen.get(table)):
            yield separator + "    " + json.dumps(row, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            separator = ",\n"
        yield "]" if separator == "\n" else "\n  ]"
    yield "\n}\n"


def export_csv(journal: Journal, folder: Path, mentorship: Mentorship | None = None,
               include_private: bool = False, force: bool = False) -> list[Path]:
    """One UTF-8 file per table with a header row; lists and objects as JSON text, null as empty.

    Control characters in a cell are written as visible escapes (ESC as the four characters `\\x1b`,
    see `render.safe_text`), so a spreadsheet or a terminal showing the file obeys none of them;
    newlines and tabs stay. Every file is checked before any is written: none may be the journal's
    own or a backup, and an existing one is replaced only with `force`.
    """
    for table in TABLES:
        guard_target(folder / f"{table}.csv", journal.path, force)
    chosen = selection(journal, mentorship) if mentorship is not None else {}
    written = []
    for table, fields in TABLES.items():
        names = [f.name for f in fields if include_private or f.name != "private_notes"]
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        for row in table_rows(journal, table, chosen.get(table)):
            writer.writerow([_csv_cell(row[name]) for name in names])
        target = folder / f"{table}.csv"
        write_private(target, buffer.getvalue(), replace=force)
        written.append(target)
    return written


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return render.safe_text(json.dumps(value, ensure_ascii=False))
    return render.safe_text(value)


# -- export: where a file may be written ------------------------------------------------------------

JOURNAL_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")  # the journal and SQLite's files beside it
TEMPORARY_NAME = ".{name}.{pid}.tmp"
TEMPORARY_PATTERN = re.compile(r"^\.(?P<name>.+)\.(?P<pid>[0-9]+)\.tmp$")


def temporary_path(target: Path, pid: int | None = None) -> Path:
    """Where an export is written before it is renamed over `target`: `.{name}.{pid}.tmp` beside it
    (`TEMPORARY_NAME`), e.g. `.log.md.4242.tmp` for `log.md` written by process 4242.

    A crash leaves it behind; `TEMPORARY_PATTERN` matches such a leftover, whose pid is then no
    longer running, so it can be found and removed.
    """
    return target.with_name(TEMPORARY_NAME.format(name=target.name, pid=os.getpid() if pid is None else pid))


def guard_target(target: Path, journal_path: Path, force: bool = False) -> None:
    """Refuse to write where a file must not be replaced, before anything is written.

    Never the journal's own files (`journal.db` and its `-wal`, `-shm` and `-journal`) nor an existing
    backup in `backups/` beside it, whatever the path's spelling: relative, through a symlink or a
    hard link all count. Any other existing file is replaced only with `force` (`--force`). A device
    or a pipe (`/dev/stdout`) is written to, not replaced, so it needs no `force`.
    """
    protected = protected_file(target, journal_path)
    if protected is not None:
        raise MentorlogError(f"{target} is {protected}; choose another path (nothing was written)")
    if not force and _existing_file(target):
        raise MentorlogError(f"{target} exists; add --force to replace it")


def protected_file(target: Path, journal_path: Path) -> str | None:
    """What `target` is when it is one of the journal's own files or one of its backups; None otherwise."""
    resolved = _resolve(target)
    found = _stat(target)
    journal_path = Path(journal_path)
    for base in dict.fromkeys((journal_path.absolute(), _resolve(journal_path))):
        for suffix in JOURNAL_FILE_SUFFIXES:
            own = base.with_name(base.name + suffix)
            if resolved == _resolve(own) or _same_file(found, _stat(own)):
                return "the journal itself" if not suffix else f"the journal's own file {own.name}"
        folder = base.parent / BACKUP_DIR_NAME
        if found is not None and resolved.parent == _resolve(folder):
            return f"a backup of the journal in {folder}"
        for copy in _files_in(folder) if found is not None else ():
            if _same_file(found, _stat(copy)):
                return f"a backup of the journal ({copy})"
    return None


def _resolve(path: Path) -> Path:
    """The path with `..`, symlinks and the working folder resolved, as far as they exist."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return Path(os.path.abspath(path))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _same_file(one: os.stat_result | None, other: os.stat_result | None) -> bool:
    """`os.path.samefile` for two stats taken already: the same device and inode (a hard link counts)."""
    return one is not None and other is not None and (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _files_in(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [Path(entry.path) for entry in entries]
    except OSError:
        return []


def _existing_file(target: Path) -> bool:
    """Whether writing to `target` would replace a file: a regular file, or a symlink, even a broken one
    (a folder is refused later, as a folder)."""
    if _is_stream(target) or os.path.isdir(target):
        return False
    return os.path.lexists(target)


def _is_stream(target: Path) -> bool:
    """A device or a pipe, written to in place: anything that exists and is not a regular file or a
    folder, and `/dev/stdout` (or `/dev/fd/N`), even when the shell sent it to a file."""
    found = _stat(target)
    if found is None or stat.S_ISDIR(found.st_mode):
        return False
    return not stat.S_ISREG(found.st_mode) or _STANDARD_STREAM.match(str(Path(target).absolute())) is not None


_STANDARD_STREAM = re.compile(r"^/(?:dev/(?:stdout|stderr|fd/[0-9]+)|proc/(?:self|[0-9]+)/fd/[0-9]+)$")


def write_private(target: Path, content: str | bytes | Iterable[str], replace: bool = False) -> None:
    """Write a file readable only by its owner (0600), whole or not at all; `content` may come in pieces.

    It is written to `temporary_path(target)` (`.{name}.{pid}.tmp` beside it, made anew with O_EXCL,
    0600), then renamed onto `target`. An existing file is replaced only with `replace`; without it,
    the file is linked into place, so one made meanwhile is refused rather than lost. A device or a
    pipe (`/dev/stdout`, a FIFO) is written to as it is: renaming a file over it would replace the
    device itself.
    """
    if target.is_dir():
        raise MentorlogError(f"{target} is a folder; give a file name")
    if _is_stream(target):
        try:
            with open(target, "ab") as handle:  # appending: a `>>` redirection keeps what it holds
                _write_all(handle, content)
        except OSError as error:
            raise MentorlogError(f"can't write {target}: {_os_reason(error)}") from None
        return
    if not replace and os.path.lexists(target):
        raise MentorlogError(f"{target} exists; add --force to replace it")
    temporary = temporary_path(target)
    made = False
    try:
        private_dir(target.parent)
        fd = _create_exclusive(temporary)
        made = True
        with os.fdopen(fd, "wb") as handle:
            _write_all(handle, content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        _move_into_place(temporary, target, replace)
    except BaseException as error:
        if made:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass
        if isinstance(error, OSError):
            raise MentorlogError(f"can't write {target}: {_os_reason(error)}; nothing was written") from None
        raise


def _create_exclusive(temporary: Path) -> int:
    """A new, empty, private file; never one that is there already, nor through a symlink.

    A leftover with our own pid was left by an earlier process with that pid, now gone: it is
    removed (a symlink itself, never what it points to) and the file made anew."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(temporary, flags, 0o600)
    except FileExistsError:
        os.unlink(temporary)
        return os.open(temporary, flags, 0o600)


def _move_into_place(temporary: Path, target: Path, replace: bool) -> None:
    """Rename the finished file onto `target`; without `replace`, never over a file made meanwhile."""
    if replace:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails if `target` exists, unlike a rename
    except FileExistsError:
        raise MentorlogError(f"{target} exists; add --force to replace it") from None
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise MentorlogError(f"{target} exists; add --force to replace it") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def _write_all(handle, content: str | bytes | Iterable[str]) -> None:
    if isinstance(content, bytes):
        handle.write(content)
    elif isinstance(content, str):
        handle.write(content.encode("utf-8"))
    else:
        for piece in content:
            handle.write(piece.encode("utf-8"))


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return (error.strerror or str(error)).lower()


def prepare_folder(folder: Path) -> None:
    """The folder for a csv export: created private when missing; an existing file is refused."""
    if folder.exists() and not folder.is_dir():
        raise MentorlogError(f"{folder} is a file; csv needs a folder (--output DIR), one file per table")
    private_dir(folder)


# -- export: markdown growth log ------------------------------------------------------------------


def export_markdown(journal: Journal, mentorship: Mentorship | None = None, include_private: bool = False) -> str:
    return "".join(iter_markdown(journal, mentorship, include_private))


def iter_markdown(journal: Journal, mentorship: Mentorship | None = None,
                  include_private: bool = False) -> Iterator[str]:
    """The journal as a readable growth log: each mentorship's goals, then its story in date order.

    Written a mentorship at a time, so a big journal never sits in memory whole. Control characters
    in the journal's text are written as visible escapes (`render.safe_text`)."""
    for piece in _markdown_pieces(journal, mentorship, include_private):
        yield render.safe_text(piece)


def _markdown_pieces(journal: Journal, mentorship: Mentorship | None, include_private: bool) -> Iterator[str]:
    from mentorlog.data import actions as action_data
    from mentorlog.data import goals as goal_data

    people = [mentorship] if mentorship is not None else sorted(
        journal.mentorships(include_ended=True), key=lambda m: (m.role != "mentor", m.name.casefold(), m.id))
    title = f"Growth log: {mentorship.name}" if mentorship is not None else "Growth log"
    yield f"# {title}\n\nExported from mentorlog on {dates.today().isoformat()}.\n"
    for person in people:
        person_goals = goal_data.goals(journal, person, include_closed=True)
        steps = goal_data.milestones(journal, [g.id for g in person_goals])
        lines = _mentorship_markdown(journal, person, include_private, steps, person_goals,
                                     action_data.actions(journal, person, status=None),
                                     action_data.wins(journal, person))
        yield "\n" + "\n".join(lines).strip("\n") + "\n"
    if mentorship is None:
        personal_goals = [g for g in goal_data.goals(journal, include_closed=True) if g.mentorship_id is None]
        steps = goal_data.milestones(journal, [g.id for g in personal_goals])
        personal_actions = [action_data._action(row) for row in journal.conn.execute(
            action_data.ACTION_SELECT + " WHERE a.mentorship_id IS NULL ORDER BY a.due IS NULL, a.due, a.id")]
        personal_wins = [action_data._win(row) for row in journal.conn.execute(
            action_data.WIN_SELECT + " WHERE w.mentorship_id IS NULL ORDER BY w.date DESC, w.id DESC")]
        if personal_goals or personal_actions or personal_wins:
            lines = ["## On my own", ""]
            lines += _goals_markdown(journal, personal_goals, steps)
            lines += _timeline_markdown([(w.date.isoformat(), [f"#### {w.date} — Win", "", w.text, ""])
                                         for w in personal_wins])
            lines += _actions_markdown(personal_actions)
            yield "\n" + "\n".join(lines).strip("\n") + "\n"
        elif not people:
            yield "\nThe journal is empty.\n"


def _mentorship_markdown(journal: Journal, person: Mentorship, include_private: bool, steps: dict,
                         goals: list, actions: list, wins: list) -> list[str]:
    role = "mentors me" if person.role == "mentor" else "I mentor them"
    facts = [f"{person.kind} mentorship", person.status]
    if person.since:
        facts.append(f"since {person.since}")
    if person.ended_on:
        facts.append(f"ended {person.ended_on}")
    facts.append(f"meeting {dates.format_cadence(person.cadence_days)}" + (f" by {person.channel}" if person.channel else ""))
    lines = [f"## {person.name} ({role})", "", ", ".join(facts).capitalize() + ".", ""]
    for label, text in (("Focus", person.focus), ("Expectations", person.expectations),
                        ("Boundaries", person.boundaries), ("How it ended", person.end_note)):
        if text:
            lines += [f"**{label}:** {text}", ""]
    lines += _goals_markdown(journal, goals, steps)
    by_session: dict[int, list] = {}
    for found in actions:
        if found.session_id is not None:
            by_session.setdefault(found.session_id, []).append(found)
    entries = []
    for held in sorted(journal.sessions(person), key=lambda s: (s.held_at, s.id)):
        entries.append((held.held_at.isoformat(), _session_markdown(held, by_session.get(held.id, []), include_private)))
    for win in wins:
        entries.append((win.date.isoformat(), [f"#### {win.date} — Win", "", win.text, ""]))
    for review in _reviews(journal, person.id):
        entries.append((review["held_at"], _review_markdown(review)))
    lines += _timeline_markdown(entries)
    lines += _actions_markdown(actions)
    return lines


def _goals_markdown(journal: Journal, goals: list, steps: dict) -> list[str]:
    from mentorlog.data import goals as goal_data

    if not goals:
        return []
    lines = ["### Goals", ""]
    for goal in goals:
        detail = [goal.status, f"{goal.progress}%", f"weight {goal.weight}"]
        if goal.target:
            detail.append(f"target {goal.target}")
        lines.append(f"- **{goal.title}** ({', '.join(detail)})")
        for label, text in (("Why", goal.why), ("Done when", goal.metric), ("Note", goal.status_note)):
            if text:
                lines.append(f"  - {label}: {text}")
        for step in steps.get(goal.id, []):
            due = f" (due {step.due})" if step.due else ""
            done = f", done {step.done}" if step.done else ""
            lines.append(f"  - [{'x' if step.done else ' '}] {step.title}{due}{done}")
        for update in goal_data.history(journal, goal.id):
            note = f": {update.note}" if update.note else ""
            lines.append(f"  - {update.date:%Y-%m-%d} progress {update.progress}%{note}")
    return lines + [""]


def _timeline_markdown(entries: list[tuple[str, list[str]]]) -> list[str]:
    if not entries:
        return []
    lines = ["### Timeline", ""]
    for _, block in sorted(entries, key=lambda entry: entry[0]):
        lines += block
    return lines


def _session_markdown(held, actions: list, include_private: bool) -> list[str]:
    facts = [text for text in (dates.format_duration(held.duration_minutes), held.channel) if text]
    if held.rating:
        facts.append(f"rated {held.rating}/5")
    heading = f"#### {held.held_at:%Y-%m-%d} — Session" + (f" ({', '.join(facts)})" if facts else "")
    lines = [heading, ""]
    if held.topics:
        lines += [f"Topics: {', '.join(held.topics)}", ""]
    if held.notes:
        lines += [held.notes, ""]
    if held.takeaways:
        lines += ["Takeaways:", "", *(f"- {t}" for t in held.takeaways), ""]
    if actions:
        lines += ["Actions:", "", *(_action_line(a) for a in actions), ""]
    if include_private and held.private_notes:
        lines += ["Private notes:", "", held.private_notes, ""]
    return lines


def _review_markdown(review: dict) -> list[str]:
    lines = [f"#### {review['held_at'][:10]} — Review ({review['kind']})", ""]
    try:
        answers = json.loads(review["answers"] or "{}")
    except (ValueError, RecursionError):
        answers = {"answers": "(stored in a form that can't be read; see `mentorlog doctor`)"}
    if not isinstance(answers, dict):
        answers = {"answers": answers}
    for key, value in answers.items():
        lines += _answer_lines(str(key), value, 0)
    return lines + [""]


ANSWER_DEPTH = 3  # how deep an answer is laid out as nested list items; deeper is shown on one line


def _answer_lines(label: str, value, depth: int) -> list[str]:
    """One answer as Markdown list items. It recurses at most ANSWER_DEPTH levels, whatever the value's
    shape, so an answer nested hundreds deep (from an old import) is shown, not a RecursionError."""
    indent = "  " * depth
    if isinstance(value, dict) and depth < ANSWER_DEPTH:
        return [f"{indent}- {label}:"] + [line for k, v in value.items() for line in _answer_lines(str(k), v, depth + 1)]
    if isinstance(value, list) and depth < ANSWER_DEPTH:
        lines = [f"{indent}- {label}:"]
        for item in value:
            if isinstance(item, dict):
                lines.append(f"{indent}  - " + "; ".join(f"{k}: {render.value_text(v)}" for k, v in item.items()
                                                         if v is not None))
            else:
                lines.append(f"{indent}  - {render.value_text(item)}")
        return lines
    return [f"{indent}- {label}: {render.value_text(value)}"]


def _actions_markdown(actions: list) -> list[str]:
    if not actions:
        return []
    return ["### Actions", "", *(_action_line(a) for a in actions), ""]


def _action_line(found) -> str:
    mark = {"open": " ", "done": "x", "skipped": "-"}[found.status]
    who = "me" if found.owner == "me" else "them"
    extra = []
    if found.due:
        extra.append(f"due {found.due}")
    if found.status == "done" and found.done_on:
        extra.append(f"done {found.done_on}")
    if found.status == "skipped":
        extra.append(f"skipped: {found.reason}" if found.reason else "skipped")
    return f"- [{mark}] ({who}) {found.text}" + (f" — {'; '.join(extra)}" if extra else "")


def _reviews(journal: Journal, mentorship_id: int) -> list[dict]:
    rows = journal.conn.execute(
        "SELECT kind, held_at, answers FROM reviews WHERE mentorship_id = ? ORDER BY held_at, id", [mentorship_id]
    )
    return [dict(row) for row in rows]


# -- export: calendar -----------------------------------------------------------------------------


def next_checkin(journal: Journal, person: Mentorship, today: date) -> date:
    """The day of the next check-in: a cadence after the last session (or the start); today when overdue."""
    last = journal.conn.execute(
        "SELECT MAX(held_at) FROM sessions WHERE mentorship_id = ?", [person.id]
    ).fetchone()[0]
    from mentorlog.domain.insights import next_checkin_due

    last_day = datetime.fromisoformat(last).date() if last else None
    due = next_checkin_due("active", person.since, last_day, person.cadence_days) or today
    return max(due, today)


def cadence_rule(cadence_days: int) -> dict:
    """An iCalendar RRULE for a cadence: monthly by calendar month, whole weeks weekly, else daily."""
    if cadence_days == dates.MONTHLY:
        return {"freq": "monthly", "interval": 1}
    if cadence_days % 7 == 0:
        return {"freq": "weekly", "interval": cadence_days // 7}
    return {"freq": "daily", "interval": cadence_days}


def export_ics(journal: Journal, mentorship: Mentorship | None = None) -> bytes:
    """Each active mentorship's next check-in, recurring at its cadence; open actions and milestones as to-dos.

    Text from the journal is iCalendar-escaped by icalendar, its control characters and escape
    sequences removed first (`render.strip_controls`): a calendar shows them as nothing useful.
    """
    from icalendar import Calendar, Event, Todo

    clean = render.strip_controls

    today = dates.today()
    stamp = dates.now().astimezone(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", "-//mentorlog//mentorlog//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "mentorlog")
    people = [mentorship] if mentorship is not None else journal.mentorships()
    names = {}
    for person in people:
        names[person.id] = person.name
        if person.status != "active":
            continue
        start = next_checkin(journal, person, today)
        event = Event()
        event.add("uid", f"{person.uid}@mentorlog")
        event.add("dtstamp", stamp)
        event.add("summary", clean(f"Check-in with {person.name}"))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        event.add("rrule", cadence_rule(person.cadence_days))
        detail = f"{'Mentor' if person.role == 'mentor' else 'Mentee'}, meeting {dates.format_cadence(person.cadence_days)}"
        event.add("description", clean(detail + (f" by {person.channel}." if person.channel else ".")))
        calendar.add_component(event)
    for row in _open_todos(journal, mentorship):
        todo = Todo()
        todo.add("uid", f"{row['uid']}@mentorlog")
        todo.add("dtstamp", stamp)
        todo.add("summary", clean(row["summary"]))
        todo.add("due", date.fromisoformat(row["due"]))
        todo.add("status", "NEEDS-ACTION")
        who = names.get(row["mentorship_id"]) or (
            journal.mentorship(row["mentorship_id"]).name if row["mentorship_id"] else None
        )
        todo.add("description", clean(row["what"] + (f" with {who}" if who else "")))
        calendar.add_component(todo)
    return calendar.to_ical()


def _open_todos(journal: Journal, mentorship: Mentorship | None) -> list[sqlite3.Row]:
    where, params = "", []
    if mentorship is not None:
        where, params = " AND mentorship_id = ?", [mentorship.id]
    sql = (
        "SELECT uid, text AS summary, due, mentorship_id, "
        "CASE owner WHEN 'me' THEN 'My action' ELSE 'Their action' END AS what "
        f"FROM actions WHERE status = 'open' AND due IS NOT NULL{where} "
        "UNION ALL SELECT ms.uid, 'Milestone: ' || ms.title, ms.due, g.mentorship_id, 'Step of the goal \"' || g.title || '\"' "
        f"FROM milestones ms JOIN goals g ON g.id = ms.goal_id "
        f"WHERE ms.done IS NULL AND ms.due IS NOT NULL AND g.status = 'active'{where.replace('mentorship_id', 'g.mentorship_id')} "
        "ORDER BY due"
    )
    return journal.conn.execute(sql, params + params).fetchall()


# -- import ---------------------------------------------------------------------------------------


def read_document(path: str) -> tuple[dict, str]:
    """The document in a json export file (`-` reads standard input), and how to name it in errors."""
    name = "standard input" if path == "-" else str(path)
    try:
        if path == "-":
            text = sys.stdin.buffer.read().decode("utf-8")
        else:
            text = Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise MentorlogError(f"can't read {name}: no such file") from None
    except IsADirectoryError:
        raise MentorlogError(f"can't read {name}: it is a folder, not an export file") from None
    except PermissionError:
        raise MentorlogError(f"can't read {name}: permission denied") from None
    except UnicodeDecodeError:
        raise MentorlogError(f"{name} is not a json export (it is not UTF-8 text)") from None
    except OSError as error:
        raise MentorlogError(f"can't read {name}: {error.strerror or error}") from None
    return parse_document(text, name), name


def parse_document(text: str, name: str = "the file") -> dict:
    if not text.strip():
        raise MentorlogError(f"{name} is empty; expected a mentorlog json export")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        cut = " (is it cut short?)" if error.pos >= len(text.rstrip()) else ""
        raise MentorlogError(
            f"{name} is not valid JSON{cut}: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise MentorlogError(f"{name} is not a mentorlog export (it is nested too deeply)") from None
    except ValueError as error:  # e.g. a number with more digits than Python reads
        raise MentorlogError(f"{name} is not a mentorlog export ({error})") from None
    if not isinstance(document, dict):
        raise MentorlogError(f'{name} is not a mentorlog export: expected a JSON object with "format": "{FORMAT}"')
    if document.get("format") != FORMAT:
        found = f"its format is {document['format']!r}" if "format" in document else 'it has no "format" key'
        raise MentorlogError(f'{name} is not a mentorlog export ({found}; expected "{FORMAT}")')
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise MentorlogError(f'{name}: "version" must be a whole number, not {version!r}')
    if version > VERSION:
        raise MentorlogError(
            f"{name} was exported by a newer mentorlog (version {version}; this one reads version {VERSION}); "
            "upgrade mentorlog to import it"
        )
    if version < 1:
        raise MentorlogError(f"{name}: unknown export version {version}")
    return document


@dataclass
class ImportPlan:
    """What an import will do: rows to add and to update, per table, with their references resolved."""

    source: str
    added: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)  # (the id it will have, checked row)
    updated: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)  # (its id in the journal, checked row)
    unchanged: dict[str, int] = field(default_factory=dict)
    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # uid → id, per table, after the merge

    def columns(self, table: str, row_id: int, row: dict) -> dict:
        """A checked row as the table's column values: uids turned into ids, lists and objects into JSON."""
        out = {"id": row_id}
        for spec in TABLES[table]:
            value = row[spec.name]
            if spec.kind == "ref":
                out[spec.column] = self.ids[spec.table][value] if value is not None else None
            elif spec.kind in ("list", "dict"):
                out[spec.name] = json.dumps(value, ensure_ascii=False)
            else:
                out[spec.name] = spec.default if value is None and spec.default is not None else value
        return out

    def counts(self) -> dict:
        return {
            "added": {t: len(self.added.get(t, [])) for t in TABLES},
            "updated": {t: len(self.updated.get(t, [])) for t in TABLES},
            "unchanged": {t: self.unchanged.get(t, 0) for t in TABLES},
        }


class _Problems:
    """Collects every problem in a document; reports the first, with where it is and how many more."""

    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, where: str, problem: str) -> None:
        if len(self.items) < MAX_ERRORS_COUNTED:
            self.items.append(f"{where}: {problem}")

    def raise_any(self) -> None:
        if self.items:
            more = len(self.items) - 1
            tail = f" (and {more}{'+' if len(self.items) >= MAX_ERRORS_COUNTED else ''} more problem{'s' if more > 1 else ''})" if more else ""
            raise MentorlogError(f"{self.source}: {self.items[0]}{tail}; nothing was imported")


def _check_value(spec: Field, value, where: str, problems: _Problems) -> object:
    """The value as it will be stored, or a problem noted."""
    if value is None:
        if spec.required:
            problems.add(where, f"{spec.name!r} is required, not null")
        return None if spec.kind != "list" and spec.kind != "dict" else spec.default
    kind = spec.kind
    if kind in ("text", "ref", "date", "datetime"):
        if not isinstance(value, str):
            problems.add(where, f"{spec.name!r} must be text, not {_type_name(value)}")
            return None
        if spec.required and not value.strip():
            problems.add(where, f"{spec.name!r} is empty")
        if (kind == "ref" or spec.name == "uid") and not value.isprintable():  # SQLite's json_each stops at a NUL
            problems.add(where, f"{spec.name!r} must be printable text, not {value!r}")
        if spec.choices and value not in spec.choices:
            problems.add(where, f"{spec.name!r} must be one of {', '.join(spec.choices)}, not {value!r}")
        if kind == "date" and not _is_date(value):
            problems.add(where, f"{spec.name!r} must be a date like 2026-11-03, not {value!r}")
        elif kind == "date":
            return date.fromisoformat(value).isoformat()  # one spelling, so dates compare as text
        if kind == "datetime" and _parse_stamp(value) is None:
            problems.add(where, f"{spec.name!r} must be an ISO date-time like 2026-11-03T14:30:00, not {value!r}")
        elif kind == "datetime" and spec.name not in ("created_at", "updated_at"):  # a local time, as the journal keeps it
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                problems.add(where, f"{spec.name!r} must be a local date-time without a time zone, "
                                    f"like 2026-11-03T14:30:00, not {value!r}")
            return dates.iso_datetime(moment)
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            problems.add(where, f"{spec.name!r} must be a whole number, not {_type_name(value)}")
            return None
        if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
            bounds = f"from {spec.low}" + (f" to {spec.high}" if spec.high is not None else " up")
            problems.add(where, f"{spec.name!r} must be {bounds}, not {value}")
        elif not -(2**63) <= value < 2**63:  # beyond what SQLite stores
            problems.add(where, f"{spec.name!r} is too large a number ({value})")
        return value
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.add(where, f"{spec.name!r} must be a list of texts")
            return []
        return value
    if not isinstance(value, dict):
        problems.add(where, f"{spec.name!r} must be an object, not {_type_name(value)}")
        return {}
    return value


def _type_name(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _parse_stamp(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _nocase(text: str) -> str:
    """SQLite's NOCASE: ASCII letters fold, nothing else does."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _clean_rows(document: dict, problems: _Problems) -> dict[str, list[dict]]:
    """Every row checked for its keys and types, in place; missing optional keys get their defaults."""
    unknown = [key for key in document if key not in DOCUMENT_KEYS]
    if unknown:
        problems.add("the document", f"unknown key {unknown[0]!r} (a version {VERSION} export has {', '.join(TABLES)})")
    clean: dict[str, list[dict]] = {}
    for table, fields in TABLES.items():
        rows = document.get(table, [])
        if not isinstance(rows, list):
            problems.add(table, f"must be a list of rows, not {_type_name(rows)}")
            rows = []
        names = {spec.name for spec in fields}
        seen: set[str] = set()
        clean[table] = kept = []
        for index, row in enumerate(rows):
            if type(row) is not dict:
                problems.add(f"{table}[{index}]", f"must be an object, not {_type_name(row)}")
                continue
            if len(row) > len(names) or not names.issuperset(row):
                extra = [key for key in row if key not in names]
                if extra:
                    problems.add(f"{table}[{index}]", f"unknown key {extra[0]!r}")
            for spec in fields:
                value = row.get(spec.name, _MISSING)
                if spec.kind == "text" and type(value) is str and not spec.choices and not spec.required:
                    continue  # the common case, checked fast
                if value is _MISSING:
                    if spec.required:
                        problems.add(f"{table}[{index}]", f"missing {spec.name!r}")
                    row[spec.name] = spec.default
                else:
                    row[spec.name] = _check_value(spec, value, f"{table}[{index}]", problems)
            uid = row["uid"]
            if type(uid) is str and uid:
                if uid in seen:
                    problems.add(f"{table}[{index}]", f"uid {uid} appears twice in {table}")
                seen.add(uid)
            kept.append(row)
    return clean


_MISSING = object()


def _existing(conn: sqlite3.Connection, table: str, uids: set[str]) -> dict[str, tuple[int, str]]:
    """uid → (id, updated_at) of the journal's rows among `uids` (looked up by index, not by scanning)."""
    if not uids:
        return {}
    rows = conn.execute(
        f"SELECT uid, id, updated_at FROM {table} WHERE uid IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(uids))],
    )
    return {uid: (row_id, stamp) for uid, row_id, stamp in rows}


def _newer(incoming: str, current: str) -> bool:
    new, old = _parse_stamp(incoming), _parse_stamp(current)
    if new is None or old is None:
        return incoming > current
    return new > old


def check_document(document: dict, source: str = "the file") -> dict[str, list[dict]]:
    """Every row of a parsed document checked for its keys and types, defaults filled in; each review's
    answers checked against its template."""
    problems = _Problems(source)
    clean = _clean_rows(document, problems)
    problems.raise_any()
    _check_reviews(clean["reviews"], problems)
    problems.raise_any()
    return clean


# -- import: review answers ---------------------------------------------------------------------------

GOAL_ENTRY_KEYS = ("decision", "progress", "note", "title", "target", "goal_uid", "goal_title")
MAX_ANSWER_NESTING = 4  # lists and objects within an answer of a template this mentorlog does not have


def _check_reviews(rows: list[dict], problems: _Problems) -> None:
    """Each review's answers fit its template the way `review --answers` checks them, so that `review
    show` and every export can show them. A review made from a template this mentorlog does not have
    (another machine's own) is shown by its question ids: its answers need only be plain JSON values
    nested at most MAX_ANSWER_NESTING deep."""
    if not rows:
        return
    templates = _review_templates()
    for index, row in enumerate(rows):
        answers = row["answers"]
        if not isinstance(answers, dict):
            continue  # reported already
        template = templates.get(row["template"]) if isinstance(row["template"], str) else None
        where = f"reviews[{index}]" + (f" (uid {row['uid']})" if isinstance(row["uid"], str) else "")
        for key, value in answers.items():
            problem = _answer_problem(template, str(key), value)
            if problem is not None:
                problems.add(where, problem)


def _review_templates() -> dict:
    """The templates reviews are checked against; the built-in ones alone if the user's can't be read
    (a broken template file stops a review, not an import)."""
    from mentorlog.domain.templates import BUILT_IN_DIR, load_template, load_templates

    try:
        return load_templates()
    except MentorlogError:
        return {t.name: t for t in (load_template(path, "built-in") for path in sorted(BUILT_IN_DIR.glob("*.toml")))}


def _answer_problem(template, key: str, value) -> str | None:
    """What is wrong with one answer (None: nothing), named by its question."""
    from mentorlog.data import reviews

    if _nesting(value, MAX_ANSWER_NESTING + 1) > MAX_ANSWER_NESTING:
        return f"answer to {key!r} is nested too deeply (an answer is text, a number, true/false, a list of " \
               "actions or an object of goal decisions)"
    if template is None:
        return None
    question = template.question(key)
    if question is None:
        return f"template {template.name!r} has no question {key!r}; its questions: " \
               f"{', '.join(q.id for q in template.questions)}"
    if value is None:
        return None  # skipped
    try:
        if question.type == "goals":
            _check_goal_answers(question, value)
        else:
            reviews.CHECKS[question.type](question, value)
    except MentorlogError as error:
        return str(error)
    return None


def _nesting(value, limit: int) -> int:
    """How many lists and objects deep `value` goes, counted without recursion and only up to `limit`."""
    deepest, level = 0, [value]
    while deepest < limit:
        containers = [item for item in level if isinstance(item, (dict, list))]
        if not containers:
            break
        deepest += 1
        level = [child for container in containers
                 for child in (container.values() if isinstance(container, dict) else container)]
    return deepest


def _check_goal_answers(question, value) -> None:
    """A goals answer as a review stores it: `{goal_id: {decision, progress, note, title, target,
    goal_uid, goal_title}}`. Goal ids are the exporting journal's, so they are not looked up here."""
    from mentorlog.data.reviews import DECISIONS

    where = f"answer to {question.id!r} (goals)"
    if not isinstance(value, dict):
        raise MentorlogError(f"{where} must be an object {{goal_id: {{\"decision\", \"progress\", \"note\"}}}}")
    for key, entry in value.items():
        if not (key.isascii() and key.isdigit()):
            raise MentorlogError(f"{where}: {key!r} is not a goal id")
        at = f"{where}, goal #{key}"
        if not isinstance(entry, dict):
            raise MentorlogError(f"{at} must be an object with decision, progress and note")
        unknown = sorted(set(entry) - set(GOAL_ENTRY_KEYS))
        if unknown:
            raise MentorlogError(f"{at} has an unknown key {unknown[0]!r} (keys: {', '.join(GOAL_ENTRY_KEYS)})")
        if entry.get("decision") not in DECISIONS:
            raise MentorlogError(f"{at}: decision must be one of {', '.join(DECISIONS)}, not {entry.get('decision')!r}")
        progress = entry.get("progress")
        if progress is not None and (isinstance(progress, bool) or not isinstance(progress, int)
                                     or not 0 <= progress <= 100):
            raise MentorlogError(f"{at}: progress must be a whole number from 0 to 100, not {progress!r}")
        for name in ("note", "title", "goal_uid", "goal_title"):
            if entry.get(name) is not None and not isinstance(entry[name], str):
                raise MentorlogError(f"{at}: {name} must be text, not {_type_name(entry[name])}")
        target = entry.get("target")
        if target is not None and not (isinstance(target, str) and _is_date(target)):
            raise MentorlogError(f"{at}: target must be a date like 2026-11-03, not {target!r}")


def plan_import(journal: Journal, clean: dict[str, list[dict]], source: str = "the file") -> ImportPlan:
    """Match checked rows against the journal by uid; check every reference resolves. Writes nothing."""
    problems = _Problems(source)
    conn = journal.conn
    plan = ImportPlan(source)
    wanted = {table: {row["uid"] for row in rows} for table, rows in clean.items()}
    for table, rows in clean.items():
        for spec in _refs(table):
            wanted[spec.table].update(row[spec.name] for row in rows if row[spec.name] is not None)
    ids = plan.ids
    for table in WRITE_ORDER:
        existing = _existing(conn, table, wanted[table])
        next_id = (conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0) + 1
        known = {uid: found[0] for uid, found in existing.items()}
        added, updated, same = [], [], 0
        for row in clean[table]:
            found = existing.get(row["uid"])
            if found is None:
                known[row["uid"]] = next_id
                added.append((next_id, row))
                next_id += 1
            elif _newer(row["updated_at"], found[1]):
                updated.append((found[0], row))
            else:
                same += 1
        ids[table] = known
        plan.added[table], plan.updated[table], plan.unchanged[table] = added, updated, same
    for table in TABLES:
        for index, row in enumerate(clean[table]):
            for spec in _refs(table):
                uid = row[spec.name]
                if uid is not None and uid not in ids[spec.table]:
                    problems.add(f"{table}[{index}]", f"{spec.name} {uid} is not in the file or the journal")
    problems.raise_any()
    _check_names(conn, clean["mentorships"], plan, problems)
    problems.raise_any()
    return plan


def _check_names(conn: sqlite3.Connection, incoming: list[dict], plan: ImportPlan, problems: _Problems) -> None:
    """A person has one mentorship per role: after the merge, no two may share a role and a name."""
    final = {uid: (role, name) for uid, role, name in conn.execute("SELECT uid, role, name FROM mentorships")}
    changed = set()
    for _, row in (*plan.updated["mentorships"], *plan.added["mentorships"]):
        final[row["uid"]] = (row["role"], row["name"])
        changed.add(row["uid"])
    holders: dict[tuple[str, str], list[str]] = {}
    for uid, (role, name) in final.items():
        holders.setdefault((role, _nocase(name)), []).append(uid)
    index_of = {row["uid"]: index for index, row in enumerate(incoming)}
    for (role, _), uids in holders.items():
        if len(uids) > 1:  # the journal had no clash before, so one of them comes from the file
            culprit = next(uid for uid in uids if uid in changed)
            other = next(uid for uid in uids if uid != culprit)
            name = final[culprit][1]
            problems.add(f"mentorships[{index_of[culprit]}]",
                         f"{name} would be your {role} twice (uid {other} has the same name); "
                         "rename one of them, then import again")


def apply_import(journal: Journal, plan: ImportPlan) -> None:
    """Write a checked plan in one transaction: new rows in bulk, newer rows over older ones.

    The search triggers are set aside meanwhile and the index is brought up to date in one statement
    per kind of entry: FTS5 writes its pending index data at every statement that fires a trigger,
    which makes row-by-row indexing of a big import many times slower.
    """
    from sqlite_utils import Database

    with journal.write() as conn:
        db = Database(conn, recursive_triggers=False, execute_plugins=False)
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_search_*'"
        ).fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for table in WRITE_ORDER:
            changed = plan.updated.get(table, [])
            if changed:
                _unindex(conn, table, [row_id for row_id, _ in changed])
                columns = [spec.column for spec in TABLES[table]]
                assignments = ", ".join(f"{name} = ?" for name in columns)
                conn.executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", (
                    [*list(plan.columns(table, row_id, row).values())[1:], row_id] for row_id, row in changed
                ))
            added = plan.added.get(table, [])
            if added:
                db.table(table).insert_all((plan.columns(table, row_id, row) for row_id, row in added), batch_size=500)
            _index(conn, table, [row_id for row_id, _ in (*changed, *added)])
        for _, sql in triggers:
            conn.execute(sql)


def _unindex(conn: sqlite3.Connection, table: str, ids: list[int]) -> None:
    codes = [source[0] for source in SEARCH_SOURCES if source[2] == table]
    if codes and ids:
        keys = [row_id * 8 + code for row_id in ids for code in codes]
        conn.execute("DELETE FROM search_index WHERE rowid IN (SELECT value FROM json_each(?))", [json.dumps(keys)])


def _index(conn: sqlite3.Connection, table: str, ids: list[int]) -> None:
    if not ids:
        return
    for source in (source for source in SEARCH_SOURCES if source[2] == table):
        select = search_rows(source, "t", table, "t.id IN (SELECT value FROM json_each(?))")
        conn.execute(f"INSERT INTO search_index (rowid, {SEARCH_COLUMNS}) {select}", [json.dumps(ids)])


def import_file(journal: Journal, path: str, dry_run: bool = False) -> dict:
    """Merge a json export into the journal in one transaction; `dry_run` only says what would change.

    The whole document is checked before anything is written. Rows are matched against the journal
    inside the write transaction, so a command writing at the same moment cannot slip in between;
    a journal that does not exist yet is matched (as empty) before it is created, so a bad file
    creates nothing.
    """
    document, source = read_document(path)
    clean = check_document(document, source)
    plan = None
    if dry_run or not journal.exists:
        plan = plan_import(journal, clean, source)
        if dry_run:
            return plan.counts()
    with journal.write(activity="import"):
        if plan is None or not _is_empty(journal):  # it was already there, or was created a moment ago by another command
            plan = plan_import(journal, clean, source)
        apply_import(journal, plan)
    return plan.counts()


def _is_empty(journal: Journal) -> bool:
    return not any(journal.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in TABLES)
