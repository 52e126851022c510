"""The sync place on disk: one folder per device, holding that device's numbered change files.

    PLACE/mentorlog-sync.json        what the place is (format, version, how it is encrypted): no names
    PLACE/key.age                    the place's age key, encrypted with the passphrase (passphrase places)
    PLACE/devices/DEVICE_ID/00000001.jsonl   (or .age when encrypted) written once, never changed

Only the device a folder is named after ever writes into it, so a sync tool never has two versions of
one file to reconcile. A file is written under a temporary name beside its final one and renamed when
whole; a reader takes only final names, and only files that read whole (see `changes.read_file`):
anything a sync tool is still copying, or cut short, is skipped until it is whole.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from mentorlog.data.journal_file import write_and_sync
from mentorlog.errors import MentorlogError

MARKER = "mentorlog-sync.json"
KEY_FILE = "key.age"
FORMAT = "mentorlog-sync"
VERSION = 1
DEVICES = "devices"
FILE_NAME = re.compile(r"^(\d{8})\.(jsonl|age)$")
DEVICE_NAME = re.compile(r"^[0-9a-f]{32}$")
TEMP_PREFIX = ".writing-"


def read_marker(place: Path) -> dict | None:
    """The place's marker, None when there is none yet; an unreadable one is a user error."""
    path = place / MARKER
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise MentorlogError(f"{path} can't be read as a mentorlog sync place ({error})") from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise MentorlogError(f"{place} holds a {MARKER} that is not mentorlog's; choose another folder")
    if not isinstance(found.get("version"), int) or found["version"] > VERSION:
        raise MentorlogError(f"{place} was set up by a newer mentorlog; upgrade mentorlog to sync with it")
    return found


def prepare(place: Path, encrypt: str = "none", recipients: list[str] | None = None) -> dict:
    """Make `place` a sync place (created if missing), or join the one already there; its marker says how
    its files are encrypted (`encrypt`: none, passphrase or recipients, with the recipients' public keys)."""
    try:
        place.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise MentorlogError(f"{place} is a file, not a folder") from None
    except OSError as error:
        raise MentorlogError(f"can't make the sync folder {place}: {error.strerror or error}") from None
    if not place.is_dir():
        raise MentorlogError(f"{place} is a file, not a folder")
    found = read_marker(place)
    if found is None:
        if any(entry.name != ".git" for entry in place.iterdir()):
            raise MentorlogError(f"{place} is not empty and is not a mentorlog sync place; choose an empty or new folder")
        found = {"format": FORMAT, "version": VERSION, "encrypt": encrypt, "recipients": recipients or []}
        write_whole(place / MARKER, (json.dumps(found) + "\n").encode())
    (place / DEVICES).mkdir(exist_ok=True)
    return found


def device_folder(place: Path, device: str) -> Path:
    return place / DEVICES / device


def numbered(folder: Path) -> dict[int, Path]:
    """The change files in a device's folder by number (final names only)."""
    found = {}
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return {}
    for entry in entries:
        match = FILE_NAME.match(entry.name)
        if match:
            found[int(match.group(1))] = entry
    return found


def other_devices(place: Path, own: str) -> list[str]:
    try:
        entries = list((place / DEVICES).iterdir())
    except FileNotFoundError:
        raise MentorlogError(f"the sync place {place} is not reachable (is the drive or share mounted?); "
                             "nothing was changed") from None
    return sorted(entry.name for entry in entries if DEVICE_NAME.match(entry.name) and entry.name != own)


def file_name(number: int, encrypted: bool) -> str:
    return f"{number:08d}.{'age' if encrypted else 'jsonl'}"


def write_whole(target: Path, data: bytes) -> None:
    """`data` at `target`, appearing only when whole: written beside it under a temporary name, flushed to
    disk, then renamed (a reader never sees a part of it under the final name)."""
    temp = target.with_name(f"{TEMP_PREFIX}{os.getpid()}-{target.name}")
    fd = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    try:
        write_and_sync(fd, data)
    finally:
        os.close(fd)
    os.replace(temp, target)
    try:
        folder = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def clear_leftovers(folder: Path) -> None:
    """Temporary files of this device's own writes that a kill cut short."""
    for entry in folder.glob(f"{TEMP_PREFIX}*"):
        entry.unlink(missing_ok=True)
