"""`/newsbot search`: query parsing, and the store's search (speaker by surname, full name or alias, words
in the text or the speaker's name, newest first, pages) on real SQLite and PostgreSQL databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.aliases import AliasTable
from bot.ingest import InputError
from bot.search import Query, parse_query, search
from bot.settings import Settings
from bot.store import Store
from bot.store.schema import ArticleRow, ClaimRow


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("speaker:Kirby", Query([], "Kirby")),
        ('speaker:"John Kirby"', Query([], "John Kirby")),
        ("speaker:“John Kirby” withdrawal", Query(["withdrawal"], "John Kirby")),
        ("Speaker: John Kirby real withdrawal", Query(["real", "withdrawal"], "John Kirby")),
        ('speaker:kirby "real withdrawal"', Query(["real withdrawal"], "kirby")),
        ('speaker:"Kirby', Query([], "Kirby")),
        ("Kirby", Query(["kirby"], None)),
    ],
)
def test_search_parse_query(text: str, query: Query) -> None:
    assert parse_query(text) == query


@pytest.mark.parametrize("text", ["", "a", "speaker:", 'speaker:""', "speaker:A speaker:B", "!!"])
def test_search_bad_query_is_a_one_line_hint(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_query(text)
    assert "\n" not in str(err.value) and str(err.value).startswith("search: ")


def stored_claims(db_url: str) -> Store:
    """Three articles a day apart; Kirby's and Zelensky's quotes and a sentence naming Kirby."""
    store = Store.open(db_url)
    now = datetime.now(UTC)
    claims = {
        1: [
            ("quote", "We think so. Small numbers.", "John Kirby"),
            ("fact", "Kirby spoke on Tuesday.", None),
        ],
        2: [
            ("quote", "This is not a real withdrawal.", "John Kirby"),
            ("quote", "We will win.", "Volodymyr Zelensky"),
        ],
        3: [("quote", "A repositioning, not a real withdrawal.", "John Kirby")],
    }
    with store.session() as session:
        for n, items in claims.items():
            art = ArticleRow(
                workspace="T1",
                source="slack:C1",
                source_key="slack:C1",
                title=f"Story {n}",
                cleaned_text="x",
                text_hash=f"h{n}",
                created_at=now - timedelta(days=3 - n),
                site_name="Kyiv Post" if n == 3 else None,
            )
            session.add(art)
            session.flush()
            for i, (kind, text, speaker) in enumerate(items):
                session.add(
                    ClaimRow(
                        article_id=art.id,
                        workspace="T1",
                        kind=kind,
                        text=text,
                        start_char=i,
                        end_char=i + 1,
                        speaker=speaker,
                    )
                )
    return store


@pytest.mark.parametrize("query", ["speaker:Kirby", 'speaker:"John Kirby"', "Kirby", "speaker:kirby"])
def test_search_finds_kirby_by_surname_full_name_or_word_newest_first(db_url: str, query: str) -> None:
    store = stored_claims(db_url)
    aliases = AliasTable.load(Settings().alias_file)
    page = search(store, aliases, "T1", query)
    kirby = [r["text"] for r in page.results if r["speaker"] == "John Kirby"]
    assert kirby == [
        "A repositioning, not a real withdrawal.",
        "This is not a real withdrawal.",
        "We think so. Small numbers.",
    ]
    assert page.results[0]["source"].outlet == "Kyiv Post"  # named for the reply, never "slack:C1"
    assert search(store, aliases, "T2", query).results == []  # another workspace's claims stay there
    store.close()


def test_search_alias_words_and_pages(db_url: str) -> None:
    store = stored_claims(db_url)
    aliases = AliasTable.load(Settings().alias_file)
    (only,) = search(store, aliases, "T1", "speaker:Zelenskyy").results  # an alias of Volodymyr Zelensky
    assert only["text"] == "We will win."
    assert [r["text"] for r in search(store, aliases, "T1", "speaker:Kirby withdrawal").results] == [
        "A repositioning, not a real withdrawal.",
        "This is not a real withdrawal.",
    ]
    first = search(store, aliases, "T1", "speaker:Kirby", limit=2)
    second = search(store, aliases, "T1", "speaker:Kirby", offset=2, limit=2)
    assert (len(first.results), first.more, len(second.results), second.more) == (2, True, 1, False)
    assert {r["text"] for r in first.results}.isdisjoint(r["text"] for r in second.results)
    store.close()
