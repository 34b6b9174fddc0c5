from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.urls import canonicalize_url, find_urls, is_url_only


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<https://example.com/a|example.com/a>", ["https://example.com/a"]),
        ("see <https://example.com/a>", ["https://example.com/a"]),
        ("<@U123> <https://example.com/a?x=1&amp;y=2|label>", ["https://example.com/a?x=1&y=2"]),
        ("bare https://example.com/story. Next sentence", ["https://example.com/story"]),
        ("(via https://example.com/story)", ["https://example.com/story"]),
        ("wiki https://en.wikipedia.org/wiki/Foo_(bar), more", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("“https://example.com/q”", ["https://example.com/q"]),
        ("<mailto:desk@example.com|desk@example.com> <#C1|news> <!here>", []),
        ("ftp://example.com/file and file:///etc/passwd", []),
        ("no links here", []),
        (
            "<https://a.example/1|one> then https://b.example/2 then <https://c.example/3>",
            ["https://a.example/1", "https://b.example/2", "https://c.example/3"],
        ),
    ],
)
def test_urls_find_urls_reads_slack_and_bare_forms(text: str, expected: list[str]) -> None:
    assert find_urls(text, limit=10) == expected


def test_urls_find_urls_dedupes_same_article_and_keeps_order() -> None:
    text = (
        "<https://News.example.com/story?utm_source=twitter|story> "
        "https://news.example.com/story?fbclid=xyz#comments "
        "<https://other.example/b> https://news.example.com:443/story"
    )
    assert find_urls(text, limit=5) == [
        "https://News.example.com/story?utm_source=twitter",
        "https://other.example/b",
    ]


def test_urls_find_urls_respects_limit() -> None:
    text = " ".join(f"https://example.com/{i}" for i in range(10))
    assert find_urls(text, limit=3) == [
        "https://example.com/0",
        "https://example.com/1",
        "https://example.com/2",
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM/Path", "https://example.com/Path"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?utm_source=x&utm_medium=y&utm_campaign=z&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&msclkid=5", "https://example.com/a"),
        ("https://example.com/a?UTM_Source=x&_ga=1&igshid=2&page=2", "https://example.com/a?page=2"),
        ("https://user:pw@example.com/a", "https://example.com/a"),
        ("https://Bücher.example/a", "https://xn--bcher-kva.example/a"),
        ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
        ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
        ("https://example.com/a?q=", "https://example.com/a?q="),
    ],
)
def test_urls_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "https://www.example.com/news/story-1?utm_source=facebook&utm_medium=social",
            "https://WWW.EXAMPLE.COM:443/news/story-1#top",
        ),
        ("https://example.com/s?id=5&page=2&fbclid=AbC", "https://example.com./s?page=2&id=5"),
        ("<https://example.com/s?a=1&amp;b=2|x>", "https://example.com/s?b=2&a=1&mc_cid=9"),
    ],
)
def test_urls_same_article_two_links_same_canonical(first: str, second: str) -> None:
    assert canonicalize_url(find_urls(first, 1)[0]) == canonicalize_url(find_urls(second, 1)[0])


@pytest.mark.parametrize("url", ["ftp://example.com/", "mailto:a@b.c", "https:///x", "example.com/a", ""])
def test_urls_canonicalize_url_rejects_non_http(url: str) -> None:
    with pytest.raises(ValueError):
        canonicalize_url(url)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<https://example.com/a|example.com/a>", True),
        ("  <@U123>  <https://example.com/a>\n", True),
        ("https://example.com/a https://example.com/b", True),
        ("thoughts? https://example.com/a", True),
        ("no link at all", False),
        ("<@U123>", False),
        (
            "Officials said on Tuesday that the bridge would reopen next week after repairs costing $4m. "
            "Read more at https://example.com/a",
            False,
        ),
    ],
)
def test_urls_is_url_only(text: str, expected: bool) -> None:
    assert is_url_only(text) is expected


@given(
    st.sampled_from(["http", "https", "HTTP"]),
    st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,8}){1,2}", fullmatch=True),
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "id", "utm_source", "fbclid"]), st.text("xyz0", max_size=3))
    ),
)
def test_urls_canonicalize_url_is_idempotent(scheme: str, host: str, params: list[tuple[str, str]]) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    once = canonicalize_url(f"{scheme}://{host}/p?{query}")
    assert canonicalize_url(once) == once
    assert "utm_" not in once and "fbclid" not in once
