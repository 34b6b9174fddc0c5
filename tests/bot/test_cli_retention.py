"""`newsbot export`, `newsbot delete-workspace` and `newsbot prune` as a user runs them (real processes;
SQLite, or PostgreSQL with NEWSBOT_TEST_DATABASE=postgres)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.store import Store
from bot.store.schema import ArticleRow
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


def newsbot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "bot.cli", *args]
    environment = {k: v for k, v in os.environ.items() if k != "NEWSBOT_RETENTION_DAYS"} | (env or {})
    return subprocess.run(command, capture_output=True, cwd=ROOT, timeout=300, env=environment)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_cli_export_delete_workspace_and_prune(tmp_path, database_url):
    db = ("--db", database_url)
    seeds = [str(SEEDS / "003_c3c7306f56a92d13.txt"), str(SEEDS / "002_346c2929ae381fe9.txt")]
    assert newsbot("analyze", *seeds, "--workspace", "T1", *db).returncode == 0
    assert newsbot("analyze", seeds[0], "--workspace", "T2", *db).returncode == 0

    out = tmp_path / "t1.jsonl"
    exported = newsbot("export", "--workspace", "T1", "--out", str(out), *db)
    assert exported.returncode == 0, exported.stderr
    lines = records(out.read_text(encoding="utf-8"))
    kinds = {r["record"] for r in lines}
    assert kinds == {"article", "claim", "finding"} and {r["workspace"] for r in lines} == {"T1"}
    claims = sum(r["record"] == "claim" for r in lines)
    assert f"exported T1: 2 article(s), {claims} claim(s), " in exported.stderr.decode()
    to_stdout = newsbot("export", "--workspace", "T1", *db)
    assert records(to_stdout.stdout.decode()) == lines

    refused = newsbot("delete-workspace", "T1", *db)
    assert refused.returncode == 2 and b"--yes" in refused.stderr
    assert len(records(newsbot("export", "--workspace", "T1", *db).stdout.decode())) == len(lines)
    removed = newsbot("delete-workspace", "T1", "--yes", *db)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.decode().startswith("deleted workspace T1: 2 article(s), ")
    assert newsbot("export", "--workspace", "T1", *db).stdout == b""
    t2 = records(newsbot("export", "--workspace", "T2", *db).stdout.decode())
    assert t2 and {r["workspace"] for r in t2} == {"T2"}

    kept = newsbot("prune", *db)
    assert kept.returncode == 0 and b"NEWSBOT_RETENTION_DAYS is not set" in kept.stderr
    store = Store.open(database_url)
    try:
        with store.session() as session:
            session.execute(update(ArticleRow).values(created_at=datetime.now(UTC) - timedelta(days=10)))
    finally:
        store.close()
    assert newsbot("prune", *db, env={"NEWSBOT_RETENTION_DAYS": "30"}).stdout.decode().endswith(
        ": 0 article(s), 0 claim(s), 0 finding(s), 0 verdict(s)\n"
    )
    pruned = newsbot("prune", *db, env={"NEWSBOT_RETENTION_DAYS": "7"})
    assert pruned.returncode == 0, pruned.stderr
    assert pruned.stdout.decode().startswith("pruned articles stored before ")
    assert ": 1 article(s), " in pruned.stdout.decode()
    assert newsbot("export", "--workspace", "T2", *db).stdout == b""
    bad = newsbot("prune", *db, env={"NEWSBOT_RETENTION_DAYS": "0"})
    assert bad.returncode == 2 and b"retention_days" in bad.stderr
