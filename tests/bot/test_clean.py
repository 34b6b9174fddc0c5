"""clean_text on the five seed articles against the gold answer key, and the shape of its output."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.clean import clean_text

SEED_NAMES = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _full_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_clean_seed_boilerplate_removed(name, gold, seed_texts):
    raw = seed_texts[name]
    out = _full_lines(clean_text(raw).cleaned_text)
    listed = gold["articles"][name]["boilerplate_lines"]
    for line in set(listed):
        expected = _full_lines(raw).count(line) - listed.count(line)
        assert out.count(line) == expected, line


@pytest.mark.parametrize("name", SEED_NAMES)
def test_clean_seed_must_keep_survives(name, gold, seed_texts):
    cleaned = clean_text(seed_texts[name]).cleaned_text
    for fragment in gold["articles"][name]["must_keep"]:
        assert fragment in cleaned


@pytest.mark.parametrize("name", SEED_NAMES)
def test_clean_seed_title_matches_gold(name, gold, seed_texts):
    article = clean_text(seed_texts[name])
    assert article.title == gold["articles"][name]["title"]
    assert article.cleaned_text.startswith(article.title + "\n\n")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_clean_seed_removed_lines_are_recorded(name, gold, seed_texts):
    """Every gold boilerplate line shows up in `removed` with a reason, as often as it is listed."""
    removed = [r.line for r in clean_text(seed_texts[name]).removed]
    for line in set(gold["articles"][name]["boilerplate_lines"]):
        assert removed.count(line) == gold["articles"][name]["boilerplate_lines"].count(line)
    assert all(r.reason for r in clean_text(seed_texts[name]).removed)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_clean_seed_keeps_body_order_and_curly_quotes(name, seed_texts):
    raw = seed_texts[name]
    cleaned = clean_text(raw).cleaned_text
    assert cleaned.count("\u201c") == raw.count("\u201c") or "\u201c" not in raw
    positions = [raw.find(p) for p in cleaned.split("\n\n")[1:]]
    assert -1 not in positions
    assert positions == sorted(positions)


@pytest.mark.parametrize("source", ["stdin", "slack:C123", "seeds/004.txt"])
def test_clean_source_passed_through(source):
    assert clean_text("Headline of the day\n\nA body sentence.", source=source).source == source


@pytest.mark.parametrize(
    ("raw", "title", "cleaned"),
    [
        (
            "Kyiv hit by drones overnight\n\nThe attack began at 2 a.m.",
            "Kyiv hit by drones overnight",
            "Kyiv hit by drones overnight\n\nThe attack began at 2 a.m.",
        ),
        # a single line is body, not a title
        ("Only one line here.", None, "Only one line here."),
        # a long first paragraph is not a headline
        (
            "word " * 80 + "end.\n\nSecond paragraph.",
            None,
            ("word " * 80).strip() + " end.\n\nSecond paragraph.",
        ),
        # a wire lead with a dateline, or ending in "... said.", is body, not a title
        (
            "KYIV (Reuters) - Russia fired 40 missiles overnight.\n\nPower was cut.",
            None,
            "KYIV (Reuters) - Russia fired 40 missiles overnight.\n\nPower was cut.",
        ),
        (
            "WASHINGTON, Jan 26 \u2014 Talks will resume.\n\nPower was cut.",
            None,
            "WASHINGTON, Jan 26 \u2014 Talks will resume.\n\nPower was cut.",
        ),
        (
            "Russia fired 40 missiles overnight, officials said.\n\nPower was cut.",
            None,
            "Russia fired 40 missiles overnight, officials said.\n\nPower was cut.",
        ),
        (
            "Kiev says no reason Moscow will invade soon.\n\nPower was cut.",
            "Kiev says no reason Moscow will invade soon.",
            "Kiev says no reason Moscow will invade soon.\n\nPower was cut.",
        ),
        ("", None, ""),
        ("\n \t\n", None, ""),
    ],
)
def test_clean_title_detection(raw, title, cleaned):
    article = clean_text(raw)
    assert article.title == title
    assert article.cleaned_text == cleaned
    assert article.body_start == (len(title) + 2 if title else 0)


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("How are you! US rejects Russian demands over Ukraine", "US rejects Russian demands over Ukraine"),
        ("Hello, Kyiv braces for a cold winter", "Kyiv braces for a cold winter"),
        ("Good morning! Hi! Talks resume in Geneva today", "Talks resume in Geneva today"),
        ("Wow! Markets rally as ceasefire holds", "Markets rally as ceasefire holds"),
        ("Breaking! Russia and Ukraine swap prisoners", "Russia and Ukraine swap prisoners"),
        # kept whole: a colon is part of the headline, not an exclamation prefix
        (
            "Kirby: Russia is repositioning, not withdrawing",
            "Kirby: Russia is repositioning, not withdrawing",
        ),
        # kept whole: too little would be left after the prefix
        ("Hello! Big news", "Hello! Big news"),
        # kept whole: the exclamation is inside a quote, not a prefix
        ("Russia says 'No!' to NATO expansion", "Russia says 'No!' to NATO expansion"),
    ],
)
def test_clean_title_junk_prefix_removed(first_line, title):
    article = clean_text(f"{first_line}\n\nThe body starts here with a full sentence.")
    assert article.title == title
    assert first_line.endswith(title)
    if title != first_line:
        assert [r.reason for r in article.removed] == ["junk before the title"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Title line here\n\nBody  with \t tabs   and spaces.",
            "Title line here\n\nBody with tabs and spaces.",
        ),
        (
            "Title line here\r\n\r\nBody with\x00 a NUL and\x07 bell.",
            "Title line here\n\nBody with a NUL and bell.",
        ),
        (
            "Title line here\u2028Body after a Unicode line separator.",
            "Title line here\n\nBody after a Unicode line separator.",
        ),
        ("\ufeffTitle line here\n\nZero\u200bwidth space.", "Title line here\n\nZerowidth space."),
        (
            "Title line here\n\n  “Curly” and ‘single’ quotes stay.  ",
            "Title line here\n\n“Curly” and ‘single’ quotes stay.",
        ),
    ],
)
def test_clean_whitespace_and_controls(raw, expected):
    assert clean_text(raw).cleaned_text == expected


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (
            b"Kyiv hit by drones overnight\n\nThe attack began at night.",
            "Kyiv hit by drones overnight\n\nThe attack began at night.",
        ),
        (b"\xff\xfe broken bytes line", "\ufffd\ufffd broken bytes line"),
        (None, ""),
    ],
)
def test_clean_non_str_input_does_not_crash(raw, cleaned):
    assert clean_text(raw).cleaned_text == cleaned


@pytest.mark.parametrize(
    "line",
    [
        "Russia now occupies about 5% of Ukraine’s land, including Crimea, which it annexed in 2014.",
        "“We will see,” Biden said.",
        "The ministry said the talks would continue in Berlin after the summit ended without a deal.",
    ],
)
def test_clean_recurring_sentences_survive_per_source_learning(line):
    """A source's updated versions of one story repeat whole sentences: recurrence must not remove them."""
    from bot.clean import line_fingerprint

    raw = f"Some headline about the talks\n\n{line}\n\nSubscribe to our daily briefing"
    known = frozenset({line_fingerprint(line), line_fingerprint("Subscribe to our daily briefing")})
    article = clean_text(raw, known_boilerplate=known)
    assert line in article.cleaned_text
    assert "Subscribe to our daily briefing" not in article.cleaned_text


# Headlines that end in a news agency's name are titles, not photo credits; credit-shaped lines still go.
@pytest.mark.parametrize(
    "headline",
    ["Weak dollar hits Reuters", "Trump attacks AP over style guide", "Kremlin bans Sputnik rival TASS"],
)
def test_clean_headline_ending_in_agency_is_the_title(headline):
    raw = f"{headline}\n\nThe dollar fell 2% against the yen on Tuesday, traders said.\n\nShares slid."
    article = clean_text(raw)
    assert article.title == headline
    assert article.cleaned_text.startswith(headline + "\n\n")
    assert article.removed == []


@pytest.mark.parametrize(
    "credit", ["REUTERS/Valentyn Ogirenko", "Valentyn Ogirenko/Reuters", "AFP", "Photo: Reuters"]
)
def test_clean_agency_credit_before_the_headline_is_dropped(credit):
    raw = f"{credit}\nWeak dollar hits Reuters\n\nThe dollar fell 2% against the yen on Tuesday, traders said"
    article = clean_text(raw)
    assert article.title == "Weak dollar hits Reuters"
    assert [(r.line, r.reason) for r in article.removed] == [(credit, "photo credit")]
