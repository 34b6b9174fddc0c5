"""Hypothesis: cleaning never crashes, never invents text, and is idempotent."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clean import clean_text
from bot.clean.text import normalize_line

# Arbitrary text, including control characters, surrogates and Unicode line breaks.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=400)

# Text made of article-like pieces: words, sentences, junk lines and repeats, joined by assorted breaks.
_WORDS = st.sampled_from(
    [
        "Kyiv",
        "Russia",
        "said",
        "the",
        "talks",
        "comment",
        "Photo",
        "Read",
        "share",
        "5%",
        "“quoted”",
        "How are you!",
        "Subscribe",
        "https://x.io/a.jpg",
        "\t",
        "\x00",
        "\u200b",
        "READ ALSO:",
        "Hello,",
    ]
)
_LINE = st.lists(_WORDS, min_size=0, max_size=14).map(" ".join)
_BREAK = st.sampled_from(["\n", "\n\n", "\r\n", "\u2028", "\n \n"])
ARTICLE_LIKE = st.lists(_LINE, min_size=0, max_size=12).flatmap(
    lambda lines: st.lists(_BREAK, min_size=len(lines), max_size=len(lines)).map(
        lambda breaks: "".join(line + br for line, br in zip(lines, breaks, strict=True))
    )
)
# A few very long lines (up to ~200k characters).
HUGE = st.builds(
    lambda piece, n: piece * n,
    st.text(alphabet=string.printable, min_size=1, max_size=12),
    st.integers(1000, 20000),
)

TEXTS = st.one_of(ANY_TEXT, ARTICLE_LIKE, HUGE)


def _origin_ok(out_line: str, raw: str) -> bool:
    """An output line is a normalised input line or a suffix of one."""
    return any(normalize_line(line).endswith(out_line) for line in raw.splitlines())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_clean_properties_never_invents_text(raw):
    article = clean_text(raw)
    for line in article.cleaned_text.split("\n\n"):
        if line:
            assert "\n" not in line
            assert _origin_ok(line, raw)
    if article.title is not None:
        assert article.cleaned_text.startswith(article.title + "\n\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_clean_properties_idempotent(raw):
    once = clean_text(raw)
    twice = clean_text(once.cleaned_text)
    assert twice.cleaned_text == once.cleaned_text
    assert twice.title == once.title
    assert twice.removed == []


@settings(max_examples=200, deadline=None)
@given(ARTICLE_LIKE)
def test_clean_properties_removed_lines_come_from_input(raw):
    """Every removed record is a normalised input line (or, for a title prefix, a part of one)."""
    normalised = [normalize_line(line) for line in raw.splitlines()]
    for removed in clean_text(raw).removed:
        assert any(removed.line in line for line in normalised)
