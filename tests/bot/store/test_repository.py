"""The store on real databases: migrations, dedupe keys, dismissals, event claims, workspaces."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from bot.models import CleanedArticle
from bot.store import DatabaseUnavailable, Store
from bot.store.schema import ArticleRow, DismissalRow, FindingRow


def _article(text: str = "Title\n\nBody sentence one.", url: str | None = None) -> CleanedArticle:
    return CleanedArticle(cleaned_text=text, title="Title", source="test", canonical_url=url)


def test_repository_migrates_every_table(db_url):
    store = Store.open(db_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"articles", "claims", "claim_keys", "findings", "dismissals", "slack_events", "aliases"} <= tables
    assert "alembic_version" in tables
    Store.open(db_url).close()  # a second open finds nothing to migrate


def test_repository_same_text_found_in_same_workspace_only(db_url):
    store = Store.open(db_url)
    with store.session() as s:
        store.add_article(s, "T1", _article(), "src")
    with store.session() as s:
        assert store.find_existing(s, "T1", "Title\n\n Body   sentence one.", None) is not None
        assert store.find_existing(s, "T2", "Title\n\nBody sentence one.", None) is None


def test_repository_same_canonical_url_is_existing(db_url):
    store = Store.open(db_url)
    with store.session() as s:
        store.add_article(s, "T1", _article(url="https://ex.com/a"), "src")
    with store.session() as s:
        found = store.find_existing(s, "T1", "Other text entirely", "https://ex.com/a")
        assert found is not None and found.canonical_url == "https://ex.com/a"


def test_repository_failed_transaction_stores_nothing(db_url):
    store = Store.open(db_url)
    with pytest.raises(RuntimeError), store.session() as s:
        store.add_article(s, "T1", _article(), "src")
        raise RuntimeError("crash mid-ingest")
    with store.session() as s:
        assert s.scalars(select(ArticleRow)).all() == []


def test_repository_event_claimed_once(db_url):
    store = Store.open(db_url)
    assert store.claim_event("Ev1") is True
    assert store.claim_event("Ev1") is False
    assert store.claim_event("Ev2") is True


def test_repository_boilerplate_learnt_after_two_articles(db_url):
    store = Store.open(db_url)
    for _ in range(2):
        with store.session() as s:
            store.record_lines(s, "T1", "site.example", ["fp-junk", "fp-junk"])
    with store.session() as s:
        store.record_lines(s, "T1", "site.example", {"fp-once"})
        assert store.known_boilerplate(s, "T1", "site.example") == frozenset({"fp-junk"})
        assert store.known_boilerplate(s, "T2", "site.example") == frozenset()


def test_repository_dismissal_hides_pair_in_workspace(db_url):
    store = Store.open(db_url)
    with store.session() as s:
        a = store.add_article(s, "T1", _article("A\n\nOne."), "src")
        b = store.add_article(s, "T1", _article("B\n\nTwo."), "src")
        row = FindingRow(
            workspace="T1",
            article_id=b.id,
            other_article_id=a.id,
            type="numeric_discrepancy",
            pair_key="1:0:3|2:0:3",
            confidence=0.9,
            explanation="x",
            data={},
        )
        s.add(row)
        s.flush()
        finding_id = row.id
    assert store.dismiss("T2", finding_id, "not_a_contradiction", "U1") is None  # other workspace
    dismissed = store.dismiss("T1", finding_id, "not_a_contradiction", "U1")
    assert dismissed is not None and dismissed.dismissed
    with store.session() as s:
        assert store.dismissed_pairs(s, "T1", ["1:0:3|2:0:3", "other"]) == {"1:0:3|2:0:3"}
        assert store.dismissed_pairs(s, "T2", ["1:0:3|2:0:3"]) == set()
        assert len(s.scalars(select(DismissalRow)).all()) == 1
    assert store.recent_findings("T1") == []


def test_repository_aliases_per_workspace(db_url):
    store = Store.open(db_url)
    store.add_alias("T1", "Zelenskyy", "Volodymyr Zelensky")
    store.add_alias("T1", "Zelenskyy", "Volodymyr Zelenskyy")  # replaced, not duplicated
    assert store.workspace_aliases("T1") == [("Zelenskyy", "Volodymyr Zelenskyy")]
    assert store.workspace_aliases("T2") == []


def test_repository_unreachable_database_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="database unavailable"):
        Store.open("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    try:
        Store.open("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    except DatabaseUnavailable as exc:
        assert "secret" not in str(exc)


def test_repository_migrations_match_the_models(db_url):
    """Alembic's head schema is exactly what `bot/store/schema.py` declares (no forgotten migration)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.store.schema import SLACK_SDK_TABLES, Base

    def ours(name, type_, parent_names) -> bool:  # slack_sdk's tables: tests/handlers/test_oauth_tables.py
        return not (type_ == "table" and name in SLACK_SDK_TABLES)

    store = Store.open(db_url)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": ours})
        assert compare_metadata(context, Base.metadata) == []
