"""`clean_text`: pasted or plain text in, `CleanedArticle` out.

The cascade, in order, for each line of the input:

1. normalise (`bot.clean.text.normalize_line`): strip, drop control/format characters, collapse whitespace;
   empty lines vanish without a record
2. per-source boilerplate: the line's fingerprint is in `known_boilerplate` -> "recurs across this source";
   only for short lines with no reported speech and no figures (`is_learnable_junk`), so that a source's
   updated versions of one story, which repeat whole sentences, keep their sentences
3. line rules (`bot.clean.rules.junk_reason`): URLs, comment prompts, credits, pitches, spam, ...
4. the learned line classifier (`bot.clean.line_model`, pasted text only): a line the model calls web noise
   ("line model: web noise") given its shape and the lines around it
5. title: the first kept line, minus a junk prefix ("How are you! "), is the title if it looks like one
   (`bot.clean.title.is_title_like`) and at least one body line follows
6. repeats: a body line equal to the title ("repeats the title") is dropped, and so is a line equal to an
   earlier kept line ("repeated line") when it carries reported speech or runs over `SHORT_LINE_MAX_WORDS`
   words (a paragraph pasted twice would count its quotes and claims twice); equality ignores case and quote
   style. Short repeats without speech are list items and headings of listicles, recipes and Q&As as often
   as menus (on Zyte's pages 272 such repeats were article lines, 6 junk), so the model judges those, up to
   `MAX_SHORT_REPEATS` copies of one line (a thousand copies of one line are no list, and the model's view of
   them shifts with every copy removed)

Only whole lines (or, for the title, a suffix of one) are kept, so no text is ever invented. The rules are
functions of the line alone or of lines already kept; the model also looks at the lines around, which change
when noise goes, so the cascade is run again on its own output until nothing more is removed: cleaning the
output again changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.clean.fingerprint import line_fingerprint
from bot.clean.line_model import default_model
from bot.clean.rules import is_short_non_speech, junk_reason
from bot.clean.text import iter_lines, normalize_quotes
from bot.clean.title import is_title_like, strip_title_prefix
from bot.models import CleanedArticle, RemovedLine

RECURRING_REASON = "recurs across this source"
TITLE_PREFIX_REASON = "junk before the title"
TITLE_REPEAT_REASON = "repeats the title"
REPEAT_REASON = "repeated line"
MODEL_REASON = "line model: web noise"
# Passes of the cascade over its own output at most; on real text the second or third pass removes nothing.
MAX_PASSES = 50
# Copies of one short line kept at most; further copies are "repeated line".
MAX_SHORT_REPEATS = 10


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
    seen: Counter[str] = field(default_factory=Counter)
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
    draft.seen.update({_same_key(line), _same_key(headline)})  # each once


def _take_body(draft: _Draft, line: str) -> None:
    key = _same_key(line)
    title_keys = {_same_key(draft.candidate or ""), _same_key(draft.headline or "")}
    if key in title_keys:
        draft.drop(line, TITLE_REPEAT_REASON)
        return
    copies = draft.seen[key]
    if copies and (copies >= MAX_SHORT_REPEATS or not is_short_non_speech(line)):
        draft.drop(line, REPEAT_REASON)
        return
    draft.seen[key] += 1
    draft.body.append(line)


def is_learnable_junk(line: str) -> bool:
    """Lines that recurrence alone may remove: short, no reported speech, no digits."""
    return is_short_non_speech(line) and not any(ch.isdigit() for ch in line)


def _draft(raw: str, known_boilerplate: frozenset[str], use_model: bool) -> _Draft:
    draft = _Draft()
    lines = list(iter_lines(raw))
    reasons = [junk_reason(line) for line in lines]
    noise = default_model().noise_flags(lines) if use_model else [False] * len(lines)
    for line, reason, is_noise in zip(lines, reasons, noise, strict=True):
        if known_boilerplate and is_learnable_junk(line) and line_fingerprint(line) in known_boilerplate:
            draft.drop(line, RECURRING_REASON)
        elif reason:
            draft.drop(line, reason)
        elif is_noise:
            draft.drop(line, MODEL_REASON)
        elif draft.candidate is None:
            _take_candidate(draft, line)
        else:
            _take_body(draft, line)
    return draft


def clean_text(
    raw: str,
    *,
    source: str = "stdin",
    known_boilerplate: frozenset[str] = frozenset(),
    use_model: bool = True,
) -> CleanedArticle:
    """Clean pasted text: drop web junk lines, find the title, join paragraphs with blank lines.

    `use_model=False` leaves out the learned classifier (the HTML path: trafilatura has removed the page's
    chrome already, and the model, trained on whole pasted pages, would cost article lines there)."""
    if isinstance(raw, bytes | bytearray):  # tolerated from careless callers; decoded, never repr()'d
        raw = bytes(raw).decode("utf-8", errors="replace")
    article = _clean_once(raw if isinstance(raw, str) else "", known_boilerplate, use_model)
    removed = list(article.removed)
    for _ in range(MAX_PASSES - 1):
        if not article.removed or not use_model:
            break
        article = _clean_once(article.cleaned_text, known_boilerplate, use_model)
        removed.extend(article.removed)
    article.source, article.removed = source, removed
    return article


def _clean_once(raw: str, known_boilerplate: frozenset[str], use_model: bool) -> CleanedArticle:
    """One pass of the cascade."""
    draft = _draft(raw, known_boilerplate, use_model)
    title: str | None = None
    body = draft.body
    if draft.headline is not None and body and is_title_like(draft.headline):
        title = draft.headline
        if draft.prefix:
            draft.removed.insert(0, RemovedLine(line=draft.prefix, reason=TITLE_PREFIX_REASON))
    elif draft.candidate is not None:
        body = [draft.candidate, *body]
    paragraphs = [title, *body] if title else body
    return CleanedArticle(cleaned_text="\n\n".join(paragraphs), title=title, source="", removed=draft.removed)
