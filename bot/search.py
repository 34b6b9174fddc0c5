"""`/newsbot search`: stored quotes and sentences by words and speaker, newest first, a page at a time.

A query is words, quoted phrases and at most one `speaker:` term. The speaker may be quoted
(`speaker:"John Kirby"`, curly quotes too) or not (`speaker:Kirby`; unquoted, the capitalised words
that follow are the name: `speaker:John Kirby sanctions`). A surname finds the full name, an alias
finds its canonical name ("Zelenskyy" -> "Volodymyr Zelensky"). A bare name is a word, and words
match the speaker's name as well as the text, so `search Kirby` finds Kirby's quotes too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.aliases import AliasTable
from bot.ingest import InputError
from bot.store import Store

PAGE_SIZE = 10
HINT = "give words to look for, or speaker:Name (e.g. `search speaker:Kirby withdrawal`)"

_SPEAKER = re.compile(
    r"""(?i:speaker):\s*(?:"(?P<plain>[^"]*)"?|“(?P<curly>[^”]*)”?|(?P<bare>(?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*)*|\S*))""",
)
_PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”')
_WORD = re.compile(r"\w[\w'’-]*")


@dataclass(frozen=True, slots=True)
class Query:
    words: list[str] = field(default_factory=list)  # words and phrases, lower case
    speaker: str | None = None


@dataclass(slots=True)
class Page:
    """One page of results; `more` says whether a next page exists."""

    query: str
    results: list[dict]
    offset: int = 0
    more: bool = False


def parse_query(text: str) -> Query:
    """Words, phrases and the speaker of a search; `InputError` with a one-line hint when empty."""
    speaker = None
    matches = list(_SPEAKER.finditer(text))
    if len(matches) > 1:
        raise InputError("search", "one speaker: at a time, please")
    if matches:
        match = matches[0]
        speaker = " ".join((match["plain"] or match["curly"] or match["bare"] or "").split()) or None
        if speaker is None:
            raise InputError("search", 'speaker: needs a name, e.g. speaker:Kirby or speaker:"John Kirby"')
        text = text[: match.start()] + " " + text[match.end() :]
    words = [(a or b).lower().strip() for a, b in _PHRASE.findall(text)]
    text = _PHRASE.sub(" ", text)
    words += [w.lower() for w in _WORD.findall(text) if len(w) > 1]
    words = [w for w in dict.fromkeys(words) if w]
    if not words and not speaker:
        raise InputError("search", HINT)
    return Query(words=words, speaker=speaker)


def speaker_names(name: str, aliases: AliasTable) -> list[str]:
    """The names a stored speaker may have for `name`: as typed, and its canonical form."""
    return list(dict.fromkeys([name, aliases.canonical(name, "person")]))


def search(
    store: Store, aliases: AliasTable, workspace: str, text: str, *, offset: int = 0, limit: int = PAGE_SIZE
) -> Page:
    query = parse_query(text)
    speakers = speaker_names(query.speaker, aliases) if query.speaker else None
    rows = store.search_claims(workspace, query.words, speakers, limit=limit + 1, offset=max(0, offset))
    return Page(query=text, results=rows[:limit], offset=max(0, offset), more=len(rows) > limit)
