"""The `newsbot` command as a user runs it: real processes, a real database (SQLite, or PostgreSQL with
NEWSBOT_TEST_DATABASE=postgres where something is stored)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


def newsbot(*args: str, stdin: bytes | None = None, db: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "bot.cli", *args]
    if db:
        cmd += ["--db", db]
    return subprocess.run(cmd, input=stdin, capture_output=True, cwd=ROOT, timeout=300)


def _full_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_cli_clean_removes_gold_junk_and_keeps_body(name, gold, seed_texts):
    result = newsbot("clean", str(SEEDS / name))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    expected = gold["articles"][name]
    lines = _full_lines(out)
    raw_lines = _full_lines(seed_texts[name])
    for junk in set(expected["boilerplate_lines"]):
        left = raw_lines.count(junk.strip()) - expected["boilerplate_lines"].count(junk)
        assert lines.count(junk.strip()) == left, junk
    for keep in expected["must_keep"]:
        assert keep in out
    assert lines[0] == expected["title"]


def test_cli_analyze_twice_reports_already_seen(database_url, gold):
    db = database_url
    first = newsbot("analyze", str(SEEDS), db=db)
    assert first.returncode == 0, first.stderr
    out = first.stdout.decode()
    for article in gold["articles"].values():
        assert article["title"] in out
    assert "How are you!" not in out
    assert "already seen" not in out
    # Sources by name, one label table: a file is its name, never its path.
    assert "seeds/" not in out and "source: file 000_81857113fe741bb9.txt" in out
    assert "* Different figure (confidence" in out and "Denial / opposite claim" not in out
    second = newsbot("analyze", str(SEEDS), db=db)
    assert second.returncode == 0
    assert second.stdout.decode().count("[already seen]") == 5


def test_cli_analyze_json_lines(database_url):
    db = database_url
    result = newsbot("analyze", str(SEEDS / "002_346c2929ae381fe9.txt"), "--json", db=db)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == 1
    record = records[0]
    assert {"article", "summary", "quotes", "claims", "entities", "findings"} <= record.keys()
    assert {"id", "source", "url", "title", "published", "cleaned_text", "already_seen"} <= record[
        "article"
    ].keys()
    text = record["article"]["cleaned_text"]
    assert record["quotes"] and record["claims"] and record["entities"]
    for item in record["quotes"] + record["claims"]:
        assert text[item["start_char"] : item["end_char"]] == item["text"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty input"), (b"\x00\x01\x02binary", "binary"), (b"   \n", "empty input")],
)
def test_cli_bad_input_one_line_error_nothing_stored(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    result = newsbot("analyze", str(bad), db=db)
    assert result.returncode != 0
    err = [line for line in result.stderr.decode().splitlines() if line.startswith("newsbot:")]
    assert len(err) == 1 and str(bad) in err[0] and message in err[0]
    assert newsbot("analyze", str(bad), "--json", db=db).stdout == b""


def test_cli_stdin_paste_and_directory_without_articles(tmp_path, database_url):
    db = database_url
    paste = (SEEDS / "003_c3c7306f56a92d13.txt").read_bytes()
    result = newsbot("analyze", "-", "--json", stdin=paste, db=db)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["source"] == "stdin"
    empty = tmp_path / "empty"
    empty.mkdir()
    result = newsbot("analyze", str(empty), db=db)
    assert result.returncode != 0 and b"no articles" in result.stderr


def test_cli_database_down_is_a_clear_error(tmp_path):
    result = newsbot("analyze", str(SEEDS / "000_81857113fe741bb9.txt"), db="postgresql://u:pw@127.0.0.1:1/x")
    assert result.returncode == 3
    assert b"database unavailable" in result.stderr and b"Traceback" not in result.stderr


def test_cli_no_compare_loads_an_archive_that_later_articles_are_compared_with(database_url):
    db = database_url
    archive = newsbot("analyze", str(SEEDS / "000_81857113fe741bb9.txt"), "--json", "--no-compare", db=db)
    assert archive.returncode == 0, archive.stderr
    assert json.loads(archive.stdout)["findings"] == []
    later = newsbot("analyze", str(SEEDS / "001_a1b0d74f84e3b753.txt"), "--json", db=db)
    findings = json.loads(later.stdout)["findings"]
    archived = [f for f in findings if f["b"]["source"].endswith("000_81857113fe741bb9.txt")]
    assert any(f["type"] == "quote_wording" for f in archived)


def _one_error_line(result: subprocess.CompletedProcess) -> str:
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("newsbot:")]
    assert len(lines) == 1, stderr
    return lines[0]


def test_cli_clean_html_without_article_is_a_one_line_error(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<!doctype html><html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    result = newsbot("clean", str(page), "--html")
    assert result.returncode == 2
    assert "couldn't find article text" in _one_error_line(result)


@pytest.mark.parametrize("url", ["http://xn--a/", "http://[::1/", "http:\\\\host\\path"])
def test_cli_analyze_unusable_link_is_a_one_line_error(tmp_path, url):
    result = newsbot("analyze", url, db=f"sqlite:///{tmp_path / 'cli.sqlite'}")
    assert result.returncode != 0
    assert url in _one_error_line(result) or "link" in _one_error_line(result)


def test_cli_analysis_over_budget_is_refused_and_nothing_stored(tmp_path, database_url):
    """One 1 MB line with a 2-second budget: the one-line refusal, no traceback, and an empty store."""
    from benchmarks.worst_cases import one_line

    big = tmp_path / "line.txt"
    big.write_text(one_line(900_000), encoding="utf-8")
    db = database_url
    cmd = [sys.executable, "-m", "bot.cli", "analyze", str(big), "--json", "--db", db]
    env = {**os.environ, "NEWSBOT_ANALYSIS_SECONDS": "2"}
    result = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=300, env=env)
    assert result.returncode == 1 and result.stdout == b""
    assert "too long or too complex to analyze within 2 s" in _one_error_line(result)
    from bot.store import Store

    store = Store.open(db)
    try:
        assert store.count_articles("local") == 0
    finally:
        store.close()
