"""Speed at every size: times whole `mentorlog` processes against the floor (`python -c "import typer"`).

    python bench/run.py [--sessions N] [--backlog N] [--runs R]

Builds a synthetic journal through the real import path (default 50,000 sessions with ~500-character
notes over 10 years and 20 mentorships, 100,000 actions, 25,000 wins, goals with milestones), and a
"backlog" journal: a small import (1,000 sessions, the same 20 mentorships) plus 100,000 open actions
added with one `executemany` in one transaction (`--backlog 0` skips it). Then prints one table: the
median of R whole-process runs per command, its median ratio to the floor (each command run paired
with a floor run just before it), its peak memory, and the budget it is held to. `session add` on the
big journal is paired with the same on the empty one instead, and held to a ratio to it. Exits 1
when a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

BIN = Path(sys.executable).parent
MENTORLOG = str(BIN / "mentorlog")
NOW = datetime(2026, 11, 20, 10, 0)
WORDS = (
    "promotion feedback roadmap delegation architecture review hiring onboarding conflict visibility "
    "stakeholder estimate design mentoring interview budget strategy priorities writing negotiation "
    "presentation burnout focus boundaries network conference career growth skill planning retro "
    "ownership pairing incident postmortem metrics launch customer product leadership coaching"
).split()
NAMES = [
    "Ada Lovelace", "Grace Hopper", "Alan Turing", "Barbara Liskov", "Donald Knuth", "Edsger Dijkstra",
    "Frances Allen", "Ken Thompson", "Margaret Hamilton", "Radia Perlman", "Tim Berners-Lee", "Linus Torvalds",
    "Guido van Rossum", "Katherine Johnson", "John McCarthy", "Shafi Goldwasser", "Leslie Lamport",
    "Hedy Lamarr", "Dennis Ritchie", "Sophie Wilson",
]


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def sentence(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def synthetic_export(sessions: int, seed: int = 7) -> dict:
    """A json export document of the given size, in the format `mentorlog import` reads."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=3650)
    created = stamp(start)

    def row(**fields) -> dict:
        return {"uid": str(uuid.UUID(int=rng.getrandbits(128))), **fields, "created_at": created, "updated_at": created}

    mentorships = [
        row(name=name, role="mentor" if i % 2 == 0 else "mentee", kind="traditional", status="active",
            cadence_days=(7, 14, 30)[i % 3], review_every_days=42, since=start.date().isoformat(), until=None,
            ended_on=None, end_note=None, channel="video", focus="outcome", expectations="Meet regularly.",
            boundaries=None)
        for i, name in enumerate(NAMES)
    ]
    span = (NOW - start).total_seconds()
    session_rows = []
    for i in range(sessions):
        held = start + timedelta(seconds=span * i / max(sessions, 1))
        session_rows.append(row(
            mentorship_uid=mentorships[i % len(mentorships)]["uid"], held_at=held.strftime("%Y-%m-%dT%H:%M:%S"),
            duration_minutes=rng.choice((30, 45, 60)), channel="video",
            topics=[rng.choice(WORDS), rng.choice(WORDS)], notes=sentence(rng, 500),
            private_notes=sentence(rng, 80), takeaways=[sentence(rng, 60)], rating=rng.randint(2, 5),
        ))
    goals, milestones = [], []
    for m in mentorships:
        for g in range(10):
            goal = row(mentorship_uid=m["uid"], title=sentence(rng, 30), why=sentence(rng, 60),
                       category="career", target=(NOW + timedelta(days=90)).date().isoformat(), metric=None,
                       impact=rng.randint(1, 5), support=rng.randint(1, 5), feasibility=rng.randint(1, 5),
                       progress=rng.randint(0, 100), status="active" if g < 5 else "achieved",
                       status_note=None, closed_on=None)
            goals.append(goal)
            for k in range(3):
                due = (NOW + timedelta(days=14 * (k - 1))).date().isoformat()
                milestones.append(row(goal_uid=goal["uid"], title=sentence(rng, 25), due=due, done=None))
    actions = []
    for i in range(sessions * 2):
        source = session_rows[i // 2] if session_rows else None
        held = datetime.fromisoformat(source["held_at"]) if source else NOW
        is_recent = held > NOW - timedelta(days=60)
        status = "open" if is_recent else rng.choice(("done", "done", "skipped"))
        actions.append(row(
            mentorship_uid=source["mentorship_uid"] if source else mentorships[0]["uid"], text=sentence(rng, 50),
            owner="me" if i % 2 == 0 else "them", due=(held + timedelta(days=14)).date().isoformat(), status=status,
            done_on=(held + timedelta(days=10)).date().isoformat() if status != "open" else None,
            reason="No time this sprint." if status == "skipped" else None, goal_uid=None,
            session_uid=source["uid"] if source else None, review_uid=None,
        ))
    wins = [
        row(text=sentence(rng, 60), date=(start + timedelta(seconds=span * i / max(sessions // 2, 1))).date().isoformat(),
            mentorship_uid=mentorships[i % len(mentorships)]["uid"], goal_uid=None)
        for i in range(sessions // 2)
    ]
    return {"format": "mentorlog", "version": 1, "exported_at": stamp(NOW), "mentorships": mentorships,
            "sessions": session_rows, "goals": goals, "milestones": milestones, "goal_updates": [],
            "actions": actions, "wins": wins, "reviews": []}


def add_backlog(db_path: str, count: int, seed: int = 11) -> None:
    """`count` open actions, spread over the journal's mentorships and both sides: most overdue (up to
    three years), some due in the next two months, one in ten undated. Straight into SQLite, one
    transaction: the import path would take minutes."""
    import sqlite3

    rng = random.Random(seed)
    conn = sqlite3.connect(db_path, isolation_level=None)
    ids = [row[0] for row in conn.execute("SELECT id FROM mentorships ORDER BY id")]
    created = stamp(NOW - timedelta(days=400))
    rows = []
    for i in range(count):
        kind = rng.random()
        due = None if kind < 0.1 else (NOW + timedelta(days=rng.randint(0, 60)) if kind < 0.2
                                       else NOW - timedelta(days=rng.randint(1, 1095)))
        rows.append((str(uuid.UUID(int=rng.getrandbits(128))), ids[i % len(ids)], sentence(rng, 50),
                     "me" if (i // len(ids)) % 2 == 0 else "them", due.date().isoformat() if due else None,
                     created, created))
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO actions (uid, mentorship_id, text, owner, due, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()


def run_once(args: list[str], env: dict) -> tuple[float, int]:
    """Wall time in seconds and peak memory in KiB of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode()
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}): {error.strip()}")
    return elapsed, usage.ru_maxrss


FLOOR = [sys.executable, "-c", "import typer"]
floor_times: list[float] = []


def median_run(args: list[str], env: dict, runs: int) -> tuple[float, int, float]:
    """Median seconds, peak KiB and median ratio to the floor of `runs` timed runs.

    One untimed run first warms caches (bytecode, page cache). Each timed run is paired with a floor
    run just before it, so a machine that speeds up or slows down during the benchmark moves both.
    """
    run_once(args, env)
    seconds, peaks, ratios = [], [], []
    for _ in range(runs):
        floor, _ = run_once(FLOOR, env)
        elapsed, peak = run_once(args, env)
        floor_times.append(floor)
        seconds.append(elapsed)
        peaks.append(peak)
        ratios.append(elapsed / floor)
    return statistics.median(seconds), max(peaks), statistics.median(ratios)


def paired_run(args: list[str], env: dict, base_env: dict, runs: int) -> tuple[float, int, float, float]:
    """Median seconds and peak KiB of `args` on `env`, its median ratio to the same command on `base_env`
    (each run paired with a base run just before it), and the base's median seconds."""
    run_once(args, base_env)
    run_once(args, env)
    seconds, bases, peaks, ratios = [], [], [], []
    for _ in range(runs):
        base, _ = run_once(args, base_env)
        elapsed, peak = run_once(args, env)
        seconds.append(elapsed)
        bases.append(base)
        peaks.append(peak)
        ratios.append(elapsed / base)
    return statistics.median(seconds), max(peaks), statistics.median(ratios), statistics.median(bases)


REPORTS = (  # held to 150 ms (1.8x the floor on a slow day) and 40 MiB on both big journals
    ("report", ["report"]),
    ("report --json", ["report", "--json"]),
    ("status", ["status"]),
    ("agenda", ["agenda", "--with", NAMES[0].split()[0].lower()]),
)
REPORT_MIB = 40
SLOW_DAY = 1.8


def report_row(label: str, seconds: float, peak: int, ratio: float) -> tuple:
    ok = (seconds <= 0.150 or ratio <= SLOW_DAY) and peak / 1024 <= REPORT_MIB
    return (label, seconds, peak, ratio, f"150ms|{SLOW_DAY}x {REPORT_MIB}MiB", ok)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--backlog", type=int, default=100_000, metavar="N",
                        help="open actions in the backlog journal (0: no backlog journal)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write-export", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--add-backlog", metavar="DB", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write_export:
        Path(options.write_export).write_text(json.dumps(synthetic_export(options.sessions)))
        return 0
    if options.add_backlog:
        add_backlog(options.add_backlog, options.backlog)
        return 0

    work = Path(tempfile.mkdtemp(prefix="mentorlog-bench-"))
    base_env = {**os.environ, "MENTORLOG_NOW": NOW.isoformat(), "NO_COLOR": "1"}
    base_env.pop("MENTORLOG_DEBUG", None)
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)  # time what a user runs: modules from their bytecode cache
    empty_env = {**base_env, "MENTORLOG_DB": str(work / "empty.db")}
    big_env = {**base_env, "MENTORLOG_DB": str(work / "big.db")}
    backlog_env = {**base_env, "MENTORLOG_DB": str(work / "backlog.db")}
    rows: list[tuple[str, float, int, float, str, bool]] = []
    session_add = ["session", "add", "--with", "ada", "--notes", "bench", "--rating", "4"]
    try:
        subprocess.run([MENTORLOG, "mentor", "add", "Ada Lovelace"], env=empty_env, check=True, capture_output=True)
        for label, args in (("--help", ["--help"]), ("status", ["status"]), ("session add (flags)", session_add)):
            seconds, peak, ratio = median_run([MENTORLOG, *args], empty_env, options.runs)
            rows.append((f"empty: {label}", seconds, peak, ratio, "1.3x floor", ratio <= 1.3))

        # Generated in child processes: a child forked from a parent holding the document would
        # count the parent's memory in its own peak.
        export_file = work / "big.json"
        subprocess.run([sys.executable, __file__, "--sessions", str(options.sessions), "--write-export",
                        str(export_file)], check=True)
        seconds, peak = run_once([MENTORLOG, "import", str(export_file)], big_env)
        floor = statistics.median(floor_times)
        rows.append((f"import {options.sessions:,} sessions", seconds, peak, seconds / floor, "30 s", seconds <= 30))
        export_file.unlink()

        for label, args in (*REPORTS, ("session list -n 10", ["session", "list", "-n", "10"]),
                            ("search WORD", ["search", "delegation"])):
            seconds, peak, ratio = median_run([MENTORLOG, *args], big_env, options.runs)
            if (label, args) in REPORTS:
                rows.append(report_row(f"big: {label}", seconds, peak, ratio))
            else:
                rows.append((f"big: {label}", seconds, peak, ratio, "150 ms", seconds <= 0.150))
        seconds, peak, ratio, _ = paired_run([MENTORLOG, *session_add], big_env, empty_env, options.runs)
        rows.append(("big: session add (flags)", seconds, peak, ratio, "1.2x empty", ratio <= 1.2))

        if options.backlog:
            small_export = work / "small.json"
            subprocess.run([sys.executable, __file__, "--sessions", "1000", "--write-export", str(small_export)],
                           check=True)
            subprocess.run([MENTORLOG, "import", str(small_export)], env=backlog_env, check=True, capture_output=True)
            started = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--backlog", str(options.backlog), "--add-backlog",
                            backlog_env["MENTORLOG_DB"]], check=True)
            print(f"backlog: {options.backlog:,} open actions added in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)
            for label, args in REPORTS:
                seconds, peak, ratio = median_run([MENTORLOG, *args], backlog_env, options.runs)
                rows.append(report_row(f"backlog: {label}", seconds, peak, ratio))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return print_table(rows, options)


def print_table(rows: list[tuple[str, float, int, float, str, bool]], options) -> int:
    heaviest = max((r for r in rows if not r[0].startswith("import")), key=lambda r: r[2])
    floor = statistics.median(floor_times)
    print(f"floor (python -c 'import typer'): {floor * 1000:.0f} ms, median of {len(floor_times)} runs, "
          f"each just before a timed command run; {options.runs} runs per command\n")
    print(f"{'command':<32} {'median':>9} {'ratio':>8} {'peak MiB':>9}  {'budget':<21} ok")
    for label, seconds, peak, ratio, budget, ok in rows:
        print(f"{label:<32} {seconds * 1000:>7.0f}ms {ratio:>8.2f} {peak / 1024:>9.1f}  {budget:<21} "
              f"{'yes' if ok else 'NO'}")
    print("\nratio: to the floor; for `big: session add`, to the same command on the empty journal")
    memory_ok = heaviest[2] / 1024 <= 80
    print(f"peak memory of the heaviest command ({heaviest[0]}): {heaviest[2] / 1024:.1f} MiB "
          f"(budget 80 MiB) {'yes' if memory_ok else 'NO'}")
    return 0 if all(r[5] for r in rows) and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())
