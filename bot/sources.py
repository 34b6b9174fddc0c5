"""Sources as a reporter names them: outlet or site, title, date, link.

Never a channel id, a file path or a database id: a page is named by its site, a Slack paste by who
pasted it where and when ("pasted by @maria in #politics on 2026-03-04"), a file by its name only.
`Source` is plain data; the CLI prints `source_text`, the Slack blocks build their own mrkdwn from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from bot.models import ClaimRef, StoredArticle

SAFE_LINK_CHARS = frozenset('<>|" \n\t')


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article came from, in the words and links a reporter recognises."""

    outlet: str | None  # site name, or the host of its URL
    title: str | None
    published: date | None
    stored: date | None  # when newsbot stored it (the date of a paste)
    url: str | None = None  # the article's own http(s) address
    permalink: str | None = None  # newsbot's Slack message about it
    pasted_by: str | None = None  # Slack user name (never an id)
    channel_id: str | None = None  # shown only as a Slack channel mention, which Slack names
    channel_name: str | None = None
    file_name: str | None = None  # CLI input: the file's name without its folders
    from_stdin: bool = False

    @property
    def link(self) -> str | None:
        """The article itself when it has an address, else where newsbot analyzed it in Slack."""
        for candidate in (self.url, self.permalink):
            if safe_link(candidate):
                return candidate
        return None

    @property
    def date(self) -> date | None:
        """The date shown: when it was pasted, for a paste; else when it was published (if known)."""
        if not self.outlet and not self.file_name:
            return self.stored or self.published
        return self.published


def safe_link(url: str | None) -> bool:
    """An http(s) address that can sit inside Slack's `<url|label>` link syntax as it is."""
    return bool(url and url.startswith(("http://", "https://")) and not SAFE_LINK_CHARS & set(url))


def outlet_of(site_name: str | None, url: str | None) -> str | None:
    if site_name and site_name.strip():
        return " ".join(site_name.split())
    if url and url.startswith(("http://", "https://")):
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def source_of(
    *,
    source: str,
    site_name: str | None,
    url: str | None,
    title: str | None,
    published: date | None,
    stored: date | None,
    origin: dict[str, Any] | None = None,
    permalink: str | None = None,
) -> Source:
    """A `Source` from what the store keeps about an article (`source` is the internal origin string:
    a file path, "stdin", "slack:<channel>" or a URL; it is read here, never shown)."""
    origin = origin or {}
    channel = origin.get("channel_id")
    if not channel and source.startswith("slack:"):
        channel = source.removeprefix("slack:")
    is_file = not source.startswith(("slack:", "http://", "https://")) and source not in ("stdin", "paste")
    return Source(
        outlet=outlet_of(site_name, url),
        title=title,
        published=published,
        stored=stored,
        url=url if safe_link(url) else None,
        permalink=permalink if safe_link(permalink) else None,
        pasted_by=origin.get("user_name") or None,
        channel_id=channel if channel and channel.isalnum() else None,
        channel_name=origin.get("channel_name") or None,
        file_name=PurePath(source).name if is_file and source else None,
        from_stdin=source == "stdin",
    )


def source_name(src: Source) -> str:
    """The name alone, as plain text (the CLI, plain fallbacks): outlet, or who pasted it where."""
    if src.outlet:
        return src.outlet
    if src.file_name:
        return f"file {src.file_name}"
    if src.from_stdin:
        return "pasted on the command line"
    if src.channel_id or src.pasted_by:
        who = f" by @{src.pasted_by}" if src.pasted_by else ""
        where = f" in #{src.channel_name}" if src.channel_name else " in Slack"
        return f"pasted{who}{where}"
    return "pasted article"


def is_paste(src: Source) -> bool:
    """No outlet and no file: named by who pasted it, "on <date>" rather than a publication date."""
    return not src.outlet and not src.file_name


def source_text(src: Source, *, with_title: bool = True) -> str:
    """ "Outlet, “Title”, 2026-03-04" as plain text; a paste reads "pasted by @maria in #politics on
    2026-03-04, “Title”"."""
    day = src.date.isoformat() if src.date else None
    title = [f"“{src.title}”"] if with_title and src.title else []
    if is_paste(src):
        return ", ".join([source_name(src) + (f" on {day}" if day else ""), *title])
    return ", ".join([source_name(src), *title, *([day] if day else [])])


def source_for(ref: ClaimRef, sources: Mapping[int, Source] | None) -> Source:
    """The stored source of a finding side; without one, what the side itself says (never an id)."""
    known = (sources or {}).get(ref.article_id)
    if known is not None:
        return known
    return source_of(
        source=ref.source, site_name=None, url=None, title=ref.title, published=ref.published, stored=None
    )


def article_source(article: StoredArticle, sources: Mapping[int, Source] | None) -> Source:
    """The stored source of an article; without one, what the article row handed over says."""
    known = (sources or {}).get(article.id)
    if known is not None:
        return known
    return source_of(
        source=article.source,
        site_name=None,
        url=article.url,
        title=article.title,
        published=article.published,
        stored=None,
    )
