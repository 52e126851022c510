"""`session …`: log a meeting right after it happens, list, show (and the summary to send), edit, delete."""

import sys
from datetime import datetime
from typing import Annotated, Optional

import typer

from mentorlog import config
from mentorlog.domain import dates
from mentorlog.output import render
from mentorlog.data.actions import actions_for_session, add_session_actions
from mentorlog.commands import params
from mentorlog.commands._common import (
    JsonOpt, WithOpt, check_choice, check_limit, check_not_both, check_rating, clear_fields, clear_option, journal,
    pick_mentorship, read_text,
)
from mentorlog.errors import MentorlogError
from mentorlog.domain.models import CHANNELS, Mentorship, Session
from mentorlog.prompts import ask
from mentorlog.data import mentorships, sessions, topics

app = typer.Typer(no_args_is_help=True, help="Meetings: log one after it happens, list, show, edit, delete.")

IdArg = Annotated[int, typer.Argument(metavar="ID", help="The session's id (see `mentorlog session list`).")]
OnOpt = Annotated[Optional[datetime], params.HAPPENED_AT.option("--on", help="When it happened: 'today', 'yesterday 15:00', 2026-11-03 (default now; not in the future).")]
DurationOpt = Annotated[Optional[int], params.DURATION.option("--duration", "-d", help="How long: 45m, 1h30m, 90.")]
AddDurationOpt = Annotated[Optional[int], params.DURATION.option("--duration", "-d", help="How long: 45m, 1h30m, 90." + config.shown("session_length"))]
ChannelOpt = Annotated[Optional[str], params.choice("--channel", choices=CHANNELS, help="Where you met.")]
TopicOpt = Annotated[Optional[list[str]], typer.Option("--topic", "-t", metavar="TEXT", help="A topic you discussed (repeat for more).")]
NotesOpt = Annotated[Optional[str], typer.Option("--notes", metavar="TEXT", help="Notes; '-' reads them from standard input.")]
PrivateOpt = Annotated[Optional[str], typer.Option("--private-notes", metavar="TEXT", help="Notes for you only: never in summaries.")]
TakeawayOpt = Annotated[Optional[list[str]], typer.Option("--takeaway", "-k", metavar="TEXT", help="A key takeaway (repeat for more).")]
RatingOpt = Annotated[Optional[int], typer.Option("--rating", "-r", metavar="1-5", help="How useful was it, 1-5.")]
ActionOpt = Annotated[Optional[list[str]], typer.Option("--action", metavar="TEXT", help="An action I take on, due by the next check-in (repeat for more).")]
TheirActionOpt = Annotated[Optional[list[str]], typer.Option("--their-action", metavar="TEXT", help="An action they take on, due by the next check-in (repeat for more).")]
# `--clear FIELD` of `session edit`: the field's name as typed, and its column
CLEARABLE = {
    "notes": "notes", "private-notes": "private_notes", "rating": "rating", "duration": "duration_minutes",
    "channel": "channel", "topics": "topics", "takeaways": "takeaways",
}
ClearOpt = Annotated[Optional[list[str]], clear_option(CLEARABLE)]


def session_fields(on, duration, channel, topics, notes, private_notes, takeaways, rating) -> dict:
    """Flags as validated values; None where a flag was not given."""
    return {
        "held_at": on,
        "duration_minutes": duration,
        "channel": check_choice(channel, CHANNELS, "--channel"),
        "topics": _clean_list(topics, "topic"),
        "notes": read_text(notes, "notes"),
        "private_notes": read_text(private_notes, "private notes"),
        "takeaways": _clean_list(takeaways, "takeaway"),
        "rating": check_rating(rating),
    }


def _clean_list(values: list[str] | None, what: str) -> list[str] | None:
    if not values:
        return None
    cleaned = [value.strip() for value in values]
    if not all(cleaned):
        raise MentorlogError(f"empty {what}: give some text")
    return cleaned


ReopenOpt = Annotated[bool, typer.Option("--reopen", help="Log it with an ended mentorship, and reopen that mentorship.")]
EditOpt = Annotated[bool, typer.Option("--edit", "-e", help="Write it in your editor ($VISUAL or $EDITOR): the fields on top, "
                                       "the notes below; the options given fill the file.")]
DiscussedOpt = Annotated[Optional[list[int]], typer.Option(
    "--discussed", metavar="ID", help="A topic to raise (see `mentorlog topic list`) that was discussed: closes it (repeat for more).")]


@app.command("add")
def add(
    with_: WithOpt = None, on: OnOpt = None, duration: AddDurationOpt = None, channel: ChannelOpt = None,
    topic: TopicOpt = None, notes: NotesOpt = None, private_notes: PrivateOpt = None,
    takeaway: TakeawayOpt = None, rating: RatingOpt = None, action: ActionOpt = None,
    their_action: TheirActionOpt = None, reopen: ReopenOpt = False, discussed: DiscussedOpt = None,
    edit: EditOpt = False, as_json: JsonOpt = False,
) -> None:
    """Log a meeting. Asks for what the flags leave out when run on a terminal.

    --discussed closes topics raised in it; on a terminal, the open topics with that person are listed to
    tick; the rest stay open, carried over to the next meeting.

    A session can't be dated before its mentorship started. With an ended mentorship, a session after
    its end asks whether to reopen it (on a terminal), or needs --reopen.

    --edit writes it in your editor: the fields on top, the notes below (the options given fill the file).

    Example: mentorlog session add --with ada --duration 45m --topic "promotion case"
    --takeaway "write the brag doc" --rating 5
    """
    fields = session_fields(on, duration, channel, topic, notes, private_notes, takeaway, rating)
    if duration is None:  # `session_length` in the config file (or $MENTORLOG_SESSION_LENGTH), when set
        fields["duration_minutes"] = config.value("session_length")
    mine, theirs = _clean_list(action, "action"), _clean_list(their_action, "action")
    with journal() as store:
        try:  # Ctrl-C at any prompt: nothing is written yet, and the person is told so
            if edit:  # the file holds the session's fields and actions
                from mentorlog.commands import session_edit  # the editor: loaded when it opens

                mentorship, held_at, mine, theirs = session_edit.add_in_editor(store, with_, fields, mine, theirs)
            else:
                mentorship = pick_mentorship(store, with_, "Who did you meet?")
            if ask.interactive():
                if not edit:
                    _ask_missing(fields, mentorship)
                    mine = ask.items("My action") if mine is None else mine
                    theirs = ask.items(render.safe_text(f"{mentorship.name}'s action")) if theirs is None else theirs
                discussed = _ask_discussed(store, mentorship) if discussed is None else discussed
            held_at = held_at if edit else fields.pop("held_at") or dates.now()
            reopen = reopen or _reopen_asked(mentorship, held_at)
        except KeyboardInterrupt:
            sys.stderr.write("Nothing was saved.\n")
            raise typer.Exit(130) from None
        fields.setdefault("channel", None)
        if fields["channel"] is None:
            fields["channel"] = mentorship.channel
        with store.write():  # the session, its actions and a reopening land together or not at all
            added = sessions.add_session(store, mentorship, held_at, reopen=reopen, **fields)
            taken = add_session_actions(store, mentorship, added.id, held_at.date(), mine or [], theirs or [])
            closed = topics.mark_discussed(store, mentorship, added.id, held_at, discussed or [])
    render.message(f"Logged session #{added.id} with {added.with_name} on {added.held_at:%Y-%m-%d}"
                   + (f", with {len(taken)} action(s) due {taken[0].due}." if taken else ".")
                   + (" Reopened the mentorship." if reopen and sessions.needs_reopening(mentorship, held_at) else "")
                   + (f" Discussed {len(closed)} topic(s)." if closed else ""))
    render.created(added, as_json, added.to_json() | {"actions": [a.to_json() for a in taken]})


def _ask_discussed(store, mentorship: Mentorship) -> list[int]:
    """On a terminal: which of the open topics with this person were discussed (none ticked: all carried over)."""
    listed = topics.topics(store, mentorship)
    if not listed:
        return []
    import shutil

    room = max(20, shutil.get_terminal_size().columns - 6)  # a choice is one line: its text cut, its marks kept

    def title(t) -> str:
        marks = (f" ({t.kind})" if t.kind != "topic" else "") + (" (private)" if t.private else "")
        text = " ".join(render.safe_text(f"#{t.id} {t.text}").split())
        return (text if len(text) + len(marks) <= room else text[: max(8, room - len(marks) - 1)] + "…") + marks

    return ask.checkbox(render.safe_text(f"Which topics with {mentorship.name} were discussed?"),
                        [(title(t), t.id) for t in listed], instruction="(space ticks; the rest carry over)")


def _reopen_asked(mentorship: Mentorship, held_at: datetime) -> bool:
    """On a terminal, whether to reopen an ended mentorship to log a session after its end; no answer
    without a terminal (the data layer then refuses, naming --reopen). "No" saves nothing."""
    sessions.check_started(mentorship, held_at, "log")  # before asking: a refused date is refused either way
    if not sessions.needs_reopening(mentorship, held_at) or not ask.interactive():
        return False
    question = f"{mentorship.name}'s mentorship ended on {mentorship.ended_on}; reopen it and log this session?"
    if not ask.confirm(render.safe_text(question), default=False):
        raise MentorlogError(f"nothing was saved: {mentorship.name}'s mentorship stays ended "
                             "(add --reopen to log the session and reopen it)")
    return True


def _ask_missing(fields: dict, mentorship: Mentorship) -> None:
    """Fill what the flags did not give, by asking; Ctrl-C anywhere writes nothing."""
    if fields["held_at"] is None:
        answer = ask.text("When?", default="today", check=lambda a: sessions.check_started(
            mentorship, dates.parse_happened_at(a, "the date"), "log"))
        fields["held_at"] = dates.parse_happened_at(answer, "the date")
    if fields["duration_minutes"] is None:
        answer = ask.text("How long? (e.g. 45m, blank to skip)", check=lambda a: a.strip() and dates.parse_duration(a))
        fields["duration_minutes"] = dates.parse_duration(answer) if answer.strip() else None
    if fields["topics"] is None:
        fields["topics"] = ask.items("Topic")
    if fields["notes"] is None and ask.confirm("Write the notes in your editor?", default=False):
        from mentorlog.commands import session_edit  # the editor: loaded when it opens

        fields["notes"], private = session_edit.notes_in_editor(mentorship.name)
        fields["private_notes"] = fields["private_notes"] or private
    elif fields["notes"] is None:
        answer = ask.text("Notes", multiline=True, instruction="(Esc then Enter to finish; blank to skip)")
        fields["notes"] = answer.strip("\n") or None
    if fields["private_notes"] is None:
        answer = ask.text("Private notes (never shared; blank to skip)")
        fields["private_notes"] = answer.strip() or None
    if fields["takeaways"] is None:
        fields["takeaways"] = ask.items("Key takeaway")
    if fields["rating"] is None:
        fields["rating"] = ask.rating(render.safe_text(f"How useful was it? (1-5, meeting with {mentorship.name})"))


@app.command("list")
def list_(
    with_: WithOpt = None,
    since: Annotated[Optional[datetime], params.RANGE_START.option("--since", help="Only sessions on or after this date.")] = None,
    until: Annotated[Optional[datetime], params.RANGE_END.option("--until", help="Only sessions on or before this date.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", metavar="N", help="At most this many (newest first).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List sessions, newest first.

    Example: mentorlog session list --with ada --since "3 months ago" -n 10
    """
    check_limit(limit, "--limit")
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        found = sessions.sessions(store, mentorship, since=since, until=until, limit=limit)
    if as_json:
        render.print_json([s.to_json() for s in found])
        return
    rows = [
        (s.id, f"{s.held_at:%Y-%m-%d %H:%M}", render.escape(s.with_name), dates.format_duration(s.duration_minutes),
         render.escape(", ".join(s.topics)), render.stars(s.rating))
        for s in found
    ]
    render.print_table("Sessions", ["id", "date", "with", "length", "topics", "rating"], rows,
                       empty="No sessions found. Log one: mentorlog session add --with NAME")


@app.command("show")
def show(
    session_id: IdArg,
    as_json: JsonOpt = False,
    format_: Annotated[str, params.choice("--format", "-f", choices=("text", "markdown"),
                                          help="markdown: the summary to send (no private notes).")] = "text",
) -> None:
    """Show a session; `--format markdown` is the summary to send the other person.

    Example: mentorlog session show 12 --format markdown > summary.md
    """
    format_ = check_choice(format_, ("text", "markdown"), "--format")
    with journal() as store:
        found = sessions.session(store, session_id)
        actions = actions_for_session(store, found.id)
    if as_json:
        render.print_json(found.to_json() | {"actions": [a.to_json() for a in actions]})
    elif format_ == "markdown":
        render.print_markdown(summary_markdown(found, actions))
    else:
        render.print_fields(f"Session #{found.id} with {found.with_name} ({found.role})", [
            ("date", f"{found.held_at:%Y-%m-%d %H:%M}"), ("length", dates.format_duration(found.duration_minutes)),
            ("channel", found.channel), ("rating", render.stars(found.rating)), ("topics", found.topics),
            ("notes", found.notes), ("private notes", found.private_notes), ("takeaways", found.takeaways),
            ("actions", [f"#{a.id} [{a.owner}] {a.text}" + (f" (due {a.due})" if a.due else "") + f" — {a.status}"
                         for a in actions]),
        ])


def summary_markdown(session: Session, actions: list) -> str:
    """The summary to send after a meeting: takeaways, actions each, topics, notes. Never private notes."""
    lines = [f"# Session with {session.with_name} — {session.held_at:%A %-d %B %Y}", ""]
    if session.takeaways:
        lines += ["## Key takeaways", "", *(f"- {t}" for t in session.takeaways), ""]
    for owner, heading in (("me", "My actions"), ("them", "Your actions")):
        mine = [a for a in actions if a.owner == owner]
        if mine:
            lines += [f"## {heading}", "", *(f"- [ ] {a.text}" + (f" (by {a.due})" if a.due else "") for a in mine), ""]
    if session.topics:
        lines += ["## Topics", "", *(f"- {t}" for t in session.topics), ""]
    if session.notes:
        lines += ["## Notes", "", session.notes, ""]
    return "\n".join(lines).rstrip() + "\n"


@app.command("edit")
def edit(
    session_id: IdArg, with_: WithOpt = None, on: OnOpt = None, duration: DurationOpt = None,
    channel: ChannelOpt = None, topic: TopicOpt = None, notes: NotesOpt = None, private_notes: PrivateOpt = None,
    takeaway: TakeawayOpt = None, rating: RatingOpt = None, clear: ClearOpt = None, edit: EditOpt = False,
) -> None:
    """Change a session; list options (--topic, --takeaway) replace the whole list; --clear empties a field.

    Moved to another person with --with, the session takes its actions along. With --edit, the
    session opens in your editor (the options given fill the file); a field left blank is cleared.

    Example: mentorlog session edit 12 --rating 4 --takeaway "ask for the stretch project" --clear private-notes
    """
    fields = session_fields(on, duration, channel, topic, notes, private_notes, takeaway, rating)
    cleared = clear_fields(clear, CLEARABLE)
    check_not_both(fields, cleared, CLEARABLE)
    if edit:
        if cleared:
            raise MentorlogError("--clear and --edit can't be used together: leave the field blank in the file")
        with journal() as store:
            from mentorlog.commands import session_edit  # the editor: loaded when it opens

            session_edit.edit_in_editor(store, sessions.session(store, session_id), with_, fields)
        render.message(f"Updated session #{session_id}.")
        return
    if with_ is None and not cleared and all(value is None for value in fields.values()):
        raise MentorlogError("nothing to change: give at least one option (see --help)")
    with journal() as store:
        found = sessions.session(store, session_id)
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        sessions.update_session(store, found, mentorship, clear=tuple(cleared), **fields)
    render.message(f"Updated session #{session_id}.")


@app.command("delete")
def delete(
    session_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    """Delete a session (its action items stay). Asks first on a terminal; needs --yes otherwise.

    Example: mentorlog session delete 12 --yes
    """
    with journal() as store:
        found = sessions.session(store, session_id)
        if not yes:
            if not ask.interactive():
                raise MentorlogError("deleting needs --yes when there is no terminal to ask on")
            if not ask.confirm(render.safe_text(f"Delete session #{found.id} with {found.with_name} "
                                                f"on {found.held_at:%Y-%m-%d}?"), default=False):
                render.message("Nothing deleted.")
                return
        with store.write():  # the topics discussed in it open again, in the same change
            reopened = topics.release_session(store, found.id)
            sessions.delete_session(store, found)
    render.message(f"Deleted session #{session_id}."
                   + (f" {reopened} topic(s) discussed in it are open again." if reopened else ""))
