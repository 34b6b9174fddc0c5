"""Generated worst-case inputs for `benchmarks/worst_case.py` and the budget tests.

Each is the shape of input that once made one analysis take minutes or gigabytes (issue 16), built from
a fixed seed so that runs compare: prose is random words of a small vocabulary in newspaper sentences.
These measure time and memory only; they say nothing about extraction quality.
"""

from __future__ import annotations

import random
from collections.abc import Callable

VOCABULARY = (
    "the government said on Tuesday that its plan for the region would cost more than expected and "
    "officials in the capital told reporters a deal was close after talks with unions over pay "
    "hospital staff teachers and farmers protested outside parliament while ministers met the "
    "opposition leader called the budget a failure and promised a vote before the summer recess"
)
WORDS = tuple(VOCABULARY.split())
NAMES = ("Maria Lopez", "John Smith", "Aisha Khan", "Peter Novak", "Chen Wei", "Olga Petrova")
PLACES = ("Berlin", "Nairobi", "Ohio", "Lagos", "Jakarta", "Lima")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    words[rng.randrange(len(words))] = rng.choice(NAMES)
    words[rng.randrange(len(words))] = f"in {rng.choice(PLACES)}"
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 990)} people")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def prose(chars: int, seed: int = 1, line_break: str = "\n\n") -> str:
    """About `chars` characters of newspaper-like prose in paragraphs of 2-5 sentences."""
    rng = random.Random(seed)
    parts: list[str] = ["Ministers agree a budget deal after a long night of talks", line_break]
    size = len(parts[0])
    while size < chars:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        parts += [paragraph, line_break]
        size += len(paragraph) + len(line_break)
    return "".join(parts)[:chars]


def one_line(chars: int, seed: int = 2) -> str:
    """A title, then one line of `chars` characters of ordinary words with no line break."""
    return "A very long line of ordinary words\n\n" + prose(chars, seed, line_break=" ").replace("\n", " ")


def numbers(count: int, seed: int = 3) -> str:
    """Prose carrying `count` figures (amounts, percentages, years, counts), about ten per paragraph."""
    rng = random.Random(seed)
    templates = (
        "spending rose {a}% to ${b}m in {y}",
        "{c} hurt, {d} homes hit",
        "rates fell {a}% to {e}%",
        "{c} tonnes worth {b}bn euros",
    )
    lines = ["Figures of the year in review", ""]
    made = 0
    while made < count:
        parts = []
        for _ in range(5):
            template = rng.choice(templates)
            values = {
                "a": round(rng.uniform(0.1, 40), 1),
                "b": round(rng.uniform(1, 900), 1),
                "c": rng.randint(2, 90_000),
                "d": rng.randint(2, 9_000),
                "e": round(rng.uniform(0.1, 40), 1),
                "y": rng.randint(1990, 2030),
            }
            parts.append(template.format(**values))
            made += template.count("{")
        lines.append(f"{rng.choice(NAMES)} said " + ", and ".join(parts) + ".")
    return "\n\n".join(lines)


def quote_marks(count: int, seed: int = 4) -> str:
    """Prose with `count` quote marks: quotations and stray marks, several hundred to a paragraph."""
    rng = random.Random(seed)
    lines = ["Quotes of the day", ""]
    made = 0
    while made < count:
        parts = []
        for _ in range(100):
            said = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
            parts.append(f"“{said},” {rng.choice(NAMES).split()[0]} said \"{rng.choice(WORDS)}\"")
            made += 4
        lines.append(" ".join(parts))
    return "\n\n".join(lines)


def short_quotations(chars: int = 39_000, seed: int = 5) -> str:
    """A Slack message (under Slack's 40,000-character limit) that is one long run of short quotations."""
    rng = random.Random(seed)
    parts = ["Reactions"]
    size = len(parts[0])
    while True:
        part = f"“{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)},” said {rng.choice(NAMES)}."
        if size + len(part) + 1 > chars:
            break
        parts.append(part)
        size += len(part) + 1
    return parts[0] + "\n\n" + " ".join(parts[1:])


def nested_html(depth: int, seed: int = 6) -> str:
    """An HTML page whose article text sits inside `depth` nested elements."""
    body = "".join(f"<p>{_sentence(random.Random(seed + i))}</p>" for i in range(8))
    return (
        "<!doctype html><html><head><title>Deep page</title></head><body>"
        + "<div>" * depth
        + f"<article><h1>Deep page</h1>{body}</article>"
        + "</div>" * depth
        + "</body></html>"
    )


# name → (file suffix, generator)
CASES: dict[str, tuple[str, Callable[[], str]]] = {
    "prose_1mb": (".txt", lambda: prose(999_000)),
    "one_line_1mb": (".txt", lambda: one_line(999_000)),
    "numbers_50k": (".txt", lambda: numbers(50_000)),
    "quote_marks_100k": (".txt", lambda: quote_marks(100_000)),
    "short_quotations_39k": (".txt", lambda: short_quotations(39_000)),
    "nested_html_10k": (".html", lambda: nested_html(10_000)),
}
