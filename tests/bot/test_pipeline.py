"""The whole analyze path on real databases: seeds in, summaries and findings out, stored once."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

import bot.pipeline
from bot.ingest import RawInput, read_file
from bot.models import ClaimRef, Finding
from bot.pipeline import MAX_FINDINGS, MAX_FINDINGS_PER_CLAIM, Analyzer, select_findings
from bot.settings import Settings
from bot.store.schema import ArticleRow, ClaimRow
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture
def analyzer(db_url) -> Analyzer:
    return Analyzer(Settings(database_url=db_url))


def _seed_inputs() -> list[RawInput]:
    return [read_file(p, 1_000_000) for p in sorted(SEEDS.glob("*.txt"))]


def _article_count(analyzer: Analyzer) -> int:
    with analyzer.store.session() as s:
        return s.scalar(select(func.count()).select_from(ArticleRow))


def test_pipeline_seeds_stored_once_with_clean_titles(analyzer, gold):
    first = list(analyzer.analyze_inputs(_seed_inputs(), "T1"))
    assert [r.article.title for r in first] == [a["title"] for a in gold["articles"].values()]
    assert not any(r.already_seen for r in first)
    again = list(analyzer.analyze_inputs(_seed_inputs(), "T1"))
    assert all(r.already_seen for r in again)
    assert [r.article.id for r in again] == [r.article.id for r in first]
    assert _article_count(analyzer) == 5
    other = next(analyzer.analyze_inputs(_seed_inputs()[:1], "T2"))  # another workspace stores its own copy
    assert not other.already_seen and _article_count(analyzer) == 6


def test_pipeline_offsets_point_into_stored_text(analyzer):
    for report in analyzer.analyze_inputs(_seed_inputs(), "T1"):
        text = report.article.cleaned_text
        ex = report.extraction
        items = [*ex.quotes, *ex.numbers, *ex.claims, *report.summary.lead]
        items += [m for e in ex.entities for m in e.mentions]
        assert items, "every seed yields extracted items"
        for item in items:
            assert text[item.start_char : item.end_char] == item.text
        for finding in report.findings:
            assert finding.a.article_id == report.article.id


def test_pipeline_crash_mid_ingest_stores_nothing(analyzer, monkeypatch):
    def crash(*_args, **_kwargs):
        raise RuntimeError("simulated crash while comparing")

    monkeypatch.setattr(bot.pipeline, "find_findings", crash)
    with pytest.raises(RuntimeError, match="simulated crash"):
        list(analyzer.analyze_inputs(_seed_inputs()[:1], "T1"))
    assert _article_count(analyzer) == 0
    with analyzer.store.session() as s:
        assert s.scalar(select(func.count()).select_from(ClaimRow)) == 0


def test_pipeline_non_english_stored_and_cleaned_not_extracted(analyzer):
    text = (
        "Le gouvernement ukrainien a démenti tout danger imminent\n\n"
        "Le ministre de la Défense a déclaré lors d'une réunion du conseil qu'il n'y avait aucune raison "
        "de croire que la Russie attaquerait bientôt. Les troupes russes restent à la frontière."
    )
    report = analyzer.analyze_text(text, workspace="T1", source="paste")
    assert not report.extraction.english
    assert report.extraction.quotes == [] and report.extraction.numbers == []
    assert any("English-only" in note for note in report.summary.notes)
    assert _article_count(analyzer) == 1


@pytest.mark.parametrize(
    "text",
    [
        "!!! ??? ... --- ***",
        "\x07\x08 Kyiv \x1b said \x00 nothing",
        "x" * 900_000,  # one 900 kB line
    ],
)
def test_pipeline_odd_text_does_not_crash(analyzer, text):
    try:
        report = analyzer.analyze_text(text, workspace="T1", source="paste")
    except bot.pipeline.InputError as exc:  # refusing is fine, with a one-line message
        assert "\n" not in str(exc)
    else:
        assert report.article.id > 0


def _finding(kind: str, confidence: float, start: int, other_article: int) -> Finding:
    def ref(article_id: int, begin: int) -> ClaimRef:
        return ClaimRef(article_id, "src", None, "t", "s", "x", begin, begin + 5)

    return Finding(kind, ref(1, start), ref(other_article, 0), "why", confidence)


def test_pipeline_select_findings_caps_near_duplicate_floods():
    flood = [_finding("corroboration", 0.5 + i / 1000, i % 4, i) for i in range(200)]
    conflicts = [_finding("numeric_discrepancy", 0.9 - i / 100, 100 + i, i) for i in range(30)]
    chosen = select_findings(flood + conflicts)
    kinds = [f.type for f in chosen]
    assert kinds[: MAX_FINDINGS["conflict"]] == ["numeric_discrepancy"] * MAX_FINDINGS["conflict"]
    corroborations = [f for f in chosen if f.type == "corroboration"]
    assert len(corroborations) <= MAX_FINDINGS["corroboration"]
    per_claim = Counter(f.a.start_char for f in corroborations)
    assert max(per_claim.values()) <= MAX_FINDINGS_PER_CLAIM
    assert chosen[0].confidence == max(f.confidence for f in conflicts)


@pytest.fixture
def article_server():
    """A local web server with one real article page (a seed wrapped in HTML)."""
    import html
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = (SEEDS / "002_346c2929ae381fe9.txt").read_text(encoding="utf-8")
    title, *paragraphs = [p for p in body.split("\n") if p.strip()]
    page = (
        f"<html><head><title>{html.escape(title)}</title></head><body><article><h1>{html.escape(title)}</h1>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        + "</article></body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_pipeline_one_failing_link_does_not_lose_the_others(tmp_path, article_server):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'l.sqlite'}", fetch_allow_private=True)
    analyzer = Analyzer(settings)
    message = f"<{article_server}/ceasefire|story> <http://127.0.0.1:1/gone>"
    reports = analyzer.analyze_message(message, workspace="T1", source="slack:C1")
    assert len(reports) == 1
    assert reports[0].article.canonical_url == f"{article_server}/ceasefire"
    assert any("127.0.0.1:1/gone" in note for note in reports[0].summary.notes)
    with pytest.raises(bot.pipeline.InputError):
        analyzer.analyze_message("<http://127.0.0.1:1/gone>", workspace="T1", source="slack:C1")


def test_pipeline_alias_added_by_another_process_is_seen(db_url):
    first, second = Analyzer(Settings(database_url=db_url)), Analyzer(Settings(database_url=db_url))
    assert second.aliases("T1").canonical("Volodya Z", "person") == "Volodya Z"
    first.add_alias("T1", "Volodya Z", "Volodymyr Zelensky")
    assert second.aliases("T1").canonical("Volodya Z", "person") == "Volodymyr Zelensky"
    assert second.aliases("T2").canonical("Volodya Z", "person") == "Volodya Z"
