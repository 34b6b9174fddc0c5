"""Tenant isolation through the store, on SQLite and PostgreSQL: two workspaces store the same seed
articles; neither sees the other's articles, findings, search results, digest items, aliases or verdicts,
and a dismissal in one leaves the same disagreement open in the other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.digest import build_digest
from bot.ingest import read_file
from bot.pipeline import Analyzer
from bot.settings import Settings
from bot.store.schema import ArticleRow, FindingRow
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

A, B = "T0AAAAAAA", "T0BBBBBBB"
# Seeds 000 and 003, then 002: 002 disagrees with 000 on a figure (the share of Ukraine occupied).
ORDER = ["000_81857113fe741bb9.txt", "003_c3c7306f56a92d13.txt", "002_346c2929ae381fe9.txt"]


def _analyze(analyzer: Analyzer, workspace: str, names: list[str]):
    return list(analyzer.analyze_inputs([read_file(SEEDS / n, 1_000_000) for n in names], workspace))


@pytest.fixture
def two_workspaces(db_url):
    """A stores 000, 003, 002 (so 002 has findings); B stores 002 first (nothing to compare with)."""
    analyzer = Analyzer(Settings(database_url=db_url))
    a_reports = _analyze(analyzer, A, ORDER)
    b_first = _analyze(analyzer, B, ORDER[-1:])
    yield analyzer, a_reports, b_first
    analyzer.store.close()


def test_tenancy_reads_stay_in_their_workspace(two_workspaces):
    """Articles, findings, search, digest, Slack origins and aliases: one fixture (four analyses) for all."""
    analyzer, a_reports, (b_report,) = two_workspaces
    same_article_is_new_and_uncompared(analyzer, a_reports, b_report)
    search_shows_only_own_claims(analyzer, a_reports, b_report)
    digest_holds_only_own_articles(analyzer, a_reports, b_report)
    slack_origin_noted_only_on_own_articles(analyzer, a_reports)
    aliases_stay_in_their_workspace(analyzer)


def same_article_is_new_and_uncompared(analyzer, a_reports, b_report):
    a_findings = a_reports[-1].findings
    assert "numeric_discrepancy" in {f.type for f in a_findings}
    assert not b_report.already_seen and b_report.article.id != a_reports[-1].article.id
    assert b_report.findings == []  # A's 000 and 003 are not B's to compare with
    store = analyzer.store
    assert store.count_articles(A) == 3 and store.count_articles(B) == 1
    assert store.recent_findings(B) == []
    a_ids = {r.article.id for r in a_reports}
    assert store.article_sources(B, a_ids) == {} and store.story_labels(B, a_ids) == {}
    with store.session() as session:
        assert store.open_findings_of(session, B, a_reports[-1].article.id) == []


def search_shows_only_own_claims(analyzer, a_reports, b_report):
    a_only = analyzer.search(A, "Kirby")  # John Kirby is quoted in 003, which B has not stored
    assert a_only.results and {r["article_id"] for r in a_only.results} <= {r.article.id for r in a_reports}
    assert analyzer.search(B, "Kirby").results == []
    shared = "security assistance"  # in 002, which both stored
    a_ids = {r["article_id"] for r in analyzer.search(A, shared).results}
    b_ids = {r["article_id"] for r in analyzer.search(B, shared).results}
    assert a_ids == {a_reports[-1].article.id} and b_ids == {b_report.article.id}


def digest_holds_only_own_articles(analyzer, a_reports, b_report):
    since, until = datetime.now(UTC) - timedelta(days=1), datetime.now(UTC) + timedelta(minutes=1)
    a_digest = build_digest(analyzer.store, A, since, until)
    b_digest = build_digest(analyzer.store, B, since, until)
    assert a_digest.article_ids() == {r.article.id for r in a_reports} and a_digest.conflict_count >= 1
    assert b_digest.article_ids() == {b_report.article.id}
    assert b_digest.conflict_count == 0


def aliases_stay_in_their_workspace(analyzer):
    analyzer.add_alias(A, "Spokesman", "John Kirby", "U0A")
    assert analyzer.store.workspace_aliases(A) == [("Spokesman", "John Kirby")]
    assert analyzer.store.workspace_aliases(B) == [] and analyzer.store.alias_stamp(B) == (0, 0)
    assert analyzer.aliases(B).canonical("Spokesman", "person") == "Spokesman"
    assert analyzer.search(A, "speaker:Spokesman").results
    assert analyzer.search(B, "speaker:Spokesman").results == []


def test_tenancy_verdicts_and_dismissals_stay_in_their_workspace(two_workspaces):
    analyzer, a_reports, _ = two_workspaces
    store = analyzer.store
    b_reports = _analyze(analyzer, B, ORDER[:2])  # B now has the pair too, compared the other way round
    (a_conflict,) = [f for f in a_reports[-1].findings if f.type == "numeric_discrepancy"]
    (b_conflict,) = [f for r in b_reports for f in r.findings if f.type == "numeric_discrepancy"]
    assert a_conflict.id != b_conflict.id
    # B's users cannot give a verdict on, or dismiss, A's finding by its id.
    assert store.add_feedback(B, a_conflict.id, "correct", "U0B") is None
    assert store.dismiss(B, a_conflict.id, "not_contradiction", "U0B") is None
    assert store.feedback(B) == [] and store.feedback(A) == []
    # A dismisses its pair: B's finding on the same two texts stays open.
    assert store.add_feedback(A, a_conflict.id, "not_contradiction", "U0A") is not None
    assert store.dismiss(A, a_conflict.id, "not_contradiction", "U0A") is not None
    assert [r["workspace"] for r in store.feedback()] == [A] and store.feedback(B) == []
    with store.session() as session:
        assert store.dismissed_pairs(session, A, [a_conflict.pair_key]) == {a_conflict.pair_key}
        assert store.dismissed_pairs(session, B, [a_conflict.pair_key, b_conflict.pair_key]) == set()
        assert session.get(FindingRow, a_conflict.id).dismissed
        assert not session.get(FindingRow, b_conflict.id).dismissed
    assert b_conflict.id in {row.id for row in store.recent_findings(B)}
    assert a_conflict.id not in {row.id for row in store.recent_findings(A)}


def slack_origin_noted_only_on_own_articles(analyzer, a_reports):
    a_ids = [r.article.id for r in a_reports]
    analyzer.store.note_slack_origin(B, a_ids, origin={"channel_id": "C0B"}, permalink="https://b.example/p")
    with analyzer.store.session() as session:
        rows = session.scalars(select(ArticleRow).where(ArticleRow.id.in_(a_ids))).all()
        assert [(r.origin, r.permalink) for r in rows] == [(None, None)] * len(a_ids)
