"""kill -9 at random points of `sync`: the journal is left as it was, and the next sync converges with
nothing lost."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_sync_folder import rows

ROOT = Path(__file__).resolve().parents[1]


def synthetic_export(sessions: int) -> dict:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_export(sessions)


def mentorlog(db: Path, *args: str, now: str = "2026-11-20T10:00:00") -> subprocess.CompletedProcess:
    env = {**os.environ, "MENTORLOG_NOW": now, "MENTORLOG_DB": str(db)}
    done = subprocess.run([sys.executable, "-m", "mentorlog", "--db", str(db), *args], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def killed(db: Path, rng: random.Random, most: float) -> None:
    """`sync` started and killed with SIGKILL after a random moment (or left to finish, if it is quicker)."""
    env = {**os.environ, "MENTORLOG_NOW": "2026-11-20T10:00:00", "MENTORLOG_DB": str(db)}
    process = subprocess.Popen([sys.executable, "-m", "mentorlog", "--db", str(db), "sync"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, most))
    process.send_signal(signal.SIGKILL)
    process.wait()


def healthy(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_at_random_points_then_sync_converges(tmp_path):
    rng = random.Random(16)
    place = tmp_path / "place"
    laptop, desktop = tmp_path / "laptop" / "journal.db", tmp_path / "desktop" / "journal.db"
    export = tmp_path / "export.json"
    export.write_text(json.dumps(synthetic_export(600)))
    mentorlog(laptop, "import", str(export))
    for db, name in ((laptop, "laptop"), (desktop, "desktop")):
        mentorlog(db, "sync", "init", str(place), "--name", name)
    start = time.monotonic()
    mentorlog(laptop, "sync")
    took = time.monotonic() - start
    for attempt in range(6):
        before = rows(desktop)
        killed(desktop, rng, took * 1.5)
        healthy(desktop)
        after = rows(desktop)
        assert after == before or after == rows(laptop)  # all of it, or none
    mentorlog(desktop, "sync")
    assert rows(desktop) == rows(laptop)
    for attempt in range(4):
        mentorlog(laptop, "win", "add", f"Win {attempt}", "--with", "Ada Lovelace")
        mentorlog(desktop, "win", "add", f"Desktop win {attempt}", "--with", "Ada Lovelace")
        killed(laptop, rng, 0.6)
        killed(desktop, rng, took * 1.5)
        healthy(laptop)
        healthy(desktop)
    for db in (laptop, desktop, laptop):
        mentorlog(db, "sync")
    state = rows(laptop)
    assert rows(desktop) == state
    assert len(state["sessions"]) == 600
    texts = {win["text"] for win in state["wins"]}
    assert {f"Win {n}" for n in range(4)} | {f"Desktop win {n}" for n in range(4)} <= texts
