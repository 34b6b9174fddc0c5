"""Find quoted stretches of text from the quote marks alone (no parsing).

Handles straight and curly double marks, curly single marks (told apart from apostrophes), a missing
closing mark (the quote runs to the end of the line), a closing mark with no opening mark (the start is
inferred at the sentence start), multi-paragraph quotes (a line that ends inside a quote and a next line
that opens with a mark) and nesting (a single-quoted piece inside a double-quoted one is dropped).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

OPEN_DOUBLE = "“"
CLOSE_DOUBLE = "”"
STRAIGHT_DOUBLE = '"'
OPEN_SINGLE = "‘"
CLOSE_SINGLE = "’"
STRAIGHT_SINGLE = "'"
DOUBLE_MARKS = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE
ALL_MARKS = DOUBLE_MARKS + OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE

# Characters after which a straight mark opens rather than closes a quote.
_OPENING_CONTEXT = " \t\n([{–—-/:"
# A sentence boundary used to infer where a quote with no opening mark starts.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“‘\"'])")
# Only these characters can open or close a quote; scanning jumps from one to the next.
_DOUBLE_MARK = re.compile(f"[{DOUBLE_MARKS}]")
_SINGLE_MARK = re.compile(f"[{OPEN_SINGLE}{CLOSE_SINGLE}{STRAIGHT_SINGLE}]")


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """Text between quote marks: `start`/`end` exclude the marks themselves."""

    start: int
    end: int
    mark: str  # "double" or "single"
    opened: bool = True  # False: the start was inferred (closing mark with no partner)
    closed: bool = True  # False: ran to the end of the line
    continues: bool = False  # the quote goes on in the next paragraph (which reopens with a mark)


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """All quoted stretches of `text`, sorted by start, with nested ones removed.

    Linear in the marks apart from sorting: every step scans the marks once or looks up by bisection, so a
    line of thousands of quote marks costs milliseconds, not minutes.
    """
    spans: list[MarkedSpan] = []
    for line_start, line_end in _lines(text):
        doubles = _double_spans(text, line_start, line_end)
        singles = _single_spans(text, line_start, line_end)
        spans.extend(doubles)
        spans.extend(s for s in singles if not _inside_any_sorted(s, doubles))
    return _outermost([_mark_continuation(text, s) for s in spans])


def _inside_any_sorted(span: MarkedSpan, disjoint: list[MarkedSpan]) -> bool:
    """Whether `span` lies inside one of `disjoint` (sorted by start, non-overlapping)."""
    k = bisect_right([d.start for d in disjoint], span.start) - 1
    return k >= 0 and _inside(span, disjoint[k])


def _outermost(spans: list[MarkedSpan]) -> list[MarkedSpan]:
    """Spans that no other span contains, sorted by start (one sweep over spans sorted by start, longest
    first: a span is contained when an earlier one reaches at least as far)."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[MarkedSpan] = []
    reach, reach_span = -1, None
    for span in ordered:
        if reach_span is not None and span.end <= reach and _inside(span, reach_span):
            continue
        if span.end > reach:
            reach, reach_span = span.end, span
        out.append(span)
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _inside(inner: MarkedSpan, outer: MarkedSpan) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and inner != outer


def _trimmed(text: str, start: int, end: int, mark: str, **flags: bool) -> MarkedSpan | None:
    """A span with surrounding whitespace removed, or None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return MarkedSpan(start, end, mark, **flags) if end > start else None


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _char(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else " "


def _double_spans(text: str, lo: int, hi: int) -> list[MarkedSpan]:
    spans: list[MarkedSpan | None] = []
    open_at: int | None = None
    last_end = lo
    for found in _DOUBLE_MARK.finditer(text, lo, hi):
        i, ch = found.start(), found.group()
        prev, nxt = _char(text, i - 1), _char(text, i + 1)
        if ch == STRAIGHT_DOUBLE:
            opening = open_at is None and (prev in _OPENING_CONTEXT or i == lo or not nxt.isspace())
        elif ch == CLOSE_DOUBLE:
            # A right mark typed where a left one belongs: nothing open, space before, word after.
            opening = open_at is None and prev in _OPENING_CONTEXT and _is_word_char(nxt)
        else:
            opening = True
        if opening:
            if open_at is not None:  # the previous quote never closed; it ends before this one
                spans.append(_trimmed(text, open_at + 1, i, "double", closed=False))
            open_at = i
        elif open_at is not None:
            spans.append(_trimmed(text, open_at + 1, i, "double"))
            open_at, last_end = None, i + 1
        else:
            start = _inferred_start(text, max(lo, last_end), i)
            spans.append(_trimmed(text, start, i, "double", opened=False))
            last_end = i + 1
    if open_at is not None:
        spans.append(_trimmed(text, open_at + 1, hi, "double", closed=False))
    return [s for s in spans if s is not None]


def _inferred_start(text: str, lo: int, close_at: int) -> int:
    """Start of the sentence that a closing mark with no opening mark ends."""
    start = lo
    for m in _SENTENCE_BREAK.finditer(text, lo, close_at):
        if m.end() < close_at:
            start = m.end()
    while start < close_at and not _is_word_char(text[start]):
        start += 1
    return start


def _single_spans(text: str, lo: int, hi: int) -> list[MarkedSpan]:
    """Single-quoted stretches; a right single mark closes only when a left one is pending."""
    spans: list[MarkedSpan] = []
    open_at: int | None = None
    marks = [m.start() for m in _SINGLE_MARK.finditer(text, lo, hi)]
    closers = [i for i in marks if _may_close_single(text, i)]
    closer_set = set(closers)
    next_open = _next_opener(text, marks, hi)
    for k, i in enumerate(marks):
        ch = text[i]
        if ch in (OPEN_SINGLE, STRAIGHT_SINGLE) and _may_open_single(text, i):
            open_at = i
        elif open_at is not None and i in closer_set:
            # "forces’ movement": a plural possessive when a later mark can still close the quote.
            later = bisect_left(closers, next_open[k]) > bisect_right(closers, i)
            if later and _char(text, i + 1) == " " and _char(text, i + 2).islower():
                continue
            span = _trimmed(text, open_at + 1, i, "single")
            if span is not None:
                spans.append(span)
            open_at = None
    return spans


def _next_opener(text: str, marks: list[int], hi: int) -> list[int]:
    """For each mark, the offset of the next later mark that may open a quote (`hi` when none)."""
    out = [hi] * len(marks)
    nxt = hi
    for k in range(len(marks) - 1, -1, -1):
        out[k] = nxt
        if _may_open_single(text, marks[k]):
            nxt = marks[k]
    return out


def _may_open_single(text: str, i: int) -> bool:
    ch, prev, nxt = text[i], _char(text, i - 1), _char(text, i + 1)
    if ch not in (OPEN_SINGLE, STRAIGHT_SINGLE) or _is_word_char(prev):
        return False
    return not nxt.isspace() and not nxt.isdigit()  # ‘90s is an elision, not a quote


def _may_close_single(text: str, i: int) -> bool:
    ch, prev, nxt = text[i], _char(text, i - 1), _char(text, i + 1)
    if ch not in (CLOSE_SINGLE, STRAIGHT_SINGLE) or prev.isspace():
        return False
    return not _is_word_char(nxt)  # between letters it is an apostrophe (Russia’s, don’t)


def _mark_continuation(text: str, span: MarkedSpan) -> MarkedSpan:
    """Flag an unclosed quote whose next non-blank line reopens with a mark (multi-paragraph quote)."""
    if span.closed or span.mark != "double":
        return span
    rest = text[span.end :].lstrip(" \t")
    if not rest.startswith("\n"):
        return span
    rest = rest.lstrip()
    if rest[:1] in (OPEN_DOUBLE, STRAIGHT_DOUBLE):
        return MarkedSpan(span.start, span.end, span.mark, span.opened, span.closed, continues=True)
    return span
