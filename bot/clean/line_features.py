"""Features of each line of a pasted text, for the learned line classifier (`bot.clean.line_model`).

A line is described by its own shape (length, punctuation, digits, capitals, call-to-action words, links,
whether a rule calls it junk) and by its place in the text (position, the lines around it, how much article
prose lies before and after it, whether a comment section has begun). Everything is a pure function of the
list of lines, so cleaning stays deterministic and idempotent.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from bot.clean.rules import CTA_CORE, CTA_WORDS, HARD_RULES, junk_reason, words
from bot.clean.text import UNSPACED, UNSPACED_CHARS_PER_WORD, normalize_quotes

# Window (lines either side) for the neighbourhood features.
WINDOW = 3
# A line of at most this many words counts as "short" for runs of short lines (menus, tag lists).
SHORT_WORDS = 4
# A line counts as article prose (before/after shares, main span) when it is a sentence of this many words.
PROSE_WORDS = 8

_STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        """
        a an the and or but of to in on at for with by from as is are was were be been has have had it
        its this that these those he she they we you i his her their our not no will would can could
        should may might than then there which who whom what when where while after before about into
        over also said says
        """,
    )
)
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u2019\u201d)\]\u300d\u300f]*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u2019\u201d)]*\s+[\"'\u2018\u201c(]*[A-Z]")
_BULLET = re.compile(r"^[-\u2022*\u00b7|\u203a\u00bb>\u2013\u2014]")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk|ru|de|fr|io)\b", re.IGNORECASE)
_HANDLE = re.compile(r"(?:^|\s)[@#]\w")
_SEPARATOR = re.compile(r"\s[|\u2022\u00b7\u00bb\u203a/]\s")
_COPYRIGHT = re.compile(r"\u00a9|\bcopyright\b|\ball rights reserved\b|\(c\)\s*\d{4}", re.IGNORECASE)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATELIKE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b\d{{1,2}}:\d{{2}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b(?:updated|published|posted)\b|\b\d+\s+(?:min|mins|minutes|hours?|days?)\s+ago\b",
    re.IGNORECASE,
)
_SPEECH = re.compile(r"[\"\u201c\u201d]|\b(?:said|says|told|according to)\b", re.IGNORECASE)
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|thoughts? on\b.*|user comments|top rated comments"
    r"|leave a (?:reply|comment)|join (?:the )?discussion|post comment.*)\W*$",
    re.IGNORECASE,
)
_COMMENT_RULES = tuple(pattern for name, pattern in HARD_RULES if name == "comment prompt")

# Features of the line alone, in this order.
SHAPE_NAMES: tuple[str, ...] = (
    "chars_log",
    "words_log",
    "words_1",
    "words_2_3",
    "words_4_7",
    "words_8_15",
    "words_16_up",
    "ends_sentence",
    "ends_colon",
    "sentence_breaks",
    "punct_share",
    "digit_share",
    "upper_share",
    "titlecase_share",
    "starts_lower",
    "starts_bullet",
    "cta_share",
    "cta_core",
    "stopword_share",
    "has_url",
    "has_handle",
    "has_separator",
    "copyright",
    "speech",
    "datelike",
    "rule_junk",
)
# Features of the line in its text, in this order.
CONTEXT_NAMES: tuple[str, ...] = (
    "repeated_in_text",
    "position",
    "prev_words_log",
    "next_words_log",
    "prev_sentence",
    "next_sentence",
    "window_sentence_share",
    "window_words_log",
    "window_rule_junk_share",
    "prose_before",
    "prose_after",
    "after_comment_header",
    "short_run_log",
    "prose_distance_log",
    "wide_prose_share",
    "same_shape_neighbours",
    "in_main_span",
    "main_span_distance_log",
    "vocabulary_mean",
    "vocabulary_max",
    "window_vocabulary_mean",
)
FEATURE_NAMES: tuple[str, ...] = SHAPE_NAMES + CONTEXT_NAMES
# The main span: the run of lines with the most prose words, each other line costing this many words.
SPAN_LINE_COST = 2
# Wider window (lines either side) for the share of prose around a line.
WIDE_WINDOW = 10

# Patterns and shares are read from this many leading characters of a line.
HEAD_CHARS = 200
_PUNCT = re.compile(r"[^\w\s]")
_CAPITALISED = re.compile(r"(?:^|\s)[A-Z\u00c0-\u00de\u0400-\u042f]")
_LETTER_START = re.compile(r"(?:^|\s)[^\W\d_]")


class LineFacts(NamedTuple):
    """What the features need of one line, computed once per distinct line (`line_facts` is cached)."""

    shape: tuple[float, ...]
    words: int
    sentence: bool
    upper_first: bool
    comment_header: bool
    key: str
    vocabulary_words: tuple[str, ...]


@lru_cache(maxsize=16384)
def line_facts(line: str) -> LineFacts:
    """Shares and patterns are read from the line's first `HEAD_CHARS` characters, so a long paragraph costs
    no more than a short one; what makes a line noise shows at its start."""
    head = line[:HEAD_CHARS]
    n = _token_count(line)
    found = words(head)
    chars = max(len(head), 1)
    letters = sum(map(str.isalpha, head))
    lettered = len(_LETTER_START.findall(head))
    ends_sentence = bool(_SENTENCE_END.search(line[-8:]))
    shape = (
        math.log1p(len(line)),
        math.log1p(n),
        float(n == 1),
        float(2 <= n <= 3),
        float(4 <= n <= 7),
        float(8 <= n <= 15),
        float(n >= 16),
        float(ends_sentence),
        float(line.endswith(":")),
        min(len(_SENTENCE_BREAK.findall(head)), 3) / 3,
        len(_PUNCT.findall(head)) / chars,
        sum(map(str.isdigit, head)) / chars,
        sum(map(str.isupper, head)) / max(letters, 1),
        len(_CAPITALISED.findall(head)) / max(lettered, 1),
        float(line[:1].islower()),
        float(bool(_BULLET.match(line))),
        sum(1 for w in found if w in CTA_WORDS) / max(len(found), 1),
        float(any(w in CTA_CORE for w in found)),
        sum(1 for w in found if w in _STOPWORDS) / max(len(found), 1),
        float(bool(_URL.search(head))),
        float(bool(_HANDLE.search(head))),
        float(bool(_SEPARATOR.search(head))),
        float(bool(_COPYRIGHT.search(head))),
        float(bool(_SPEECH.search(line))),
        float(bool(_DATELIKE.search(head))),
        float(junk_reason(line) is not None),
    )
    return LineFacts(
        shape=shape,
        words=n,
        sentence=n >= 4 and ends_sentence,
        upper_first=line[:1].isupper(),
        comment_header=bool(_COMMENT_HEADER.match(head)) or any(p.search(head) for p in _COMMENT_RULES),
        key=normalize_quotes(line).casefold(),
        vocabulary_words=tuple(found),
    )


def _token_count(line: str) -> int:
    """Whitespace tokens, plus one per two Chinese/Japanese characters (`bot.clean.text.word_count`'s rule,
    without its per-token test, which costs more than the rest of a line's features)."""
    tokens = len(line.split())
    return tokens if line.isascii() else tokens + len(UNSPACED.findall(line)) // UNSPACED_CHARS_PER_WORD


def _short_runs(short: np.ndarray) -> np.ndarray:
    """For each line, the length of the run of consecutive short lines it belongs to (0 if not short)."""
    runs = np.zeros(len(short))
    start = 0
    while start < len(short):
        if not short[start]:
            start += 1
            continue
        end = start
        while end < len(short) and short[end]:
            end += 1
        runs[start:end] = end - start
        start = end
    return runs


def _prose_distance(prose: np.ndarray) -> np.ndarray:
    """Lines from each line to the nearest prose line (the text's length when there is none)."""
    n = len(prose)
    where = np.flatnonzero(prose)
    if not len(where):
        return np.full(n, float(n))
    index = np.arange(n)
    after = np.searchsorted(where, index)
    right = np.where(after < len(where), where[np.minimum(after, len(where) - 1)] - index, n)
    left = np.where(after > 0, index - where[np.maximum(after - 1, 0)], n)
    return np.minimum(left, right).astype(float)


def _main_span(prose: np.ndarray) -> tuple[int, int]:
    """[start, end) of the line run maximising prose words minus SPAN_LINE_COST per non-prose line."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, words_here in enumerate(prose.tolist()):
        total += words_here if words_here else -SPAN_LINE_COST
        if total <= 0:
            total, start = 0.0, i + 1
        elif total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _window_sum(values: np.ndarray, width: int) -> np.ndarray:
    """Sum of values over [i - width, i + width] for each i (clipped at the ends)."""
    padded = np.concatenate([[0.0], np.cumsum(values, dtype=float)])
    index = np.arange(len(values))
    return padded[np.minimum(index + width + 1, len(values))] - padded[np.maximum(index - width, 0)]


def _neighbour_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean over the lines within `width` either side, the line itself left out (0 with no neighbour)."""
    count = _window_sum(np.ones(len(values)), width) - 1
    return np.divide(_window_sum(values, width) - values, count, out=np.zeros(len(values)), where=count > 0)


def _same_shape_share(counts: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Share of the neighbours within WINDOW that look like items of one list with the line: both at most
    2 * SHORT_WORDS words, word counts within one, same capitalisation of the first letter."""
    n = len(counts)
    same = np.zeros(n)
    short = counts <= 2 * SHORT_WORDS
    for d in range(1, WINDOW + 1):
        if d >= n:
            break
        pair = short[:-d] & short[d:] & (np.abs(counts[:-d] - counts[d:]) <= 1) & (upper[:-d] == upper[d:])
        same[:-d] += pair
        same[d:] += pair
    count = _window_sum(np.ones(n), WINDOW) - 1
    return np.divide(same, count, out=np.zeros(n), where=count > 0)


def vocabulary_scores(facts: LineFacts, vocabulary: Mapping[str, float]) -> tuple[float, float]:
    """(mean, max) of the noise log-odds of the line's known words; (0, 0) when none is known."""
    known = [vocabulary[w] for w in facts.vocabulary_words if w in vocabulary]
    return (sum(known) / len(known), max(known)) if known else (0.0, 0.0)


def line_features(lines: list[str], vocabulary: Mapping[str, float] | None = None) -> np.ndarray:
    """One row of features (`FEATURE_NAMES` order) per line of a text; `vocabulary`: word -> noise
    log-odds (the model's word list)."""
    n = len(lines)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES)))
    facts = [line_facts(line) for line in lines]
    shape = np.array([f.shape for f in facts])
    counts = np.array([f.words for f in facts], dtype=float)
    sentence = np.array([f.sentence for f in facts], dtype=float)
    upper = np.array([f.upper_first for f in facts])
    prose = np.where((sentence > 0) & (counts >= PROSE_WORDS), counts, 0.0)
    total = prose.sum()
    before = np.cumsum(prose) - prose
    keys = Counter(f.key for f in facts)
    header = np.array([f.comment_header for f in facts])
    comments_begun = np.zeros(n)
    begun_at = np.flatnonzero(header & (before + prose > 0))
    if len(begun_at):
        comments_begun[begun_at[0] + 1 :] = 1.0
    vocab = np.array([vocabulary_scores(f, vocabulary or {}) for f in facts])
    span_start, span_end = _main_span(prose)
    index = np.arange(n)
    outside_span = np.clip(np.maximum(span_start - index, index - span_end + 1), 0, None)
    log_counts = np.log1p(counts)
    rule_junk = shape[:, SHAPE_NAMES.index("rule_junk")]
    context = {
        "repeated_in_text": np.array([float(keys[f.key] > 1) for f in facts]),
        "position": index / (n - 1) if n > 1 else np.zeros(n),
        "prev_words_log": np.concatenate([[0.0], log_counts[:-1]]),
        "next_words_log": np.concatenate([log_counts[1:], [0.0]]),
        "prev_sentence": np.concatenate([[0.0], sentence[:-1]]),
        "next_sentence": np.concatenate([sentence[1:], [0.0]]),
        "window_sentence_share": _neighbour_mean(sentence, WINDOW),
        "window_words_log": _neighbour_mean(log_counts, WINDOW),
        "window_rule_junk_share": _neighbour_mean(rule_junk, WINDOW),
        "prose_before": before / total if total else np.zeros(n),
        "prose_after": (total - before - prose) / total if total else np.zeros(n),
        "after_comment_header": comments_begun,
        "short_run_log": np.log1p(_short_runs(counts <= SHORT_WORDS)),
        "prose_distance_log": np.log1p(_prose_distance(prose > 0)),
        "wide_prose_share": _window_sum(prose > 0, WIDE_WINDOW) / _window_sum(np.ones(n), WIDE_WINDOW),
        "same_shape_neighbours": _same_shape_share(counts, upper),
        "in_main_span": ((index >= span_start) & (index < span_end)).astype(float),
        "main_span_distance_log": np.log1p(outside_span),
        "vocabulary_mean": vocab[:, 0],
        "vocabulary_max": vocab[:, 1],
        "window_vocabulary_mean": _neighbour_mean(vocab[:, 0], WINDOW),
    }
    return np.column_stack([shape, *(context[name] for name in CONTEXT_NAMES)])
