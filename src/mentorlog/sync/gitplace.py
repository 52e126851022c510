"""A git repository as the sync place, through the `git` command: cloned beside the journal, pulled
before a sync, this device's files committed and pushed after. Each device commits only its own folder,
so a rebase never meets a conflict. Without the network a sync still merges what the clone holds and
says so. Never prints: what a person should hear goes through `notify`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from mentorlog.errors import MentorlogError
from mentorlog.sync import place

REACH_TIMEOUT = 60  # seconds: a remote that does not answer `ls-remote` by then is treated as offline
GIT_TIMEOUT = 3600  # seconds for everything else: a first fetch of a big journal's files takes a while
PUSH_ATTEMPTS = 3  # another device may push between our pull and our push


def _git(folder: Path | None, *args: str, check: bool = True,
         timeout: int = GIT_TIMEOUT) -> subprocess.CompletedProcess:
    if shutil.which("git") is None:
        raise MentorlogError("git is not installed (or not on PATH); install it to sync through a repository")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "LC_ALL": "C"}
    command = ["git", *(["-C", str(folder)] if folder is not None else []), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        done = subprocess.CompletedProcess(command, 124, "", f"git {args[0]} took longer than {timeout} s")
    if check and done.returncode != 0:
        raise MentorlogError(f"git {args[0]} failed: {_last_line(done.stderr)}")
    return done


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"


def clone(remote: str, folder: Path, notify: Callable[[str], None]) -> None:
    """The repository cloned at `folder`; a clone of the same repository already there is kept."""
    if (folder / ".git").is_dir():
        found = _git(folder, "remote", "get-url", "origin", check=False).stdout.strip()
        if found == remote:
            return
        raise MentorlogError(f"{folder} is already a clone of {found or 'another repository'}; move it aside "
                             "to sync through another one")
    if folder.exists() and any(folder.iterdir()):
        raise MentorlogError(f"{folder} is in the way of the clone and is not empty; move it aside first")
    done = _git(None, "clone", "--quiet", remote, str(folder), check=False)
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise MentorlogError(f"can't clone {remote}: {_last_line(done.stderr)}")
    if not _git(folder, "config", "user.email", check=False).stdout.strip():
        _git(folder, "config", "user.email", "mentorlog@localhost")
        _git(folder, "config", "user.name", "mentorlog")


def _remote_branch(folder: Path) -> tuple[bool, str | None]:
    """(reachable, the remote's branch to follow: None while the repository is empty)."""
    done = _git(folder, "ls-remote", "--symref", "origin", "HEAD", check=False, timeout=REACH_TIMEOUT)
    if done.returncode != 0:
        return False, None
    for line in done.stdout.splitlines():
        if line.startswith("ref: ") and line.endswith("\tHEAD"):
            return True, line[len("ref: refs/heads/"):-len("\tHEAD")]
    heads = _git(folder, "ls-remote", "--heads", "origin", check=False, timeout=REACH_TIMEOUT).stdout.split()
    names = [ref[len("refs/heads/"):] for ref in heads if ref.startswith("refs/heads/")]
    return True, (names[0] if names else None)


def pull(folder: Path, notify: Callable[[str], None]) -> tuple[bool, str | None]:
    """The other devices' newest files. (online, the repository's branch): offline is said, not an error."""
    if not (folder / ".git").is_dir():
        raise MentorlogError(f"the sync clone {folder} is missing; set it up again with `mentorlog sync init --git URL`")
    if (folder / ".git" / "rebase-merge").exists() or (folder / ".git" / "rebase-apply").exists():
        _git(folder, "rebase", "--abort", check=False)  # a sync stopped part-way through its rebase
    online, branch = _remote_branch(folder)
    if not online:
        notify("Offline: the repository can't be reached; merged what this machine already has, and will send "
               "this device's changes next time")
        return False, None
    if branch is not None:
        _rebase_onto(folder, branch)
    return True, branch


def _rebase_onto(folder: Path, branch: str) -> None:
    _git(folder, "fetch", "--quiet", "origin", branch)
    if _git(folder, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        _make_way(folder, branch)
        _git(folder, "checkout", "--quiet", "-B", branch, f"origin/{branch}")  # nothing committed here yet
        return
    done = _git(folder, "rebase", "--quiet", f"origin/{branch}", check=False)
    if done.returncode != 0:
        _git(folder, "rebase", "--abort", check=False)
        raise MentorlogError(f"git could not rebase this device's files onto the repository's: "
                             f"{_last_line(done.stderr)}; nothing was changed")


def _make_way(folder: Path, branch: str) -> None:
    """Set up here while the repository was still empty, and meanwhile by another device there: the same
    place file is taken from the repository; a different one (another key) is a user error."""
    for name in (place.MARKER, place.KEY_FILE):
        local = folder / name
        if not local.exists():
            continue
        theirs = subprocess.run(["git", "-C", str(folder), "cat-file", "blob", f"origin/{branch}:{name}"],
                                capture_output=True, stdin=subprocess.DEVNULL)
        if theirs.returncode != 0:
            continue
        if theirs.stdout != local.read_bytes():
            raise MentorlogError(f"another device set up the repository meanwhile, with other settings; move "
                                 f"{folder} aside and run `mentorlog sync init --git` again to join it")
        local.unlink()


def publish(folder: Path, device: str, online: bool, branch: str | None, notify: Callable[[str], None]) -> None:
    """Commit this device's files (and the place's files), then push them when online and there is
    something to push; rebased again and pushed again only when another device pushed meanwhile."""
    paths = [place.MARKER, place.KEY_FILE, f"{place.DEVICES}/{device}"]
    present = [path for path in paths if (folder / path).exists()]
    if present:
        _git(folder, "add", "--", *present)
    if _git(folder, "diff", "--cached", "--quiet", check=False).returncode != 0:
        _git(folder, "commit", "--quiet", "-m", f"mentorlog: changes from device {device[:8]}")
    if not online or _git(folder, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        return
    if branch is not None and _git(folder, "rev-list", "--count", f"origin/{branch}..HEAD").stdout.strip() == "0":
        return  # nothing of this device's that the repository lacks
    for _ in range(PUSH_ATTEMPTS):
        target = branch or _git(folder, "symbolic-ref", "--short", "HEAD").stdout.strip()
        if _git(folder, "push", "--quiet", "origin", f"HEAD:refs/heads/{target}", check=False).returncode == 0:
            return
        reachable, branch = _remote_branch(folder)
        if not reachable:
            notify("Offline: this device's changes are committed and will be pushed by the next sync")
            return
        if branch is not None:
            _rebase_onto(folder, branch)
    notify("The repository kept changing while this device pushed; its changes are committed and will be "
           "pushed by the next sync")
