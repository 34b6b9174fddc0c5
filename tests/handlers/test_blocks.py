"""Block Kit as pure dicts: Slack's limits, escaping, fallback text, splitting into several messages."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.digest import Digest
from bot.models import (
    ClaimRef,
    Extraction,
    FactClaim,
    Finding,
    NumericClaim,
    Quote,
    Report,
    Span,
    StoredArticle,
    Summary,
)
from handlers.blocks import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    SECTION_TEXT_LIMIT,
    clip,
    digest_messages,
    escape,
    fit,
    home_view,
    mark_dismissed,
    report_messages,
    search_messages,
)

DANGEROUS = "<!channel> <!here> <@U123> <#C1> <https://evil.example|click> & "


def ref(article_id: int, sentence: str, source: str = "example.com") -> ClaimRef:
    return ClaimRef(article_id, source, date(2024, 1, 2), "A title", sentence, sentence[:10], 0, 10)


def finding(n: int, sentence: str = "Officials said 5% was contested.") -> Finding:
    return Finding(
        "numeric_discrepancy", ref(2, sentence), ref(1, sentence.replace("5%", "7%")), "5% vs 7%", 0.8, id=n
    )


def report(
    *, headline: str = "Talks end", text: str = "Body text.", findings: int = 0, quotes: int = 1
) -> Report:
    summary = Summary(
        headline=headline,
        source="example.com",
        published=date(2024, 1, 2),
        lead=[Span(text, 0, len(text))],
        top_claims=[FactClaim(text, 0, len(text), 0.9)],
        quotes_by_speaker={
            f"Speaker {i}": [Quote(text, 0, len(text), "direct", f"Speaker {i}")] for i in range(quotes)
        },
        figures=[NumericClaim("5%", 0, 2, 5.0, "%", "share of territory", subject="Ukraine")],
        people=["Speaker 0"],
        places=["Ukraine"],
        orgs=[],
    )
    article = StoredArticle(2, "T1", "example.com", headline, text, "https://example.com/a", None, None)
    return Report(article, False, Extraction(), summary, [finding(i + 1) for i in range(findings)])


def texts(block: dict) -> list[str]:
    """Every text string inside a block."""
    out = []
    if isinstance(block.get("text"), dict):
        out.append(block["text"]["text"])
    for element in block.get("elements", []):
        if "text" in element:
            out.append(element["text"] if isinstance(element["text"], str) else element["text"]["text"])
    return out


def assert_within_limits(messages) -> None:
    for message in messages:
        assert message.text
        assert 1 <= len(message.blocks) <= MAX_BLOCKS
        for block in message.blocks:
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= HEADER_LIMIT
            for text in texts(block):
                assert len(text) <= SECTION_TEXT_LIMIT


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<!channel>", "&lt;!channel&gt;"),
        ("<@U123>", "&lt;@U123&gt;"),
        ("AT&T", "AT&amp;T"),
        ("&lt;", "&amp;lt;"),
        ("plain", "plain"),
    ],
)
def test_blocks_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


@given(st.text(alphabet="ab&<> ", max_size=60), st.integers(min_value=2, max_value=40))
def test_blocks_fit_never_splits_an_entity_or_exceeds_limit(raw: str, limit: int) -> None:
    out = fit(raw, limit)
    assert len(out) <= limit
    body = out.removesuffix("…")
    assert "<" not in body and ">" not in body
    assert body.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").count("&") == 0


@pytest.mark.parametrize("limit", [5, 9, 20])
def test_blocks_clip_keeps_entities_whole(limit: int) -> None:
    out = clip("x" * 3 + "&amp;" * 10, limit)
    assert len(out) <= limit
    assert out.removesuffix("…").replace("&amp;", "").count("&") == 0


def test_blocks_report_order_and_fallback() -> None:
    (message,) = report_messages(report(findings=1))
    kinds = [b["type"] for b in message.blocks]
    assert kinds[:2] == ["header", "context"]
    joined = json.dumps(message.blocks, ensure_ascii=False)
    order = [
        joined.index(s)
        for s in ("*Lead*", "*Top claims*", "Speaker 0 said", "*Figures*", "possible contradiction")
    ]
    assert order == sorted(order)
    assert message.text == "Talks end (example.com): 1 possible contradiction(s)"
    assert "<https://example.com/a|example.com>" in joined


def test_blocks_finding_has_both_sides_and_buttons() -> None:
    (message,) = report_messages(report(findings=1))
    section = next(b for b in message.blocks if b.get("block_id") == "finding-1-text")
    assert "5% was contested" in section["text"]["text"] and "7% was contested" in section["text"]["text"]
    actions = next(b for b in message.blocks if b["type"] == "actions")
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        ("dismiss_not_contradiction", "1"),
        ("dismiss_different_event", "1"),
    ]


def test_blocks_corroboration_and_unsaved_findings_have_no_buttons() -> None:
    item = report()
    item.findings = [finding(None), finding(5)]
    item.findings[1].type = "corroboration"
    (message,) = report_messages(item)
    assert not [b for b in message.blocks if b["type"] == "actions"]
    assert "Corroborated by 1" in json.dumps(message.blocks)


@pytest.mark.parametrize(
    ("findings", "quotes", "text"),
    [(60, 1, "Body."), (5, 8, "word " * 5000), (200, 8, "x" * 2000)],
    ids=["many-findings", "long-text", "both"],
)
def test_blocks_long_reports_split_within_limits(findings: int, quotes: int, text: str) -> None:
    messages = report_messages(report(findings=findings, quotes=quotes, text=text, headline="H" * 400))
    assert_within_limits(messages)
    if findings >= 60:
        assert len(messages) > 1
        assert messages[1].text.startswith("(continued 2/")
    ids = [
        e["value"] for m in messages for b in m.blocks if b["type"] == "actions" for e in b["elements"][:1]
    ]
    assert ids == [str(i + 1) for i in range(findings)]  # every finding once, in order, none split


def test_blocks_article_text_cannot_mention_or_link() -> None:
    item = report(headline=DANGEROUS, text=DANGEROUS)
    item.findings = [finding(1, sentence=DANGEROUS + " 5% more")]
    sent = json.dumps([m.blocks for m in report_messages(item)] + [m.text for m in report_messages(item)])
    for dangerous in ("<!channel>", "<!here>", "<@U123>", "<#C1>", "<https://evil"):
        assert dangerous not in sent


def test_blocks_mark_dismissed_replaces_only_that_finding() -> None:
    (message,) = report_messages(report(findings=2))
    blocks = mark_dismissed(message.blocks, 2, "different_event", "U0USER01")
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [a["block_id"] for a in actions] == ["finding-1-actions"]
    note = next(b for b in blocks if b.get("block_id") == "finding-2-actions")
    assert note["type"] == "context"
    assert note["elements"][0]["text"] == ":white_check_mark: Dismissed as a different event by <@U0USER01>."
    assert len(blocks) == len(message.blocks)


@pytest.mark.parametrize("count", [0, 1, 80])
def test_blocks_home_view_within_limits(count: int) -> None:
    view = home_view([finding(i + 1) for i in range(count)], [("C0DIGEST", 9, True), ("C0OFF", 8, False)])
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    dumped = json.dumps(view, ensure_ascii=False)
    assert "<#C0DIGEST> — 09:00 UTC" in dumped and "<#C0OFF> — off" in dumped
    assert ("No open findings" in dumped) == (count == 0)


def test_blocks_search_results_escaped_and_empty_note() -> None:
    (message,) = search_messages(
        "x", [{"text": "<!channel> said", "speaker": "A & B", "source": "s", "title": "t"}]
    )
    dumped = json.dumps(message.blocks)
    assert "&lt;!channel&gt; said" in dumped and "A &amp; B" in dumped
    (empty,) = search_messages("nothing", [])
    assert empty.text == "No stored claims match nothing."


def digest(articles: int = 2, conflicts: int = 1, more: int = 0, corroborations: int = 0) -> Digest:
    day = datetime(2026, 3, 4, 9, 5, tzinfo=UTC)
    stored = [
        StoredArticle(i, "T1", "example.com", f"Story {i}", "text", f"https://example.com/{i}", None, None)
        for i in range(articles)
    ]
    return Digest(
        "T1",
        day.replace(day=3),
        day,
        stored,
        [finding(i + 1) for i in range(conflicts)],
        corroborations,
        more,
    )


def test_blocks_digest_header_articles_conflicts_and_counts() -> None:
    (message,) = digest_messages(digest(conflicts=2, more=3, corroborations=4))
    assert message.blocks[0]["text"]["text"] == "newsroom digest — 2026-03-04"
    dumped = json.dumps(message.blocks, ensure_ascii=False)
    assert "2 article(s) stored in the last day" in dumped
    assert "• Story 1 — <https://example.com/1|example.com>" in dumped
    assert "5 open conflict(s)" in dumped and "…and 3 more conflict(s)" in dumped
    assert "4 corroboration(s)" in dumped
    assert [b["block_id"] for b in message.blocks if b["type"] == "actions"] == [
        "finding-1-actions",
        "finding-2-actions",
    ]
    assert message.text == "newsroom digest — 2026-03-04: 2 article(s), 5 open conflict(s)"


def test_blocks_digest_empty_day_is_one_line() -> None:
    (message,) = digest_messages(digest(articles=0, conflicts=0))
    assert len(message.blocks) == 1
    assert message.blocks[0]["text"]["text"] == (
        "*newsroom digest — 2026-03-04* · No articles stored and no open conflicts in the last day."
    )


@pytest.mark.parametrize(("articles", "conflicts"), [(300, 0), (5, 10), (100, 10)])
def test_blocks_digest_big_day_within_limits(articles: int, conflicts: int) -> None:
    item = digest(articles=articles, conflicts=conflicts)
    for article in item.articles:
        article.title = DANGEROUS + "long title " * 40
    messages = digest_messages(item)
    assert_within_limits(messages)
    sent = json.dumps([m.blocks for m in messages] + [m.text for m in messages])
    for dangerous in ("<!channel>", "<!here>", "<@U123>", "<#C1>", "<https://evil"):
        assert dangerous not in sent
    ids = [b["block_id"] for m in messages for b in m.blocks if b["type"] == "actions"]
    assert ids == [f"finding-{i + 1}-actions" for i in range(conflicts)]
