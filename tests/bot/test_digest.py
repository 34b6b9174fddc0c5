"""The daily digest: which channels are due, and what goes in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.digest import build_digest, due_channels, mark_sent
from bot.models import ClaimRef, CleanedArticle, Finding
from bot.store import Store


def _ref(article_id: int, text: str) -> ClaimRef:
    return ClaimRef(
        article_id=article_id,
        source="s",
        published=None,
        title="t",
        sentence=text,
        text=text,
        start_char=0,
        end_char=len(text),
    )


def test_digest_channel_due_once_a_day_after_its_hour(db_url):
    store = Store.open(db_url)
    store.set_digest_channel("T1", "C1", hour_utc=8)
    store.set_digest_channel("T1", "C2", hour_utc=8, enabled=False)
    early = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)
    late = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert due_channels(store, early) == []
    due = due_channels(store, late)
    assert [r.channel_id for r in due] == ["C1"]
    mark_sent(store, due[0].id, late.date())
    assert due_channels(store, late) == []
    assert [r.channel_id for r in due_channels(store, late + timedelta(days=1))] == ["C1"]


def test_digest_lists_recent_articles_and_open_conflicts(db_url):
    store = Store.open(db_url)
    with store.session() as s:
        a = store.add_article(s, "T1", CleanedArticle("A\n\nOne.", "A", "s", published=date(2026, 1, 1)), "k")
        b = store.add_article(s, "T1", CleanedArticle("B\n\nTwo.", "B", "s"), "k")
        findings = [
            Finding("numeric_discrepancy", _ref(b.id, "18%"), _ref(a.id, "5%"), "different share", 0.9),
            Finding("corroboration", _ref(b.id, "Two."), _ref(a.id, "One."), "same claim", 0.8),
        ]
        store.add_findings(s, "T1", findings)
        store.add_article(s, "T2", CleanedArticle("C\n\nThree.", "C", "s"), "k")
    digest = build_digest(store, "T1", until=datetime.now(UTC) + timedelta(minutes=1))
    assert [art.title for art in digest.articles] == ["A", "B"]
    assert [f.type for f in digest.conflicts] == ["numeric_discrepancy"]
    assert digest.conflicts[0].a.published is None and digest.corroborations == 1
    store.dismiss("T1", digest.conflicts[0].id, "different_event", "U1")
    assert build_digest(store, "T1", until=datetime.now(UTC) + timedelta(minutes=1)).conflicts == []
    assert build_digest(store, "T1", until=datetime.now(UTC) - timedelta(days=2)).empty
