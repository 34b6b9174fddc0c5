"""`newsbot export`, `newsbot delete-workspace` and `newsbot prune` through the CLI's `main` (and one real
process), on SQLite, or PostgreSQL with NEWSBOT_TEST_DATABASE=postgres."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.cli import main
from bot.ingest import read_file
from bot.pipeline import Analyzer
from bot.settings import Settings
from bot.store.schema import ArticleRow
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def newsbot(capsys, monkeypatch, root_logging_restored):
    """`newsbot ARGS` in this process (the model is not loaded again): exit code, stdout, stderr."""

    def run(*args: str, retention_days: str | None = None) -> Ran:
        monkeypatch.delenv("NEWSBOT_RETENTION_DAYS", raising=False)
        if retention_days is not None:
            monkeypatch.setenv("NEWSBOT_RETENTION_DAYS", retention_days)
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_cli_export_delete_workspace_and_prune(tmp_path, database_url, nlp, newsbot):
    analyzer = Analyzer(Settings(database_url=database_url))
    analyzer.__dict__["nlp"] = nlp  # the session's model: the CLI under test is export, delete and prune
    names = ("003_c3c7306f56a92d13.txt", "002_346c2929ae381fe9.txt")
    seeds = [read_file(SEEDS / name, 1_000_000) for name in names]
    list(analyzer.analyze_inputs(seeds, "T1"))
    list(analyzer.analyze_inputs(seeds[:1], "T2"))
    store = analyzer.store
    db = ("--db", database_url)

    out = tmp_path / "t1.jsonl"
    exported = newsbot("export", "--workspace", "T1", "--out", str(out), *db)
    assert exported.returncode == 0, exported.stderr
    lines = records(out.read_text(encoding="utf-8"))
    assert {r["record"] for r in lines} == {"article", "claim", "finding"}
    assert {r["workspace"] for r in lines} == {"T1"}
    claims = sum(r["record"] == "claim" for r in lines)
    assert f"exported T1: 2 article(s), {claims} claim(s), " in exported.stderr
    command = [sys.executable, "-m", "bot.cli", "export", "--workspace", "T1", *db]  # as a process, once
    process = subprocess.run(command, capture_output=True, cwd=ROOT, timeout=120)
    assert process.returncode == 0 and records(process.stdout.decode()) == lines

    refused = newsbot("delete-workspace", "T1", *db)
    assert refused.returncode == 2 and "--yes" in refused.stderr and store.count_articles("T1") == 2
    removed = newsbot("delete-workspace", "T1", "--yes", *db)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.startswith(f"deleted workspace T1: 2 article(s), {claims} claim(s), ")
    assert (store.count_articles("T1"), store.count_articles("T2")) == (0, 1)

    kept = newsbot("prune", *db)
    assert kept.returncode == 0 and "NEWSBOT_RETENTION_DAYS is not set" in kept.stderr
    with store.session() as session:
        session.execute(update(ArticleRow).values(created_at=datetime.now(UTC) - timedelta(days=10)))
    month = newsbot("prune", *db, retention_days="30").stdout
    assert month.endswith(": 0 article(s), 0 claim(s), 0 finding(s), 0 verdict(s)\n")
    week = newsbot("prune", *db, retention_days="7")
    assert week.returncode == 0, week.stderr
    assert week.stdout.startswith("pruned articles stored before ")
    assert ": 1 article(s), " in week.stdout and store.count_articles("T2") == 0
    bad = newsbot("prune", *db, retention_days="0")
    assert bad.returncode == 2 and "retention_days" in bad.stderr
    store.close()
