"""Encrypted sync places: every change file encrypted with age (`pyrage`), so nothing readable reaches
a folder or a repository you don't control; and encrypted exports and backups, whole age files that
`age -d` reads, and an encrypted export read back by `import`. Imported only for these. Never prints
(but asks for a passphrase on a terminal).

With a passphrase, the first device makes an age key for the place and keeps it in the place as
`key.age`, encrypted with the passphrase (one slow scrypt per sync, instead of one per file); every
change file is encrypted to that key. With `--recipient`, the files are encrypted to the given public
keys, and this device reads them with its own age identity (`MENTORLOG_AGE_IDENTITY`: a key or a file
holding one, or the system keyring). The passphrase comes from `MENTORLOG_PASSPHRASE`, else the system
keyring (where `sync init` keeps it when there is one), else it is asked for on a terminal.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from mentorlog.data.journal import Journal
from mentorlog.errors import MentorlogError
from mentorlog.sync import place

KEYRING_SERVICE = "mentorlog sync"


class Age:
    """Change files encrypted to `recipients`, read with `identities`."""

    encrypted = True

    def __init__(self, recipients: list, identities: list):
        self.recipients, self.identities = recipients, identities

    def encrypt(self, data: bytes) -> bytes:
        import pyrage

        return pyrage.encrypt(data, self.recipients)

    def decrypt(self, data: bytes, where: str) -> bytes | None:
        """The plain file, or None when it can't be read yet (still being copied, or cut short)."""
        import pyrage

        try:
            return pyrage.decrypt(data, self.identities)
        except pyrage.DecryptError:
            return None


def check_setup(recipients: list[str]) -> None:
    from pyrage import RecipientError, x25519

    for key in recipients:
        try:
            x25519.Recipient.from_str(key.strip())
        except RecipientError:
            raise MentorlogError(f"--recipient {key!r} is not an age public key (age1…)") from None


def codec(journal: Journal, settings: dict, notify: Callable[[str], None], first: bool = False) -> Age:
    """The place's encryption, checked: a wrong passphrase or key is a user error, before anything is read."""
    root = Path(settings["place"])
    if settings.get("encrypt") == "recipients":
        return _with_recipients(json.loads(settings.get("recipients") or "[]"), root)
    from pyrage import x25519

    key_path = root / place.KEY_FILE
    if first and not key_path.exists():
        secret = _passphrase(root, notify, confirm=True)
        identity = x25519.Identity.generate()
        from pyrage import passphrase as age_passphrase

        place.write_whole(key_path, age_passphrase.encrypt(str(identity).encode(), secret))
        _remember(root, secret)
        return Age([identity.to_public()], [identity])
    identity = _unlock(key_path, _passphrase(root, notify, confirm=False))
    if first:
        _remember(root, os.environ.get("MENTORLOG_PASSPHRASE") or _asked.get(str(root), ""))
    return Age([identity.to_public()], [identity])


def _unlock(key_path: Path, secret: str):
    from pyrage import DecryptError, passphrase as age_passphrase, x25519

    try:
        data = key_path.read_bytes()
    except FileNotFoundError:
        raise MentorlogError(f"{key_path} is missing: the sync place's key is not there yet (still being copied?); "
                             "nothing was changed") from None
    try:
        return x25519.Identity.from_str(age_passphrase.decrypt(data, secret).decode().strip())
    except DecryptError:
        raise MentorlogError("wrong passphrase for the sync place (check MENTORLOG_PASSPHRASE or the keyring); "
                             "nothing was changed") from None


_asked: dict[str, str] = {}


def _passphrase(root: Path, notify: Callable[[str], None], confirm: bool) -> str:
    given = os.environ.get("MENTORLOG_PASSPHRASE")
    if given:
        return given
    kept = _keyring_get(root)
    if kept:
        return kept
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise MentorlogError("the sync place is encrypted: set MENTORLOG_PASSPHRASE (no terminal to ask on, "
                             "and no system keyring holds it)")
    secret = getpass.getpass("Passphrase for the sync place: ")
    if not secret:
        raise MentorlogError("empty passphrase; nothing was changed")
    if confirm and getpass.getpass("The same passphrase again: ") != secret:
        raise MentorlogError("the two passphrases differ; nothing was changed")
    _asked[str(root)] = secret
    return secret


def _keyring_get(root: Path) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, str(root))
    except Exception:  # no keyring on this system (or a locked one): the passphrase is asked for instead
        return None


def _remember(root: Path, secret: str) -> None:
    if not secret:
        return
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, str(root), secret)
    except Exception:
        pass  # no keyring: the passphrase is asked for on each run, or taken from MENTORLOG_PASSPHRASE


def _with_recipients(recipients: list[str], root: Path) -> Age:
    from pyrage import x25519

    identities = identities_from(os.environ.get("MENTORLOG_AGE_IDENTITY", "").strip()
                                 or _keyring_get(root / "identity") or "",
                                 "the sync place is encrypted to public keys: set MENTORLOG_AGE_IDENTITY to your age "
                                 "secret key (or a file holding it) to read it")
    public = {str(identity.to_public()) for identity in identities}
    if not public & {key.strip() for key in recipients}:
        raise MentorlogError("the age identity in MENTORLOG_AGE_IDENTITY is not one of the sync place's recipients; "
                             "nothing was changed")
    return Age([x25519.Recipient.from_str(key.strip()) for key in recipients], identities)


def identities_from(text: str, missing: str) -> list:
    """The age identities in `text` (MENTORLOG_AGE_IDENTITY: a secret key, or a file holding keys);
    `missing` is the error when there are none."""
    from pyrage import IdentityError, x25519

    if text and not text.startswith("AGE-SECRET-KEY-"):
        try:
            text = Path(text).expanduser().read_text()
        except OSError as error:
            raise MentorlogError(f"can't read the age identity {text}: {error.strerror or error}") from None
    keys = [line.strip() for line in text.splitlines() if line.strip().startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise MentorlogError(missing)
    try:
        return [x25519.Identity.from_str(key) for key in keys]
    except IdentityError:
        raise MentorlogError("MENTORLOG_AGE_IDENTITY does not hold an age secret key; nothing was changed") from None


# -- encrypted exports and backups: whole files that `age -d` reads ------------------------------


def encrypt_export(data: bytes, recipients: list[str]) -> bytes:
    """An export encrypted with age: to `recipients`' public keys, else with a passphrase (MENTORLOG_PASSPHRASE,
    or asked twice on a terminal). `age -d` reads it back."""
    return encryption(recipients, "export")(data)


def encryption(recipients: list[str], what: str) -> Callable[[bytes], bytes]:
    """What encrypts `what` (an export, a backup) with age, with the keys checked and the passphrase taken
    (MENTORLOG_PASSPHRASE, or asked twice on a terminal) now, before anything is written."""
    import pyrage
    from pyrage import passphrase as age_passphrase, x25519

    if recipients:
        check_setup(recipients)
        keys = [x25519.Recipient.from_str(key.strip()) for key in recipients]
        return lambda data: pyrage.encrypt(data, keys)
    given = os.environ.get("MENTORLOG_PASSPHRASE")
    if not given:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise MentorlogError("--encrypt needs a passphrase: set MENTORLOG_PASSPHRASE (no terminal to ask on), "
                                 "or give --recipient keys")
        given = getpass.getpass(f"Passphrase for the {what}: ")
        if not given or getpass.getpass("The same passphrase again: ") != given:
            raise MentorlogError("the passphrases are empty or differ; nothing was written")
    return lambda data: age_passphrase.encrypt(data, given)


def decrypt_file(data: bytes, where: str) -> bytes:
    """The plain content of an age file: with a passphrase (MENTORLOG_PASSPHRASE, or asked once on a terminal)
    when it was encrypted with one, else with the age identity in MENTORLOG_AGE_IDENTITY."""
    import pyrage
    from pyrage import DecryptError, passphrase as age_passphrase

    if _stanzas(data) == {"scrypt"}:
        secret = os.environ.get("MENTORLOG_PASSPHRASE")
        if not secret:
            if not _can_ask():
                raise MentorlogError(f"{where} is encrypted with a passphrase: set MENTORLOG_PASSPHRASE "
                                     "(no terminal to ask on); nothing was changed")
            secret = getpass.getpass(f"Passphrase for {where}: ")
        try:
            return age_passphrase.decrypt(data, secret)
        except DecryptError:
            raise MentorlogError(f"wrong passphrase for {where} (or the file is damaged); nothing was changed") from None
    identities = identities_from(os.environ.get("MENTORLOG_AGE_IDENTITY", "").strip(),
                                 f"{where} is encrypted to age public keys: set MENTORLOG_AGE_IDENTITY to your age "
                                 "secret key (or a file holding it) to read it; nothing was changed")
    try:
        return pyrage.decrypt(data, identities)
    except DecryptError:
        raise MentorlogError(f"{where} is not encrypted to the age identity in MENTORLOG_AGE_IDENTITY (or it is "
                             "damaged); nothing was changed") from None


def _can_ask() -> bool:
    """A terminal to ask on: getpass asks on the controlling terminal even when standard input is a file."""
    if not sys.stderr.isatty():
        return False
    if sys.stdin.isatty():
        return True
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | getattr(os, "O_NOCTTY", 0)))
        return True
    except OSError:
        return False


def _stanzas(data: bytes) -> set[str]:
    """The kinds of the age header's recipient stanzas (`scrypt`, `X25519`, ...)."""
    kinds = set()
    for line in data[:65536].split(b"\n")[1:]:
        if line.startswith(b"---"):
            break
        if line.startswith(b"-> "):
            kinds.add(line[3:].split(b" ", 1)[0].decode("ascii", "replace"))
    return kinds
