"""Plain-language pieces of finding explanations: how an article is named, short excerpts, and the gist two
clauses share (their shared words as written, never index keys)."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from bot.compare.lexicon import PHRASE_CONCEPTS, STOPWORDS
from bot.compare.text import concept_of, normalize
from bot.sources import source_name
from bot.store.repository import source_from_row
from bot.store.schema import ArticleRow

TITLE_CHARS = 60
EXCERPT_CHARS = 110
GIST_WORDS = 14
# Unshared words a gist may keep between two shared ones ("John Kirby said on Tuesday"): small function
# words only, so the gist stays the other article's words and not a paraphrase.
GIST_MAX_GAP = 2
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.%-]*")


def label(article: ArticleRow) -> str:
    """How a reporter recognises an article: its title (shortened) and source, or the source alone
    (named as in `bot.sources`: never a channel id or a file path)."""
    name = source_name(source_from_row(article))
    if article.title:
        return f"{clip(article.title, TITLE_CHARS)!s} ({name})"
    return name


_OPENER = re.compile(r"^(?:but|however|and|yet|so)\b,?\s+", re.IGNORECASE)


def clip(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line without a leading "But"/"However," or final full stop, cut at a word boundary
    with an ellipsis when longer than `limit`."""
    text = _OPENER.sub("", " ".join(text.split()).strip(" ,;:")).rstrip(" .")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def quoted(text: str, limit: int = EXCERPT_CHARS) -> str:
    return f"“{clip(text, limit)}”"


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    tokens = [m.group(0).rstrip(".") for m in _TOKEN.finditer(text)]
    return tuple(tokens), tuple(_token_concepts(tokens))


def gist(text: str, shared: Collection[str]) -> str:
    """The words of `text` whose concepts are in `shared`, in order, with short function-word gaps kept
    and longer gaps shown as "…" ("Pentagon press secretary John Kirby said on Tuesday")."""
    tokens, concepts = _tokens(text)
    kept: list[int] = [i for i, c in enumerate(concepts) if c in shared]
    if not kept:
        return ""
    pieces: list[str] = []
    run = [kept[0]]
    for i in kept[1:]:
        gap = range(run[-1] + 1, i)
        if len(gap) <= GIST_MAX_GAP and all(normalize(tokens[j]) in STOPWORDS for j in gap):
            run += [*gap, i]
        else:
            pieces.append(" ".join(tokens[j] for j in run))
            run = [i]
    pieces.append(" ".join(tokens[j] for j in run))
    words = " … ".join(pieces).split()
    return " ".join(words[:GIST_WORDS]) + (" …" if len(words) > GIST_WORDS else "")


def _token_concepts(tokens: list[str]) -> list[str | None]:
    """Each token's concept as `text.read` would give it (two-word phrases give both words the concept)."""
    low = [normalize(t) for t in tokens]
    out: list[str | None] = [None] * len(tokens)
    i = 0
    while i < len(low):
        pair = (low[i], low[i + 1]) if i + 1 < len(low) else None
        if pair in PHRASE_CONCEPTS:
            out[i] = out[i + 1] = PHRASE_CONCEPTS[pair]
            i += 2
            continue
        if low[i] not in STOPWORDS:
            out[i] = concept_of(low[i])
        i += 1
    return out


def word_changes(diff: list[dict[str, str]], limit: int = 4) -> str:
    """A quote's word diff as a reader says it: "“occupying” here vs “capturing” there; “but” only here"."""
    parts = []
    for d in diff[:limit]:
        if d["a"] and d["b"]:
            parts.append(f"“{d['a']}” here vs “{d['b']}” there")
        elif d["a"]:
            parts.append(f"“{d['a']}” only here")
        else:
            parts.append(f"“{d['b']}” only there")
    more = len(diff) - limit
    return "; ".join(parts) + (f"; {more} more" if more > 0 else "")
