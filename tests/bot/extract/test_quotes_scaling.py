"""Quote attribution is linear in the quote marks: it costs less than parsing the same text, even on a line
of thousands of quote marks or a long message of short quotations (it used to grow with their square:
2k marks took 4x the parse, 8k marks 20x). Compared with the parse of the same text, so the check does not
depend on the machine's speed."""

from __future__ import annotations

import time

import pytest

from bot.extract.quote_marks import find_marked_spans
from bot.extract.quotes import extract_quotes

pytestmark = pytest.mark.slow


def _marks_line(n_marks: int) -> str:
    return " ".join(f'"w{i}"' for i in range(n_marks // 2))


def _short_quotations(n_chars: int) -> str:
    return "".join(f"“Yes {i},” she said. “No.” " for i in range(n_chars // 28))[:n_chars]


@pytest.mark.parametrize("text", [_marks_line(2000), _short_quotations(8000)], ids=["2k-marks", "8k-chars"])
def test_quotes_extraction_cheaper_than_parse(nlp, text) -> None:
    start = time.perf_counter()
    doc = nlp(text)
    parse = time.perf_counter() - start
    start = time.perf_counter()
    quotes = extract_quotes(doc)
    extract = time.perf_counter() - start
    assert len(quotes) >= 500
    assert extract < parse, (extract, parse)


def test_quote_marks_scale_linearly() -> None:
    small, large = _marks_line(4000), _marks_line(16000)
    times = []
    for text in (small, large):
        best = float("inf")
        for _ in range(3):  # the best of three: a busy machine only ever adds time
            start = time.perf_counter()
            spans = find_marked_spans(text)
            best = min(best, time.perf_counter() - start)
        times.append(best)
        assert len(spans) == text.count('"') // 2
    assert times[1] < 10 * max(times[0], 1e-3), times  # 4x the marks: linear ~4x, quadratic 16x
