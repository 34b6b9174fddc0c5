"""Address checks of `fetch_page` and `bot.fetch.addresses`. No network: literals need no DNS, and
`socket.getaddrinfo` is replaced so that any name other than the ones a test sets up fails the test."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from bot.fetch import FetchError, fetch_page
from bot.fetch.addresses import AddressPolicy, is_blocked_address, normalize_host, parse_ip_literal
from bot.settings import Settings

BLOCKED_URLS = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8080/admin",
    "https://127.0.0.1/",
    "http://127.1/",
    "http://127.0.1/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://017700000001/",
    "http://0x7f.0x0.0x0.0x1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://[::1]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:10.0.0.1]:443/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[64:ff9b::a00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[2002:c0a8:101::1]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fec0::1]/",
    "http://[ff02::1]/",
    "http://[2001:db8::1]/",
    "http://localhost/",
    "http://LOCALHOST/",
    "http://localhost./",
    "http://api.localhost/",
    "http://127.0.0.1./",
    "http://example.com@127.0.0.1/",
    "http://user:pass@10.0.0.1/",
    "http://%31%32%37.0.0.1/",
    "http://10.0.0.1/",
    "http://0x0a.0.0.1/",
    "http://012.0.0.1/",
    "http://167772161/",
    "http://10.255.255.255/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://100.127.255.254/",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://198.18.0.1/",
    "http://192.0.0.1/",
    "http://192.0.2.1/",
]

BAD_URLS = [
    "ftp://example.com/file",
    "file:///etc/passwd",
    "gopher://example.com/",
    "javascript:alert(1)",
    "http:///nohost",
    "http://256.1.1.1/",
    "http://08.1.1.1/",
    "http://1.2.3.4.5/",
    "not a url",
]

# What fake DNS answers, by name; anything else fails the test.
FAKE_DNS = {
    "intranet.example": ["10.1.2.3"],
    "mixed.example": ["93.184.216.34", "127.0.0.1"],
    "v6loop.example": ["::1"],
    "mapped.example": ["::ffff:192.168.1.1"],
    "metadata.example": ["169.254.169.254"],
    "linklocal6.example": ["fe80::1%1"],
    "shared.example": ["100.64.12.1"],
}


def _fake_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    if host not in FAKE_DNS:
        pytest.fail(f"unexpected DNS lookup of {host!r}")
    infos = []
    for text in FAKE_DNS[host]:
        if ":" in text:
            addr, _, scope = text.partition("%")
            infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (addr, port, 0, int(scope or 0))))
        else:
            infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (text, port)))
    return infos


@pytest.fixture(autouse=True)
def no_real_dns(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", _fake_getaddrinfo)


@pytest.fixture
def strict() -> Settings:
    return Settings(fetch_allow_private=False, fetch_cache_seconds=0, fetch_total_timeout=2.0)


@pytest.mark.parametrize("url", BLOCKED_URLS)
def test_fetch_page_refuses_internal_address_forms(url: str, strict: Settings) -> None:
    with pytest.raises(FetchError) as info:
        fetch_page(url, strict)
    assert info.value.kind == "blocked_address"
    assert "private or internal" in info.value.user_message


@pytest.mark.parametrize("url", BAD_URLS)
def test_fetch_page_refuses_malformed_or_non_http_urls(url: str, strict: Settings) -> None:
    with pytest.raises(FetchError) as info:
        fetch_page(url, strict)
    assert info.value.kind == "bad_url"


@pytest.mark.parametrize("name", [n for n in FAKE_DNS if n != "mixed.example"] + ["mixed.example"])
def test_fetch_page_refuses_names_resolving_to_internal_addresses(name: str, strict: Settings) -> None:
    with pytest.raises(FetchError) as info:
        fetch_page(f"http://{name}/story", strict)
    assert info.value.kind == "blocked_address"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("1.2.3.4", "1.2.3.4"),
        ("0x5d.0270.55330", "93.184.216.34"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("example.com", None),
        ("1.2.3.example", None),
    ],
)
def test_addresses_parse_ip_literal_reads_legacy_forms(host: str, expected: str | None) -> None:
    parsed = parse_ip_literal(host)
    assert (str(parsed) if parsed else None) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("LocalHost.", "localhost"), ("%31%32%37.0.0.1", "127.0.0.1"), ("Bücher.de", "xn--bcher-kva.de")],
)
def test_addresses_normalize_host_unescapes_lowercases_and_encodes(raw: str, expected: str) -> None:
    assert normalize_host(raw) == expected


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2002:808:808::1", "2a00:1450:4001::200e"]
)
def test_addresses_public_addresses_are_allowed(address: str) -> None:
    assert not is_blocked_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("policy", "host", "port", "address", "expected"),
    [
        (AddressPolicy.build(False, ["127.0.0.1:8000"]), "127.0.0.1", 8000, "127.0.0.1", True),
        (AddressPolicy.build(False, ["127.0.0.1:8000"]), "127.0.0.1", 8001, "127.0.0.1", False),
        (AddressPolicy.build(False, ["127.0.0.1:8000"]), "10.0.0.1", 8000, "10.0.0.1", False),
        (AddressPolicy.build(False, ["[::1]:8000"]), "::1", 8000, "::1", True),
        (AddressPolicy.build(False, ["cms.internal:443"]), "cms.internal", 443, "10.9.9.9", True),
        (AddressPolicy.build(True), "10.0.0.1", 80, "10.0.0.1", True),
        (AddressPolicy.build(False), "10.0.0.1", 80, "10.0.0.1", False),
    ],
)
def test_addresses_policy_allows_only_listed_host_port(
    policy: AddressPolicy, host: str, port: int, address: str, expected: bool
) -> None:
    assert policy.allows(host, port, ipaddress.ip_address(address)) is expected


def test_fetch_page_resolves_each_name_once_and_refuses_before_connecting(
    monkeypatch, strict: Settings
) -> None:
    calls: list[str] = []

    def counting(host, *args, **kwargs):
        calls.append(host)
        return _fake_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    with pytest.raises(FetchError):
        fetch_page("http://intranet.example/a", strict)
    assert calls == ["intranet.example"]
