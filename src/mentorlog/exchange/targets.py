"""Where an export may be written, and writing it there: private (0600), whole or not at all, never
over the journal's own files or its backups."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from mentorlog.data.journal import BACKUP_DIR_NAME, private_dir
from mentorlog.errors import MentorlogError

JOURNAL_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")  # the journal and SQLite's files beside it
TEMPORARY_NAME = ".{name}.{pid}.tmp"
TEMPORARY_PATTERN = re.compile(r"^\.(?P<name>.+)\.(?P<pid>[0-9]+)\.tmp$")


def temporary_path(target: Path, pid: int | None = None) -> Path:
    """Where an export is written before it is renamed over `target`: `.{name}.{pid}.tmp` beside it
    (`TEMPORARY_NAME`), e.g. `.log.md.4242.tmp` for `log.md` written by process 4242.

    A crash leaves it behind; `TEMPORARY_PATTERN` matches such a leftover, whose pid is then no
    longer running, so it can be found and removed.
    """
    return target.with_name(TEMPORARY_NAME.format(name=target.name, pid=os.getpid() if pid is None else pid))


def guard_target(target: Path, journal_path: Path, force: bool = False) -> None:
    """Refuse to write where a file must not be replaced, before anything is written.

    Never the journal's own files (`journal.db` and its `-wal`, `-shm` and `-journal`) nor an existing
    backup in `backups/` beside it, whatever the path's spelling: relative, through a symlink or a
    hard link all count. Any other existing file is replaced only with `force` (`--force`). A device
    or a pipe (`/dev/stdout`) is written to, not replaced, so it needs no `force`.
    """
    protected = protected_file(target, journal_path)
    if protected is not None:
        raise MentorlogError(f"{target} is {protected}; choose another path (nothing was written)")
    if not force and _existing_file(target):
        raise MentorlogError(f"{target} exists; add --force to replace it")


def protected_file(target: Path, journal_path: Path) -> str | None:
    """What `target` is when it is one of the journal's own files or one of its backups; None otherwise."""
    resolved = _resolve(target)
    found = _stat(target)
    journal_path = Path(journal_path)
    for base in dict.fromkeys((journal_path.absolute(), _resolve(journal_path))):
        for suffix in JOURNAL_FILE_SUFFIXES:
            own = base.with_name(base.name + suffix)
            if resolved == _resolve(own) or _same_file(found, _stat(own)):
                return "the journal itself" if not suffix else f"the journal's own file {own.name}"
        folder = base.parent / BACKUP_DIR_NAME
        if found is not None and resolved.parent == _resolve(folder):
            return f"a backup of the journal in {folder}"
        for copy in _files_in(folder) if found is not None else ():
            if _same_file(found, _stat(copy)):
                return f"a backup of the journal ({copy})"
    return None


def _resolve(path: Path) -> Path:
    """The path with `..`, symlinks and the working folder resolved, as far as they exist."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return Path(os.path.abspath(path))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _same_file(one: os.stat_result | None, other: os.stat_result | None) -> bool:
    """`os.path.samefile` for two stats taken already: the same device and inode (a hard link counts)."""
    return one is not None and other is not None and (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _files_in(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [Path(entry.path) for entry in entries]
    except OSError:
        return []


def _existing_file(target: Path) -> bool:
    """Whether writing to `target` would replace a file: a regular file, or a symlink, even a broken one
    (a folder is refused later, as a folder)."""
    if _is_stream(target) or os.path.isdir(target):
        return False
    return os.path.lexists(target)


def _is_stream(target: Path) -> bool:
    """A device or a pipe, written to in place: anything that exists and is not a regular file or a
    folder, and `/dev/stdout` (or `/dev/fd/N`), even when the shell sent it to a file."""
    found = _stat(target)
    if found is None or stat.S_ISDIR(found.st_mode):
        return False
    return not stat.S_ISREG(found.st_mode) or _STANDARD_STREAM.match(str(Path(target).absolute())) is not None


_STANDARD_STREAM = re.compile(r"^/(?:dev/(?:stdout|stderr|fd/[0-9]+)|proc/(?:self|[0-9]+)/fd/[0-9]+)$")


def write_private(target: Path, content: str | bytes | Iterable[str], replace: bool = False) -> None:
    """Write a file readable only by its owner (0600), whole or not at all; `content` may come in pieces.

    It is written to `temporary_path(target)` (`.{name}.{pid}.tmp` beside it, made anew with O_EXCL,
    0600), then renamed onto `target`. An existing file is replaced only with `replace`; without it,
    the file is linked into place, so one made meanwhile is refused rather than lost. A device or a
    pipe (`/dev/stdout`, a FIFO) is written to as it is: renaming a file over it would replace the
    device itself.
    """
    if target.is_dir():
        raise MentorlogError(f"{target} is a folder; give a file name")
    if _is_stream(target):
        try:
            with open(target, "ab") as handle:  # appending: a `>>` redirection keeps what it holds
                _write_all(handle, content)
        except OSError as error:
            raise MentorlogError(f"can't write {target}: {_os_reason(error)}") from None
        return
    if not replace and os.path.lexists(target):
        raise MentorlogError(f"{target} exists; add --force to replace it")
    temporary = temporary_path(target)
    made = False
    try:
        private_dir(target.parent)
        fd = _create_exclusive(temporary)
        made = True
        with os.fdopen(fd, "wb") as handle:
            _write_all(handle, content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        _move_into_place(temporary, target, replace)
    except BaseException as error:
        if made:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass
        if isinstance(error, OSError):
            raise MentorlogError(f"can't write {target}: {_os_reason(error)}; nothing was written") from None
        raise


def _create_exclusive(temporary: Path) -> int:
    """A new, empty, private file; never one that is there already, nor through a symlink.

    A leftover with our own pid was left by an earlier process with that pid, now gone: it is
    removed (a symlink itself, never what it points to) and the file made anew."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(temporary, flags, 0o600)
    except FileExistsError:
        os.unlink(temporary)
        return os.open(temporary, flags, 0o600)


def _move_into_place(temporary: Path, target: Path, replace: bool) -> None:
    """Rename the finished file onto `target`; without `replace`, never over a file made meanwhile."""
    if replace:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails if `target` exists, unlike a rename
    except FileExistsError:
        raise MentorlogError(f"{target} exists; add --force to replace it") from None
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise MentorlogError(f"{target} exists; add --force to replace it") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def _write_all(handle, content: str | bytes | Iterable[str]) -> None:
    if isinstance(content, bytes):
        handle.write(content)
    elif isinstance(content, str):
        handle.write(content.encode("utf-8"))
    else:
        for piece in content:
            handle.write(piece.encode("utf-8"))


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return (error.strerror or str(error)).lower()


def prepare_folder(folder: Path) -> None:
    """The folder for a csv export: created private when missing; an existing file is refused."""
    if folder.exists() and not folder.is_dir():
        raise MentorlogError(f"{folder} is a file; csv needs a folder (--output DIR), one file per table")
    private_dir(folder)

