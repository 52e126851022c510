"""Encrypted sync places: every change file encrypted with age (`pyrage`), so nothing readable reaches
a folder or a repository you don't control. Imported only for an encrypted place. Never prints.

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
    from pyrage import IdentityError, x25519

    text = os.environ.get("MENTORLOG_AGE_IDENTITY", "").strip() or _keyring_get(root / "identity") or ""
    if text and not text.startswith("AGE-SECRET-KEY-"):
        try:
            text = Path(text).expanduser().read_text()
        except OSError as error:
            raise MentorlogError(f"can't read the age identity {text}: {error.strerror or error}") from None
    keys = [line.strip() for line in text.splitlines() if line.strip().startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise MentorlogError("the sync place is encrypted to public keys: set MENTORLOG_AGE_IDENTITY to your age "
                             "secret key (or a file holding it) to read it")
    try:
        identities = [x25519.Identity.from_str(key) for key in keys]
    except IdentityError:
        raise MentorlogError("MENTORLOG_AGE_IDENTITY does not hold an age secret key; nothing was changed") from None
    public = {str(identity.to_public()) for identity in identities}
    if not public & {key.strip() for key in recipients}:
        raise MentorlogError("the age identity in MENTORLOG_AGE_IDENTITY is not one of the sync place's recipients; "
                             "nothing was changed")
    return Age([x25519.Recipient.from_str(key.strip()) for key in recipients], identities)


def encrypt_export(data: bytes, recipients: list[str]) -> bytes:
    """An export encrypted with age: to `recipients`' public keys, else with a passphrase (MENTORLOG_PASSPHRASE,
    or asked twice on a terminal). `age -d` reads it back."""
    import pyrage
    from pyrage import passphrase as age_passphrase, x25519

    if recipients:
        check_setup(recipients)
        return pyrage.encrypt(data, [x25519.Recipient.from_str(key.strip()) for key in recipients])
    given = os.environ.get("MENTORLOG_PASSPHRASE")
    if not given:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise MentorlogError("--encrypt needs a passphrase: set MENTORLOG_PASSPHRASE (no terminal to ask on), "
                                 "or give --recipient keys")
        given = getpass.getpass("Passphrase for the export: ")
        if not given or getpass.getpass("The same passphrase again: ") != given:
            raise MentorlogError("the passphrases are empty or differ; nothing was exported")
    return age_passphrase.encrypt(data, given)
