"""Ingest refuses bad input with one clear line naming the input."""

from __future__ import annotations

import io

import pytest

from bot.ingest import InputError, decode_bytes, expand_paths, read_file, read_paste, read_stream

LIMIT = 1_000_000


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty input"),
        (b"   \n\t\n", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 9)) * 200, "binary"),
    ],
)
def test_ingest_bad_bytes_refused(tmp_path, data, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=problem) as err:
        read_file(path, LIMIT)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_ingest_huge_paste_refused_with_limit_named():
    with pytest.raises(InputError, match="too large.*1,000,000"):
        read_paste("word " * 10_000_000, "paste", LIMIT)  # ~50 MB


def test_ingest_huge_stream_refused_without_reading_it_all():
    stream = io.BytesIO(b"a" * (LIMIT * 4 + 10))
    with pytest.raises(InputError, match="too large"):
        read_stream(stream, "stdin", LIMIT)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Kyiv said “yes”.".encode(), "Kyiv said “yes”."),
        ("Kyiv said “yes”.".encode("utf-8-sig"), "Kyiv said “yes”."),
        ("Kyiv said yes.".encode("utf-16"), "Kyiv said yes."),
        (
            "Le ministre a déclaré que la réunion était très positive à Genève.".encode("latin-1"),
            "Le ministre a déclaré que la réunion était très positive à Genève.",
        ),
    ],
)
def test_ingest_decodes_common_charsets(data, expected):
    assert decode_bytes(data, "x") == expected


def test_ingest_html_file_detected(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    assert read_file(path, LIMIT).kind == "html"
    other = tmp_path / "saved.txt"
    other.write_text("<!DOCTYPE html><html><body><p>Hi</p></body></html>", encoding="utf-8")
    assert read_file(other, LIMIT).kind == "html"


def test_ingest_directory_without_articles_refused(tmp_path):
    (tmp_path / "notes.json").write_text("{}")
    with pytest.raises(InputError, match="no articles"):
        list(expand_paths([str(tmp_path)]))


def test_ingest_directory_lists_articles_sorted_without_readme(tmp_path):
    for name in ("b.txt", "a.html", "README.md", "gold.json"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in expand_paths([str(tmp_path)])] == ["a.html", "b.txt"]


def test_ingest_missing_path_refused(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(expand_paths([str(tmp_path / "nope.txt")]))
