"""`clean_text`: pasted or plain text in, `CleanedArticle` out.

The cascade, in order, for each line of the input:

1. normalise (`bot.clean.text.normalize_line`): strip, drop control/format characters, collapse whitespace;
   empty lines vanish without a record
2. per-source boilerplate: the line's fingerprint is in `known_boilerplate` -> "recurs across this source";
   only for short lines with no reported speech and no figures (`is_learnable_junk`), so that a source's
   updated versions of one story, which repeat whole sentences, keep their sentences
3. line rules (`bot.clean.rules.junk_reason`): URLs, comment prompts, credits, pitches, spam, ...
4. title: the first kept line, minus a junk prefix ("How are you! "), is the title if it looks like one
   (`bot.clean.title.is_title_like`) and at least one body line follows
5. repeats: a body line equal to the title ("repeats the title") or to an earlier kept line
   ("repeated line") is dropped; equality ignores case and quote style

Only whole lines (or, for the title, a suffix of one) are kept, so no text is ever invented, and every rule is
a function of the line alone or of lines already kept, so cleaning the output again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clean.fingerprint import line_fingerprint
from bot.clean.rules import is_short_non_speech, junk_reason
from bot.clean.text import iter_lines, normalize_quotes
from bot.clean.title import is_title_like, strip_title_prefix
from bot.models import CleanedArticle, RemovedLine

RECURRING_REASON = "recurs across this source"
TITLE_PREFIX_REASON = "junk before the title"
TITLE_REPEAT_REASON = "repeats the title"
REPEAT_REASON = "repeated line"


def _same_key(line: str) -> str:
    """Equality key for repeats: case and quote style folded, words untouched (digits matter here)."""
    return normalize_quotes(line).casefold()


@dataclass
class _Draft:
    """Lines kept so far, in order, and what was dropped."""

    candidate: str | None = None  # the first kept line, as written
    headline: str | None = None  # the candidate without its junk prefix
    prefix: str = ""
    body: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    removed: list[RemovedLine] = field(default_factory=list)

    def drop(self, line: str, reason: str) -> None:
        self.removed.append(RemovedLine(line=line, reason=reason))


def _take_candidate(draft: _Draft, line: str) -> None:
    """Record the first kept line and the headline it would give."""
    prefix, headline = strip_title_prefix(line)
    reason = junk_reason(headline) if prefix else None
    if reason:
        draft.drop(line, reason)
        return
    draft.candidate, draft.headline, draft.prefix = line, headline, prefix
    draft.seen.update({_same_key(line), _same_key(headline)})


def _take_body(draft: _Draft, line: str) -> None:
    key = _same_key(line)
    if key in draft.seen:
        title_keys = {_same_key(draft.candidate or ""), _same_key(draft.headline or "")}
        draft.drop(line, TITLE_REPEAT_REASON if key in title_keys else REPEAT_REASON)
        return
    draft.seen.add(key)
    draft.body.append(line)


def is_learnable_junk(line: str) -> bool:
    """Lines that recurrence alone may remove: short, no reported speech, no digits."""
    return is_short_non_speech(line) and not any(ch.isdigit() for ch in line)


def _draft(raw: str, known_boilerplate: frozenset[str]) -> _Draft:
    draft = _Draft()
    for line in iter_lines(raw):
        if known_boilerplate and is_learnable_junk(line) and line_fingerprint(line) in known_boilerplate:
            draft.drop(line, RECURRING_REASON)
        elif reason := junk_reason(line):
            draft.drop(line, reason)
        elif draft.candidate is None:
            _take_candidate(draft, line)
        else:
            _take_body(draft, line)
    return draft


def clean_text(
    raw: str, *, source: str = "stdin", known_boilerplate: frozenset[str] = frozenset()
) -> CleanedArticle:
    """Clean pasted text: drop web junk lines, find the title, join paragraphs with blank lines."""
    if isinstance(raw, bytes | bytearray):  # tolerated from careless callers; decoded, never repr()'d
        raw = bytes(raw).decode("utf-8", errors="replace")
    draft = _draft(raw if isinstance(raw, str) else "", known_boilerplate)
    title: str | None = None
    body = draft.body
    if draft.headline is not None and body and is_title_like(draft.headline):
        title = draft.headline
        if draft.prefix:
            draft.removed.insert(0, RemovedLine(line=draft.prefix, reason=TITLE_PREFIX_REASON))
    elif draft.candidate is not None:
        body = [draft.candidate, *body]
    paragraphs = [title, *body] if title else body
    return CleanedArticle(
        cleaned_text="\n\n".join(paragraphs), title=title, source=source, removed=draft.removed
    )
