"""`remind`: what needs doing today and tomorrow, for a cron job or a systemd timer (exit 0: something to do,
1: nothing), shown on the desktop with `--notify`; `--install` prints the lines to schedule it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Annotated

import typer

from mentorlog.commands._common import JsonOpt, journal, journal_options
from mentorlog.domain import dates
from mentorlog.output import render

NOTIFY_TIMEOUT = 10  # seconds: a notification daemon that hangs never holds up a cron job


def remind(
    as_json: JsonOpt = False,
    notify: Annotated[bool, typer.Option("--notify", help="Also show it as a desktop notification (notify-send).")] = False,
    install: Annotated[bool, typer.Option("--install", help="Print the crontab line and a systemd user timer to run "
                                                            "this every morning; changes nothing.")] = False,
) -> None:
    """What needs doing today and tomorrow: agendas to send, check-ins and reviews due, actions, milestones,
    follow-ups. Exits 0 when there is something to do, 1 when there is nothing (for scripts).

    Example: mentorlog remind --notify
    """
    if install:
        typer.echo(install_text())
        return
    from mentorlog import config
    from mentorlog.output import render_remind

    today = dates.today()
    style = config.value("date_style")
    before = journal_options()
    store, found = journal(), []
    if store.exists:  # an absent journal reads as an empty one: nothing to do, no schema to build
        with store:
            found = render_remind.reminders(store, today, before, style)
    if as_json:
        render.print_json({"today": today.isoformat(), "count": len(found), "items": [r.to_json() for r in found]})
    elif found:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        render.print_text(render_remind.render_text(found, today, style, width))
    elif sys.stderr.isatty():
        render.message("Nothing to do today or tomorrow.")
    if notify and found:
        send_notification(*render_remind.notification(found))
    raise typer.Exit(0 if found else 1)


def send_notification(title: str, body: str) -> None:
    """A desktop notification through `notify-send`; where none can be shown, say why (never an error: the
    reminder itself was printed)."""
    program = shutil.which("notify-send")
    if program is None:
        render.message("No desktop notification: notify-send is not installed (on Debian and Ubuntu: "
                       "sudo apt install libnotify-bin; on Fedora: sudo dnf install libnotify).")
        return
    if not any(os.environ.get(name) for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY")):
        render.message("No desktop notification: no desktop session to show it in (DBUS_SESSION_BUS_ADDRESS is "
                       "not set; `mentorlog remind --install` shows how a cron job sets it).")
        return
    try:
        done = subprocess.run([program, "--app-name=mentorlog", title, body], capture_output=True, text=True,
                              timeout=NOTIFY_TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        render.message(f"No desktop notification: notify-send did not finish ({error}).")
        return
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip().splitlines()
        render.message(f"No desktop notification: notify-send failed ({why[-1] if why else f'exit {done.returncode}'}).")


def install_text() -> str:
    """The crontab line and the systemd user units, with this mentorlog's path (and `--db` when given)."""
    from mentorlog.domain.text import shell_word

    program = shutil.which("mentorlog") or os.path.abspath(sys.argv[0])
    command = " ".join(shell_word(word) for word in (program, *journal_options(absolute=True), "remind", "--notify"))
    bus = f"unix:path=/run/user/{os.getuid()}/bus" if hasattr(os, "getuid") else "unix:path=/run/user/UID/bus"
    return f"""# mentorlog remind, every morning at 8:00. Nothing here has been changed: add one of these yourself.

# Either a cron job (crontab -e, then add this line; the bus address lets it reach your desktop):
0 8 * * * DBUS_SESSION_BUS_ADDRESS={bus} {command}

# Or a systemd user timer: save the two files below, then run
#   systemctl --user daemon-reload && systemctl --user enable --now mentorlog-remind.timer

# ~/.config/systemd/user/mentorlog-remind.service
[Unit]
Description=mentorlog: what needs doing today and tomorrow

[Service]
Type=oneshot
ExecStart={command}
# exit 1 means nothing to do, not a failure
SuccessExitStatus=1

# ~/.config/systemd/user/mentorlog-remind.timer
[Unit]
Description=mentorlog reminders every morning

[Timer]
OnCalendar=*-*-* 08:00:00
Persistent=true

[Install]
WantedBy=timers.target"""
