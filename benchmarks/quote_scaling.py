"""Time of quote extraction on hostile quote-mark input, next to the parse of the same text, in one run.

    .venv/bin/python benchmarks/quote_scaling.py [--marks 1000 2000 4000 8000] [--quotations 39000]

Prints, for one line of N straight quote marks (`"w0" "w1" …`) and for a message of N characters of short
quotations (`“Yes 1,” she said. “No.” …`): seconds to parse, to find the marked spans, and to extract
quotes with speakers. Issue 16 measured the extraction at 0.8 / 4 / 19 / 81 s for 1k / 2k / 4k / 8k marks
and 195 s for a 39,000-character message; it is linear now (see tests/bot/extract/test_quotes_scaling.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.extract.quote_marks import find_marked_spans  # noqa: E402
from bot.extract.quotes import extract_quotes  # noqa: E402
from bot.nlp import load_nlp  # noqa: E402
from bot.settings import Settings  # noqa: E402


def marks_line(n_marks: int) -> str:
    return " ".join(f'"w{i}"' for i in range(n_marks // 2))


def short_quotations(n_chars: int) -> str:
    return "".join(f"“Yes {i},” she said. “No.” " for i in range(n_chars // 28 + 1))[:n_chars]


def timed(nlp, name: str, text: str) -> None:
    start = time.perf_counter()
    doc = nlp(text)
    parsed = time.perf_counter()
    find_marked_spans(text)
    marked = time.perf_counter()
    quotes = extract_quotes(doc)
    done = time.perf_counter()
    print(
        f"{name:>22}: parse {parsed - start:6.2f} s  marks {marked - parsed:6.3f} s  "
        f"extract {done - marked:6.2f} s  ({len(quotes)} quotes)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, nargs="*", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--quotations", type=int, default=39000)
    args = parser.parse_args(argv)
    nlp = load_nlp(Settings().spacy_model)
    for n in args.marks:
        timed(nlp, f"{n} marks on a line", marks_line(n))
    timed(nlp, f"{args.quotations} chars of quotes", short_quotations(args.quotations))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
