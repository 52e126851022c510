"""The reference checks of a json export: every row's keys and types, each review's answers against its
template, every problem found and the first reported with where it is (one line, as `import` shows it).

`import` reads a document faster (`exchange.rows`) and turns here to say what is wrong when that finds
a problem: these checks define what an export may hold. Never prints."""

from __future__ import annotations

from datetime import date, datetime, timezone

from mentorlog.domain import dates
from mentorlog.errors import MentorlogError
from mentorlog.exchange.document import DOCUMENT_KEYS, TABLES, VERSION, Field

MAX_ERRORS_COUNTED = 1000


class Problems:
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


def check_value(spec: Field, value, where: str, problems: Problems) -> object:
    """The value as it will be stored, or a problem noted."""
    if value is None:
        if spec.required:
            problems.add(where, f"{spec.name!r} is required, not null")
        return None if spec.kind != "list" and spec.kind != "dict" else spec.default
    kind = spec.kind
    if kind in ("text", "ref", "date", "datetime", "clock"):
        if not isinstance(value, str):
            problems.add(where, f"{spec.name!r} must be text, not {type_name(value)}")
            return None
        if spec.required and not value.strip():
            problems.add(where, f"{spec.name!r} is empty")
        if (kind == "ref" or spec.name == "uid") and not value.isprintable():  # SQLite's json_each stops at a NUL
            problems.add(where, f"{spec.name!r} must be printable text, not {value!r}")
        if spec.choices and value not in spec.choices:
            problems.add(where, f"{spec.name!r} must be one of {', '.join(spec.choices)}, not {value!r}")
        if kind == "clock" and not is_clock(value):
            problems.add(where, f"{spec.name!r} must be a time of day like 15:00, not {value!r}")
        if kind == "date" and not is_date(value):
            problems.add(where, f"{spec.name!r} must be a date like 2026-11-03, not {value!r}")
        elif kind == "date":
            return date.fromisoformat(value).isoformat()  # one spelling, so dates compare as text
        if kind == "datetime" and parse_stamp(value) is None:
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
            problems.add(where, f"{spec.name!r} must be a whole number, not {type_name(value)}")
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
        problems.add(where, f"{spec.name!r} must be an object, not {type_name(value)}")
        return {}
    return value


def type_name(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def is_clock(text: str) -> bool:
    """`HH:MM`, 24 hours, as `--time` stores it."""
    return len(text) == 5 and text[2] == ":" and text[:2].isdigit() and text[3:].isdigit() \
        and text.isascii() and int(text[:2]) < 24 and int(text[3:]) < 60


def parse_stamp(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _clean_rows(document: dict, problems: Problems) -> dict[str, list[dict]]:
    """Every row checked for its keys and types, in place; missing optional keys get their defaults."""
    unknown = [key for key in document if key not in DOCUMENT_KEYS]
    if unknown:
        problems.add("the document", f"unknown key {unknown[0]!r} (a version {VERSION} export has {', '.join(TABLES)})")
    clean: dict[str, list[dict]] = {}
    for table, fields in TABLES.items():
        rows = document.get(table, [])
        if not isinstance(rows, list):
            problems.add(table, f"must be a list of rows, not {type_name(rows)}")
            rows = []
        names = {spec.name for spec in fields}
        seen: set[str] = set()
        clean[table] = kept = []
        for index, row in enumerate(rows):
            if type(row) is not dict:
                problems.add(f"{table}[{index}]", f"must be an object, not {type_name(row)}")
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
                    row[spec.name] = check_value(spec, value, f"{table}[{index}]", problems)
            check_days(fields, row, f"{table}[{index}]", problems)
            uid = row["uid"]
            if type(uid) is str and uid:
                if uid in seen:
                    problems.add(f"{table}[{index}]", f"uid {uid} appears twice in {table}")
                seen.add(uid)
            kept.append(row)
    return clean


_MISSING = object()


def check_days(fields, row: dict, where: str, problems: Problems) -> None:
    """A moment falls on the day its date says (`done_at` on `done_on`, a win's `at` on its `date`): the day
    is what the window's index reads, the moment what decides."""
    for spec in (spec for spec in fields if spec.day_of):
        moment, day = row.get(spec.name), row.get(spec.day_of)
        if not isinstance(moment, str) or parse_stamp(moment) is None or (day is not None and not is_date(day)):
            continue  # none, or reported already
        if day is None or moment[:10] != day:
            problems.add(where, f"{spec.name!r} {moment!r} must fall on the day {spec.day_of!r} says, not {day!r}")


def check_document(document: dict, source: str = "the file") -> dict[str, list[dict]]:
    """Every row of a parsed document checked for its keys and types, defaults filled in; each review's
    answers checked against its template."""
    problems = Problems(source)
    clean = _clean_rows(document, problems)
    problems.raise_any()
    check_reviews(clean["reviews"], problems)
    problems.raise_any()
    return clean


# -- review answers ---------------------------------------------------------------------------

GOAL_ENTRY_KEYS = ("decision", "progress", "note", "title", "target", "goal_uid", "goal_title")
MAX_ANSWER_NESTING = 4  # lists and objects within an answer of a template this mentorlog does not have


def check_reviews(rows: list[dict], problems: Problems) -> None:
    """Each review's answers fit its template the way `review --answers` checks them, so that `review
    show` and every export can show them. A review made from a template this mentorlog does not have
    (another machine's own) is shown by its question ids: its answers need only be plain JSON values
    nested at most MAX_ANSWER_NESTING deep."""
    if not rows:
        return
    templates = review_templates()
    for index, row in enumerate(rows):
        answers = row["answers"]
        if not isinstance(answers, dict):
            continue  # reported already
        template = templates.get(row["template"]) if isinstance(row["template"], str) else None
        where = f"reviews[{index}]" + (f" (uid {row['uid']})" if isinstance(row["uid"], str) else "")
        for key, value in answers.items():
            problem = answer_problem(template, str(key), value)
            if problem is not None:
                problems.add(where, problem)


def review_templates() -> dict:
    """The templates reviews are checked against; the built-in ones alone if the user's can't be read
    (a broken template file stops a review, not an import)."""
    from mentorlog.domain.templates import BUILT_IN_DIR, load_template, load_templates

    try:
        return load_templates()
    except MentorlogError:
        return {t.name: t for t in (load_template(path, "built-in") for path in sorted(BUILT_IN_DIR.glob("*.toml")))}


def answer_problem(template, key: str, value) -> str | None:
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
                raise MentorlogError(f"{at}: {name} must be text, not {type_name(entry[name])}")
        target = entry.get("target")
        if target is not None and not (isinstance(target, str) and is_date(target)):
            raise MentorlogError(f"{at}: target must be a date like 2026-11-03, not {target!r}")

