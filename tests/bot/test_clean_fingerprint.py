"""Line fingerprints and per-source boilerplate learning."""

from __future__ import annotations

import pytest

from bot.clean import body_fingerprints, clean_text, line_fingerprint, normalize_quotes

FOOTER = "Kapitoshka News is an independent outlet covering Eastern Europe"


def _article(title: str, body: list[str]) -> str:
    return "\n\n".join([title, *body])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Leave a Reply", "  leave   a REPLY "),
        ("12 shares", "7 shares"),
        ("Posted on 2024-01-05", "Posted on 2025-12-31"),
        ("It’s powerful", "It's powerful"),
        ("Follow us\ton Telegram", "Follow us on Telegram"),
        ("Subscribe to our newsletters!", "Subscribe to our newsletters"),
        ("Ｆｕｌｌ width", "Full width"),
    ],
)
def test_clean_fingerprint_folds_case_space_digits(a, b):
    assert line_fingerprint(a) == line_fingerprint(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Leave a Reply", "Leave a Comment"),
        ("Russia said the talks failed.", "Ukraine said the talks failed."),
    ],
)
def test_clean_fingerprint_distinguishes_words(a, b):
    assert line_fingerprint(a) != line_fingerprint(b)


def test_clean_fingerprint_is_stable_hex():
    """Same value in every process and release (stored fingerprints must keep matching): pinned here."""
    assert line_fingerprint("Leave a Reply") == "fb55cabb1842e51d"


def test_clean_fingerprint_body_excludes_title():
    article = clean_text(_article("Kyiv hit by drones overnight", ["First body line.", "Second body line."]))
    prints = body_fingerprints(article)
    assert prints == {line_fingerprint("First body line."), line_fingerprint("Second body line.")}
    assert line_fingerprint("Kyiv hit by drones overnight") not in prints


def test_clean_fingerprint_body_without_title():
    article = clean_text("Just one paragraph of body text.")
    assert body_fingerprints(article) == {line_fingerprint("Just one paragraph of body text.")}


@pytest.mark.parametrize("variant", [FOOTER, FOOTER.upper(), f"  {FOOTER}  "])
def test_clean_fingerprint_known_boilerplate_dropped(variant):
    earlier = [
        clean_text(_article("Talks resume in Geneva today", ["Delegations met for eight hours.", FOOTER])),
        clean_text(_article("Grain deal extended by Turkey", ["Ships left Odesa on Monday.", FOOTER])),
    ]
    first, second = (body_fingerprints(a) for a in earlier)
    known = frozenset(first & second)  # what the store would learn: lines recurring across the source
    body_line = "Kyiv said the strike hit a power plant."
    article = clean_text(
        _article("Power cuts across Kyiv region", [body_line, variant]), known_boilerplate=known
    )
    assert variant.strip() not in article.cleaned_text
    assert body_line in article.cleaned_text
    assert [(r.line, r.reason) for r in article.removed] == [(variant.strip(), "recurs across this source")]


def test_clean_fingerprint_unknown_lines_kept():
    known = frozenset({line_fingerprint("Some other site's footer")})
    raw = _article("Power cuts across Kyiv region", ["Kyiv said the strike hit a power plant.", FOOTER])
    assert clean_text(raw, known_boilerplate=known).cleaned_text == clean_text(raw).cleaned_text


@pytest.mark.parametrize(
    "text",
    ["“Quoted,” he said.", "‘single’ and ‛odd’ marks", "no quotes at all", "„low” «guillemets»", ""],
)
def test_clean_normalize_quotes_length_preserving(text):
    out = normalize_quotes(text)
    assert len(out) == len(text)
    assert not set(out) & set("“”‘’‛„«»")
