"""Reading a response body: decompressing under a size cap, then decoding it to text.

Decompression is done here rather than by httpx so the cap applies to the decompressed size as it grows
(one small gzip chunk can inflate to gigabytes).
"""

from __future__ import annotations

import codecs
import re
import time
import zlib
from collections.abc import Iterable

import charset_normalizer

from bot.fetch.errors import FetchError

ACCEPT_ENCODING = "gzip, deflate"
# Bytes searched for `<meta charset>`; the HTML standard asks user agents to look in the first 1024 bytes,
# real pages sometimes put it a little later.
META_SNIFF_BYTES = 4096
# Labels that browsers decode as windows-1252 (WHATWG Encoding Standard); pages labelled latin-1 very often
# contain 0x80-0x9F bytes meaning curly quotes and dashes.
WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"})
# Single-byte Latin code pages detection confuses with windows-1252 on English text (a windows-1252 page
# with curly quotes and "é" is often detected as cp1250). newsbot reads English news, where windows-1252 is
# by far the commonest legacy charset, so it wins among these when it decodes the bytes.
LATIN_NEIGHBOURS = frozenset(
    {"cp1250", "cp1254", "cp1257", "iso8859_2", "iso8859_4", "iso8859_9", "iso8859_13", "iso8859_15",
     "iso8859_16", "latin_1", "mac_latin2", "mac_roman", "cp1252"}
)

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class _Inflater:
    """gzip or deflate decompression whose output may not exceed a byte budget."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._obj = zlib.decompressobj(31 if encoding == "gzip" else 15)
        self._started = False

    def feed(self, data: bytes, budget: int) -> bytes:
        try:
            out = self._obj.decompress(data, budget + 1)
        except zlib.error:
            if self._encoding == "deflate" and not self._started:  # some servers send raw deflate
                self._obj = zlib.decompressobj(-15)
                out = self._obj.decompress(data, budget + 1)
            else:
                raise
        self._started = True
        if self._encoding == "gzip" and self._obj.eof and self._obj.unused_data:  # multi-member gzip
            rest = self._obj.unused_data
            self._obj = zlib.decompressobj(31)
            out += self.feed(rest, budget - len(out))
        return out


def read_capped(chunks: Iterable[bytes], content_encoding: str, max_bytes: int, deadline: float) -> bytes:
    """The decompressed body; FetchError `too_large` past `max_bytes`, `timeout` past `deadline`."""
    encoding = content_encoding.strip().lower()
    if encoding in {"", "identity"}:
        inflater = None
    elif encoding in {"gzip", "x-gzip", "deflate"}:
        inflater = _Inflater("deflate" if encoding == "deflate" else "gzip")
    else:
        raise FetchError("unreachable", f"unsupported content-encoding {content_encoding!r}")
    body = bytearray()
    try:
        for chunk in chunks:
            if time.monotonic() > deadline:
                raise FetchError("timeout", "body still arriving at the total deadline")
            body += inflater.feed(chunk, max_bytes - len(body)) if inflater else chunk
            if len(body) > max_bytes:
                raise FetchError("too_large", f"body over {max_bytes} bytes")
    except zlib.error as exc:
        raise FetchError("unreachable", f"corrupt {encoding} body: {exc}") from exc
    return bytes(body)


def decode_text(body: bytes, header_charset: str | None, *, html: bool) -> str:
    """Text from bytes: BOM, then the header's charset, then `<meta charset>`, then detection, then UTF-8.

    A declared charset that fails to decode strictly is skipped (servers mislabel pages).
    """
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_codec, errors="replace")
    declared = [header_charset, meta_charset(body) if html else None]
    for label in declared:
        codec = _codec_for(label)
        if codec is None:
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(body).best()
    if best is not None and best.encoding in LATIN_NEIGHBOURS:
        try:
            return body.decode("cp1252")
        except UnicodeDecodeError:
            pass
    if best is not None:
        return str(best)
    return body.decode("utf-8", errors="replace")


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in its first bytes, or None."""
    match = _META_CHARSET.search(body[:META_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def _codec_for(label: str | None) -> str | None:
    """A Python codec name for a charset label, None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in WINDOWS_1252_ALIASES:
        return "cp1252"
    if label.startswith("utf-16"):  # a page that got decoded far enough to read its meta is not UTF-16
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
