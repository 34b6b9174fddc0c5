"""The analyzer that runs in a worker process: same answers and the same errors as the in-process one."""

from __future__ import annotations

import pytest

from bot.ingest import InputError
from bot.settings import Settings
from handlers.analysis_process import ProcessAnalyzer
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture
def analyzer(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.sqlite'}")
    process_analyzer = ProcessAnalyzer(settings)
    yield process_analyzer
    process_analyzer.close()


def test_analysis_process_reports_come_back_and_are_stored(analyzer):
    text = (SEEDS / "002_346c2929ae381fe9.txt").read_text(encoding="utf-8")
    (report,) = analyzer.analyze_message(text, workspace="T1", source="slack:C1")
    assert report.article.title.startswith("The US will resume providing security assistance")
    assert any(q.speaker == "Marco Rubio" for q in report.extraction.quotes)
    assert analyzer.store.count_articles("T1") == 1  # the worker wrote to the same database
    (again,) = analyzer.analyze_message(text, workspace="T1", source="slack:C1")
    assert again.already_seen and again.article.id == report.article.id


def test_analysis_process_input_errors_cross_as_input_errors(analyzer):
    with pytest.raises(InputError, match="empty input"):
        analyzer.analyze_message("   ", workspace="T1", source="slack:C1")
    analyzer.add_alias("T1", "Volodya Z", "Volodymyr Zelensky")
    assert analyzer.store.workspace_aliases("T1") == [("Volodya Z", "Volodymyr Zelensky")]
