"""mentorlog: a local-first command-line mentorship journal."""

__version__ = "0.1.0"
