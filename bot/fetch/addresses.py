"""Which hosts a fetch may connect to.

A URL's host is normalised the way a resolver would read it (percent escapes, case, trailing dot, IDNA,
the legacy IPv4 spellings `2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`), resolved once, and every address
is checked. The caller then connects to one of these checked addresses, never to the name again, so a DNS
answer that changes between check and connect (rebinding) cannot slip through.
"""

from __future__ import annotations

import concurrent.futures
import ipaddress
import re
import socket
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import unquote

import idna

from bot.fetch.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges refused on top of what `ipaddress` calls non-global, listed explicitly so the rule does not depend
# on the Python patch release (the stdlib tables changed in 3.11.x/3.12.x).
BLOCKED_V4 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    )
)
BLOCKED_V6 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "::/8", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    )
)
NAT64_PREFIXES = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
LOCAL_SUFFIXES = (".localhost",)

_DECIMAL = re.compile(r"[0-9]+")
_OCTAL = re.compile(r"0[0-7]+")
_HEX = re.compile(r"0[xX][0-9a-fA-F]*")

_RESOLVER = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="newsbot-dns")


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """What may be fetched besides public addresses.

    `allow_private` opens every private address (tests, on-premise). `allow_hosts` opens exact `host:port`
    pairs only, matched against the URL's normalised host or the resolved address (`[::1]:8080` for IPv6).
    """

    allow_private: bool = False
    allow_hosts: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(cls, allow_private: bool, allow_hosts: Collection[str] = ()) -> AddressPolicy:
        return cls(allow_private, frozenset(h.lower() for h in allow_hosts))

    def allows(self, host: str, port: int, address: IPAddress | None) -> bool:
        """True when this host/address may be contacted even though it is not public."""
        if self.allow_private:
            return True
        keys = {_host_port(host, port)}
        if address is not None:
            keys.add(_host_port(str(address), port))
        return not keys.isdisjoint(self.allow_hosts)


def normalize_host(raw: str) -> str:
    """The host as a resolver sees it: unescaped, lowercase, no trailing dot, IDNA-encoded."""
    host = unquote(raw).strip().lower()
    if ":" in host:  # an IPv6 literal (httpx strips the brackets)
        return host
    host = host.rstrip(".")
    if not host or any(c.isspace() or c in "%/\\@" for c in host):
        raise FetchError("bad_url", f"unusable host {raw!r}")
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise FetchError("bad_url", f"bad international host {raw!r}") from exc


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a literal host denotes, None for a name.

    IPv4 follows the WHATWG URL rules (also what `inet_aton` accepts): 1-4 dot-separated parts in decimal,
    octal (leading 0) or hex (0x), the last part filling the remaining bytes. A host whose last label is
    numeric but malformed is refused rather than sent to DNS.
    """
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise FetchError("bad_url", f"bad IPv6 literal {host!r}") from exc
    parts = host.split(".")
    if not _looks_numeric(parts[-1]):
        return None
    try:
        numbers = [_parse_ipv4_part(p) for p in parts]
    except ValueError as exc:
        raise FetchError("bad_url", f"bad IPv4 literal {host!r}") from exc
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise FetchError("bad_url", f"bad IPv4 literal {host!r}")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def is_blocked_address(address: IPAddress) -> bool:
    """True for anything but a public unicast address, including IPv4 hidden inside IPv6."""
    if isinstance(address, ipaddress.IPv4Address):
        return _is_blocked_v4(address)
    if address.scope_id or any(address in net for net in BLOCKED_V6) or not address.is_global:
        return True
    if address.is_multicast or address.is_reserved or address.is_site_local:
        return True
    return any(_is_blocked_v4(inner) for inner in embedded_ipv4(address))


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries: mapped, compatible, 6to4, Teredo, NAT64."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if int(address) >> 32 == 0 or any(address in net for net in NAT64_PREFIXES):
        found.append(low32)
    return found


def resolve_checked(host: str, port: int, policy: AddressPolicy, *, timeout: float) -> list[IPAddress]:
    """Addresses to connect to for `host:port`, all of them permitted; FetchError when any is not."""
    literal = parse_ip_literal(host)
    if literal is not None:
        _check(host, port, literal, policy)
        return [literal]
    if (host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES)) and not policy.allows(host, port, None):
        raise FetchError("blocked_address", f"{host} is a local name")
    addresses = _resolve(host, port, timeout)
    for address in addresses:
        _check(host, port, address, policy)
    return addresses


def _check(host: str, port: int, address: IPAddress, policy: AddressPolicy) -> None:
    if is_blocked_address(address) and not policy.allows(host, port, address):
        raise FetchError("blocked_address", f"{host} -> {address} is not a public address")


def _resolve(host: str, port: int, timeout: float) -> list[IPAddress]:
    """getaddrinfo with a deadline (it has none of its own), deduplicated, in resolver order."""
    future = _RESOLVER.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=timeout)
    except concurrent.futures.TimeoutError as exc:
        raise FetchError("timeout", f"resolving {host} took over {timeout}s") from exc
    except (OSError, UnicodeError) as exc:
        raise FetchError("unreachable", f"cannot resolve {host}: {exc}") from exc
    addresses: list[IPAddress] = []
    for family, _, _, _, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if family == socket.AF_INET6 and len(sockaddr) == 4 and sockaddr[3]:
            address = ipaddress.IPv6Address(f"{address}%{sockaddr[3]}")  # keep the scope: it marks link-local
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError("unreachable", f"{host} has no IP address")
    return addresses


def _is_blocked_v4(address: ipaddress.IPv4Address) -> bool:
    return any(address in net for net in BLOCKED_V4) or not address.is_global


def _looks_numeric(label: str) -> bool:
    return bool(_DECIMAL.fullmatch(label) or _HEX.fullmatch(label))


def _parse_ipv4_part(part: str) -> int:
    if _HEX.fullmatch(part):
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        if not _OCTAL.fullmatch(part):
            raise ValueError(part)
        return int(part, 8)
    if _DECIMAL.fullmatch(part):
        return int(part)
    raise ValueError(part)


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
