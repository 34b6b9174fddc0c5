from __future__ import annotations

import codecs
import gzip
import time
import zlib

import pytest

from bot.fetch import FetchError
from bot.fetch.body import decode_text, meta_charset, read_capped
from bot.fetch.cache import PageCache

FAR = time.monotonic() + 3600


def _chunks(data: bytes, size: int = 1000) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("", lambda b: b),
        ("identity", lambda b: b),
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("GZIP", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),
        ("gzip", lambda b: gzip.compress(b[:500]) + gzip.compress(b[500:])),  # two gzip members
    ],
)
def test_body_read_capped_decompresses(encoding: str, compress) -> None:
    data = b"<p>" + bytes(range(32, 127)) * 30 + b"</p>"
    assert read_capped(_chunks(compress(data)), encoding, 10_000, FAR) == data


@pytest.mark.parametrize(("encoding", "compress"), [("", lambda b: b), ("gzip", gzip.compress)])
def test_body_read_capped_stops_at_cap(encoding: str, compress) -> None:
    with pytest.raises(FetchError) as info:
        read_capped(_chunks(compress(b"a" * 5001)), encoding, 5000, FAR)
    assert info.value.kind == "too_large"
    assert read_capped(_chunks(compress(b"a" * 5000)), encoding, 5000, FAR) == b"a" * 5000


@pytest.mark.parametrize(
    ("encoding", "body", "kind"),
    [("br", b"x", "unreachable"), ("gzip", b"not gzip at all", "unreachable"), ("", b"late", "timeout")],
)
def test_body_read_capped_errors(encoding: str, body: bytes, kind: str) -> None:
    deadline = FAR if kind != "timeout" else time.monotonic() - 1
    with pytest.raises(FetchError) as info:
        read_capped([body], encoding, 1000, deadline)
    assert info.value.kind == kind


TEXT = "Zürich – “naïve” café, 5 €"
# Detection needs more than a few words to tell windows-1252 from its neighbours.
PROSE = "The café’s owner, José Núñez, said the “naïve” plan would cost €5 million – more than planned. " * 3


@pytest.mark.parametrize(
    ("body", "header", "html", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8", True, TEXT),
        (TEXT.encode("cp1252"), "iso-8859-1", True, TEXT),
        (TEXT.encode("cp1252"), "windows-1252", False, TEXT),
        (PROSE.encode("cp1252"), "utf-8", True, PROSE),  # header lies: strict decode fails, detection decides
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "windows-1252", True, TEXT),  # a BOM beats the header
        (TEXT.encode("utf-16"), None, True, TEXT),
        (
            b'<meta charset="windows-1252"><p>' + TEXT.encode("cp1252"),
            None,
            True,
            '<meta charset="windows-1252"><p>' + TEXT,
        ),
        (b"<p>" + "Москва, вторник".encode("cp1251"), "cp1251", True, "<p>Москва, вторник"),
        (TEXT.encode("utf-8"), "no-such-charset", True, TEXT),
    ],
)
def test_body_decode_text(body: bytes, header: str | None, html: bool, expected: str) -> None:
    assert decode_text(body, header, html=html) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<html><head><meta charset="UTF-8">', "utf-8"),
        (b"<meta charset=koi8-r>", "koi8-r"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">', "iso-8859-2"),
        (b"<html><head><title>x</title>", None),
        (b" " * 5000 + b'<meta charset="koi8-r">', None),
    ],
)
def test_body_meta_charset(head: bytes, expected: str | None) -> None:
    assert meta_charset(head) == expected


def test_cache_expires_and_evicts_oldest(monkeypatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    cache: PageCache[str] = PageCache(max_entries=2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a", max_age=10) == "A"
    cache.put("c", "C")  # "b" is now least recently used
    assert (cache.get("b", 10), cache.get("a", 10), cache.get("c", 10)) == (None, "A", "C")
    clock[0] += 10
    assert cache.get("a", max_age=10) is None
    assert len(cache) == 1
