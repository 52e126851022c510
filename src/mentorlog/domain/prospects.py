"""The outreach message to a prospect: a letter template (TOML) filled in with what the prospect holds.

The built-in letter ships in `mentorlog/letters/outreach.toml`; the user's own `letters/outreach.toml` in
the config folder replaces it. A letter has a `subject` and a `body`; `{name}`, `{first_name}`,
`{expertise}`, `{why}`, `{goal}` and `{how_met}` stand for the prospect's values, and a paragraph of the
body that uses one the prospect has no value for is left out (so one letter fits a bare idea and a
prospect with every field).
"""

from __future__ import annotations

import re
from pathlib import Path

from mentorlog.domain.records import record
from mentorlog.errors import MentorlogError

BUILT_IN = Path(__file__).parent.parent / "letters" / "outreach.toml"
LETTER_KEYS = ("subject", "body")
PLACES = ("name", "first_name", "expertise", "why", "goal", "how_met")
_PLACE = re.compile(r"\{([^{}]*)\}")


@record(frozen=True)
class Letter:
    subject: str
    body: str
    source: str = "built-in"


@record(frozen=True)
class Draft:
    subject: str
    body: str

    def markdown(self) -> str:
        return f"**Subject:** {self.subject}\n\n{self.body}\n"

    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}\n"

    def to_json(self) -> dict:
        return {"subject": self.subject, "body": self.body}


def user_letter() -> Path:
    from mentorlog.domain.templates import user_dir

    return user_dir().parent / "letters" / "outreach.toml"


def load_letter(path: Path | None = None) -> Letter:
    """The user's letter when there is one, else the built-in one; a bad file is one error naming it and the key."""
    import tomllib

    from mentorlog.domain.templates import read_template_text

    if path is None:
        mine = user_letter()
        path = mine if mine.exists() else BUILT_IN
    source = "built-in" if path == BUILT_IN else str(path)
    try:
        data = tomllib.loads(read_template_text(path, "letter"))
    except tomllib.TOMLDecodeError as error:
        raise MentorlogError(f"letter {path}: not valid TOML ({error})") from None
    unknown = sorted(set(data) - set(LETTER_KEYS))
    if unknown:
        raise MentorlogError(f"letter {path}: unknown key {unknown[0]!r} (a letter has {', '.join(LETTER_KEYS)})")
    found = {}
    for key in LETTER_KEYS:
        text = data.get(key)
        if not isinstance(text, str) or not text.strip():
            raise MentorlogError(f"letter {path}: {key!r} must be a non-empty string")
        wrong = [place for place in _PLACE.findall(text) if place not in PLACES]
        if wrong:
            raise MentorlogError(f"letter {path}: {key!r} uses {{{wrong[0]}}}; it may use "
                                 + ", ".join(f"{{{place}}}" for place in PLACES))
        found[key] = text.strip()
    return Letter(found["subject"], found["body"], source)


def fill(letter: Letter, values: dict[str, str | None]) -> Draft:
    """The letter with the prospect's values; a paragraph needing a value that is missing is left out."""
    name = (values.get("name") or "").strip()
    given = {key: " ".join(str(found).split()) for key, found in values.items() if found and str(found).strip()}
    given.setdefault("first_name", name.split()[0] if name else "")

    def paragraph(text: str) -> str | None:
        needed = _PLACE.findall(text)
        if any(not given.get(place) for place in needed):
            return None
        return _PLACE.sub(lambda match: given[match[1]], text)

    kept = [filled for part in re.split(r"\n\s*\n", letter.body) if (filled := paragraph(part.strip()))]
    subject = _PLACE.sub(lambda match: given.get(match[1], ""), letter.subject)
    return Draft(" ".join(subject.split()), "\n\n".join(kept))
