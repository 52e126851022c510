"""Bad input, one case per entry: every user-facing argument fed empty, blank, 100k characters, control
characters, unicode, SQL, out-of-range numbers, impossible dates, FTS syntax; files that are not what they
should be. Each case either fails with exactly one `Error:` line (no traceback) and leaves the journal as it
was, or is stored and shown back through `--json` exactly as given."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest
from typer.testing import CliRunner

from mentorlog.cli import app
from mentorlog.data.migrations import MIGRATION_SET

MENTORLOG = Path(sys.executable).parent / "mentorlog"

LONG = "long " * 19_999 + "long."  # 100,000 characters
CONTROL = "tab\there\x07bell\x1b[31mred\x1b[0m line\nbreak\x00nul\rcr\x7fdel"
UNICODE = "Zoë Ωμέγα 李小龍 🙂 مرحبا \u200bzero-width \u202eright-to-left\u202c ﬁ ½"
SQL = "'; drop table sessions; --"
HUGE = "9" * 30  # beyond SQLite's 64-bit integers
STORED_TEXTS = {"100k": LONG, "control": CONTROL, "unicode": UNICODE, "sql": SQL}
EMPTY_TEXTS = {"empty": "", "blank": " \t  "}


@dataclass
class Case:
    """`args` of a command; either `error` (a piece of the one Error line; code 2 for usage errors) or
    `show` (a command printing JSON) and `pick` (the value in it) that must equal `value`."""

    args: tuple
    error: str | None = None
    code: int = 1
    show: tuple = ()
    pick: Callable[[Any], Any] | None = None
    value: Any = None
    files: dict = field(default_factory=dict)  # name in args -> bytes written under tmp_path first
    before: tuple = ()  # commands run first, which must succeed


CASES: dict[str, Case] = {}


def add(name: str, case: Case) -> None:
    assert name not in CASES, name
    CASES[name] = case


def by_id(rows: list, wanted: int, key: str):
    return next(row[key] for row in rows if row["id"] == wanted)


# -- texts: refused when empty or blank, else stored exactly ------------------------------------------

# (label, args with {} for the text, command showing it, how to find it, the error for an empty one)
TEXT_TARGETS = [
    ("mentor name", ("mentor", "add", "{}"), ("mentor", "list", "--json"), lambda d: by_id(d, 3, "name"), "empty name"),
    ("mentor rename", ("mentor", "edit", "ada", "--name", "{}"), ("mentor", "list", "--json"),
     lambda d: by_id(d, 1, "name"), "empty name"),
    ("expectations", ("mentor", "edit", "ada", "--expectations", "{}"), ("mentor", "show", "ada", "--json"),
     lambda d: d["expectations"], "empty expectations"),
    ("boundaries", ("mentee", "add", "Kim", "--boundaries", "{}"), ("mentee", "show", "kim", "--json"),
     lambda d: d["boundaries"], "empty boundaries"),
    ("end note", ("mentee", "end", "sam", "--note", "{}"), ("mentee", "show", "sam", "--json"),
     lambda d: d["end_note"], "empty note"),
    ("session notes", ("session", "add", "--with", "ada", "--notes", "{}"), ("session", "show", "2", "--json"),
     lambda d: d["notes"], "empty notes"),
    ("private notes", ("session", "add", "--with", "ada", "--private-notes", "{}"), ("session", "show", "2", "--json"),
     lambda d: d["private_notes"], "empty private notes"),
    ("topic", ("session", "add", "--with", "ada", "--topic", "{}"), ("session", "show", "2", "--json"),
     lambda d: d["topics"][0], "empty topic"),
    ("takeaway", ("session", "add", "--with", "ada", "--takeaway", "{}"), ("session", "show", "2", "--json"),
     lambda d: d["takeaways"][0], "empty takeaway"),
    ("session action", ("session", "add", "--with", "ada", "--action", "{}"), ("action", "list", "--json"),
     lambda d: by_id(d, 2, "text"), "empty action"),
    ("session edit notes", ("session", "edit", "1", "--notes", "{}"), ("session", "show", "1", "--json"),
     lambda d: d["notes"], "empty notes"),
    ("goal title", ("goal", "add", "{}"), ("goal", "show", "2", "--json"), lambda d: d["title"], "empty goal title"),
    ("goal why", ("goal", "add", "Speak", "--why", "{}"), ("goal", "show", "2", "--json"), lambda d: d["why"], "empty why"),
    ("goal metric", ("goal", "edit", "1", "--metric", "{}"), ("goal", "show", "1", "--json"),
     lambda d: d["metric"], "empty metric"),
    ("goal retitle", ("goal", "edit", "1", "--title", "{}"), ("goal", "show", "1", "--json"),
     lambda d: d["title"], "empty goal title"),
    ("progress note", ("goal", "progress", "1", "40", "--note", "{}"), ("goal", "show", "1", "--json"),
     lambda d: d["history"][-1]["note"], "empty note"),
    ("goal done note", ("goal", "done", "1", "--note", "{}"), ("goal", "show", "1", "--json"),
     lambda d: d["status_note"], "empty note"),
    ("goal drop reason", ("goal", "drop", "1", "--reason", "{}"), ("goal", "show", "1", "--json"),
     lambda d: d["status_note"], "empty --reason"),
    ("milestone title", ("goal", "milestone", "add", "1", "{}"), ("goal", "show", "1", "--json"),
     lambda d: d["milestones"][-1]["title"], "empty milestone title"),
    ("action text", ("action", "add", "{}"), ("action", "list", "--json"), lambda d: by_id(d, 2, "text"),
     "empty action text"),
    ("action retext", ("action", "edit", "1", "--text", "{}"), ("action", "list", "--json"),
     lambda d: by_id(d, 1, "text"), "empty action text"),
    ("skip reason", ("action", "skip", "1", "--reason", "{}"), ("action", "list", "--all", "--json"),
     lambda d: by_id(d, 1, "reason"), "empty --reason"),
    ("win text", ("win", "add", "{}"), ("win", "list", "--json"), lambda d: by_id(d, 2, "text"), "empty"),
]

for label, args, show, pick, empty_error in TEXT_TARGETS:
    for kind, text in EMPTY_TEXTS.items():
        add(f"{label}: {kind}", Case(tuple(a.replace("{}", text) for a in args), error=empty_error))
    for kind, text in STORED_TEXTS.items():
        add(f"{label}: {kind}", Case(tuple(text if a == "{}" else a for a in args), show=show, pick=pick, value=text))

# a name that is already taken, quoted back in the error: still one line, and short
for kind, text in {**STORED_TEXTS, "newline": "Ada\nLovelace"}.items():
    add(f"mentor name taken: {kind}", Case(("mentor", "edit", "Ada Lovelace", "--name", text), error="already",
                                           before=(("mentor", "add", text),)))
# a review answer, from a file: text answers are kept as given, the rating must be 1-5
for kind, text in STORED_TEXTS.items():
    add(f"review answer: {kind}", Case(
        ("review", "--with", "ada", "--template", "periodic", "--answers", "answers.json"),
        files={"answers.json": json.dumps({"working": text, "health": 4}).encode()},
        show=("review", "show", "1", "--json"), pick=lambda d: d["answers"]["working"], value=text))
for label, answer, error in [
    ("rating 0", {"health": 0}, "health"), ("rating huge", {"health": 10**30}, "health"),
    ("rating as text", {"health": "five"}, "health"), ("unknown question", {"colour": "red"}, "colour"),
    ("not an object", [1, 2], "must be a JSON object"),
]:
    add(f"review answers: {label}", Case(("review", "--with", "ada", "--template", "periodic", "--answers", "a.json"),
                                         files={"a.json": json.dumps(answer).encode()}, error=error))
for label, content, error in [
    ("empty file", b"", "not JSON"), ("not json", b"working: fine\n", "not JSON"),
    ("binary", bytes(range(256)) * 4, "UTF-8"), ("truncated", b'{"working": "fi', "not JSON"),
]:
    add(f"review answers file: {label}", Case(("review", "--with", "ada", "--template", "periodic", "--answers",
                                              "a.json"), files={"a.json": content}, error=error))
add("review answers file: a folder", Case(("review", "--with", "ada", "--answers", "."), error="can't read the answers"))
add("review answers file: missing", Case(("review", "--with", "ada", "--answers", "nope.json"),
                                         error="can't read the answers"))

# -- names given with --with --------------------------------------------------------------------------

for label, value, error in [
    ("empty", "", "empty name"), ("blank", "   ", "empty name"), ("role only", "mentor:", "empty name"),
    ("unknown", "Zed", "no mentor or mentee matches"), ("100k", LONG, "no mentor or mentee matches"),
    ("sql", SQL, "no mentor or mentee matches"), ("wildcard", "%", "no mentor or mentee matches"),
    ("control", CONTROL, "no mentor or mentee matches"), ("unicode", UNICODE, "no mentor or mentee matches"),
]:
    add(f"--with: {label}", Case(("session", "add", "--with", value, "--duration", "30m"), error=error))
    add(f"--with on a read: {label}", Case(("session", "list", "--with", value, "--json"), error=error))

# -- dates --------------------------------------------------------------------------------------------

BAD_DATES = {
    "empty": "", "blank": "  ", "2026-02-30": "2026-02-30", "25 o'clock": "yesterday at 25:00",
    "month 13": "2026-13-01", "hour 24": "tomorrow 24:00", "minute 60": "2026-11-03 10:60", "13pm": "today 13pm",
    "five-digit year": "99999-01-01", "year zero": "0000-01-01", "negative": "-1", "number": "20261103",
    "fullwidth digits": "２０２６-１１-０３", "100k": "9" * 100_000, "control": "2026-11-03\x00",
    "sql": SQL, "far future": "in 9999 years", "too many days": "1000000 days ago", "unicode": UNICODE,
}
for label, value in BAD_DATES.items():
    add(f"session --on: {label}", Case(("session", "add", "--with", "ada", "--on", value), error="date"))
DATE_OPTIONS = {
    "session list --since": ("session", "list", "--since", "{}", "--json"),
    "session list --until": ("session", "list", "--until", "{}", "--json"),
    "session edit --on": ("session", "edit", "1", "--on", "{}"),
    "mentor --since": ("mentor", "add", "Kim", "--since", "{}"),
    "mentor --until": ("mentor", "edit", "ada", "--until", "{}"),
    "mentor end --on": ("mentor", "end", "ada", "--on", "{}"),
    "goal --target": ("goal", "add", "Speak", "--target", "{}"),
    "milestone --due": ("goal", "milestone", "add", "1", "Step", "--due", "{}"),
    "milestone done --on": ("goal", "milestone", "done", "1", "--on", "{}"),
    "action --due": ("action", "add", "Call", "--due", "{}"),
    "action done --on": ("action", "done", "1", "--on", "{}"),
    "win --on": ("win", "add", "Ran", "--on", "{}"),
    "win list --since": ("win", "list", "--since", "{}", "--json"),
    "report --since": ("report", "--since", "{}", "--format", "json"),
}
for option, args in DATE_OPTIONS.items():
    for label in ("empty", "2026-02-30", "100k"):
        add(f"{option}: {label}", Case(tuple(BAD_DATES[label] if a == "{}" else a for a in args), error="date"))

add("date: the last day there is", Case(("goal", "add", "Far", "--target", "9999-12-31"),
                                        show=("goal", "show", "2", "--json"), pick=lambda d: d["target"],
                                        value="9999-12-31"))
add("date: the first day there is", Case(("win", "add", "Old", "--on", "0001-01-01"), show=("win", "list", "--json"),
                                         pick=lambda d: by_id(d, 2, "date"), value="0001-01-01"))
add("date: leap day", Case(("session", "add", "--with", "ada", "--on", "2024-02-29 23:59"),
                           show=("session", "show", "2", "--json"), pick=lambda d: d["date"], value="2024-02-29T23:59:00"))
add("date: --until before --since", Case(("mentor", "add", "Kim", "--since", "2026-05-01", "--until", "2026-04-01"),
                                         error="--until is before --since"))

# -- durations, cadences ------------------------------------------------------------------------------

for label, value in {"empty": "", "blank": " ", "zero": "0", "negative": "-5", "a day and a minute": "1441",
                     "25 hours": "25h", "100k": "9" * 100_000, "exponent": "1e3", "arabic digits": "٤٥",
                     "unit only": "h", "sql": SQL, "control": "45m\x00", "unicode": UNICODE,
                     "huge": HUGE}.items():
    add(f"--duration: {label}", Case(("session", "add", "--with", "ada", "--duration", value), error="duration"))
for value, minutes in {"1": 1, "24h": 1440, "1.5h": 90, "1h30m": 90, " 45M ": 45}.items():
    add(f"--duration: {value.strip()}", Case(("session", "add", "--with", "ada", "--duration", value),
                                             show=("session", "show", "2", "--json"),
                                             pick=lambda d: d["duration_minutes"], value=minutes))

for label, value in {"empty": "", "blank": " ", "zero days": "0d", "negative": "-1w", "over a year": "367d",
                     "huge": "999999w", "100k": "9" * 100_000 + "d", "every 0 weeks": "every 0 weeks",
                     "sql": SQL, "control": "weekly\x00", "unicode": UNICODE, "sometimes": "sometimes"}.items():
    add(f"--cadence: {label}", Case(("mentor", "add", "Kim", "--cadence", value), error="cadence"))
    add(f"--review-every: {label}", Case(("mentor", "edit", "ada", "--review-every", value), error="cadence"))
for value, days in {"1d": 1, "366d": 366, "monthly": 30, "Every 3 Weeks": 21}.items():
    add(f"--cadence: {value}", Case(("mentor", "add", "Kim", "--cadence", value), show=("mentor", "show", "kim", "--json"),
                                    pick=lambda d: d["cadence_days"], value=days))

# -- numbers: ratings, scores, progress, limits, ids -------------------------------------------------

for label, value in {"zero": "0", "six": "6", "negative": "-1", "huge": HUGE}.items():
    add(f"--rating: {label}", Case(("session", "add", "--with", "ada", "--rating", value), error="rating"))
    for score in ("--impact", "--support", "--feasibility"):
        add(f"{score}: {label}", Case(("goal", "add", "Speak", score, value), error=score))
    add(f"goal edit --impact: {label}", Case(("goal", "edit", "1", "--impact", value), error="--impact"))
for label, value in {"text": "five", "fraction": "4.5", "empty": ""}.items():
    add(f"--rating: {label}", Case(("session", "add", "--with", "ada", "--rating", value), code=2))
    add(f"--impact: {label}", Case(("goal", "add", "Speak", "--impact", value), code=2))
for value, rating in {"1": 1, "5": 5, "٤": 4}.items():  # Python reads any script's digits
    add(f"--rating: {value}", Case(("session", "add", "--with", "ada", "--rating", value),
                                   show=("session", "show", "2", "--json"), pick=lambda d: d["rating"], value=rating))

for label, value in {"negative": "-1", "101": "101", "huge": HUGE}.items():
    add(f"goal progress: {label}", Case(("goal", "progress", "1", value), error="progress must be between 0 and 100"))
add("goal progress: text", Case(("goal", "progress", "1", "half"), code=2))
for value in (0, 100):
    add(f"goal progress: {value}", Case(("goal", "progress", "1", str(value)), show=("goal", "show", "1", "--json"),
                                        pick=lambda d: d["progress"], value=value))

for label, args in {"session list -n": ("session", "list", "--json", "-n"), "search -n": ("search", "first", "--json", "-n")}.items():
    add(f"{label}: text", Case((*args, "many"), code=2))
    add(f"{label}: huge", Case((*args, HUGE), error="ids and counts go up to"))
for label, value in {"zero": "0", "negative": "-1"}.items():
    add(f"session list -n: {label}", Case(("session", "list", "--json", "-n", value), error="--limit must be at least 1"))
    add(f"search -n: {label}", Case(("search", "first", "--json", "-n", value), error="--limit must be at least 1"))

ID_COMMANDS = {
    "session show": ("session", "show", "{}"), "session edit": ("session", "edit", "{}", "--rating", "3"),
    "session delete": ("session", "delete", "{}", "--yes"), "goal show": ("goal", "show", "{}"),
    "goal edit": ("goal", "edit", "{}", "--impact", "2"), "goal progress": ("goal", "progress", "{}", "50"),
    "goal done": ("goal", "done", "{}"), "goal drop": ("goal", "drop", "{}", "--reason", "moved on"),
    "milestone add": ("goal", "milestone", "add", "{}", "Step"), "milestone done": ("goal", "milestone", "done", "{}"),
    "action done": ("action", "done", "{}"), "action skip": ("action", "skip", "{}", "--reason", "no time"),
    "action edit": ("action", "edit", "{}", "--text", "new"), "review show": ("review", "show", "{}"),
    "action --goal": ("action", "add", "Call", "--goal", "{}"), "win --goal": ("win", "add", "Ran", "--goal", "{}"),
    "action edit --goal": ("action", "edit", "1", "--goal", "{}"),
}
for label, args in ID_COMMANDS.items():
    for kind, value in {"zero": "0", "unknown": "99", "huge": HUGE}.items():
        expected = "ids and counts go up to" if kind == "huge" else f"{value}"
        add(f"{label} id: {kind}", Case(tuple(value if a == "{}" else a for a in args), error=expected))
    add(f"{label} id: text", Case(tuple("first" if a == "{}" else a for a in args), code=2))

# -- choices --------------------------------------------------------------------------------------------

CHOICES = {
    "--channel": ("session", "add", "--with", "ada", "--channel", "{}"),
    "--kind": ("mentor", "add", "Kim", "--kind", "{}"),
    "--focus": ("mentor", "edit", "ada", "--focus", "{}"),
    "--owner": ("action", "add", "Call", "--owner", "{}"),
    "--category": ("goal", "add", "Speak", "--category", "{}"),
    "export --format": ("export", "--format", "{}"),
    "session show --format": ("session", "show", "1", "--format", "{}"),
    "report --format": ("report", "--format", "{}"),
    "status --format": ("status", "--format", "{}"),
    "agenda --format": ("agenda", "--with", "ada", "--format", "{}"),
    "review --template": ("review", "--with", "ada", "--template", "{}", "--answers", "-"),
}
for option, args in CHOICES.items():
    for kind, value in {"empty": "", "unknown": "carrier pigeon", "100k": LONG, "sql": SQL}.items():
        add(f"{option}: {kind}", Case(tuple(value if a == "{}" else a for a in args), error=""))

# -- search queries: results or one clear error, never a traceback, never a change ---------------------

SEARCH_RESULTS = {  # query -> ids of the sessions found (the seeded session's notes: "first meeting went well")
    "plain word": ("first", [1]), "stemmed": ("meetings", [1]), "phrase": ('"went well"', [1]),
    "prefix": ("mee*", [1]), "AND": ("first AND well", [1]), "OR": ("first OR nothing", [1]),
    "NOT": ("first NOT well", []), "NEAR": ("NEAR(first well)", [1]), "column filter": ("body:first", [1]),
    "initial token": ("^first", [1]), "unindexed column": ("kind:session", []), "bare AND": ("AND", []),
    "bare OR": ("OR OR", []), "bare NOT": ("NOT", []), "open paren": ("(((", []), "close paren": (")", []),
    "star": ("*", []), "minus": ("-", []), "plus": ("+", []), "colon": (":", []), "caret": ("^", []),
    "empty phrase": ('""', []), "open NEAR": ("NEAR(", []), "trailing OR": ("first OR", []),
    "hyphenated": ("first-meeting", [1]), "apostrophe": ("don't", []), "sql": (SQL, []),
    # a real command line can't hold a NUL, and FTS5 reads a query only up to one
    "100k": (LONG, []), "control": (CONTROL.replace("\x00", ""), []), "unicode": (UNICODE, []), "wildcard": ("%", []),
    "braces": ("{body}: first", [1]),
}
for label, (query, found) in SEARCH_RESULTS.items():
    add(f"search: {label}", Case(("search", query, "--json"), show=("search", query, "--json"),
                                 pick=lambda d: sorted(h["id"] for h in d if h["kind"] == "session"), value=found))
for label, query in {"empty": "", "blank": "   ", "unterminated quote": '"first', "quote inside": 'fir"st'}.items():
    add(f"search: {label}", Case(("search", query, "--json"), error="search"))

# -- files ----------------------------------------------------------------------------------------------

EXPORT_V1 = {"format": "mentorlog", "version": 1}
STAMP = "2026-11-01T10:00:00Z"
KIM = {"uid": "m-kim", "name": "Kim", "role": "mentee", "created_at": STAMP, "updated_at": STAMP}
MEETING = {"uid": "s-kim", "mentorship_uid": "m-kim", "held_at": "2026-11-01T10:00:00", "created_at": STAMP,
           "updated_at": STAMP}


def export_file(**rows) -> bytes:
    return json.dumps({**EXPORT_V1, "mentorships": [KIM], **rows}).encode()


for label, content, error in [
    ("a folder", None, "folder"), ("binary", bytes(range(256)) * 8, "not UTF-8"), ("null bytes", b"\x00" * 100, "JSON"),
    ("deeply nested", b"[" * 100_000 + b"]" * 100_000, "not a mentorlog export"),
    ("huge version", json.dumps({**EXPORT_V1, "version": 10**30}).encode(), "newer mentorlog"),
    ("negative version", json.dumps({**EXPORT_V1, "version": -1}).encode(), "unknown export version"),
    ("NaN rating", export_file(sessions=[{**MEETING, "rating": float("nan")}]), "'rating' must be a whole number"),
    ("infinite duration", export_file(sessions=[{**MEETING, "duration_minutes": float("inf")}]), "whole number"),
    ("huge cadence", json.dumps({**EXPORT_V1, "mentorships": [{**KIM, "cadence_days": 10**30}]}).encode(),
     "'cadence_days' must be from 1 to 366"),
    ("huge rating", export_file(sessions=[{**MEETING, "rating": 10**30}]), "'rating' must be from 1 to 5"),
    ("sql in a reference", export_file(sessions=[{**MEETING, "mentorship_uid": SQL}]), "is not in the file or the journal"),
    ("date 2026-02-30", export_file(sessions=[{**MEETING, "held_at": "2026-02-30T10:00:00"}]), "'held_at' must be"),
    ("empty name", json.dumps({**EXPORT_V1, "mentorships": [{**KIM, "name": "  "}]}).encode(), "'name' is empty"),
    ("text as a list", export_file(sessions=[{**MEETING, "notes": ["a"]}]), "'notes' must be text"),
    ("a time zone", export_file(sessions=[{**MEETING, "held_at": "2026-11-03T10:00:00+14:00"}]), "without a time zone"),
    ("a number past 64 bits", export_file(sessions=[{**MEETING, "duration_minutes": 2**63}]), "too large a number"),
    ("a NUL in a uid", export_file(sessions=[{**MEETING, "uid": "\x00"}]), "must be printable"),
]:
    files = {} if content is None else {"bad.json": content}
    add(f"import file: {label}", Case(("import", "." if content is None else "bad.json"), files=files, error=error))
add("import file: /dev/null", Case(("import", "/dev/null"), error="is empty"))
for label, held_at, shown in [("a space", "2026-11-03 10:00", "2026-11-03T10:00:00"),
                              ("microseconds", "2026-11-03T10:00:00.250000", "2026-11-03T10:00:00"),
                              ("a week date", "2026-W45-2", "2026-11-03T00:00:00")]:
    add(f"import file: held_at with {label}", Case(
        ("import", "ok.json"), files={"ok.json": export_file(sessions=[{**MEETING, "held_at": held_at}])},
        show=("session", "list", "--with", "kim", "--since", "2026-11-03", "--json"), pick=lambda d: d[0]["date"],
        value=shown))
for kind, text in STORED_TEXTS.items():
    add(f"import file: notes {kind}", Case(("import", "ok.json"), files={"ok.json": export_file(sessions=[{**MEETING, "notes": text}])},
                                           show=("session", "list", "--with", "kim", "--json"),
                                           pick=lambda d: d[0]["notes"], value=text))

add("backup: onto an existing file", Case(("backup", "taken.db"), files={"taken.db": b"keep"}, error="already exists"))
add("backup: onto a device", Case(("backup", "/dev/null"), error="already exists"))
add("export: into a folder", Case(("export", "--output", "."), error="is a folder"))
add("export: csv onto a file", Case(("export", "-f", "csv", "--output", "taken.db"), files={"taken.db": b"keep"},
                                    error="csv needs a folder"))
add("export: under a file", Case(("export", "--output", "taken.db/out.json"), files={"taken.db": b"keep"},
                                 error="can't write"))
add("demo --keep: an existing file", Case(("demo", "--keep", "taken.db"), files={"taken.db": b"keep"},
                                          error="already exists"))


# -- the test -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A small journal, made once: Ada (mentor) and Sam (mentee), a session, a goal with a milestone,
    an action and a win. Every case starts from a copy."""
    path = tmp_path_factory.mktemp("template") / "journal.db"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MENTORLOG_NOW", "2026-11-20T10:00:00")
        patch.setenv("MENTORLOG_DB", str(path))
        for args in [
            ("mentor", "add", "Ada Lovelace", "--cadence", "biweekly", "--since", "2024-01-01"),
            ("mentee", "add", "Sam Rivera", "--cadence", "weekly", "--since", "2026-10-01"),
            ("session", "add", "--with", "ada", "--on", "2026-11-03", "--notes", "first meeting went well",
             "--private-notes", "nervous"),
            ("goal", "add", "Get promoted", "--with", "ada"),
            ("goal", "milestone", "add", "1", "Draft the case", "--due", "2026-12-01"),
            ("action", "add", "Send the doc", "--with", "ada"),
            ("win", "add", "Shipped", "--with", "ada"),
        ]:
            result = runner.invoke(app, list(args))
            assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def seeded(template, db_path, cli):
    db_path.parent.mkdir(mode=0o700)
    shutil.copy(template, db_path)
    return cli


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, seeded, unchanged, tmp_path, monkeypatch):
    case = CASES[name]
    work = tmp_path / "work"
    work.mkdir()
    for file_name, content in case.files.items():
        (work / file_name).write_bytes(content)
    monkeypatch.chdir(work)
    for args in case.before:
        seeded.ok(*args)
    if case.error is not None or case.code != 1:
        with unchanged():
            result = seeded.fail(*case.args, code=case.code, input="")
        assert "Traceback" not in result.output
        if case.code == 1:
            assert case.error.lower() in result.stderr.lower(), result.stderr
            assert len(result.stderr) < 1200, "a long value is shortened when quoted back"
            assert "unexpected" not in result.stderr, result.stderr
        return
    result = seeded.ok(*case.args)
    assert "Traceback" not in result.output
    if case.show:
        assert case.pick(seeded.json(*case.show)) == case.value


def test_the_catalogue_covers_every_kind_of_bad_input():
    names = " ".join(CASES)
    for kind in ("empty", "blank", "100k", "control", "unicode", "sql", "negative", "huge", "2026-02-30",
                 "25 o'clock", "search", "a folder", "binary", "truncated"):
        assert kind in names, kind


# -- the journal file itself -----------------------------------------------------------------------------


READ = ("mentor", "list", "--json")
WRITE = ("mentor", "add", "Grace Hopper")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_journal_is_refused_unchanged(seeded, db_path):
    before = db_path.read_bytes()
    os.chmod(db_path, 0o000)
    try:
        for args in (READ, WRITE):
            assert "permission denied" in seeded.fail(*args).stderr
    finally:
        os.chmod(db_path, 0o600)
    assert db_path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_import_file_is_refused(seeded, tmp_path, unchanged):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(EXPORT_V1))
    os.chmod(path, 0o000)
    with unchanged():
        assert "permission denied" in seeded.fail("import", path).stderr


def test_a_device_is_not_a_journal(cli, tmp_path):
    """`--db /dev/null` is refused before SQLite (or doctor's permission fix) can touch the device."""
    for device in (d for d in ("/dev/null", "/dev/full", "/dev/zero") if Path(d).exists()):
        before = os.stat(device)
        for args in (READ, WRITE, ("doctor", "--fix")):
            result = cli("--db", device, *args)
            assert result.exit_code == 1 and "Traceback" not in result.output
            assert "not a regular file" in result.output, result.output
        after = os.stat(device)
        assert (after.st_mode, after.st_rdev) == (before.st_mode, before.st_rdev)
        assert not Path(device + "-wal").exists() and not Path(device + "-journal").exists()


def test_an_empty_journal_file_reads_as_empty_and_takes_writes(cli, db_path):
    db_path.parent.mkdir(mode=0o700)
    db_path.write_bytes(b"")
    assert cli.json(*READ) == []
    cli.ok(*WRITE)
    assert [m["name"] for m in cli.json(*READ)] == ["Grace Hopper"]


def test_a_journal_from_a_newer_version_is_refused_for_every_command(seeded, db_path, unchanged):
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, 'm999_future', 'x')",
                 [MIGRATION_SET])
    conn.commit()
    conn.close()
    with unchanged():
        for args in (("status", "--format", "json"), ("search", "first"), ("export",), ("backup",),
                     ("session", "add", "--with", "ada")):
            assert "newer mentorlog" in seeded.fail(*args).stderr


def test_arguments_that_are_not_utf8_are_one_clear_error(people, db_path):
    """A terminal set to Latin-1 passes bytes Python can't decode: one Error line, nothing written."""
    before = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM mentorships").fetchone()
    for args in ([b"mentor", b"add", b"Caf\xe9"], [b"session", b"add", b"--with", b"ada", b"--notes", b"caf\xe9"],
                 [b"search", b"caf\xe9"]):
        done = subprocess.run([bytes(MENTORLOG), *args], capture_output=True, stdin=subprocess.DEVNULL)
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        assert done.returncode == 1 and len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
        assert b"UTF-8" in done.stderr and b"unexpected" not in done.stderr
    assert sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM mentorships").fetchone() == before


FAR_DATES = {  # a date standing for "never" or "always", where reports add cadences to dates
    "mentorship since the last day": ("mentor", "add", "Bo", "--since", "9999-12-31"),
    "mentorship since the first day": ("mentor", "add", "Bo", "--since", "0001-01-01", "--cadence", "monthly"),
    "a yearly cadence near the end": ("mentor", "add", "Bo", "--since", "9999-06-01", "--cadence", "366d"),
    "planned end never": ("mentor", "edit", "ada", "--until", "9999-12-31"),
    "a session on the last day": ("session", "add", "--with", "ada", "--on", "9999-12-31 23:59", "--action", "next"),
    "a session on the first day": ("session", "add", "--with", "ada", "--on", "0001-01-01"),
    "an action due never": ("action", "add", "Someday", "--with", "ada", "--due", "9999-12-31"),
    "a goal due never": ("goal", "add", "Someday", "--with", "ada", "--target", "9999-12-31"),
    "a milestone due never": ("goal", "milestone", "add", "1", "Later", "--due", "9999-12-31"),
    "a win on the first day": ("win", "add", "Born", "--with", "ada", "--on", "0001-01-01"),
}
READERS = [("status",), ("report", "--format", "json"), ("report", "--format", "markdown"),
           ("agenda", "--with", "ada", "--format", "json"), ("export", "--format", "ics"), ("export", "--format", "markdown"),
           ("goal", "list", "--json"), ("doctor",)]  # the ones that count days from the dates they read


@pytest.mark.parametrize("setup", list(FAR_DATES))
def test_the_first_and_last_days_there_are_can_be_stored_and_read_everywhere(seeded, setup):
    """Stored (or refused in one line, where such a day makes no sense), then read by every reader."""
    result = seeded(*FAR_DATES[setup])
    if result.exit_code != 0:
        seeded.fail(*FAR_DATES[setup])
        assert "unexpected" not in result.stderr and "out of range" not in result.stderr
    for args in READERS:
        seeded.ok(*args)
