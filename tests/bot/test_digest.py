"""The digest's content (by story, conflicts first, dismissed never), its slots in local time, and the
once-per-channel-and-day claim in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.digest import build_digest
from bot.digest.slots import BadTime, last_slot, parse_time, parse_zone, slot_on
from bot.digest.text import parse_moment, render_digest
from bot.ingest import InputError
from bot.models import ClaimRef, CleanedArticle, Finding
from bot.store import Store
from bot.store.digests import DigestBook
from bot.store.schema import StoryRow

WS = "T1"


def ref(article_id: int, text: str, start: int = 0) -> ClaimRef:
    return ClaimRef(article_id, "example.com", None, "t", text, text, start, start + len(text))


def stored(store: Store) -> dict[str, int]:
    """Three stories: A (two articles, a cross-article figure conflict, 0.7), B (one article, a
    disagreement inside it, 0.9), C (one article, nothing); a fourth article in another workspace."""
    with store.session() as s:
        stories = {}
        for name in "ABC":
            row = StoryRow(workspace=WS, label=f"Story {name}")
            s.add(row)
            s.flush()
            stories[name] = row.id
        ids = {}
        for key, story in (("a1", "A"), ("a2", "A"), ("b1", "B"), ("c1", "C")):
            row = store.add_article(
                s, WS, CleanedArticle(f"{key}\n\nBody {key}.", key, f"{key}.example"), "k"
            )
            row.story_id = stories[story]
            ids[key] = row.id
        store.add_article(s, "T2", CleanedArticle("x\n\nOther.", "x", "x.example"), "k")
        store.add_findings(
            s,
            WS,
            [
                Finding("numeric_discrepancy", ref(ids["a2"], "18%"), ref(ids["a1"], "5%"), "18% vs 5%", 0.7),
                Finding("polarity_conflict", ref(ids["b1"], "yes"), ref(ids["b1"], "no", 10), "yes/no", 0.9),
                Finding("corroboration", ref(ids["a2"], "same", 50), ref(ids["a1"], "same", 50), "same", 0.8),
                Finding("quote_wording", ref(ids["a2"], "said", 90), ref(ids["a1"], "says", 90), "low", 0.2),
            ],
        )
    return ids


def window() -> tuple[datetime, datetime]:
    now = datetime.now(UTC)
    return now - timedelta(hours=1), now + timedelta(seconds=1)


def test_digest_groups_by_story_with_conflicts_between_articles_first(db_url: str) -> None:
    store = Store.open(db_url)
    stored(store)
    digest = build_digest(store, WS, *window())
    assert [s.label for s in digest.stories] == ["Story A", "Story B", "Story C"]
    story_a = digest.stories[0]
    assert [a.title for a in story_a.articles] == ["a1", "a2"]
    assert [f.type for f in story_a.conflicts] == ["numeric_discrepancy", "quote_wording"]
    assert [f.type for f in story_a.corroborations] == ["corroboration"]
    assert digest.article_count == 4 and digest.conflict_count == 3
    text = render_digest(digest)
    assert text.index("1. Story A") < text.index("2. Story B") < text.index("3. Story C")


def test_digest_never_shows_dismissed_or_low_confidence_conflicts(db_url: str) -> None:
    store = Store.open(db_url)
    stored(store)
    figure = build_digest(store, WS, *window()).stories[0].conflicts[0]
    store.dismiss(WS, figure.id, "different_event", "U1")
    digest = build_digest(store, WS, *window(), min_conflict_confidence=0.5)
    assert [s.label for s in digest.stories][:1] == ["Story B"]  # A has nothing open at 0.5 any more
    assert all(f.id != figure.id for s in digest.stories for f in s.conflicts)
    assert "18% vs 5%" not in render_digest(digest)
    assert [f.type for f in digest.stories[1].conflicts] == []


def test_digest_covers_only_its_window(db_url: str) -> None:
    store = Store.open(db_url)
    stored(store)
    since, until = window()
    assert build_digest(store, WS, until, until + timedelta(hours=1)).empty
    assert build_digest(store, WS, since - timedelta(days=1), since).empty
    assert render_digest(build_digest(store, WS, until, until)).endswith("nothing new.")


@pytest.mark.parametrize(
    ("text", "expected"), [("8", "08:00"), ("08:00", "08:00"), ("7:05", "07:05"), ("23:59", "23:59")]
)
def test_digest_time_of_day_is_read_as_24_hour_time(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "8:60", "8am", "noon", "08:0"])
def test_digest_bad_time_is_a_one_line_hint(text: str) -> None:
    with pytest.raises(BadTime) as caught:
        parse_time(text)
    assert "HH:MM" in str(caught.value) or "00 to 23" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_digest_zone_by_iana_name_any_case_and_bad_zone_hint() -> None:
    assert parse_zone("europe/kyiv") == "Europe/Kyiv"
    assert parse_zone("America/New_York") == "America/New_York"
    for bad in ("Mars/Olympus", "../../etc/passwd", "EEST"):
        with pytest.raises(BadTime, match="IANA name"):
            parse_zone(bad)


# The 08:00 slots around each change of 2026: (zone, day before, change day, day after) in UTC hours.
DST_DAYS = [
    ("Europe/Kyiv", date(2026, 3, 28), (6, 5, 5)),  # spring forward 29 March
    ("Europe/Kyiv", date(2026, 10, 24), (5, 6, 6)),  # fall back 25 October
    ("America/New_York", date(2026, 3, 7), (13, 12, 12)),  # spring forward 8 March
    ("America/New_York", date(2026, 10, 31), (12, 13, 13)),  # fall back 1 November
]


@pytest.mark.parametrize(("zone", "first", "utc_hours"), DST_DAYS)
def test_digest_slot_is_8_local_through_dst_and_cron_agrees(zone: str, first: date, utc_hours) -> None:
    days = [first + timedelta(days=i) for i in range(3)]
    slots = [slot_on(day, "08:00", zone) for day in days]
    assert [s.hour for s in slots] == list(utc_hours)
    assert all(s.astimezone(ZoneInfo(zone)).hour == 8 for s in slots)
    trigger = CronTrigger(hour=8, minute=0, timezone=ZoneInfo(zone))
    fired, previous = [], None
    now = datetime.combine(first, datetime.min.time(), ZoneInfo(zone))
    for _ in range(3):
        previous = trigger.get_next_fire_time(previous, previous or now)
        fired.append(previous.astimezone(UTC))
    assert fired == slots
    for slot, day in zip(slots, days, strict=True):
        assert last_slot(slot + timedelta(minutes=30), "08:00", zone) == (day, slot)
        assert last_slot(slot - timedelta(seconds=1), "08:00", zone)[0] == day - timedelta(days=1)


def test_digest_cli_moment_parsing() -> None:
    assert parse_moment("2026-03-04", "--since") == datetime(2026, 3, 4, tzinfo=UTC)
    assert parse_moment("2026-03-04T08:00+02:00", "--since") == datetime(2026, 3, 4, 6, tzinfo=UTC)
    with pytest.raises(InputError, match="--until"):
        parse_moment("yesterday", "--until")


# --- the claim -----------------------------------------------------------------------------------


def claim_args(book: DigestBook, now: datetime):
    channel = book.set_channel(WS, "C1", "08:00", "UTC", now=now - timedelta(hours=1))
    return channel, now.date(), now, now - timedelta(days=1), now


def test_digest_claim_is_won_once_and_a_posted_digest_never_again(db_url: str) -> None:
    book = DigestBook(Store.open(db_url), claim_timeout=timedelta(minutes=10))
    now = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    channel, day, slot, since, until = claim_args(book, now)
    first = book.claim(channel, day, slot, since, until, "clock-a", now)
    assert first is not None and first.attempts == 1
    assert book.claim(channel, day, slot, since, until, "clock-b", now) is None
    assert book.record_part(first.id, "clock-a", 1, "1.0001", now)
    assert book.finish(first.id, "clock-a", "posted", now)
    much_later = now + timedelta(hours=5)
    assert book.claim(channel, day, slot, since, until, "clock-b", much_later) is None
    assert book.unfinished(much_later) == []
    assert book.window_start(WS, "C1") == until


def test_digest_claim_of_a_dead_clock_is_taken_over_after_the_timeout(db_url: str) -> None:
    book = DigestBook(Store.open(db_url), claim_timeout=timedelta(minutes=10))
    now = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    channel, day, slot, since, until = claim_args(book, now)
    dead = book.claim(channel, day, slot, since, until, "clock-dead", now)
    book.record_part(dead.id, "clock-dead", 1, "1.0001", now)  # the parent went out, then it died
    assert book.claim(channel, day, slot, since, until, "clock-b", now + timedelta(minutes=9)) is None
    later = now + timedelta(minutes=11)
    assert book.unfinished(later) == [(WS, "C1", day)]
    taken = book.claim(channel, day, slot, since, until + timedelta(hours=1), "clock-b", later)
    assert taken is not None and (taken.ts, taken.parts_posted, taken.attempts) == ("1.0001", 1, 2)
    assert taken.until == until  # the window is the first claim's
    assert not book.finish(dead.id, "clock-dead", "posted", later)  # the dead one's late write is refused


def test_digest_failed_try_is_claimed_again_only_when_due(db_url: str) -> None:
    book = DigestBook(Store.open(db_url))
    now = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    channel, day, slot, since, until = claim_args(book, now)
    claim = book.claim(channel, day, slot, since, until, "clock-a", now)
    assert book.fail(claim.id, "clock-a", "channel_not_found", now + timedelta(minutes=1))
    assert book.latest(WS, "C1").status == "failed"
    assert book.claim(channel, day, slot, since, until, "clock-a", now + timedelta(seconds=59)) is None
    again = book.claim(channel, day, slot, since, until, "clock-b", now + timedelta(minutes=1))
    assert again is not None and again.attempts == 2
