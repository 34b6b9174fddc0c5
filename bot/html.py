"""An article from a web page: trafilatura finds the main text and metadata, `clean_text` cleans the lines.

The title from the page's metadata replaces the cleaner's guess, so `cleaned_text` is always that title, a
blank line, then the body paragraphs (`CleanedArticle`'s layout).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from bot.clean import clean_text
from bot.clean.rules import looks_like_sentence
from bot.clean.text import word_count
from bot.fetch import FetchedPage, FetchError
from bot.models import CleanedArticle
from bot.urls import canonicalize_url

# Fewest body words (`bot.clean.text.word_count`, which counts Chinese and Japanese text by characters) for a
# page to count as an article. Short wire briefs run ~80-150 words; cookie walls, paywall teasers and section
# fronts that survive extraction run ~10-50 words.
MIN_ARTICLE_WORDS = 60
# A shorter body still counts when it has this many words in at least MIN_BRIEF_SENTENCES paragraphs that are
# sentences of PROSE_WORDS or more: a news brief ("Police arrested a 57-year-old man ..." on Zyte's jpost
# page is 64 words in three sentences); a teaser or cookie notice left by the rules is one or two short lines.
MIN_BRIEF_WORDS = 30
MIN_BRIEF_SENTENCES = 2
PROSE_WORDS = 8

_SPACES = re.compile(r"\s+")
# trafilatura's options: metadata on, comments/images/links off, tables on (figures live in tables:
# on Zyte's benchmark F1 went 0.958 -> 0.961 with them).
EXTRACTION_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "output_format": "python",
}


def article_from_html(
    html: str, *, url: str | None, source: str | None = None, known_boilerplate: frozenset[str] = frozenset()
) -> CleanedArticle:
    """The page's article as a `CleanedArticle`; FetchError `not_an_article` if there is no article text.

    `known_boilerplate`: line fingerprints this site repeats across stored articles (see `bot.clean`)."""
    doc = trafilatura.bare_extraction(html, url=url, **EXTRACTION_OPTIONS)
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        raise FetchError("not_an_article", f"no main text found on {url or source or 'page'}")
    title = _one_line(getattr(doc, "title", None))
    site_name = _site_name(getattr(doc, "sitename", None), url)
    name = source or site_name or _host(url) or "web"
    raw = f"{title}\n{text}" if title else text
    cleaned = clean_text(raw, source=name, known_boilerplate=known_boilerplate, use_model=False)
    article = _with_title(cleaned, title)
    if not has_article_body(article):
        raise FetchError("not_an_article", f"under {MIN_ARTICLE_WORDS} words of body on {url or name}")
    article.author = _authors(getattr(doc, "author", None)) or article.author
    article.published = _date(getattr(doc, "date", None)) or article.published
    article.site_name = site_name
    article.url = url
    article.canonical_url = _canonical(url, getattr(doc, "url", None))
    return article


def article_from_page(page: FetchedPage, known_boilerplate: frozenset[str] = frozenset()) -> CleanedArticle:
    """A fetched page as an article: HTML through trafilatura, plain text straight to the cleaner."""
    if page.is_html:
        return article_from_html(page.text, url=page.final_url, known_boilerplate=known_boilerplate)
    source = _host(page.final_url) or page.final_url
    article = clean_text(page.text, source=source, known_boilerplate=known_boilerplate)
    if not has_article_body(article):
        raise FetchError("not_an_article", f"under {MIN_ARTICLE_WORDS} words of text at {page.final_url}")
    article.url = page.final_url
    article.canonical_url = canonicalize_url(page.final_url)
    return article


def has_article_body(article: CleanedArticle) -> bool:
    """At least MIN_ARTICLE_WORDS body words, or a brief: MIN_BRIEF_WORDS words in prose paragraphs."""
    paragraphs = article.cleaned_text[article.body_start :].split("\n\n")
    if sum(word_count(p) for p in paragraphs) >= MIN_ARTICLE_WORDS:
        return True
    prose = [p for p in paragraphs if looks_like_sentence(p) and word_count(p) >= PROSE_WORDS]
    return len(prose) >= MIN_BRIEF_SENTENCES and sum(word_count(p) for p in prose) >= MIN_BRIEF_WORDS


def _with_title(article: CleanedArticle, title: str) -> CleanedArticle:
    """Put the metadata title first, whatever the cleaner made of it (kept, dropped, or taken as body)."""
    if not title:
        return article
    paragraphs = article.cleaned_text.split("\n\n") if article.cleaned_text else []
    body = paragraphs[1:] if article.title is not None else paragraphs
    if body and body[0].casefold() == title.casefold():
        body = body[1:]
    article.cleaned_text = "\n\n".join([title, *body])
    article.title = title
    return article


def _one_line(value: str | None) -> str:
    return _SPACES.sub(" ", value or "").strip()


def _site_name(declared: str | None, url: str | None) -> str | None:
    """The page's site name; a bare host name is trafilatura's fallback (maybe from a foreign canonical link),
    so the fetched URL's host wins over it."""
    name = _one_line(declared)
    if url and (not name or (" " not in name and "." in name)):
        return _host(url)
    return name or None


def _authors(value: str | None) -> str | None:
    """trafilatura joins authors with ';'."""
    names = [_one_line(n) for n in (value or "").split(";")]
    return ", ".join(n for n in names if n) or None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _canonical(url: str | None, declared: str | None) -> str | None:
    """The page's own canonical link when it is on the same site and names an article, else the URL's.

    Some sites declare their home page (or a section) as every article's canonical link; trusting it
    would make every later article from that site a duplicate of the first."""
    candidates = [u for u in (declared, url) if u]
    if url and declared and (_host(declared) != _host(url) or not _is_article_path(declared, url)):
        candidates = [url]
    for candidate in candidates:
        try:
            return canonicalize_url(candidate)
        except ValueError:
            continue
    return None


def _is_article_path(declared: str, url: str) -> bool:
    """The declared canonical names this article: same last path segment (slug), or a path at least as
    deep as the fetched one; never the home page."""
    declared_parts = [p for p in urlsplit(declared).path.split("/") if p]
    url_parts = [p for p in urlsplit(url).path.split("/") if p]
    if not declared_parts:
        return False
    return not url_parts or declared_parts[-1] == url_parts[-1] or len(declared_parts) >= len(url_parts)
