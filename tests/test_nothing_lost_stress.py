"""Eight mentorlogs at once on one journal, 150 mixed commands each: writes, reviews, imports, backups,
doctor, exports and reads. Nothing fails but documented user errors, every acknowledged write is there
at the end, doctor is clean, and no backup went missing."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

WORKERS, COMMANDS = 8, 150

# What two mentorlogs racing for the same row may rightly be told; anything else is a failure.
USER_ERRORS = re.compile(r"already (done|skipped|open|achieved|dropped|paused|active)|changed while|became \w+ while")

WORKER = r'''
import json, os, random, sys, uuid
from pathlib import Path
from typer.testing import CliRunner
from mentorlog.cli import app

worker, count, folder = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
rng = random.Random(worker)
runner = CliRunner()
log = []


def run(args, stdin=None, **ack):
    result = runner.invoke(app, [str(a) for a in args], input=stdin)
    log.append({"args": [str(a) for a in args], "code": result.exit_code, "stdout": result.stdout[-2000:],
                "stderr": result.stderr[-2000:], "ack": ack if result.exit_code == 0 else None})


def import_document(token):
    stamp = "2026-01-01T09:00:00Z"
    def row(**fields):
        return {"uid": str(uuid.uuid4()), **fields, "created_at": stamp, "updated_at": stamp}
    person = row(name=f"Imported {token}", role="mentee", cadence_days=14)
    meetings = [row(mentorship_uid=person["uid"], held_at=f"2026-0{1 + n}-01T09:00:00", notes=f"{token} {n}",
                    topics=[], takeaways=[]) for n in range(5)]
    return {"format": "mentorlog", "version": 1, "exported_at": stamp, "mentorships": [person],
            "sessions": meetings, "goals": [], "milestones": [], "goal_updates": [], "actions": [],
            "wins": [], "reviews": []}


for n in range(count):
    token = f"w{worker}c{n}"
    pick = rng.random()
    who = rng.choice(["ada", "sam"])
    if pick < 0.22:
        run(["session", "add", "--with", who, "--notes", token, "--action", f"{token}-a", "--rating", "4"],
            session=token)
    elif pick < 0.34:
        run(["goal", "progress", rng.choice([1, 2, 3, 4]), rng.randint(0, 100), "--note", token], progress=token)
    elif pick < 0.44:
        action = rng.randint(1, 40)
        if rng.random() < 0.5:
            run(["action", "done", action])
        else:
            run(["action", "skip", action, "--reason", token])
    elif pick < 0.47:
        spare = rng.choice([5, 6, 7, 8])
        run(["goal", "done", spare] if rng.random() < 0.5 else ["goal", "drop", spare, "--reason", token])
    elif pick < 0.53:
        answers = {"working": token, "health": rng.randint(1, 5),
                   "goals": {"1": {"decision": "keep", "progress": rng.randint(0, 100)}}}
        run(["review", "--with", "ada", "--template", "periodic", "--answers", "-"], stdin=json.dumps(answers),
            review=token)
    elif pick < 0.57:
        path = folder / f"import-{token}.json"
        document = import_document(token)
        path.write_text(json.dumps(document))
        run(["import", path], imported=[s["uid"] for s in document["sessions"]])
    elif pick < 0.61:
        run(["backup"], backup=True)
    elif pick < 0.64:
        run(["doctor", "--json"], doctor=True)
    elif pick < 0.68:
        run(["export", "--format", rng.choice(["json", "markdown"]), "--output", folder / f"export-{token}"])
    else:
        run(rng.choice([["status"], ["report"], ["agenda", "--with", "ada"], ["search", "notes"],
                        ["session", "list", "-n", "5", "--json"], ["action", "list", "--json"],
                        ["goal", "list", "--json"], ["export", "--format", "json"]]))

(folder / f"log-{worker}.json").write_text(json.dumps(log))
'''


def query(db_path: Path, sql: str, params: tuple = ()) -> list:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.mark.slow
def test_eight_mentorlogs_at_once_lose_nothing_and_leave_a_clean_journal(people, db_path, tmp_path):
    for title, who in (("Get promoted", "ada"), ("Learn Rust", "ada"), ("Give a talk", "sam"), ("Hire well", "sam"),
                       ("Spare one", "ada"), ("Spare two", "ada"), ("Spare three", "sam"), ("Spare four", "sam")):
        people.ok("goal", "add", title, "--with", who)
    for n in range(20):
        people.ok("session", "add", "--with", "ada" if n % 2 else "sam", "--notes", f"setup {n}",
                  "--action", f"setup action {n}", "--their-action", f"their setup action {n}")
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "MENTORLOG_DB": str(db_path)}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(w), str(COMMANDS), str(work)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(WORKERS)]
    for worker in workers:
        _, err = worker.communicate(timeout=1500)
        assert worker.returncode == 0, err
    log = [entry for w in range(WORKERS) for entry in json.loads((work / f"log-{w}.json").read_text())]
    assert len(log) == WORKERS * COMMANDS

    failed = [e for e in log if e["code"] != 0 and not (e["code"] == 1 and USER_ERRORS.search(e["stderr"]))]
    assert failed == [], "\n".join(f"{' '.join(e['args'])}: exit {e['code']}: {e['stderr'].strip()} {e['stdout'][-600:]}" for e in failed[:15])

    acked = [e["ack"] for e in log if e["ack"]]
    notes = {row[0] for row in query(db_path, "SELECT notes FROM sessions")}
    action_texts = {row[0] for row in query(db_path, "SELECT text FROM actions")}
    for token in (a["session"] for a in acked if "session" in a):
        assert token in notes and f"{token}-a" in action_texts, token
    update_notes = {row[0] for row in query(db_path, "SELECT note FROM goal_updates")}
    assert {a["progress"] for a in acked if "progress" in a} <= update_notes
    answers = " ".join(row[0] for row in query(db_path, "SELECT answers FROM reviews"))
    assert all(a["review"] in answers for a in acked if "review" in a)
    session_uids = {row[0] for row in query(db_path, "SELECT uid FROM sessions")}
    for a in acked:
        if "imported" in a:
            assert set(a["imported"]) <= session_uids

    backups = [e["stdout"].strip().splitlines()[-1] for e in log if e["ack"] and "backup" in e["ack"]]
    assert backups and len(set(backups)) == len(backups), "every backup has a name of its own"
    for copy in map(Path, backups):
        assert copy.is_file(), f"backup {copy} went missing"
        assert query(copy, "PRAGMA integrity_check") == [("ok",)]

    doctors = [json.loads(e["stdout"]) for e in log if e["ack"] and "doctor" in e["ack"]]
    assert all(d["healthy"] for d in doctors)
    final = people("doctor", "--json")
    assert final.exit_code == 0, final.stdout
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert query(db_path, "PRAGMA foreign_key_check") == []
