"""`search`: find any past note, goal, action, win or review answer, best matches first."""

from __future__ import annotations

from typing import Annotated

import typer

from mentorlog.output import render
from mentorlog.commands._common import JsonOpt, WithOpt, check_limit, journal
from mentorlog.data import mentorships


def search(
    query: Annotated[list[str], typer.Argument(metavar="QUERY", help="Words, \"a phrase\", prefix*, AND, OR, NOT.")],
    with_: WithOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N",
                                                  help="At most this many hits (best first).")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Search the journal: session notes (private ones marked), takeaways, topics, goals, actions, wins, reviews.

    Best matches first; a word found in very many entries shows the best of the most recent ones.

    Example: mentorlog search "brag document" --with ada -n 5
    """
    from mentorlog.search import MARK_END, MARK_START
    from mentorlog.search import search as find

    text = " ".join(query)
    check_limit(limit, "--limit")
    with journal() as store:
        mentorship = mentorships.resolve(store, with_) if with_ is not None else None
        hits = find(store, text, mentorship, limit)
    if as_json:
        render.print_json([hit.to_json() for hit in hits])
        return
    if render.use_rich():
        def shown(hit) -> str:
            return render.escape(hit.snippet).replace(MARK_START, "[bold yellow]").replace(MARK_END, "[/bold yellow]")
    else:
        def shown(hit) -> str:
            return render.escape(hit.marked())
    rows = [(f"{hit.kind} (private)" if hit.private else hit.kind, hit.id, hit.date or "",
             render.escape(hit.with_name or ""), shown(hit)) for hit in hits]
    render.print_table(None, ["kind", "id", "date", "with", "match"], rows, empty=f"Nothing matches {text!r}.")

