"""Review templates: TOML files shipped in this folder, plus the user's own in the config folder.

A template has a `name`, a `title`, `for` (mentee, mentor or both: the user's own role in the
mentorship) and ordered `[[questions]]`, each with an `id`, a `type`, a `prompt`, an optional
`help`, for `choice` its `choices`, an optional `role`, and an optional `heading`: the answer's
heading in a summary, written in the first person ("My goals", "What {name} said"), since a summary
is sent to the other person. A rating question may name a `measure` ("confidence"): its answers are kept
as that measure's values over time (`mentorlog measure show`). `{name}` in a prompt, help or heading stands for the other person. A user
template with the same name as a built-in one replaces it.

The question types and the roles are those of `domain.questions` (`TYPES`, `ROLES`): a role is what the
code relies on a question for (`not_working` feeds the agenda, `cadence` sets the mentorship's…), so a
template can give it to a question of any id; code finds the question by role (`Template.by_role`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from mentorlog.domain.questions import ROLES, TYPES, Question
from mentorlog.errors import MentorlogError

AUDIENCES = ("mentee", "mentor", "both")
TEMPLATE_KEYS = ("name", "title", "for", "questions")
QUESTION_KEYS = ("id", "type", "prompt", "help", "choices", "role", "heading", "measure")
ROLE_SUFFIXES = ("-mentee", "-mentor")
BUILT_IN_DIR = Path(__file__).parent.parent / "prompts"  # the built-in templates ship with the prompts
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_MEASURE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")  # the same rule as `measure add NAME` (data.measures)


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    audience: str  # the TOML key `for`
    questions: tuple[Question, ...] = field(default_factory=tuple)
    source: str = "built-in"

    @property
    def kind(self) -> str:
        """What sort of review it is: the name without a role suffix (`periodic-mentee` → `periodic`)."""
        return kind_of(self.name)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def by_role(self, role: str) -> Question | None:
        """The question that takes on this role (`questions.ROLES`), if any."""
        return next((q for q in self.questions if q.role == role), None)

    def to_json(self) -> dict:
        return {"name": self.name, "title": self.title, "for": self.audience, "kind": self.kind,
                "source": self.source, "questions": [q.to_json() for q in self.questions]}


def kind_of(name: str) -> str:
    """A template's kind: its name without a role suffix."""
    for suffix in ROLE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def fill(text: str | None, name: str) -> str | None:
    """A prompt or help with `{name}` replaced by the other person's name, ready to show: control
    characters in either are made visible (`render.safe_text`), so a prompt can't drive the terminal."""
    from mentorlog.domain.text import safe_text

    return safe_text(text.replace("{name}", name)) if text is not None else None


def user_dir() -> Path:
    """`prompts/` in the user's config folder (`~/.config/mentorlog/prompts` on Linux)."""
    from mentorlog.domain.folders import config_dir

    return config_dir() / "prompts"


def load_templates(extra_dir: Path | None = None) -> dict[str, Template]:
    """Every template by name: the built-in ones, then the user's, which replace any of the same name."""
    return load_data_files("template", ((BUILT_IN_DIR, "built-in"), (extra_dir or user_dir(), "user")), load_template)


def load_template(path: Path, source: str = "user") -> Template:
    """One template file; anything wrong with it is a MentorlogError `template FILE: reason`."""
    return load_data_file(path, "template", source, _template)


def load_data_files(kind: str, folders, load: Callable[[Path, str], Any]) -> dict[str, Any]:
    """Every `*.toml` file's item (a template, a roadmap) by its name, folder after folder: a later
    folder's (the user's) replaces an earlier one's of the same name; one name twice in a folder is an error."""
    found: dict[str, Any] = {}
    for folder, source in folders:
        if not folder.is_dir():
            continue
        seen: dict[str, Path] = {}
        for path in sorted(folder.glob("*.toml")):
            item = load(path, source)
            if item.name in seen:
                raise MentorlogError(f"{kind} {path}: the name {item.name!r} is already used by {seen[item.name]}")
            seen[item.name] = path
            found[item.name] = item
    return found


def load_data_file(path: Path, kind: str, source: str, build: Callable[[dict, str], Any]) -> Any:
    """One TOML data file read safely (`read_template_text`) and made into its item by `build(data,
    source)`; anything wrong with it is one MentorlogError `KIND FILE: what is wrong`."""
    import tomllib

    try:
        data = tomllib.loads(read_template_text(path, kind))
    except tomllib.TOMLDecodeError as error:
        raise MentorlogError(f"{kind} {path}: not valid TOML ({error})") from None
    except RecursionError:
        raise MentorlogError(f"{kind} {path}: not valid TOML (it is nested too deeply)") from None
    try:
        return build(data, source if source == "built-in" else str(path))
    except Problem as problem:
        raise MentorlogError(f"{kind} {path}: {problem}") from None


def readable_templates() -> dict[str, Template]:
    """Every template; the built-in ones alone if the user's can't be read (a broken template file
    stops a review, not a report or an import)."""
    try:
        return load_templates()
    except MentorlogError:
        return {t.name: t for t in (load_template(path, "built-in") for path in sorted(BUILT_IN_DIR.glob("*.toml")))}


MAX_TEMPLATE_BYTES = 1_000_000


def read_template_text(path: Path, kind: str = "template") -> str:
    """The text of a data file (a template, a roadmap, a letter), read only when it is a regular file: a
    FIFO or a device named `*.toml` would make reading hang or never end, so it is refused unopened (and
    checked again once open, in case it was swapped meanwhile). Errors name it as `kind FILE: …`."""
    import os
    import stat

    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode):
            raise MentorlogError(f"{kind} {path}: not a regular file ({_file_kind(found.st_mode)}); "
                                 f"move it out of the {kind}s folder")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise MentorlogError(f"{kind} {path}: not a regular file ({_file_kind(opened.st_mode)})")
            if opened.st_size > MAX_TEMPLATE_BYTES:
                raise MentorlogError(f"{kind} {path}: too large ({opened.st_size} bytes; a {kind} is "
                                     f"at most {MAX_TEMPLATE_BYTES} bytes)")
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as error:
        raise MentorlogError(f"{kind} {path}: can't read it ({(error.strerror or str(error)).lower()})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MentorlogError(f"{kind} {path}: not UTF-8 text (byte {error.start + 1} can't be read); "
                             "save it as UTF-8") from None


def _file_kind(mode: int) -> str:
    import stat

    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "not a file"


class Problem(Exception):
    """What is wrong inside a data file (a template, a roadmap); `load_data_file` adds the path."""


def _template(data: dict, source: str) -> Template:
    unknown = sorted(set(data) - set(TEMPLATE_KEYS))
    if unknown:
        raise Problem(f"unknown key {unknown[0]!r} (a template has {', '.join(TEMPLATE_KEYS)})")
    name = _string(data, "name", "the template")
    if not _NAME.match(name):
        raise Problem(f"name {name!r} must be lower-case letters, digits and dashes")
    title = _string(data, "title", "the template")
    audience = _string(data, "for", "the template")
    if audience not in AUDIENCES:
        raise Problem(f"`for` must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise Problem("no questions: add at least one [[questions]] table")
    parsed: list[Question] = []
    given = {raw["role"] for raw in questions if isinstance(raw, dict) and isinstance(raw.get("role"), str)}
    for number, raw in enumerate(questions, 1):
        question = _question(raw, number, kind_of(name), given)
        if any(q.id == question.id for q in parsed):
            raise Problem(f"question {number}: id {question.id!r} is used twice")
        taken = next((q for q in parsed if question.role is not None and q.role == question.role), None)
        if taken is not None:
            raise Problem(f"question {number} ({question.id}): role {question.role!r} is taken by {taken.id!r}")
        parsed.append(question)
    return Template(name, title, audience, tuple(parsed), source)


def _question(raw, number: int, template_kind: str, given: set[str]) -> Question:
    """One question; `given` are the roles the template's questions say they take on (none is implied)."""
    where = f"question {number}"
    if not isinstance(raw, dict):
        raise Problem(f"{where} is not a table (write it as [[questions]])")
    unknown = sorted(set(raw) - set(QUESTION_KEYS))
    if unknown:
        raise Problem(f"{where}: unknown key {unknown[0]!r} (a question has {', '.join(QUESTION_KEYS)})")
    question_id = _string(raw, "id", where)
    if not _ID.match(question_id):
        raise Problem(f"{where}: id {question_id!r} must be lower-case letters, digits, '_' and '-'")
    where = f"question {number} ({question_id})"
    kind = _string(raw, "type", where)
    if kind not in TYPES:
        raise Problem(f"{where}: unknown type {kind!r} (types: {', '.join(TYPES)})")
    prompt = _string(raw, "prompt", where)
    help_text = raw.get("help")
    if help_text is not None and not isinstance(help_text, str):
        raise Problem(f"{where}: help must be a string")
    heading = raw.get("heading")
    if heading is not None and (not isinstance(heading, str) or not heading.strip()):
        raise Problem(f"{where}: heading must be a non-empty string")
    choices = raw.get("choices")
    if TYPES[kind].takes_choices:
        if (not isinstance(choices, list) or not choices
                or not all(isinstance(c, str) and c.strip() for c in choices)):
            raise Problem(f"{where}: a {kind} question needs `choices`, a list of strings")
        if len({c.strip().casefold() for c in choices}) != len(choices):
            raise Problem(f"{where}: the same choice is listed twice")
        choices = tuple(c.strip() for c in choices)
    elif choices is not None:
        raise Problem(f"{where}: only a choice question takes `choices`")
    role = raw.get("role")
    if role is None:  # a template written before roles (`Role.implied_in`)
        role = next((name for name, found in ROLES.items()
                     if name not in given and found.implied(question_id, kind, template_kind)), None)
    else:
        role = _string(raw, "role", where)
        if role not in ROLES:
            raise Problem(f"{where}: unknown role {role!r} (roles: {', '.join(ROLES)})")
        if kind not in ROLES[role].types:
            raise Problem(f"{where}: the role {role!r} is for a {' or '.join(ROLES[role].types)} question, "
                           f"not {kind}")
    measure = raw.get("measure")
    if measure is not None:
        if kind != "rating":
            raise Problem(f"{where}: only a rating question takes `measure`, not a {kind} question")
        if not isinstance(measure, str) or not _MEASURE.match(measure):
            raise Problem(f"{where}: `measure` must be a name of lower-case letters, digits and dashes "
                           f"(like \"confidence\"), not {measure!r}")
    return Question(question_id, kind, prompt, help_text or None, choices or (), role,
                    heading.strip() if heading else None, measure)


def _string(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if value is None:
        raise Problem(f"{where} has no {key!r}")
    if not isinstance(value, str) or not value.strip():
        raise Problem(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def my_role(mentorship_role: str) -> str:
    """The user's own role: a mentorship with a mentor makes them the mentee, and the other way round."""
    return "mentee" if mentorship_role == "mentor" else "mentor"


def find_template(templates: dict[str, Template], name: str, role: str) -> Template:
    """The template called `name` for someone whose own role is `role`.

    `periodic` finds `periodic-mentee` or `periodic-mentor` (whichever fits) unless a template
    called plain `periodic` exists for that role.
    """
    wanted = name.strip().lower()
    exact = templates.get(wanted)
    if exact is not None and exact.audience in (role, "both"):
        return exact
    fitting = templates.get(f"{wanted}-{role}")
    if fitting is not None and fitting.audience in (role, "both"):
        return fitting
    if exact is not None:
        other = f"{exact.kind}-{role}"
        hint = f"; use {other!r}" if other in templates else ""
        raise MentorlogError(f"template {exact.name!r} is for {exact.audience}s, and here you are the {role}{hint}")
    known = ", ".join(sorted(_short_names(templates))) or "none"
    raise MentorlogError(f"no template called {name!r}; templates: {known} (see `mentorlog review templates`)")


def _short_names(templates: dict[str, Template]) -> set[str]:
    return {t.kind for t in templates.values()} | set(templates)
