"""Block Kit as pure dicts: Slack's limits, escaping, fallback text, splitting into several messages."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from bot.search import Page
from bot.sources import Source
from handlers.blocks import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    SECTION_TEXT_LIMIT,
    VERDICT_CHAR_BUDGET,
    VERDICT_MAX_BLOCKS,
    HomeStory,
    blocks_text,
    clip,
    differing_spans,
    escape,
    fit,
    home_view,
    mark_verdict,
    report_messages,
    search_messages,
)

DANGEROUS = "<!channel> <!here> <@U123> <#C1> <https://evil.example|click> & "


def ref(article_id: int, sentence: str, text: str, source: str = "example.com") -> ClaimRef:
    return ClaimRef(article_id, source, date(2024, 1, 2), "A title", sentence, text, 0, 10)


def finding(n: int, sentence: str = "Officials said 5% was contested.") -> Finding:
    other = sentence.replace("5%", "7%")
    return Finding("numeric_discrepancy", ref(2, sentence, "5%"), ref(1, other, "7%"), "5% vs 7%", 0.8, id=n)


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


SOURCES = {
    1: Source("Kyiv Post", "Earlier story", date(2024, 1, 1), None, url="https://kyivpost.example/1"),
    2: Source(
        None,
        "Talks end",
        None,
        date(2024, 1, 2),
        pasted_by="maria",
        channel_id="C0NEWS01",
        channel_name="news",
    ),
}


def all_findings(messages) -> list[str]:
    return [b["block_id"] for m in messages for b in m.blocks if (b.get("block_id") or "").endswith("-text")]


def test_blocks_verdict_first_details_in_thread_and_fallback() -> None:
    verdict, *details = report_messages(report(findings=1), SOURCES, 1204)
    kinds = [b["type"] for b in verdict.blocks]
    assert kinds[:3] == ["header", "context", "section"]
    assert verdict.blocks[1]["elements"][0]["text"] == "pasted by @maria in #news on 2024-01-02"
    assert verdict.blocks[2]["text"]["text"] == "*1 possible conflict with stored articles*"
    assert all_findings([verdict]) == ["finding-1-text"]
    dumped = json.dumps(details[0].blocks, ensure_ascii=False)
    order = [dumped.index(s) for s in ("*Lead*", "*Top claims*", "Speaker 0 said", "*Figures*")]
    assert order == sorted(order)
    assert "Lead" not in json.dumps(verdict.blocks)
    assert verdict.text == (
        "Talks end (pasted by @maria in #news on 2024-01-02). 1 possible conflict with stored articles. "
        "Different figure: 5% vs 7%."
    )
    assert "\n" not in verdict.text


def test_blocks_nothing_found_names_the_archive_size() -> None:
    verdict, *_ = report_messages(report(), SOURCES, 1204)
    assert verdict.blocks[2]["text"]["text"] == "*Nothing conflicts with the 1,204 articles stored*"
    first, *_ = report_messages(report(), SOURCES, 0)
    assert "nothing to compare it with yet" in first.blocks[2]["text"]["text"]


def test_blocks_finding_sides_marked_other_article_linked_three_buttons() -> None:
    verdict, *_ = report_messages(report(findings=1), SOURCES, 3)
    section = next(b for b in verdict.blocks if b.get("block_id") == "finding-1-text")
    this, other = (f["text"] for f in section["fields"])
    assert "*5%*" in this and "*7%*" in other  # the differing words marked
    where = verdict.blocks[verdict.blocks.index(section) + 1]["elements"][0]["text"]
    assert where == "Other article: <https://kyivpost.example/1|Kyiv Post> · “Earlier story” · 2024-01-01"
    actions = next(b for b in verdict.blocks if b["type"] == "actions")
    assert [(e["action_id"], e["value"], e["text"]["text"]) for e in actions["elements"]] == [
        ("verdict_correct", "1", "Correct"),
        ("dismiss_not_contradiction", "1", "Not a contradiction"),
        ("dismiss_different_event", "1", "Different event"),
    ]


def test_blocks_differing_words_of_two_quotes() -> None:
    a, b = differing_spans("Russia has failed in capturing Kyiv.", "Russia has failed in occupying Kyiv.")
    assert a == [(21, 30)] and b == [(21, 30)]


def test_blocks_corroboration_and_unsaved_findings_have_no_buttons() -> None:
    item = report()
    item.findings = [finding(None), finding(5)]
    item.findings[1].type = "corroboration"
    messages = report_messages(item, SOURCES, 3)
    assert not [b for m in messages for b in m.blocks if b["type"] == "actions"]
    assert "1 possible conflict with stored articles · 1 corroboration" in blocks_text(messages[0].blocks)


@pytest.mark.parametrize(
    ("findings", "quotes", "text"),
    [(60, 1, "Body."), (5, 8, "word " * 5000), (200, 8, "x" * 2000)],
    ids=["many-findings", "long-text", "both"],
)
def test_blocks_long_reports_split_within_limits(findings: int, quotes: int, text: str) -> None:
    messages = report_messages(report(findings=findings, quotes=quotes, text=text, headline="H" * 400))
    assert_within_limits(messages)
    verdict = messages[0]
    assert len(verdict.blocks) <= VERDICT_MAX_BLOCKS
    assert len(blocks_text(verdict.blocks)) <= VERDICT_CHAR_BUDGET
    assert f"and {findings - len(all_findings([verdict]))} more in the thread" in json.dumps(verdict.blocks)
    if findings >= 60:
        assert messages[2].text.startswith("(continued 2/")
    ids = [
        e["value"] for m in messages for b in m.blocks if b["type"] == "actions" for e in b["elements"][:1]
    ]
    assert ids == [str(i + 1) for i in range(findings)]  # every finding once, in order, none split


def mrkdwn_and_fallback(messages) -> str:
    return json.dumps([blocks_text(m.blocks, "mrkdwn") for m in messages] + [m.text for m in messages])


def test_blocks_article_text_cannot_mention_or_link() -> None:
    item = report(headline=DANGEROUS, text=DANGEROUS)
    item.findings = [finding(1, sentence=DANGEROUS + " 5% more")]
    sent = mrkdwn_and_fallback(report_messages(item))
    for dangerous in ("<!channel>", "<!here>", "<@U123>", "<#C1>", "<https://evil"):
        assert dangerous not in sent


@pytest.mark.parametrize("raw", ["AT&T", "a < b", "b > a", "&lt; stays"])
def test_blocks_escaping_by_text_type(raw: str) -> None:
    """`plain_text` (header, buttons) as written; `mrkdwn` escaped exactly once (headline, quote, speaker)."""
    item = report(headline=f"Deal {raw}", text=f"He said {raw}.")
    item.summary.quotes_by_speaker = {f"Ann {raw}": [Quote(f"quote {raw}", 0, 5, "direct", f"Ann {raw}")]}
    item.findings = [finding(1, sentence=f"Officials said 5% of {raw}.")]
    verdict, *details = report_messages(item, SOURCES, 2)
    assert verdict.blocks[0]["text"] == {"type": "plain_text", "text": f"Deal {raw}", "emoji": False}
    once = escape(raw)
    mrkdwn = blocks_text([b for m in [verdict, *details] for b in m.blocks], "mrkdwn")
    for expected in (f"He said {once}", f"Ann {once} said", f"quote {once}", f"* of {once}"):
        assert expected in mrkdwn
    assert escape(once) not in mrkdwn  # never twice
    assert f"Deal {once}" in verdict.text
    for button in (e for b in verdict.blocks if b["type"] == "actions" for e in b["elements"]):
        assert "&" not in button["text"]["text"]


def test_blocks_mark_verdict_replaces_only_that_finding() -> None:
    verdict, *_ = report_messages(report(findings=2))
    blocks = mark_verdict(verdict.blocks, 2, "different_event", "U0USER01")
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [a["block_id"] for a in actions] == ["finding-1-actions"]
    note = next(b for b in blocks if b.get("block_id") == "finding-2-actions")
    assert note["type"] == "context"
    assert note["elements"][0]["text"] == ":white_check_mark: Dismissed as a different event by <@U0USER01>."
    assert len(blocks) == len(verdict.blocks)
    correct = mark_verdict(verdict.blocks, 1, "correct", "U0USER01")
    assert "Marked correct by <@U0USER01>." in json.dumps(correct)


@pytest.mark.parametrize("count", [0, 1, 80])
def test_blocks_home_view_groups_by_story_within_limits(count: int) -> None:
    stories = [
        HomeStory("Newest story", [finding(i + 1) for i in range(count)]),
        HomeStory("Older", [finding(99)]),
    ]
    channels = [("C0DIGEST", "every day at 09:00 Europe/Kyiv"), ("C0OFF", "off")]
    view = home_view(stories if count else [], channels, SOURCES)
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    dumped = json.dumps(view, ensure_ascii=False)
    assert "<#C0DIGEST> — every day at 09:00 Europe/Kyiv" in dumped and "<#C0OFF> — off" in dumped
    assert ("No open findings" in dumped) == (count == 0)
    assert ("newsbot reads the articles you share" in dumped) == (count == 0)
    if count:
        assert dumped.index("Newest story") < dumped.index("finding-1-text")
        assert (
            "This article: <https://newsroom" not in dumped and "Other article: <https://kyivpost" in dumped
        )
    if count == 1:
        assert dumped.index("finding-1-text") < dumped.index("*Older*") < dumped.index("finding-99-text")


def test_blocks_search_results_escaped_paged_and_empty_note() -> None:
    item = {"text": "<!channel> said", "speaker": "A & B", "source": SOURCES[1], "title": "t"}
    (message,) = search_messages(Page("x", [item] * 10, offset=10, more=True))
    dumped = json.dumps(message.blocks, ensure_ascii=False)
    assert "&lt;!channel&gt; said" in dumped and "A &amp; B" in dumped
    assert "<https://kyivpost.example/1|Kyiv Post> · “Earlier story” · 2024-01-01" in dumped
    assert "(11–20, newest first)" in dumped
    button = message.blocks[-1]["elements"][0]
    assert (button["text"]["text"], json.loads(button["value"])) == ("Next 10", {"q": "x", "o": 20})
    (last,) = search_messages(Page("x", [item], offset=0, more=False))
    assert last.blocks[-1]["type"] == "section"
    (empty,) = search_messages(Page("nothing", []))
    assert empty.text == "No stored claims match nothing."
