from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from bot.fetch import FetchedPage, FetchError
from bot.html import MIN_ARTICLE_WORDS, MIN_BRIEF_WORDS, article_from_html, article_from_page

PARAGRAPHS = [
    "The city council voted 7-2 on Tuesday to add 12 bus routes to the network by next spring, "
    "officials said after a four-hour meeting.",
    '"This is the biggest expansion of service in a generation," Mayor Ann Smith told reporters outside '
    "city hall, adding that fares would stay at $2.50.",
    "The plan will cost about $61 million over five years, according to a budget document seen by the paper. "
    "Opponents said the money would be better spent repairing roads and bridges across the county.",
    "Transit officials expect ridership to grow by 15% within two years, though critics called the estimate "
    "optimistic given the fall in commuting since 2020 and the slow return of office workers downtown.",
]

CHROME_TOP = """
<header><a href="/">City Times</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies on this site. <button>Accept all cookies</button></div>
"""
CHROME_BOTTOM = """
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Road works delayed</a></li>
<li><a href="/b">Council tax to rise</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>bob99 wrote: Great news, about time the council did something for us riders!</p></div>
</section>
<footer><p>© 2024 City Times. All rights reserved.</p><p>Sign up for our newsletter.</p></footer>
"""


def _page(paragraphs: list[str], *, head: str = "", h1: str = "Council adds 12 bus routes") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head>{head}</head><body>{CHROME_TOP}"
        f"<main><article><h1>{h1}</h1>\n{body}</article></main>{CHROME_BOTTOM}</body></html>"
    )


HEAD = """<title>Council adds 12 bus routes | City Times</title>
<meta property="og:title" content="Council adds 12 bus routes">
<meta property="og:site_name" content="City Times">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://citytimes.example/news/bus-routes">"""


def test_html_article_from_html_takes_metadata_and_main_text() -> None:
    article = article_from_html(
        _page(PARAGRAPHS, head=HEAD), url="https://www.citytimes.example/x?utm_source=t"
    )
    assert article.title == "Council adds 12 bus routes"
    assert (article.author, article.published, article.site_name) == (
        "Jane Doe",
        date(2024, 3, 5),
        "City Times",
    )
    assert article.source == "City Times"
    assert article.url == "https://www.citytimes.example/x?utm_source=t"
    assert article.canonical_url == "https://citytimes.example/news/bus-routes"
    assert article.cleaned_text == "\n\n".join([article.title, *PARAGRAPHS])


@pytest.mark.parametrize(
    "junk",
    ["Accept all cookies", "Related stories", "bob99 wrote", "All rights reserved", "Sport", "newsletter"],
)
def test_html_article_from_html_drops_page_chrome_and_comments(junk: str) -> None:
    article = article_from_html(_page(PARAGRAPHS, head=HEAD), url="https://citytimes.example/x")
    assert junk not in article.cleaned_text


@pytest.mark.parametrize(
    ("head", "url", "source", "expected_source", "expected_canonical"),
    [
        (
            "",
            "https://www.citytimes.example/a?fbclid=1",
            None,
            "citytimes.example",
            "https://www.citytimes.example/a",
        ),
        ("", None, "saved/page.html", "saved/page.html", None),
        (  # a canonical link to another site is not trusted
            '<link rel="canonical" href="https://elsewhere.example/b">',
            "https://citytimes.example/a",
            None,
            "citytimes.example",
            "https://citytimes.example/a",
        ),
        (  # a site declaring its home page canonical for every article: the article's own URL wins
            '<link rel="canonical" href="https://citytimes.example/">',
            "https://citytimes.example/2024/05/bus-routes",
            None,
            "citytimes.example",
            "https://citytimes.example/2024/05/bus-routes",
        ),
        (  # nor a shallower section page
            '<link rel="canonical" href="https://citytimes.example/news">',
            "https://citytimes.example/2024/05/bus-routes",
            None,
            "citytimes.example",
            "https://citytimes.example/2024/05/bus-routes",
        ),
        (  # an AMP copy pointing at the article (same slug) is trusted
            '<link rel="canonical" href="https://citytimes.example/news/bus-routes">',
            "https://citytimes.example/amp/news/2024/bus-routes",
            None,
            "citytimes.example",
            "https://citytimes.example/news/bus-routes",
        ),
    ],
)
def test_html_article_from_html_source_and_canonical_url(
    head: str, url: str | None, source: str | None, expected_source: str, expected_canonical: str | None
) -> None:
    article = article_from_html(_page(PARAGRAPHS, head=head), url=url, source=source)
    assert article.source == expected_source
    assert article.canonical_url == expected_canonical


def test_html_article_from_html_without_metadata_title_keeps_layout() -> None:
    article = article_from_html(_page(PARAGRAPHS), url=None)
    assert article.cleaned_text.endswith(PARAGRAPHS[-1])
    if article.title:
        assert article.cleaned_text.startswith(article.title + "\n\n")
    assert "\n\n\n" not in article.cleaned_text


BOILERPLATE_ONLY = (
    f"<!doctype html><html><head><title>City Times</title></head><body>{CHROME_TOP}{CHROME_BOTTOM}"
)
PAYWALL = _page(
    [
        "The city council voted on Tuesday to add bus routes.",
        "Subscribe to continue reading. Already a member? Log in.",
    ],
    head=HEAD,
)


@pytest.mark.parametrize(
    "html",
    [BOILERPLATE_ONLY, PAYWALL, "<html><body></body></html>", "", "<html><body><p>Hi</p></body></html>"],
)
def test_html_article_from_html_refuses_pages_without_article(html: str) -> None:
    with pytest.raises(FetchError) as info:
        article_from_html(html, url="https://citytimes.example/x")
    assert info.value.kind == "not_an_article"
    assert "paywall" in info.value.user_message


def test_html_article_from_page_plain_text() -> None:
    text = "Council adds 12 bus routes\n\n" + "\n\n".join(PARAGRAPHS)
    page = FetchedPage(
        "https://x.example/a.txt", "https://x.example/a.txt", 200, "text/plain", text, datetime.now(UTC)
    )
    article = article_from_page(page)
    assert article.title == "Council adds 12 bus routes"
    assert article.url == article.canonical_url == "https://x.example/a.txt"
    assert article.cleaned_text == text


def test_html_article_from_page_html_uses_final_url() -> None:
    html = _page(PARAGRAPHS, head=HEAD.replace("<link", "<x"))
    page = FetchedPage(
        "https://t.example/1",
        "https://citytimes.example/n?utm_medium=x",
        200,
        "text/html",
        html,
        datetime.now(UTC),
    )
    article = article_from_page(page)
    assert article.url == "https://citytimes.example/n?utm_medium=x"
    assert article.canonical_url == "https://citytimes.example/n"


def test_html_article_from_html_accepts_short_brief() -> None:
    brief = PARAGRAPHS[:3]
    assert MIN_ARTICLE_WORDS < sum(len(p.split()) for p in brief) < 100
    article = article_from_html(_page(brief, head=HEAD), url="https://citytimes.example/brief")
    assert article.cleaned_text.endswith(brief[-1])


# A Japanese news brief of about 170 characters: a \w+ count saw 8 "words" in it and refused the page.
JAPANESE_BRIEF = [
    "先日、不正に改造したスマートフォンを販売したとして、商標法違反の疑いで二十代の男性が逮捕されました。",
    "警察によると、男性はインターネットの通販サイトで、およそ五十台を販売していたということです。",
    "メーカーは改造を認めておらず、品質を保証する機能を害するとして、商標権の侵害にあたると判断されました。",
    "警察は、ほかにも購入した人がいないか調べています。",
]


def test_html_article_from_html_counts_japanese_by_characters() -> None:
    headline = "改造スマホ販売で男性逮捕"
    html = _page(JAPANESE_BRIEF, head=f"<title>{headline}</title>", h1=headline)
    article = article_from_html(html, url="https://news.example.jp/a/1")
    assert article.cleaned_text.endswith(JAPANESE_BRIEF[-1])
    assert len(re.findall(r"\w+", article.cleaned_text[article.body_start :])) < MIN_ARTICLE_WORDS


def test_html_article_from_html_accepts_a_brief_of_prose_under_the_word_floor() -> None:
    brief = [
        "Police arrested a 57-year-old man on Wednesday after a doctor was stabbed at a lecture in Berlin.",
        "Another man was critically injured as he tried to stop the attacker, police said.",
    ]
    assert MIN_BRIEF_WORDS <= sum(len(p.split()) for p in brief) < MIN_ARTICLE_WORDS
    article = article_from_html(_page(brief, head=HEAD), url="https://citytimes.example/brief")
    assert article.cleaned_text.endswith(brief[-1])
