"""`fetch_page` against real HTTP servers the tests start on 127.0.0.1 (no other traffic is ever sent)."""

from __future__ import annotations

import contextlib
import gzip
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.fetch import FetchError, fetch_page
from bot.fetch.cache import PageCache
from bot.html import article_from_page
from bot.settings import Settings

pytestmark = pytest.mark.slow

Route = Callable[[BaseHTTPRequestHandler], None]

ARTICLE = "<html><head><title>Bridge</title></head><body><p>The bridge reopened on Monday.</p></body></html>"


@dataclass
class LocalServer:
    """A stdlib HTTP server on 127.0.0.1 with routes set by the test, recording request headers."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    @property
    def hostport(self) -> str:
        return f"127.0.0.1:{self.port}"


def _serve(tls: ssl.SSLContext | None = None) -> Iterator[LocalServer]:
    state = LocalServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            state.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = state.routes.get(self.path.split("?", 1)[0])
            if route is None:
                _send(self, 404, "text/plain", b"not found")
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from _serve()


@pytest.fixture
def other_server() -> Iterator[LocalServer]:
    yield from _serve()


@pytest.fixture
def settings() -> Settings:
    return Settings(
        fetch_allow_private=True,
        fetch_cache_seconds=0,
        fetch_connect_timeout=2.0,
        fetch_total_timeout=3.0,
        fetch_max_bytes=200_000,
        fetch_max_redirects=3,
    )


@pytest.fixture
def strict(settings: Settings) -> Settings:
    return settings.model_copy(update={"fetch_allow_private": False})


def _send(
    handler: BaseHTTPRequestHandler, status: int, ctype: str | None, body: bytes, **headers: str
) -> None:
    handler.send_response(status)
    if ctype:
        handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def _page(body: bytes, ctype: str | None = "text/html; charset=utf-8", **headers: str) -> Route:
    return lambda h: _send(h, 200, ctype, body, **headers)


def _redirect(location: str, status: int = 302) -> Route:
    return lambda h: _send(h, status, "text/plain", b"", Location=location)


def _expect(kind: str, url: str, settings: Settings, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch_page(url, settings, **kwargs)
    assert info.value.kind == kind, info.value
    assert info.value.user_message
    return info.value


def test_fetch_page_reads_html_and_reports_type(server: LocalServer, settings: Settings) -> None:
    server.routes["/a"] = _page(ARTICLE.encode())
    page = fetch_page(server.url("/a"), settings)
    assert (page.status, page.content_type, page.text) == (200, "text/html", ARTICLE)
    assert page.final_url == page.url == server.url("/a")
    assert page.fetched_at.tzinfo is not None


def test_fetch_page_connects_to_checked_ip_with_original_host_header(
    server: LocalServer, strict: Settings, monkeypatch
) -> None:
    """A name is resolved once; the request goes to that address and carries the name in `Host`."""
    lookups: list[str] = []

    def fake_dns(host, port, *args, **kwargs):
        if host == "127.0.0.1":  # the socket layer "resolves" the pinned literal again; that is no DNS
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (host, port))]
        lookups.append(host)
        answer = "127.0.0.1" if len(lookups) == 1 else "10.0.0.1"  # a rebinding resolver
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    server.routes["/a"] = _page(ARTICLE.encode())
    page = fetch_page(server.url("/a", host="news.example"), strict, allow_hosts=[server.hostport])
    assert page.text == ARTICLE
    assert lookups == ["news.example"]
    assert server.seen[0][1]["host"] == f"news.example:{server.port}"


def test_fetch_page_drops_userinfo(server: LocalServer, settings: Settings) -> None:
    server.routes["/a"] = _page(ARTICLE.encode())
    page = fetch_page(f"http://reporter:secret@127.0.0.1:{server.port}/a", settings)
    assert "secret" not in page.final_url
    assert "authorization" not in server.seen[0][1]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_fetch_page_follows_redirects(server: LocalServer, settings: Settings, status: int) -> None:
    server.routes["/old"] = _redirect("/middle", status)
    server.routes["/middle"] = _redirect(server.url("/new"), status)
    server.routes["/new"] = _page(ARTICLE.encode())
    page = fetch_page(server.url("/old"), settings)
    assert page.url == server.url("/old")
    assert page.final_url == server.url("/new")
    assert [path for path, _ in server.seen] == ["/old", "/middle", "/new"]


def test_fetch_page_stops_endless_redirects(server: LocalServer, settings: Settings) -> None:
    server.routes["/loop"] = _redirect("/loop")
    _expect("too_many_redirects", server.url("/loop"), settings)
    assert len(server.seen) == settings.fetch_max_redirects + 1


@pytest.mark.parametrize("target", ["http://10.0.0.1/", "http://[::1]:{other}/", "http://169.254.169.254/"])
def test_fetch_page_refuses_redirect_to_blocked_address(
    server: LocalServer, other_server: LocalServer, strict: Settings, target: str
) -> None:
    """Only the first hop is allow-listed, so the redirect target is checked with private addresses off."""
    server.routes["/r"] = _redirect(target.format(other=other_server.port))
    _expect("blocked_address", server.url("/r"), strict, allow_hosts=[server.hostport])
    assert other_server.seen == []


def test_fetch_page_redirect_between_allowed_hosts(
    server: LocalServer, other_server: LocalServer, strict: Settings
) -> None:
    server.routes["/r"] = _redirect(other_server.url("/a"))
    other_server.routes["/a"] = _page(ARTICLE.encode())
    _expect("blocked_address", server.url("/r"), strict, allow_hosts=[server.hostport])
    assert other_server.seen == []
    page = fetch_page(server.url("/r"), strict, allow_hosts=[server.hostport, other_server.hostport])
    assert page.final_url == other_server.url("/a")
    page = fetch_page(server.url("/r"), strict.model_copy(update={"fetch_allow_private": True}))
    assert page.text == ARTICLE


def test_fetch_page_refuses_private_first_hop_without_permission(
    server: LocalServer, strict: Settings
) -> None:
    server.routes["/a"] = _page(ARTICLE.encode())
    _expect("blocked_address", server.url("/a"), strict)
    assert server.seen == []


def test_fetch_page_times_out_on_slow_answer(server: LocalServer, settings: Settings) -> None:
    def slow(h: BaseHTTPRequestHandler) -> None:
        time.sleep(2.0)
        _send(h, 200, "text/html", ARTICLE.encode())

    server.routes["/slow"] = slow
    fast = settings.model_copy(update={"fetch_total_timeout": 0.5})
    started = time.monotonic()
    _expect("timeout", server.url("/slow"), fast)
    assert time.monotonic() - started < 1.9  # well before the 2 s the server would take


def test_fetch_page_times_out_on_trickling_body(server: LocalServer, settings: Settings) -> None:
    """Each read is quick, but the whole body would take longer than the total timeout."""

    def trickle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        for _ in range(40):
            h.wfile.write(b"<p>a</p>" * 10)
            h.wfile.flush()
            time.sleep(0.05)

    server.routes["/trickle"] = trickle
    fast = settings.model_copy(update={"fetch_total_timeout": 0.6})
    _expect("timeout", server.url("/trickle"), fast)


def test_fetch_page_caps_endless_body(server: LocalServer, settings: Settings) -> None:
    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        while True:
            h.wfile.write(b"<p>" + b"x" * 8192 + b"</p>")

    server.routes["/endless"] = endless
    _expect("too_large", server.url("/endless"), settings)


def test_fetch_page_refuses_declared_oversize_before_reading(server: LocalServer, settings: Settings) -> None:
    server.routes["/big"] = _page(b"x" * (settings.fetch_max_bytes + 1))
    _expect("too_large", server.url("/big"), settings)


def test_fetch_page_caps_gzip_bomb_by_decompressed_size(server: LocalServer, settings: Settings) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * (settings.fetch_max_bytes * 20))
    assert len(bomb) < settings.fetch_max_bytes
    server.routes["/bomb"] = _page(bomb, Content_Encoding="gzip")
    _expect("too_large", server.url("/bomb"), settings)


@pytest.mark.parametrize(
    "ctype", ["image/png", "application/pdf", "application/octet-stream", "video/mp4", "application/json"]
)
def test_fetch_page_refuses_non_text_types(server: LocalServer, settings: Settings, ctype: str) -> None:
    server.routes["/f"] = _page(b"\x89PNG\r\n\x1a\n\x00\x00", ctype)
    error = _expect("bad_content_type", server.url("/f"), settings)
    assert "isn't a web page" in error.user_message


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send it
    ],
)
def test_fetch_page_decompresses(server: LocalServer, settings: Settings, encoding: str, compress) -> None:
    server.routes["/z"] = _page(compress(ARTICLE.encode()), Content_Encoding=encoding)
    assert fetch_page(server.url("/z"), settings).text == ARTICLE
    assert "gzip" in server.seen[0][1]["accept-encoding"]


CYRILLIC = "<html><body><p>Президент заявил во вторник, что переговоры продолжатся.</p></body></html>"
LATIN = "<html><body><p>The café’s owner said “déjà vu” — twice.</p></body></html>"


@pytest.mark.parametrize(
    ("text", "codec", "ctype"),
    [
        (CYRILLIC, "windows-1251", "text/html; charset=windows-1251"),
        (LATIN, "cp1252", "text/html; charset=ISO-8859-1"),  # browsers read latin-1 labels as windows-1252
        (LATIN.replace("<body>", '<head><meta charset="windows-1252"></head><body>'), "cp1252", "text/html"),
        (
            CYRILLIC.replace(
                "<body>", '<head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
            ),
            "koi8-r",
            "text/html",
        ),
        (LATIN, "utf-8", "text/html"),
        ("Plain words: naïve façade.", "utf-8", "text/plain; charset=utf-8"),
    ],
)
def test_fetch_page_decodes_declared_and_meta_charsets(
    server: LocalServer, settings: Settings, text: str, codec: str, ctype: str
) -> None:
    server.routes["/c"] = _page(text.encode(codec), ctype)
    assert fetch_page(server.url("/c"), settings).text == text


@pytest.mark.parametrize(
    ("status", "words"), [(404, "404"), (403, "paywall"), (402, "paywall"), (500, "refused"), (429, "rate")]
)
def test_fetch_page_reports_http_errors(
    server: LocalServer, settings: Settings, status: int, words: str
) -> None:
    server.routes["/e"] = lambda h: _send(h, status, "text/html", b"<p>no</p>")
    error = _expect("http_error", server.url("/e"), settings)
    assert words in error.user_message


def test_fetch_page_unreachable_port(settings: Settings) -> None:
    with socket.socket() as sock:  # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        _expect("unreachable", f"http://127.0.0.1:{port}/", settings)


def test_fetch_page_caches_by_canonical_url(server: LocalServer, settings: Settings) -> None:
    server.routes["/a"] = _page(ARTICLE.encode())
    cache: PageCache = PageCache()
    cached = settings.model_copy(update={"fetch_cache_seconds": 60})
    first = fetch_page(server.url("/a?x=1&utm_source=slack"), cached, cache=cache)
    second = fetch_page(server.url("/a?fbclid=abc&x=1#top"), cached, cache=cache)
    assert first is second
    assert len(server.seen) == 1
    fetch_page(server.url("/a?x=1"), settings, cache=cache)  # caching off: fetched again
    assert len(server.seen) == 2


@dataclass
class Tls:
    server: LocalServer
    client_context: ssl.SSLContext
    sni: list[str | None]


@pytest.fixture
def tls(tmp_path) -> Iterator[Tls]:
    """An HTTPS server on 127.0.0.1 whose self-signed certificate names only `news.example`."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=news.example",
            "-addext",
            "subjectAltName=DNS:news.example",
        ],
        check=True,
        capture_output=True,
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    sni: list[str | None] = []
    server_context.sni_callback = lambda _sock, name, _ctx: sni.append(name)
    for state in _serve(server_context):
        yield Tls(state, ssl.create_default_context(cafile=str(cert)), sni)


@pytest.fixture
def loopback_dns(monkeypatch) -> None:
    """Every name resolves to 127.0.0.1."""

    def fake_dns(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)


def test_fetch_page_https_pins_ip_but_verifies_certificate_for_name(
    tls: Tls, strict: Settings, loopback_dns: None
) -> None:
    tls.server.routes["/a"] = _page(ARTICLE.encode())
    url = f"https://news.example:{tls.server.port}/a"
    page = fetch_page(url, strict, allow_hosts=[tls.server.hostport], verify=tls.client_context)
    assert page.text == ARTICLE
    assert tls.sni == ["news.example"]
    assert tls.server.seen[0][1]["host"] == f"news.example:{tls.server.port}"


def test_fetch_page_https_refuses_certificate_for_other_name(
    tls: Tls, strict: Settings, loopback_dns: None
) -> None:
    url = f"https://wrong.example:{tls.server.port}/a"
    _expect("unreachable", url, strict, allow_hosts=[tls.server.hostport], verify=tls.client_context)
    assert tls.server.seen == []


NEWS_PARAGRAPHS = [
    "The regional council approved a plan on Tuesday to rebuild the old river bridge, officials said.",
    "Work will start in May and last about 18 months, according to a statement from the transport office, "
    "which put the cost at 40 million euros and said two lanes would stay open during the works.",
    "Residents said the closure of the bridge last winter had added more than an hour to daily commutes "
    "for thousands of people who live on the east bank and work in the city centre.",
]
NAV = "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
FOOTER = (
    "<footer><p>© 2024 Example Gazette. All rights reserved.</p><p>Subscribe to our newsletter.</p></footer>"
)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "<article><h1>Bridge to be rebuilt</h1>"
            + "".join(f"<p>{p}</p>" for p in NEWS_PARAGRAPHS)
            + "</article>",
            None,
        ),
        ("<div class='cookie'>We use cookies. Accept all</div>", "not_an_article"),
        ("<article><p>Subscribe to read this story.</p></article>", "not_an_article"),
    ],
)
def test_fetch_page_then_article_from_page(
    server: LocalServer, settings: Settings, body: str, kind: str | None
) -> None:
    html = f"<html><head><title>Bridge to be rebuilt</title></head><body>{NAV}{body}{FOOTER}</body></html>"
    server.routes["/p"] = _page(html.encode("iso-8859-1", errors="strict"), "text/html; charset=iso-8859-1")
    page = fetch_page(server.url("/p"), settings)
    if kind is None:
        article = article_from_page(page)
        assert article.title == "Bridge to be rebuilt"
        assert article.cleaned_text.endswith(NEWS_PARAGRAPHS[-1])
        assert "Subscribe" not in article.cleaned_text
        assert article.url == server.url("/p")
    else:
        with pytest.raises(FetchError) as info:
            article_from_page(page)
        assert info.value.kind == kind


@pytest.mark.parametrize(
    ("location", "kind"),
    [
        ("http:\\\\127.0.0.1\\path", "bad_url"),
        ("http://xn--a/", "bad_url"),
        ("http://[::1/", "unreachable"),  # httpx itself refuses the header (RemoteProtocolError)
        ("https://exa mple.com/", "bad_url"),
    ],
    ids=["backslashes", "invalid-idn", "broken-ipv6", "space-in-host"],
)
def test_fetch_page_unusable_redirect_target_is_a_one_line_error(
    server: LocalServer, settings: Settings, location: str, kind: str
) -> None:
    server.routes["/r"] = _redirect(location)
    error = _expect(kind, server.url("/r"), settings)
    assert "\n" not in error.user_message


@pytest.mark.parametrize("url", ["http://xn--a/", "http://xn--a.example/story", "http:\\\\host\\path"])
def test_fetch_page_unusable_link_is_a_bad_url(settings: Settings, url: str) -> None:
    _expect("bad_url", url, settings)
