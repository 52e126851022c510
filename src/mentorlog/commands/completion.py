"""Shell completion: what each shell is offered, quoted as that shell needs it; and ids with a description.

Imported only when a shell asks (`_MENTORLOG_COMPLETE` set): `cli.MentorlogGroup` installs these classes
in place of Typer's before the completion runs.

- bash inserts a completion exactly as given, so a name with a space is offered escaped (`Grace\\ Hopper`),
  or, inside a quote the person opened, as the rest of that quote. Ids are offered as `12  2026-11-03
  Ada: promotion case` while several match (bash lists them; the common prefix it inserts is the id's),
  and as the bare id once one is left.
- zsh and fish quote what they insert themselves and show a description beside each value: Typer's
  classes do that; ours add the ids' descriptions.
"""

from __future__ import annotations

import os
import re

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete, FishComplete, ZshComplete

# The parameters whose values are ids, by their name in the command's function, and the table each names.
ID_PARAMS = {"session_id": "sessions", "goal_id": "goals", "goal": "goals", "action_id": "actions",
             "topic_id": "topics", "discussed": "topics", "prospect_id": "prospects"}
_UNSAFE = re.compile(r"[^\w@%+=:,./-]")  # what bash would take for something else than a letter of the word


def install() -> None:
    """Our classes for bash, zsh and fish, in place of Typer's (which `typer.completion` registered)."""
    import typer.completion  # noqa: F401  (registers Typer's classes first, so ours replace them)

    add_completion_class(Bash, "bash")
    add_completion_class(Zsh, "zsh")
    add_completion_class(Fish, "fish")


class Described:
    """What every shell is offered: Click's completions, with the ids of the journal and their descriptions
    for an id parameter (see ID_PARAMS)."""

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        from typer._click.shell_completion import _resolve_context, _resolve_incomplete

        ctx = _resolve_context(self.cli, self.ctx_args, self.prog_name, args)
        obj, incomplete = _resolve_incomplete(ctx, args, incomplete)
        name = None if hasattr(obj, "commands") else getattr(obj, "name", None)
        if name == "with_":  # names match whatever their case (Typer's own filter would not: `--with gr`)
            from mentorlog.commands._common import complete_names

            return [CompletionItem(found) for found in complete_names(incomplete, ctx)]
        table = ID_PARAMS.get(name)
        if table is None or getattr(obj, "type", None) is None or obj.type.name != "int":
            return obj.shell_complete(ctx, incomplete)
        return id_items(ctx, table, incomplete)


def id_items(ctx, table: str, incomplete: str) -> list[CompletionItem]:
    from mentorlog.commands._common import journal_path
    from mentorlog.data import described

    which = ctx.info_name or ""
    rows = described.ids(journal_path(ctx), table, which)
    return [CompletionItem(str(row_id), help=text) for row_id, text in rows if str(row_id).startswith(incomplete)]


class Bash(Described, BashComplete):
    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = self.get_completions(args, incomplete)
        quote = open_quote(os.environ.get("COMP_WORDS", ""))
        if len(items) > 1 and all(item.help and item.value.isdigit() for item in items):
            return "\n".join(f"{item.value}  {one_line(item.help)}" for item in items)
        return "\n".join(bash_word(item.value, quote) for item in items)


class Zsh(Described, ZshComplete):
    pass


class Fish(Described, FishComplete):
    pass


def bash_word(value: str, quote: str | None = None) -> str:
    """A value as bash should insert it: each character bash would read as something else escaped with a
    backslash (`Grace\\ Hopper`); inside a quote the person opened, as the quote's own text."""
    if quote == "'":
        return value.replace("'", "'\\''")
    if quote == '"':
        return re.sub(r'(["$`\\])', r"\\\1", value)
    return _UNSAFE.sub(lambda match: "\\" + match.group(), value)


def open_quote(words: str) -> str | None:
    """The quote left open at the end of the command line (`--with 'Gr`), if any."""
    quote, escaped = None, False
    for ch in words:
        if escaped:
            escaped = False
        elif ch == "\\" and quote != "'":
            escaped = True
        elif quote is None and ch in "'\"":
            quote = ch
        elif ch == quote:
            quote = None
    return quote


def one_line(text: str) -> str:
    return " ".join(text.split())
