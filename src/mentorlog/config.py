"""Personal defaults in `config.toml` in the config folder (`~/.config/mentorlog/config.toml` on Linux, XDG).

Which value wins: a flag, then the environment (`MENTORLOG_CADENCE`…; for the editor `$VISUAL` and `$EDITOR`),
then the file, then mentorlog's own default. The file is read only when it exists (one `stat` otherwise: no
TOML parser at start-up), checked whole on first use, and a bad one is one `Error:` line naming the file and
the key. Values are kept as the person wrote them and read by the same rules as the flags they stand for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from mentorlog.domain.records import record
from mentorlog.errors import MentorlogError

FILE_NAME = "config.toml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_STYLES = ("iso", "short")  # 2026-11-03, or 3 Nov


def _cadence(text: str) -> int:
    from mentorlog.domain import dates

    return dates.parse_cadence(text)


def _minutes(text: str) -> int:
    from mentorlog.domain import dates

    return dates.parse_duration(text)


def _clock(text: str) -> str:
    from mentorlog.commands.params import parse_clock

    return parse_clock(text, "the time")


def _one_of(words: tuple[str, ...]) -> Callable[[str], str]:
    def read(text: str) -> str:
        word = text.strip().lower()
        if word not in words:
            raise MentorlogError(f"must be one of {', '.join(words)}, not {text!r}")
        return word

    return read


def _channel(text: str) -> str:
    from mentorlog.domain.models import CHANNELS

    return _one_of(CHANNELS)(text)


def _command(text: str) -> str:
    import shlex

    try:
        words = shlex.split(text)
    except ValueError as error:
        raise MentorlogError(f"can't be read as a command ({error})") from None
    if not words:
        raise MentorlogError("is empty")
    return text.strip()


@record(frozen=True)
class Key:
    """One setting: its name in the file, what it is for, how a value is read, and the environment variables
    that beat the file (the first set wins)."""

    name: str
    help: str
    example: str
    read: Callable[[str], Any]
    env: tuple[str, ...] = ()


KEYS = {key.name: key for key in (
    Key("cadence", "how often you meet a new mentor or mentee (mentor/mentee add --cadence)", "biweekly", _cadence,
        ("MENTORLOG_CADENCE",)),
    Key("review_every", "how often to review a new relationship (--review-every)", "6w", _cadence,
        ("MENTORLOG_REVIEW_EVERY",)),
    Key("session_length", "how long a session lasts when session add has no --duration, and a check-in in the "
        "calendar", "45m", _minutes, ("MENTORLOG_SESSION_LENGTH",)),
    Key("channel", "where you usually meet a new mentor or mentee (--channel)", "video", _channel,
        ("MENTORLOG_CHANNEL",)),
    Key("checkin_time", "the usual time of a check-in in the calendar, for mentorships without --time", "15:00",
        _clock, ("MENTORLOG_CHECKIN_TIME",)),
    Key("editor", "the editor to write in ($VISUAL and $EDITOR win)", "nano", _command, ("VISUAL", "EDITOR")),
    Key("week_start", "the first day of the week, for the calendar's weekly check-ins", "monday",
        _one_of(WEEKDAYS), ("MENTORLOG_WEEK_START",)),
    Key("date_style", "dates in remind: iso (2026-11-03) or short (3 Nov)", "iso", _one_of(DATE_STYLES),
        ("MENTORLOG_DATE_STYLE",)),
)}

_loaded: dict[str, tuple[Path, float, dict[str, str]]] = {}


def path() -> Path:
    """The config file, whether or not it exists: `$XDG_CONFIG_HOME/mentorlog/config.toml` on Linux."""
    from mentorlog.domain.folders import config_dir

    return config_dir() / FILE_NAME


def file_values() -> dict[str, str]:
    """The file's settings as written (checked: a bad file raises MentorlogError); {} when there is none."""
    where = path()
    try:
        stamp = where.stat().st_mtime_ns
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise MentorlogError(f"can't read the config file {where}: {error.strerror or error}") from None
    cached = _loaded.get(str(where))
    if cached and cached[1] == stamp:
        return cached[2]
    values = _parse(where)
    _loaded[str(where)] = (where, stamp, values)
    return values


def _parse(where: Path) -> dict[str, str]:
    import tomllib

    try:
        document = tomllib.loads(where.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MentorlogError(f"the config file {where} is not valid TOML: {error}") from None
    except OSError as error:
        raise MentorlogError(f"can't read the config file {where}: {error.strerror or error}") from None
    values = {}
    for name, raw in document.items():
        if name not in KEYS:
            raise MentorlogError(f"config file {where}: unknown key {name!r} (keys: {', '.join(KEYS)})")
        text = str(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
        if text is None:
            raise MentorlogError(f'config file {where}: {name} must be text, e.g. {name} = "{KEYS[name].example}"')
        check(name, text, where=f"config file {where}: {name}")
        values[name] = text
    return values


def check(name: str, text: str, where: str) -> Any:
    """The value `text` read as key `name` reads it; a bad one is an error that starts with `where`."""
    try:
        return KEYS[name].read(text)
    except MentorlogError as error:
        message = str(error)
        for flag in ("--cadence", "--duration", "the time"):  # the readers' own words name a flag
            message = message.replace(flag, name)
        raise MentorlogError(f"{where}: {message}") from None


def setting(name: str) -> tuple[Any, str] | None:
    """The configured value of `name` and where it came from (an environment variable, or `file`); None when
    neither sets it. A flag, when given, beats both: callers ask only when it was not."""
    key = KEYS[name]
    for variable in key.env:
        text = os.environ.get(variable, "").strip()
        if text:
            return check(name, text, where=f"${variable}"), variable
    text = file_values().get(name)
    if text is None:
        return None
    return KEYS[name].read(text), "file"


def value(name: str, default: Any = None) -> Any:
    """The configured value of `name` (environment, then file), else `default`."""
    found = setting(name)
    return default if found is None else found[0]


def shown(name: str) -> str:
    """For `--help`: ` (yours: biweekly, from config.toml)` when the file sets `name`, else nothing. Never
    raises: a bad file is reported when the command runs, not in its help."""
    try:
        text = file_values().get(name)
    except MentorlogError:
        return ""
    return f" (yours: {text}, from {FILE_NAME})" if text else ""


def write(name: str, text: str) -> Path:
    """Set `name` to `text` in the file (checked first), keeping the other keys and the person's comments
    and layout: the key's line is replaced where it is, or added at the end. A file that is a symlink (a
    dotfiles folder) is written where it points. The folder is made private."""
    if name not in KEYS:
        raise MentorlogError(f"unknown key {name!r} (keys: {', '.join(KEYS)})")
    check(name, text, where=name)
    values = dict(file_values())  # a bad file is refused before it is changed
    values[name] = text.strip()
    where = path()
    where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = where.resolve() if where.is_symlink() else where
    try:
        before = target.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        before = ["# mentorlog's defaults: `mentorlog config list` shows every key", ""]
    import tomllib

    line = f"{name} = {_toml_string(values[name])}"
    at = [index for index, found in enumerate(before) if _sets(found, name)]
    if len(at) == 1:
        line += _trailing_comment(before[at[0]], tomllib)
    after = before[:at[0]] + [line] + before[at[0] + 1:] if len(at) == 1 else before + [line]

    try:
        kept = tomllib.loads("\n".join(after)) == {**tomllib.loads("\n".join(before)), name: values[name]}
    except tomllib.TOMLDecodeError:
        kept = False
    if not kept:  # a layout this can't edit line by line (the key over several lines): written anew
        after = ["# mentorlog's defaults: `mentorlog config list` shows every key", ""]
        after += [f"{key} = {_toml_string(values[key])}" for key in KEYS if key in values]
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write("\n".join(after) + "\n")
    os.replace(temporary, target)
    _loaded.pop(str(where), None)
    return where


def _trailing_comment(line: str, tomllib) -> str:
    """`   # agreed in Nov` after a key's value, kept when the value changes; "" when there is none."""
    for index in [at for at, ch in enumerate(line) if ch == "#"]:
        try:
            tomllib.loads(line[:index])
        except tomllib.TOMLDecodeError:
            continue
        return " " * (len(line[:index]) - len(line[:index].rstrip())) + line[index:]
    return ""


def _sets(line: str, name: str) -> bool:
    """The line sets the top-level key `name` (`name = …`, spaces and quotes around the name allowed)."""
    head = line.split("=", 1)[0].strip() if "=" in line else ""
    return not line.lstrip().startswith("#") and head.strip("\"'") == name


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped) + '"'
