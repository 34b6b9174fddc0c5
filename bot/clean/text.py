"""Character- and line-level normalisation: what a line is, and how it looks after cleaning."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Unicode categories removed from every line: control (Cc), format (Cf: zero-width spaces, BOM, bidi marks,
# soft hyphens) and lone surrogates (Cs, which cannot be encoded and would break storage).
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})

# Curly quotes and their straight twins, one character each, so the mapping preserves length.
_QUOTE_TWINS = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
    }
)

_WHITESPACE_RUN = re.compile(r"\s+")
_CURLY = re.compile("[" + "".join(chr(c) for c in _QUOTE_TWINS) + "]")


def normalize_quotes(s: str) -> str:
    """Replace each curly quote with its straight twin, character for character (length-preserving)."""
    # str.translate walks the string in Python-level steps; most lines have no curly quote at all.
    return s.translate(_QUOTE_TWINS) if _CURLY.search(s) else s


def _keep_char(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) not in _DROPPED_CATEGORIES


def normalize_line(line: str) -> str:
    """Strip a line, drop control/format characters and collapse runs of whitespace to one space.

    Tabs and other whitespace controls become spaces (they separate words); other controls vanish.
    """
    # Fast path: a printable line holds no control, format or surrogate character.
    kept = line if line.isprintable() else "".join(ch for ch in line if _keep_char(ch))
    return _WHITESPACE_RUN.sub(" ", kept).strip()


def iter_lines(raw: str) -> Iterator[str]:
    """Normalised non-empty lines of `raw`; every Unicode line break (CR, LF, U+2028, ...) ends a line."""
    for line in raw.splitlines():
        norm = normalize_line(line)
        if norm:
            yield norm


# Scripts written without spaces between words (Chinese, Japanese kana): about two characters a word.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNSPACED_CHARS_PER_WORD = 2
_SPACED_WORD = re.compile(r"\S*\w\S*")


def word_count(text: str) -> int:
    """Words in a text: whitespace-separated tokens holding a letter or digit, plus one word per two
    Chinese/Japanese characters (a whitespace split would count a whole clause of them as one word)."""
    unspaced = len(UNSPACED.findall(text))
    spaced = UNSPACED.sub(" ", text) if unspaced else text
    return len(_SPACED_WORD.findall(spaced)) + unspaced // UNSPACED_CHARS_PER_WORD
