"""Line fingerprints for per-source boilerplate learning.

The store fingerprints the body lines of each stored article; a fingerprint seen in several articles from
the same source is boilerplate for that source (a footer, a newsletter pitch), and `clean_text` drops it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from bot.clean.text import normalize_line, normalize_quotes
from bot.models import CleanedArticle

_DIGIT = re.compile(r"\d+")
# Punctuation and symbols at either end do not change what a line is ("Leave a Reply" vs "Leave a reply:").
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def fingerprint_key(line: str) -> str:
    """What is hashed: NFKC, straight quotes, casefolded, spaces collapsed, each digit run → 0."""
    text = unicodedata.normalize("NFKC", normalize_line(line))
    text = normalize_line(normalize_quotes(text)).casefold()
    text = _DIGIT.sub("0", text)
    return _EDGE_PUNCT.sub("", text)


def line_fingerprint(line: str) -> str:
    """Stable hash (same in every process) of a normalised line; case, spacing and digits are folded."""
    return hashlib.blake2b(fingerprint_key(line).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def body_fingerprints(article: CleanedArticle) -> set[str]:
    """Fingerprints of the body lines (title excluded), for learning a source's recurring boilerplate."""
    body = article.cleaned_text[article.body_start :]
    return {line_fingerprint(line) for line in body.splitlines() if line.strip()}
