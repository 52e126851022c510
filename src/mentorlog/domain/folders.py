"""Where mentorlog keeps its files: the person's data folder (the journal) and config folder (the config
file, their own templates).

On Linux and the BSDs these are the XDG base directories, read here as platformdirs reads them:
`$XDG_DATA_HOME` (else `~/.local/share`) and `$XDG_CONFIG_HOME` (else `~/.config`), then `mentorlog`;
as the XDG rule says, a variable that is not an absolute path is ignored.
Importing platformdirs takes 5-10 ms, as much as the rest of a command's own start-up, and every command
on the default journal asks for the folder. On macOS and Windows platformdirs decides.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "mentorlog"
XDG = not sys.platform.startswith(("darwin", "win", "cygwin"))


def data_dir() -> Path:
    """`~/.local/share/mentorlog` on Linux."""
    if XDG:
        return _xdg("XDG_DATA_HOME", "~/.local/share")
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    """`~/.config/mentorlog` on Linux."""
    if XDG:
        return _xdg("XDG_CONFIG_HOME", "~/.config")
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def _xdg(variable: str, default: str) -> Path:
    base = os.environ.get(variable, "")
    return Path(base if os.path.isabs(base) else os.path.expanduser(default)) / APP
