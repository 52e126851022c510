"""Fuzzing: the date, duration and cadence parsers fed text shaped like what they read but with any numbers,
and the import fed arbitrary JSON and near-valid exports. Each returns a valid value (an import: a
consistent journal) or raises MentorlogError, never anything else."""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mentorlog.domain import dates
from mentorlog.exchange.document import TABLES, Field
from mentorlog.exchange.export import export_json
from mentorlog.exchange.importer import check_document, import_file, parse_document
from mentorlog.cli import app
from mentorlog.errors import MentorlogError
from mentorlog.data.journal import Journal

# -- the parsers ------------------------------------------------------------------------------------

UNITS = ["day", "days", "week", "weeks", "month", "months", "year", "years"]
DAYS = ["today", "yesterday", "tomorrow", "now", "2026-02-28", "2024-02-29", "nov 3", "last friday", "in 2 weeks"]
MONTH_WORDS = ["jan", "feb", "february", "sept", "dec", "may", "ma", "xyz"]
big = st.integers(min_value=0, max_value=10**12)

date_texts = st.one_of(
    st.from_regex(r"\A-?\d{1,6}-\d{1,3}-\d{1,3}([ tT]\d{1,3}:\d{1,3}(:\d{1,3})?)?\Z"),
    st.builds(lambda n, unit, ago: f"{n} {unit} ago" if ago else f"in {n} {unit}", big, st.sampled_from(UNITS),
              st.booleans()),
    st.builds(lambda day, hour, minute, suffix, at: f"{day}{' at' if at else ''} {hour}:{minute:02d}{suffix}",
              st.sampled_from(DAYS), st.integers(0, 999), st.integers(0, 999), st.sampled_from(["", "am", "pm", " pm"]),
              st.booleans()),
    st.builds(lambda day, hour, suffix: f"{day} {hour}{suffix}", st.sampled_from(DAYS), st.integers(0, 99),
              st.sampled_from(["am", "pm"])),
    st.builds(lambda month, day, year: f"{month} {day} {year}", st.sampled_from(MONTH_WORDS), st.integers(0, 99),
              st.integers(0, 99999)),
    st.builds(lambda day, month: f"{day} {month}", st.integers(0, 99), st.sampled_from(MONTH_WORDS)),
)
duration_texts = st.one_of(
    st.builds(lambda hours, minutes: f"{hours}h{minutes}m", big, big),
    st.builds(str, st.integers(min_value=-10**50, max_value=10**50)),
    st.from_regex(r"\A\d{0,45}(\.\d{0,6})?\s*(h|hr|hrs|hour|hours)?\s*\d{0,9}\s*(m|min|mins|minute|minutes)?\Z"),
)
cadence_texts = st.one_of(
    st.from_regex(r"\A(every\s+)?-?\d{0,9}\s*(d|day|days|w|week|weeks|m|month|months)\Z"),
    st.sampled_from(["daily", "weekly", "biweekly", "fortnightly", "monthly", "quarterly", "yearly", "every week"]),
)


@settings(max_examples=200, deadline=None)
@given(text=date_texts)
def test_date_shaped_text_gives_a_date_or_a_user_error(text):
    for parse in (dates.parse_datetime, dates.parse_bound):
        try:
            value = parse(text)
        except MentorlogError:
            continue
        assert isinstance(value, datetime) and date.min < value.date() < date.max
        assert dates.parse_datetime(value.isoformat(sep=" ", timespec="seconds")) == value.replace(microsecond=0)


@settings(max_examples=200, deadline=None)
@given(text=duration_texts)
def test_duration_shaped_text_gives_minutes_in_range_or_a_user_error(text):
    try:
        minutes = dates.parse_duration(text)
    except MentorlogError:
        return
    assert isinstance(minutes, int) and 1 <= minutes <= dates.MAX_DURATION_MINUTES


@settings(max_examples=200, deadline=None)
@given(text=cadence_texts)
def test_cadence_shaped_text_gives_days_in_range_or_a_user_error(text):
    try:
        days = dates.parse_cadence(text)
    except MentorlogError:
        return
    assert isinstance(days, int) and 1 <= days <= dates.MAX_CADENCE_DAYS
    assert dates.parse_cadence(dates.format_cadence(days)) == days


# -- the import validator ------------------------------------------------------------------------------

plausible_values = st.one_of(  # the right shape, near the edges
    st.none(), st.text(max_size=30), st.integers(-3, 8),
    st.sampled_from(["", " ", "me", "them", "open", "done", "skipped", "mentor", "mentee", "active", "ended", "paused",
                     "achieved", "dropped", "career", "traditional", "video", "periodic", "wrap-up"]),
    st.sampled_from([0, 100, 101, 366, 367, 1440, 2**63 - 1, 2**63, -(2**63) - 1]),
    st.dates().map(date.isoformat), st.datetimes().map(datetime.isoformat),
    st.sampled_from(["0001-01-01", "9999-12-31", "2028-02-29", "2026-W45-1", "2026-11-03T10:00:00+14:00",
                     "2026-11-03T10:00:00Z", "2026-11-03 10:00", "2026-11-03", "9999-12-31T23:59:59",
                     "0001-01-01T00:00:00", "2026-11-03T10:00:00.123456"]),
    st.lists(st.text(max_size=5), max_size=2), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
EDGE_DATES = ["0001-01-01", "9999-12-31", "2028-02-29", "2026-W45-1", "2026-11-20", "2026-11-21"]
EDGE_MOMENTS = ["2026-11-03T10:00:00+14:00", "2026-11-03T10:00:00Z", "2026-11-03 10:00", "2026-11-03",
                "9999-12-31T23:59:59", "0001-01-01T00:00:00", "2026-11-03T10:00:00.123456", "2026-11-20T10:00:00"]


def value_for(spec: Field, uids: list[str]):
    """Values for one field of an export row: mostly of its kind and near its edges."""
    kind = {
        "text": st.text(max_size=30) | st.sampled_from(["", " ", "\n", "\x00", "'; drop table sessions; --"]),
        "int": st.integers(-3, 8) | st.sampled_from([0, 100, 101, 366, 367, 1440, 2**63 - 1, 2**63, -(2**63) - 1]),
        "date": st.dates().map(date.isoformat) | st.sampled_from(EDGE_DATES),
        "datetime": st.datetimes().map(datetime.isoformat) | st.sampled_from(EDGE_MOMENTS),
        "list": st.lists(st.text(max_size=8), max_size=3),
        "dict": st.dictionaries(st.text(max_size=6), st.text(max_size=6) | st.integers() | st.none(), max_size=3),
        "ref": st.sampled_from(uids),
        "clock": st.sampled_from(["15:00", "09:30", "00:00", "23:59", "24:00", "9:30", "0", "15:60", "\u0661\u0665:\u0660\u0660"])
        | st.text(max_size=6),
    }[spec.kind]
    if spec.choices:
        kind = st.sampled_from(spec.choices) | kind
    return kind if spec.required else st.none() | kind


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats()
    | st.text(max_size=20) | st.sampled_from(["", " ", "2026-02-30", "2026-11-03", "2026-11-03T10:00:00", "me"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def journals(tmp_path_factory) -> dict[str, Path]:
    """`target`: a journal to import into (Ada, Sam, a session); `document`: an export of another journal
    with a row in every table, whose people include a second Ada, so names can clash."""
    folder = tmp_path_factory.mktemp("fuzz")
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MENTORLOG_NOW", "2026-11-20T10:00:00")
        for name, commands in {
            "target.db": [("mentor", "add", "Ada Lovelace"), ("mentee", "add", "Sam Rivera"),
                          ("session", "add", "--with", "ada", "--notes", "already here")],
            "source.db": [("mentee", "add", "Kim Park"), ("mentee", "add", "Ada Lovelace"),
                          ("session", "add", "--with", "kim", "--notes", "n", "--private-notes", "p", "--topic", "t",
                           "--takeaway", "k", "--rating", "4", "--action", "do it"),
                          ("goal", "add", "Speak", "--with", "kim"), ("goal", "milestone", "add", "1", "Draft"),
                          ("goal", "progress", "1", "30", "--note", "half"), ("win", "add", "Won", "--goal", "1"),
                          ("action", "skip", "1", "--reason", "no time")],
        }.items():
            patch.setenv("MENTORLOG_DB", str(folder / name))
            for args in commands:
                result = runner.invoke(app, list(args))
                assert result.exit_code == 0, result.output
        with Journal(folder / "source.db") as source:
            (folder / "document.json").write_text(export_json(source))
    return {"target": folder / "target.db", "document": folder / "document.json"}


@st.composite
def near_valid_documents(draw, template: dict, wild: bool = True) -> dict:
    """A valid export with a few things changed: values replaced by any JSON, keys dropped or added,
    rows duplicated or moved between tables, tables replaced. Not `wild`: only values, of about the right shape."""
    document = copy.deepcopy(template)
    tables = [table for table in TABLES if document[table]]
    uids = sorted(row["uid"] for table in tables for row in document[table])
    for _ in range(draw(st.integers(1, 4))):
        table = draw(st.sampled_from(tables))
        rows = document[table] if isinstance(document[table], list) else []
        row = draw(st.sampled_from(rows)) if rows else None
        change = draw(st.sampled_from(["value"] * 6 + ["drop", "add", "twice", "move", "table", "top"])) if wild else "value"
        if change == "value" and isinstance(row, dict) and row:
            key = draw(st.sampled_from(sorted(row)))
            if key.endswith("_uid") and draw(st.booleans()):  # point at another row, of any table
                row[key] = draw(st.sampled_from(uids))
            else:
                spec = next((f for f in TABLES.get(table, ()) if f.name == key), None)
                if spec is not None and (not wild or draw(st.booleans())):
                    row[key] = draw(value_for(spec, uids))
                else:
                    row[key] = draw(st.one_of(plausible_values, json_values))
        elif change == "drop" and isinstance(row, dict) and row:
            del row[draw(st.sampled_from(sorted(row)))]
        elif change == "add" and isinstance(row, dict):
            row[draw(st.text(max_size=8))] = draw(json_values)
        elif change == "twice" and row is not None:
            rows.append(copy.deepcopy(row))
        elif change == "move" and row is not None:
            other = draw(st.sampled_from(list(TABLES)))
            if isinstance(document.get(other), list):
                document[other].append(row)
        elif change == "table":
            document[table] = draw(json_values)
        elif change == "top":
            document[draw(st.sampled_from(["format", "version", "exported_at", "extra"]))] = draw(json_values)
    return document


def import_into_copy(journals: dict[str, Path], text: str, readers: bool = False) -> bool:
    """Import `text` into a fresh copy of the target journal: a count or a user error; never a half import.
    With `readers`, every command that reads the journal then runs on what was imported."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.db"
        shutil.copy(journals["target"], path)
        source = Path(folder) / "export.json"
        source.write_text(text, encoding="utf-8")
        before = rows(path)
        try:
            with Journal(path) as journal:
                counts = import_file(journal, str(source))
        except MentorlogError:
            assert rows(path) == before, "a refused import changed nothing"
            return False
        assert set(counts) == {"added", "updated", "unchanged"}
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
        with Journal(path) as journal:  # what went in comes out as a valid export, and imports again as a no-op
            again = json.loads(export_json(journal))
            second = import_file(journal, str(source))
        assert again["format"] == "mentorlog"
        assert sum(second["added"].values()) == 0
        if readers:
            read_everything(path)
        return True


def rows(path: Path) -> list:
    conn = sqlite3.connect(path)
    try:
        return [conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES]
    finally:
        conn.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_near_valid_export_imports_whole_or_is_one_user_error(journals, data):
    template = json.loads(journals["document"].read_text())
    document = data.draw(near_valid_documents(template))
    import_into_copy(journals, json.dumps(document))


@settings(max_examples=150, deadline=None)
@given(value=json_values)
def test_any_json_is_refused_as_a_user_error(journals, value):
    text = json.dumps(value)
    with pytest.raises(MentorlogError):
        check_document(parse_document(text))


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_any_text_is_parsed_or_refused_as_a_user_error(text):
    try:
        document = parse_document(text)
    except MentorlogError:
        return
    assert document["format"] == "mentorlog"


READERS = [
    ("status", "--format", "json"), ("report", "--format", "json"), ("report", "--format", "markdown"), ("report",),
    ("session", "list", "--json"), ("session", "list", "--since", "2026-01-01", "--json"), ("goal", "list", "--all", "--json"),
    ("action", "list", "--all", "--json"), ("win", "list", "--json"), ("review", "list", "--json"),
    ("search", "a", "--json"), ("export", "--format", "ics"), ("export", "--format", "markdown"),
    ("export", "--format", "json"),
]


def read_everything(path: Path) -> None:
    """Every reader on an imported journal: output, or one clear user error; never a crash."""
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, ["--db", str(path), *args])
        assert result.exit_code in (0, 1), (args, result.output, result.exception)
        if result.exit_code == 1:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), (args, result.stderr)
            for sign_of_a_crash in ("unexpected", "out of range", "could not be used"):
                assert sign_of_a_crash not in lines[0], (args, lines[0])
        return result

    for args in READERS:
        run(*args)
    people = json.loads(run("mentor", "list", "--all", "--json").stdout) + json.loads(
        run("mentee", "list", "--all", "--json").stdout)
    for person in people:
        run("agenda", "--with", f"{person['role']}:{person['name']}", "--format", "json")
        run("report", "--with", f"{person['role']}:{person['name']}", "--format", "json")
    for session in json.loads(run("session", "list", "--json").stdout):
        run("session", "show", str(session["id"]), "--format", "markdown")
    doctor = json.loads(runner.invoke(app, ["--db", str(path), "doctor", "--json"]).stdout)
    assert doctor["healthy"], [check for check in doctor["checks"] if not check["ok"]]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_whatever_an_import_lets_in_every_command_can_read(journals, data):
    template = json.loads(journals["document"].read_text())
    document = data.draw(near_valid_documents(template, wild=False))
    import_into_copy(journals, json.dumps(document), readers=True)
