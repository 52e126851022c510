"""The one error type for everything a user can cause."""


class MentorlogError(Exception):
    """A user error: the CLI prints `Error: <message>` and exits 1."""
