"""Sync at size: a 50,000-session journal to an empty second device, then one new session, incrementally.

    python bench/sync_bench.py [--sessions N] [--runs R] [--git]

Builds the big journal as `bench/run.py` does (its synthetic export, through `mentorlog import`), makes
a sync folder (or, with `--git`, a local bare repository), and times whole `mentorlog` processes:
the first sync of the big journal (it writes the whole journal as its first change file), the first
sync of an empty second device (it reads and applies all of it), and then R rounds of one `session add`
on the first device followed by `sync` on each device, the medians printed. Budget: the incremental
sync within 300 ms on top of git's own time (a folder has none). Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import FLOOR, MENTORLOG, NOW, run_once  # noqa: E402  (the big journal is built the same way)

INCREMENTAL_BUDGET = 0.300
BACKGROUND_SECONDS = 3.0  # long enough for the background sync of one session to finish
AUTO_BUDGET = 1.10  # `session add` with --auto within 10 % of the same without


def timed(args: list[str], env: dict) -> tuple[float, int]:
    return run_once([MENTORLOG, *args], env)


def timed_sync(device: dict, trace: Path | None) -> tuple[float, int, float]:
    """Seconds and peak KiB of one `sync`, and the seconds its git commands took (git's own trace2 record
    of each git process it ran: the whole of each top-level one)."""
    env = dict(device)
    if trace is not None:
        trace.unlink(missing_ok=True)
        env["GIT_TRACE2_EVENT"] = str(trace)
    seconds, peak = timed(["sync"], env)
    git_time = 0.0
    if trace is not None and trace.exists():
        for line in trace.read_text().splitlines():
            event = json.loads(line)
            if event.get("event") == "exit" and "/" not in event.get("sid", "/"):
                git_time += event.get("t_abs", 0.0)
    return seconds, peak, git_time


def auto_cost(args: list[str], auto_env: dict, plain_env: dict, runs: int) -> tuple[float, int, float]:
    """Median seconds and peak KiB of `args` on the journal with --auto, and its median ratio to the same
    on one without (each run paired with one just before it). The background sync a run starts is given
    time to finish before the next pair, so each pair measures the command alone."""
    seconds, peaks, ratios = [], [], []
    for _ in range(runs + 1):
        base, _ = run_once(args, plain_env)
        elapsed, peak = run_once(args, auto_env)
        time.sleep(BACKGROUND_SECONDS)
        seconds.append(elapsed)
        peaks.append(peak)
        ratios.append(elapsed / base)
    return statistics.median(seconds[1:]), max(peaks), statistics.median(ratios[1:])  # the first warms caches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--git", action="store_true", help="sync through a local bare git repository")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mentorlog-sync-bench-"))
    env = {**os.environ, "MENTORLOG_NOW": NOW.isoformat(), "NO_COLOR": "1"}
    env.pop("MENTORLOG_DEBUG", None)
    first = {**env, "MENTORLOG_DB": str(work / "laptop" / "journal.db")}
    second = {**env, "MENTORLOG_DB": str(work / "desktop" / "journal.db")}
    rows = []
    auto_ok = False
    try:
        export_file = work / "big.json"
        subprocess.run([sys.executable, str(Path(__file__).with_name("run.py")), "--sessions", str(options.sessions),
                        "--write-export", str(export_file)], check=True)
        subprocess.run([MENTORLOG, "import", str(export_file)], env=first, check=True, capture_output=True)
        export_file.unlink()
        if options.git:
            target = work / "remote.git"
            subprocess.run(["git", "init", "--quiet", "--bare", str(target)], check=True)
            init = ["sync", "init", "--git", str(target)]
        else:
            init = ["sync", "init", str(work / "Sync" / "mentorlog")]
        for device, name in ((first, "laptop"), (second, "desktop")):
            subprocess.run([MENTORLOG, *init, "--name", name], env=device, check=True, capture_output=True)
        seconds, peak = timed(["sync"], first)
        rows.append((f"first sync of {options.sessions:,} sessions", seconds, peak, None))
        seconds, peak = timed(["sync"], second)
        rows.append(("first sync of an empty second device", seconds, peak, None))
        sent, received, peaks, floors = [], [], [], []
        trace = work / "git-trace.json" if options.git else None
        for round_ in range(options.runs):
            subprocess.run([MENTORLOG, "session", "add", "--with", "ada", "--notes", f"round {round_}"], env=first,
                           check=True, capture_output=True)
            floors.append(run_once(FLOOR, env)[0])
            seconds, peak, git_time = timed_sync(first, trace)
            sent.append((seconds, git_time))
            seconds, peak2, git_time = timed_sync(second, trace)
            received.append((seconds, git_time))
            peaks.append(max(peak, peak2))
        rows.append(("floor (python -c 'import typer')", statistics.median(floors), 0, None))
        for label, found in (("incremental: sync sending 1 session", sent), ("incremental: sync receiving it", received)):
            rows.append((label, statistics.median(s for s, _ in found), max(peaks), statistics.median(g for _, g in found)))
        subprocess.run([MENTORLOG, *init, "--name", "laptop", "--auto"], env=first, check=True, capture_output=True)
        add = [MENTORLOG, "session", "add", "--with", "ada", "--notes", "auto"]
        seconds, peak, ratio = auto_cost(add, first, second, options.runs)
        rows.append((f"session add with --auto ({ratio:.2f}x without)", seconds, peak, None))
        auto_ok = ratio <= AUTO_BUDGET
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(rows, options) or (0 if auto_ok else 1)


def report(rows: list, options) -> int:
    where = "a local bare git repository" if options.git else "a folder"
    print(f"sync through {where}; incremental figures are medians of {options.runs} rounds\n")
    print(f"{'what':<40} {'time':>9} {'peak MiB':>9}  budget")
    ok = True
    for label, seconds, peak, git_time in rows:
        budget = ""
        if git_time is not None:
            within = seconds - git_time <= INCREMENTAL_BUDGET
            ok = ok and within
            extra = f" (git's own ~{git_time * 1000:.0f} ms)" if options.git else ""
            budget = f"300 ms + git{extra}: {'yes' if within else 'NO'}"
        print(f"{label:<40} {seconds * 1000:>7.0f}ms {peak / 1024:>9.1f}  {budget}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
