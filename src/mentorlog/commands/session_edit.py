"""A session as a file in your editor (`session add --edit`, `session edit ID --edit`, and the notes that
`session add` offers to write there): the fields as a front-matter header, the notes below it, the
private notes under their own heading. What is saved is read with the flags' own checks
(`commands.params` value types, `_common.check_choice`/`check_rating`)."""

from __future__ import annotations

from datetime import datetime

from mentorlog.commands import params
from mentorlog.commands._common import check_choice, check_rating
from mentorlog.data import mentorships, sessions
from mentorlog.data.journal import Journal
from mentorlog.domain import dates
from mentorlog.domain.models import CHANNELS, Mentorship, Session
from mentorlog.errors import MentorlogError
from mentorlog.prompts import editor

PRIVATE_HEADING = "Private notes"
PRIVATE_NOTE = editor.comment("Under this heading: notes for you only, never in the summary you send, "
                              "an agenda or a report.")
LISTS = ("topics", "takeaways", "actions", "their actions")
# the header's fields, as they are written, and the flag each stands for in messages
FIELDS = ("date", "with", "duration", "channel", "topics", "takeaways", "rating")
ACTION_FIELDS = ("actions", "their actions")  # `session add` only: the actions each side takes on


def session_text(store: Journal, values: dict, mentorship: Mentorship | None, adding: bool,
                 mine: list[str] | None = None, theirs: list[str] | None = None) -> str:
    """The file to edit: `values` (a session's columns, from the flags or the session) in the header."""
    held_at = values.get("held_at")
    rating = values.get("rating")
    header = [
        ("date", f"{held_at:%Y-%m-%d %H:%M}" if held_at else ""),
        ("with", mentorships.with_arg(store, mentorship) if mentorship else ""),
        ("duration", dates.format_duration(values["duration_minutes"]) if values.get("duration_minutes") else ""),
        ("channel", values.get("channel") or ""),
        ("topics", values.get("topics") or []),
        ("takeaways", values.get("takeaways") or []),
        ("rating", str(rating) if rating else ""),
    ]
    if adding:
        header += [("actions", mine or []), ("their actions", theirs or [])]
    verb = "log the session" if adding else "update the session"
    notes = [f"Edit, then save and quit to {verb}.",
             "Left unchanged or emptied, nothing is saved.",
             "date: today, 'yesterday 15:00', 2026-11-03",
             "duration: 45m, 1h30m    rating: 1-5    blank: none",
             f"channel: {', '.join(CHANNELS)}",
             "lists (topics, takeaways" + (", actions" if adding else "") + "): a '- ' line each"]
    people = [m for m in mentorships.mentorships(store) if m.status != "ended"]
    if mentorship is None and people:
        notes.append("with: " + ", ".join(mentorships.with_arg(store, m) for m in people[:8])
                     + (", …" if len(people) > 8 else ""))
    body = notes_body(values.get("notes"), values.get("private_notes"))
    return editor.render_document(header, body, notes)


def notes_body(notes: str | None, private: str | None) -> str:
    """The notes, then the private notes under their own heading, which the file explains."""
    return "\n".join([*([notes.strip("\n"), ""] if notes else []), f"## {PRIVATE_HEADING}", PRIVATE_NOTE,
                      *([private.strip("\n")] if private else [])])


def read_notes(body: str) -> tuple[str | None, str | None]:
    """The notes and the private notes from a file's Markdown; None for either left blank."""
    notes, private = editor.split_section(body, PRIVATE_HEADING)
    return notes or None, private or None


def read_session(store: Journal, saved: str, adding: bool) -> tuple[Mentorship, dict, list[str], list[str]]:
    """A saved file as the mentorship, the session's values (None where blank) and the actions; a bad
    field raises MentorlogError naming it."""
    document = editor.parse_document(saved)
    known = FIELDS + (ACTION_FIELDS if adding else ())
    unknown = [name for name in document.fields if name not in known]
    if unknown:
        raise MentorlogError(f"unknown field {unknown[0]!r}; the fields are: {', '.join(known)}")
    get = document.fields.get
    for name in known:
        if name not in LISTS:
            editor.field_text(get(name), name)  # one value each: a list is refused here, by name
    with_name = editor.field_text(get("with"), "with")
    if not with_name:
        raise MentorlogError("with: give the name (or the start of it) of your mentor or mentee")
    mentorship = mentorships.resolve(store, with_name)
    when = editor.field_text(get("date"), "date")
    if not when:
        raise MentorlogError("date: give when it happened (today, 'yesterday 15:00', 2026-11-03)")
    held_at = params.HAPPENED_AT.read(when, "date")
    if adding:
        sessions.check_started(mentorship, held_at, "log")
    duration, channel, rating = (editor.field_text(get(name), name) for name in ("duration", "channel", "rating"))
    notes, private = read_notes(document.body)
    values = {
        "held_at": held_at,
        "duration_minutes": params.DURATION.read(duration, "duration") if duration else None,
        "channel": check_choice(channel, CHANNELS, "channel") if channel else None,
        "topics": editor.field_list(get("topics")) or None,
        "notes": notes,
        "private_notes": private,
        "takeaways": editor.field_list(get("takeaways")) or None,
        "rating": check_rating(_whole_number(rating, "rating")) if rating else None,
    }
    return mentorship, values, editor.field_list(get("actions")), editor.field_list(get("their actions"))


def _whole_number(text: str, name: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        raise MentorlogError(f"{name} must be a whole number from 1 to 5, not {text!r}")
    return int(text)


def add_in_editor(store: Journal, with_: str | None, fields: dict, mine: list[str] | None,
                  theirs: list[str] | None) -> tuple[Mentorship, datetime, list[str], list[str]]:
    """`session add --edit`: the flags given fill the file; what is saved replaces `fields` (in place,
    without `held_at`), and the mentorship, the date and the actions are returned."""
    mentorship = mentorships.resolve(store, with_) if with_ is not None else _only_one(store)
    start = dict(fields, held_at=fields.get("held_at") or dates.now())
    if start.get("channel") is None and mentorship is not None:
        start["channel"] = mentorship.channel
    text = session_text(store, start, mentorship, adding=True, mine=mine, theirs=theirs)
    found, values, mine, theirs = editor.edit_document(
        text, lambda saved: read_session(store, saved, adding=True), name="mentorlog-session")
    fields.clear()
    fields.update(values)
    return found, fields.pop("held_at"), mine, theirs


def _only_one(store: Journal) -> Mentorship | None:
    people = [m for m in mentorships.mentorships(store) if m.status != "ended"]
    return people[0] if len(people) == 1 else None


def edit_in_editor(store: Journal, found: Session, with_: str | None, fields: dict) -> Session:
    """`session edit ID --edit`: the session (with any flags given over it) in the file; what is saved
    is written, a field left blank cleared. Nothing changed is refused as saving nothing."""
    current = {"held_at": found.held_at, "duration_minutes": found.duration_minutes, "channel": found.channel,
               "topics": found.topics, "notes": found.notes, "private_notes": found.private_notes,
               "takeaways": found.takeaways, "rating": found.rating}
    start = current | {key: value for key, value in fields.items() if value is not None}
    mentorship = mentorships.resolve(store, with_) if with_ is not None else \
        mentorships.mentorship(store, found.mentorship_id)

    def apply(saved: str) -> Session:
        target, values, _, _ = read_session(store, saved, adding=False)
        if values["held_at"] == found.held_at.replace(second=0, microsecond=0):
            values["held_at"] = found.held_at  # the file shows minutes: seconds kept
        changes = {key: value for key, value in values.items() if value is not None and value != current[key]}
        cleared = tuple(key for key, value in values.items() if value is None and current[key] not in (None, [], ""))
        moved = target if target.id != found.mentorship_id else None
        if not changes and not cleared and moved is None:
            raise _Unchanged()
        return sessions.update_session(store, found, moved, clear=cleared, **changes)

    try:
        return editor.edit_document(session_text(store, start, mentorship, adding=False), apply,
                                    name="mentorlog-session")
    except _Unchanged:
        raise MentorlogError("nothing was saved: no field or note was changed") from None


class _Unchanged(Exception):
    """A saved file that changes nothing of the session (not an error to re-open the editor for)."""


def notes_in_editor(name: str) -> tuple[str | None, str | None]:
    """On a terminal, the notes `session add` offers to write in the editor: the notes and the private
    notes; (None, None) when the file is left unchanged or emptied."""
    from mentorlog.output import render

    intro = editor.comment(f"Notes on your meeting with {name}: write them above, then save and quit. "
                           "Left unchanged or emptied: no notes.")
    text = "\n\n" + intro + "\n\n" + notes_body(None, None) + "\n"  # the notes first, where the editor opens
    saved = editor.edit_text(text, name="mentorlog-notes")
    if saved is None:
        render.message("No notes: the file was left unchanged or emptied.")
        return None, None
    return read_notes(editor.without_comments(saved))
