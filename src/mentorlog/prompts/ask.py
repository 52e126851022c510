"""Questionary helpers. questionary is imported only when someone is actually asked something.

Each helper raises KeyboardInterrupt on Ctrl-C (`unsafe_ask`), so an interrupted prompt writes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence


def interactive() -> bool:
    """Whether a person is there to answer: both ends on a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _validator(check: Callable[[str], object] | None):
    """Turn a parser that raises MentorlogError into a questionary validator that shows the message."""
    if check is None:
        return None
    from mentorlog.errors import MentorlogError

    def validate(answer: str):
        try:
            check(answer)
        except MentorlogError as error:
            return str(error)
        return True

    return validate


def text(prompt: str, default: str = "", check: Callable[[str], object] | None = None,
         multiline: bool = False, instruction: str | None = None) -> str:
    import questionary

    return questionary.text(
        prompt, default=default, validate=_validator(check), multiline=multiline, instruction=instruction
    ).unsafe_ask()


def select(prompt: str, choices: Sequence[str] | Sequence[tuple[str, object]], default=None):
    """Pick one; choices are plain strings or (title, value) pairs."""
    import questionary

    options = [questionary.Choice(c[0], value=c[1]) if isinstance(c, tuple) else c for c in choices]
    return questionary.select(prompt, choices=options, default=default).unsafe_ask()


def confirm(prompt: str, default: bool = True) -> bool:
    import questionary

    return questionary.confirm(prompt, default=default).unsafe_ask()


def checkbox(prompt: str, choices: Sequence[tuple[str, object]], instruction: str | None = None) -> list:
    """Tick any number of (title, value) choices; the values ticked, in the order listed."""
    import questionary

    options = [questionary.Choice(title, value=value_) for title, value_ in choices]
    return questionary.checkbox(prompt, choices=options, instruction=instruction).unsafe_ask()


def items(prompt: str) -> list[str]:
    """Ask for a list one entry at a time; a blank answer finishes."""
    collected: list[str] = []
    while True:
        answer = text(f"{prompt} {len(collected) + 1}", instruction="(blank to finish)").strip()
        if not answer:
            return collected
        collected.append(answer)


def rating(prompt: str, optional: bool = True) -> int | None:
    """A 1-5 rating; "skip" gives None (questionary would turn a None value into the title, so 0 stands in)."""
    choices: list[tuple[str, object]] = [(f"{n} {'★' * n}", n) for n in (5, 4, 3, 2, 1)]
    if optional:
        choices.append(("skip", 0))
    return select(prompt, choices) or None
