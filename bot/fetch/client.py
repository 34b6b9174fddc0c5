"""Fetching one article URL over http(s) without letting a pasted link reach internal services.

Each hop (the first request and every redirect) goes through the same steps:
1. parse the URL with httpx's parser; http and https only; userinfo is dropped, never sent;
2. normalise the host and resolve it once; refuse if any address is not public (`addresses.py`);
3. connect to the checked IP itself, with `Host` and TLS SNI/certificate check set to the original name,
   in a fresh client (no pooled connection carries over to another host);
4. a redirect goes back to step 1 with the new URL; other statuses must be 2xx;
5. only HTML or plain text, read under the size cap and the total deadline (`body.py`), then decoded.
"""

from __future__ import annotations

import ipaddress
import ssl
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import httpx

from bot.fetch.addresses import AddressPolicy, IPAddress, normalize_host, parse_ip_literal, resolve_checked
from bot.fetch.body import ACCEPT_ENCODING, decode_text, read_capped
from bot.fetch.cache import PageCache
from bot.fetch.errors import FetchError
from bot.settings import Settings
from bot.urls import canonicalize_url

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = HTML_TYPES | {"text/plain"}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
HTTP_ERROR_MESSAGES = {
    401: "The site asks for a login (or a subscription). Paste the article text instead.",
    402: "That article is behind a paywall. Paste the article text instead.",
    403: "The site refused to let me read that page (paywall or bot blocking). "
    "Paste the article text instead.",
    404: "That page doesn't exist (404). Check the link.",
    410: "That page has been removed (410).",
    429: "The site is rate-limiting me. Try again in a few minutes, or paste the article text.",
}

@dataclass(slots=True)
class FetchedPage:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lowercase: "text/html"
    text: str  # decoded HTML or plain text
    fetched_at: datetime

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


_CACHE: PageCache[FetchedPage] = PageCache()


@dataclass(slots=True)
class _Hop:
    """One response: a redirect target or a finished page."""

    status: int
    location: httpx.URL | None = None
    page: FetchedPage | None = None


def fetch_page(
    url: str,
    settings: Settings,
    *,
    allow_hosts: Collection[str] = (),
    cache: PageCache[FetchedPage] | None = None,
    verify: ssl.SSLContext | bool = True,
) -> FetchedPage:
    """Fetch an article page; FetchError (with a `user_message`) on every refusal or failure.

    `allow_hosts` lists exact `host:port` pairs that may be private even when `settings.fetch_allow_private`
    is off (tests, a known on-premise CMS). Results are cached per canonical URL for
    `settings.fetch_cache_seconds`. `verify` is httpx's TLS setting (an internal CA's context, in tests).
    Any URL that httpx or idna cannot take (an invalid IDN host, a redirect to `http:\\\\host`) is a
    `bad_url` FetchError too, wherever it surfaces.
    """
    try:
        return _fetch_page(url, settings, allow_hosts=allow_hosts, cache=cache, verify=verify)
    except FetchError:
        raise
    except (ValueError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:  # UnicodeError is a ValueError
        raise FetchError("bad_url", f"{url!r}: {type(exc).__name__}: {exc}") from exc
    except httpx.HTTPError as exc:
        raise FetchError("unreachable", f"{url!r}: {type(exc).__name__}: {exc}") from exc


def _fetch_page(
    url: str,
    settings: Settings,
    *,
    allow_hosts: Collection[str],
    cache: PageCache[FetchedPage] | None,
    verify: ssl.SSLContext | bool,
) -> FetchedPage:
    try:
        key = canonicalize_url(url)
    except ValueError as exc:
        raise FetchError("bad_url", str(exc)) from exc
    cache = _CACHE if cache is None else cache
    use_cache = settings.fetch_cache_seconds > 0 and not allow_hosts  # an allow-list call is a special case
    if use_cache and (hit := cache.get(key, settings.fetch_cache_seconds)):
        return hit
    policy = AddressPolicy.build(settings.fetch_allow_private, allow_hosts)
    deadline = time.monotonic() + settings.fetch_total_timeout
    current = _parse(url)
    for _ in range(settings.fetch_max_redirects + 1):
        hop = _fetch_hop(current, settings, policy, deadline, verify)
        if hop.page is not None:
            hop.page.url = url
            if use_cache:
                cache.put(key, hop.page)
            return hop.page
        assert hop.location is not None
        current = hop.location
    raise FetchError("too_many_redirects", f"more than {settings.fetch_max_redirects} redirects from {url}")


def clear_cache() -> None:
    """Forget every cached page (tests, or after changing fetch settings)."""
    _CACHE.clear()


def _parse(url: str | httpx.URL, base: httpx.URL | None = None) -> httpx.URL:
    """An absolute http(s) URL with a host, resolved against `base` for redirects."""
    parsed: httpx.URL | None
    try:
        parsed = base.join(url) if base is not None else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        parsed = _with_dotted_ipv4(str(url))
        if parsed is None:
            raise FetchError("bad_url", f"cannot parse {url!r}: {exc}") from exc
    try:
        host = parsed.host  # decodes an IDN host: `xn--a` fails only here
    except ValueError as exc:
        raise FetchError("bad_url", f"invalid host in {url!r}: {exc}") from exc
    if parsed.scheme not in DEFAULT_PORTS or not host:
        raise FetchError("bad_url", f"not an http(s) URL with a host: {url!r}")
    return parsed


def _with_dotted_ipv4(url: str) -> httpx.URL | None:
    """The URL with a legacy IPv4 host (`0177.0.0.1`, which httpx rejects) spelled as a dotted quad, so it is
    checked like any address rather than failing to parse; None if the host is not such a literal."""
    parts = urlsplit(url)
    try:
        address = parse_ip_literal(normalize_host(parts.hostname or ""))
        port = parts.port
    except (FetchError, ValueError):
        return None
    if not isinstance(address, ipaddress.IPv4Address):
        return None
    netloc = f"{address}:{port}" if port else str(address)
    try:
        return httpx.URL(urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)))
    except httpx.InvalidURL:
        return None


def _fetch_hop(
    url: httpx.URL, settings: Settings, policy: AddressPolicy, deadline: float, verify: ssl.SSLContext | bool
) -> _Hop:
    host = normalize_host(url.host)
    port = url.port or DEFAULT_PORTS[url.scheme]
    resolve_timeout = _remaining(deadline, settings.fetch_connect_timeout)
    addresses = resolve_checked(host, port, policy, timeout=resolve_timeout)
    last_error: Exception | None = None
    for address in addresses:
        try:
            return _request(url, (host, port, address), settings, deadline, verify)
        except httpx.ConnectError as exc:  # try the next checked address, as a browser would
            last_error = exc
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{url} timed out: {exc!r}") from exc
        except httpx.TransportError as exc:
            raise FetchError("unreachable", f"{url}: {exc!r}") from exc
    if isinstance(last_error, httpx.ConnectTimeout):
        raise FetchError("timeout", f"connecting to {host} timed out")
    raise FetchError("unreachable", f"cannot connect to {host}:{port}: {last_error!r}")


def _request(
    url: httpx.URL,
    target: tuple[str, int, IPAddress],
    settings: Settings,
    deadline: float,
    verify: ssl.SSLContext | bool,
) -> _Hop:
    """One GET to the pinned address; reads the body only for a 2xx text response."""
    host, port, address = target
    ip = str(address).split("%")[0]
    pinned = httpx.URL(scheme=url.scheme, host=ip, port=url.port, raw_path=url.raw_path)
    host_header = f"[{host}]" if ":" in host else host
    if port != DEFAULT_PORTS[url.scheme]:
        host_header = f"{host_header}:{port}"
    extensions = {"sni_hostname": host} if url.scheme == "https" and ":" not in host else {}
    remaining = _remaining(deadline, settings.fetch_total_timeout)
    timeout = httpx.Timeout(remaining, connect=min(settings.fetch_connect_timeout, remaining))
    headers = {
        "Host": host_header,
        "User-Agent": settings.fetch_user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        "Accept-Encoding": ACCEPT_ENCODING,
        "Accept-Language": "en;q=1.0, *;q=0.5",
    }
    with (
        httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, verify=verify) as client,
        client.stream("GET", pinned, headers=headers, extensions=extensions) as response,
    ):
        if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
            return _Hop(response.status_code, location=_parse(response.headers["location"], base=url))
        if not 200 <= response.status_code < 300:
            message = HTTP_ERROR_MESSAGES.get(response.status_code)
            raise FetchError("http_error", f"{url} answered {response.status_code}", user_message=message)
        media_type, charset = _content_type(response.headers.get("content-type", ""))
        if media_type and media_type not in TEXT_TYPES:
            raise FetchError("bad_content_type", f"{url} is {media_type}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > settings.fetch_max_bytes:
            raise FetchError("too_large", f"{url} declares {declared} bytes")
        encoding = response.headers.get("content-encoding", "")
        body = read_capped(response.iter_raw(), encoding, settings.fetch_max_bytes, deadline)
    media_type = media_type or _sniff_type(body)
    text = decode_text(body, charset, html=media_type in HTML_TYPES)
    final_url = str(_without_userinfo(url))
    page = FetchedPage(final_url, final_url, response.status_code, media_type, text, _now())
    return _Hop(response.status_code, page=page)


def _content_type(header: str) -> tuple[str, str | None]:
    """Media type (lowercase) and charset parameter of a Content-Type header."""
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def _sniff_type(body: bytes) -> str:
    """A type for a response that declared none: HTML, plain text, or refused as binary."""
    head = body[:1024]
    if b"\x00" in head:
        raise FetchError("bad_content_type", "undeclared binary body")
    return "text/html" if b"<html" in head.lower() or b"<!doctype" in head.lower() else "text/plain"


def _without_userinfo(url: httpx.URL) -> httpx.URL:
    return url.copy_with(userinfo=b"") if url.userinfo else url


def _remaining(deadline: float, cap: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError("timeout", "total time limit reached")
    return min(remaining, cap)


def _now() -> datetime:
    return datetime.now(UTC)
