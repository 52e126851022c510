"""Merge a json export back into the journal: read and check the whole document, plan the merge by
uid, then write it in one transaction. Never prints."""

from __future__ import annotations

import json
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from mentorlog.data.journal import Journal
from mentorlog.domain import dates
from mentorlog.errors import MentorlogError
from mentorlog.exchange.document import DOCUMENT_KEYS, FORMAT, TABLES, VERSION, WRITE_ORDER, Field, refs
from mentorlog.search import SEARCH_COLUMNS, SEARCH_SOURCES, search_rows

MAX_ERRORS_COUNTED = 1000


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
        for spec in refs(table):
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
            for spec in refs(table):
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
