"""`topic …`: what to raise at the next meeting with one person, carried over until it is discussed."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from mentorlog.commands import params
from mentorlog.commands._common import JsonOpt, WithOpt, ask_required, journal, pick_mentorship, read_text, required_reason
from mentorlog.data import mentorships, topics
from mentorlog.domain.models import TOPIC_KINDS, Mentorship, Topic
from mentorlog.errors import MentorlogError
from mentorlog.output import render

app = typer.Typer(no_args_is_help=True, help="What to raise at the next meeting: add, list, done, drop, edit.")

IdArg = Annotated[int, typer.Argument(metavar="ID", help="The topic's id (see `mentorlog topic list`).")]
KindOpt = Annotated[Optional[str], params.choice(
    "--kind", choices=TOPIC_KINDS,
    help="topic (default), question (mine to ask), feedback-give or feedback-ask.")]
KIND_NAMES = {"topic": "topic", "question": "question", "feedback-give": "feedback to give",
              "feedback-ask": "feedback to ask for"}


def _kind(value: str | None) -> str | None:
    return None if value is None else topics.check_kind(value.strip().lower())


@app.command("add")
def add(
    text: Annotated[Optional[str], typer.Argument(metavar="TEXT", help="What to raise; '-' reads standard input (asked for on a terminal).")] = None,
    with_: WithOpt = None, kind: KindOpt = None,
    private: Annotated[bool, typer.Option("--private", help="For my eyes only: in my views, never in what is sent.")] = False,
    edit: Annotated[bool, typer.Option("--edit", "-e", help="Write it in your editor ($VISUAL, else $EDITOR).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Note something to raise at the next meeting with someone; it stays open until it is discussed.

    Example: mentorlog topic add "How do I get on the platform team?" --with ada --kind question
    """
    kind = _kind(kind) or "topic"
    text = read_text(text, "topic")
    with journal() as store:
        mentorship = pick_mentorship(store, with_, "Raise it with whom?")
        if edit:
            mentorship, text, kind, private = _edited(store, mentorship, text or "", kind, private)
        elif text is None:
            text = ask_required("Topic", "TEXT")
        added = topics.add_topic(store, mentorship, text, kind, private)
    render.message(f"Added {KIND_NAMES[added.kind]} #{added.id} to raise with {added.with_name}"
                   + (" (private)" if added.private else "") + f": {added.text}")
    render.created(added, as_json)


def _edited(store, mentorship: Mentorship, text: str, kind: str, private: bool) -> tuple:
    """The topic as written in the editor: its person, kind and privacy in the header, the text below."""
    from mentorlog.prompts import editor

    start = editor.render_document(
        [("with", mentorship.name), ("kind", kind), ("private", "yes" if private else "no")], text,
        notes=[f"kind: {', '.join(TOPIC_KINDS)}", "private: yes keeps it for your eyes only, never in what is sent",
               "Write what to raise below the header; empty the file to save nothing."])

    def apply(saved: str) -> tuple:
        document = editor.parse_document(saved)
        unknown = set(document.fields) - {"with", "kind", "private"}
        if unknown:
            raise MentorlogError(f"unknown field {sorted(unknown)[0]!r} (with, kind, private)")
        name = editor.field_text(document.fields.get("with"), "with") or mentorship.name
        chosen = _kind(editor.field_text(document.fields.get("kind"), "kind") or "topic")
        flag = editor.field_text(document.fields.get("private"), "private").lower() or "no"
        if flag not in ("yes", "no"):
            raise MentorlogError(f"private must be yes or no, not {flag!r}")
        if not document.body.strip():
            raise MentorlogError("empty topic: write it below the header")
        return mentorships.resolve(store, name), document.body.strip(), chosen, flag == "yes"

    return editor.edit_document(start, apply, name="mentorlog-topic")


@app.command("list")
def list_(
    with_: WithOpt = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Also those done or dropped.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List open topics, oldest first, each with how many meetings it has been carried over.

    Example: mentorlog topic list --with ada
    """
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        found = topics.topics(store, mentorship, every=all_)
    if as_json:
        render.print_json([t.to_json() for t in found])
        return
    columns = [render.Column("id", justify="right"), "added", "with", "kind", "topic", "carried"]
    rows = [[t.id, f"{t.added_at:%Y-%m-%d}", render.escape(t.with_name), t.kind,
             render.escape(t.text) + (" (private)" if t.private else ""), f"{t.carried_over}×" if t.carried_over else "—"]
            for t in found]
    if all_:
        columns.append("status")
        for row, t in zip(rows, found):
            row.append(t.status)
    render.print_table("Topics", columns, rows,
                       empty="No open topics. Add one: mentorlog topic add TEXT --with NAME")


@app.command("done")
def done(
    topic_id: IdArg,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="What came of it.")] = None,
) -> None:
    """Mark a topic done (settled outside a session; `session add --discussed ID` closes it in one).

    Example: mentorlog topic done 1 --note "asked by email; she said yes"
    """
    note = read_text(note, "note")
    with journal() as store:
        closed = topics.close_topic(store, topics.topic(store, topic_id), "done", note)
    render.message(f"Done: topic #{closed.id} ({closed.text})" + (f": {closed.note}" if closed.note else "."))


@app.command("drop")
def drop(
    topic_id: IdArg,
    reason: Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="Why it no longer needs raising (required).")] = None,
) -> None:
    """Drop a topic that no longer needs raising; the reason is kept.

    Example: mentorlog topic drop 1 --reason "the reorg settled it"
    """
    reason = required_reason(reason, "say why it is dropped")
    with journal() as store:
        closed = topics.close_topic(store, topics.topic(store, topic_id), "dropped", reason)
    render.message(f"Dropped topic #{closed.id} ({closed.text}): {closed.note}")


@app.command("edit")
def edit(
    topic_id: IdArg,
    text: Annotated[Optional[str], typer.Option("--text", metavar="TEXT", help="New wording.")] = None,
    kind: KindOpt = None,
    private: Annotated[Optional[bool], typer.Option("--private/--shared", help="For my eyes only, or shared again.")] = None,
) -> None:
    """Change a topic's wording, kind, or whether it is private.

    Example: mentorlog topic edit 1 --kind feedback-ask --private
    """
    text = read_text(text, "topic")
    kind = _kind(kind)
    if text is None and kind is None and private is None:
        raise MentorlogError("nothing to change: give --text, --kind, --private or --shared")
    with journal() as store:
        changed = topics.update_topic(store, topics.topic(store, topic_id), text=text, kind=kind, private=private)
    render.message(f"Updated topic #{changed.id}: {_label(changed)}")


def _label(found: Topic) -> str:
    return f"{found.text} ({KIND_NAMES[found.kind]}" + (", private)" if found.private else ")")
