"""Finding links in pasted text and reducing them to one canonical form per article.

Slack sends links as `<https://example.com/a|label>` or `<https://example.com/a>`, escapes `&`, `<`, `>`
as HTML entities, and writes mentions as `<@U123>`, `<#C123|name>` or `<!here>`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import idna

# Query keys that only say where a click came from. Matched case-insensitively on the whole key.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
        "li_fat_id", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi", "hsctatracking", "vero_id", "vero_conv",
        "oly_enc_id", "oly_anon_id", "rb_clickid", "s_cid", "sr_share", "wt.mc_id", "wt_mc", "xtor",
        "ocid", "cmpid", "smid", "smtyp", "ito", "ncid", "taid", "ref_src", "ref_url", "__twitter_impression",
        "guccounter", "guce_referrer", "guce_referrer_sig", "at_medium", "at_campaign", "at_custom1",
        "at_custom2", "at_custom3", "at_custom4", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
        "ns_fee", "spm", "share_id", "cid_source", "mbid", "trk", "trkcampaign", "sc_cid", "icid", "intcmp",
    }
)
# Key prefixes of whole tracking families: utm_source, mc_cid, pk_campaign, ...
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "matomo_", "hsa_", "stm_")

DEFAULT_PORTS = {"http": 80, "https": 443}

# A message counts as "just links" when, besides the links and mentions, it has at most this many words
# ("see this", "thoughts?"). An article paste is hundreds of words, so any small number separates them.
MAX_COMMENT_WORDS_WITH_LINK = 8

_SLACK_ANGLE = re.compile(r"<([^<>\s]+?)>")
_BARE_URL = re.compile(r"""https?://[^\s<>"'`]+""", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!?'\"”’»)]}*_"
_WORD = re.compile(r"\w+")


def find_urls(text: str, limit: int) -> list[str]:
    """http(s) URLs in pasted text, in order, at most `limit`, one per canonical URL.

    Reads Slack's `<url|label>` / `<url>` forms and bare URLs; returns each URL as written (entities undone).
    """
    found: list[str] = []
    seen: set[str] = set()
    for url in _iter_urls(text):
        try:
            key = canonicalize_url(url)
        except ValueError:
            continue
        if key in seen:
            continue
        seen.add(key)
        found.append(url)
        if len(found) >= limit:
            break
    return found


def is_url_only(text: str) -> bool:
    """True when the message is link(s) plus mentions, whitespace and at most a short comment."""
    if not find_urls(text, 1):
        return False
    rest = _BARE_URL.sub(" ", _SLACK_ANGLE.sub(" ", text))  # raw `<...>` in Slack text is always an entity
    return len(_WORD.findall(rest)) <= MAX_COMMENT_WORDS_WITH_LINK


def canonicalize_url(url: str) -> str:
    """One spelling per article URL: lowercase scheme and host, no default port, no userinfo, no fragment,
    no tracking parameters, sorted query, host without trailing dot, IDN hosts in punycode.

    Raises ValueError for anything that is not an absolute http(s) URL with a host.
    """
    parts = urlsplit(_unescape_slack(url.strip()))
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = _canonical_host(parts.hostname or "")
    if not host:
        raise ValueError(f"URL without a host: {url!r}")
    port = parts.port  # raises ValueError on a non-numeric or out-of-range port
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = _normalize_escapes(parts.path) or "/"
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(pairs), quote_via=quote, safe="/:@!$'()*,;")
    return urlunsplit((scheme, netloc, path, query, ""))


def _iter_urls(text: str):
    """Every http(s) URL in the text, Slack angle forms first in place, then bare ones, in text order."""
    hits: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for match in _SLACK_ANGLE.finditer(text):
        target = match.group(1).split("|", 1)[0]
        if _is_http(target):
            hits.append((match.start(), _unescape_slack(target)))
            covered.append(match.span())
    for match in _BARE_URL.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        hits.append((match.start(), _strip_trailing(_unescape_slack(match.group(0)))))
    for _, url in sorted(hits):
        yield url


def _is_http(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def _unescape_slack(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _strip_trailing(url: str) -> str:
    """Drop sentence punctuation after a bare URL, keeping a closing bracket that closes one in the URL."""
    while url and url[-1] in _TRAILING_PUNCT:
        closer = url[-1]
        opener = {")": "(", "]": "[", "}": "{"}.get(closer)
        if opener and url.count(opener) >= url.count(closer):
            break
        url = url[:-1]
    return url


def _canonical_host(host: str) -> str:
    host = unquote(host).strip().lower().rstrip(".")
    if not host or ":" in host:
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return host


def _normalize_escapes(path: str) -> str:
    """Uppercase percent-escapes so `%2f` and `%2F` compare equal."""
    return re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), path)


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)
