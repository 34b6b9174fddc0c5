"""Headline detection: is the first kept line a title, and what junk is glued in front of it."""

from __future__ import annotations

import re

# A headline is at most this long (characters). Calibration: the seed headlines are 71-148 characters
# (with a junk prefix); wire-copy first paragraphs, which must not be taken for a title, mostly run 200+.
MAX_TITLE_CHARS = 250
# A title holds at most this many sentence breaks (". X"); more means the first line is a paragraph.
MAX_TITLE_SENTENCE_BREAKS = 1
# A junk prefix is removed only if at least this many words remain, so "Wow! Great" stays whole.
MIN_TITLE_WORDS_AFTER_PREFIX = 3

_GREETINGS = (
    r"hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)"
    r"|how are you(?: doing)?(?: today)?|how(?:'|\u2019)?s it going|what(?:'|\u2019)?s up|welcome(?: back)?"
    r"|dear (?:readers?|friends?|all)|wow|whoa|oh(?: my god)?|omg|ah|aha|yay|hooray|oops|alas|yo"
)
# A greeting/interjection with its punctuation, or any exclamation of at most three short words
# ("Breaking!", "Must see!"), followed by the real headline, which starts with a capital, digit or quote.
TITLE_PREFIX = re.compile(
    rf"^(?:(?:{_GREETINGS})\b[^.!?:\n]{{0,20}}?[!?.,:;\u2026]+|[^\s!?.]{{1,15}}(?:\s[^\s!?.]{{1,15}}){{0,2}}!+)"
    r"\s+",
    re.IGNORECASE,
)
# A wire dateline ("KYIV (Reuters) - ", "WASHINGTON, Jan 26 — ") opens a body paragraph, never a headline.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'\-]{1,40}(?:,[^()\-\u2013\u2014]{1,25})?\s*(?:\([^)]{1,40}\)\s*)?[-\u2013\u2014]\s"
)
# Past-tense reporting in a line that ends like a sentence marks a lead sentence ("..., officials said.");
# headlines use the present ("Kiev says ...").
_REPORTED_SENTENCE = re.compile(r"\b(?:said|told)\b.*[.][\"'\u2019\u201d)]*$")
_OPENING_QUOTES = "\"'\u2018\u201c"
_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u2019\u201d)]*\s+[\"'\u2018\u201c(]*[A-Z]")


def _starts_headline(text: str) -> bool:
    """Enough words, starting with a capital letter, a digit or an opening quote."""
    first = text[:1]
    opens = first.isupper() or first.isdigit() or first in _OPENING_QUOTES
    return opens and len(text.split()) >= MIN_TITLE_WORDS_AFTER_PREFIX


def strip_title_prefix(line: str) -> tuple[str, str]:
    """Split off junk prefixes ("How are you! ") from a headline line: returns (prefix, headline).

    Repeats until no prefix is left, so the result is a fixed point (cleaning stays idempotent).
    """
    prefix_end = 0
    rest = line
    while (m := TITLE_PREFIX.match(rest)) and _starts_headline(rest[m.end() :]):
        prefix_end += m.end()
        rest = rest[m.end() :]
    return line[:prefix_end].rstrip(), rest


def is_title_like(line: str) -> bool:
    """A line short enough for a headline, with at most one sentence break, no dateline, no 'said.' ending."""
    if len(line) > MAX_TITLE_CHARS or line.endswith(":"):
        return False
    if _DATELINE.match(line) or _REPORTED_SENTENCE.search(line):
        return False
    return len(_SENTENCE_BREAK.findall(line)) <= MAX_TITLE_SENTENCE_BREAKS
