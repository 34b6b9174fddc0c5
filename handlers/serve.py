"""Running the Slack app: a threaded HTTP server or Socket Mode, plus the worker process.

The HTTP server is the stdlib `ThreadingHTTPServer` feeding Bolt directly (what Bolt's WSGI adapter does
under `wsgiref`), one thread per request, so an ack goes back at once. Its limits: a client has
`READ_TIMEOUT_SECONDS` to send each read's worth of its request, and at most `MAX_CONNECTIONS` are served
at once (more are answered 503 at once and closed), so slow or idle clients cannot hold every thread.
Every request passes `handlers.guard.RequestGuard` (signature, replays, shape, workspace) first.
This process only acks and queues; `handlers.worker.WorkerProcess` analyzes and answers. Production
HTTP runs the same app under gunicorn (`handlers.wsgi:app`) with `newsbot worker` beside it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import signal
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App
from slack_bolt.request import BoltRequest

from bot.logs import setup_logging
from bot.settings import Settings
from bot.store import Store
from bot.store.jobs import JobQueue
from handlers.app import SlackConfigError, build_app
from handlers.clock import start_embedded_clock
from handlers.deps import Deps
from handlers.enqueue import JobSubmitter
from handlers.guard import RequestGuard
from handlers.health import Health
from handlers.install import oauth_response
from handlers.worker import WorkerProcess

EVENTS_PATH = "/slack/events"
LISTEN_BACKLOG = 128  # pending connections; 20 concurrent clients overflowed the default of 5
MAX_BODY_BYTES = 2_000_000  # Slack payloads stay far below this; the article limit is 1 MB of text
READ_TIMEOUT_SECONDS = 5.0  # Slack sends a whole request at once; a client this slow is not Slack
MAX_CONNECTIONS = 64  # served at once: 20 concurrent clients (`benchmarks/slack_ack.py`) fit easily
BUSY = b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"

log = logging.getLogger("newsbot.slack.http")


class BoltHandler(BaseHTTPRequestHandler):
    """POST /slack/events → `app.dispatch`; GET / is a health check; in OAuth mode GET /slack/install
    and /slack/oauth_redirect are the install pages."""

    app: App
    guard: RequestGuard | None = None
    on_request: Callable[[], None] | None = None
    health: Callable[[], tuple[int, dict[str, Any]]] | None = None
    server_version = "newsbot"
    timeout = READ_TIMEOUT_SECONDS  # socket timeout of every read (and write) of the connection

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's naming
        if self.on_request is not None:
            self.on_request()
        url = urlsplit(self.path)
        if url.path != EVENTS_PATH:
            self._send(404, {"content-type": ["text/plain"]}, "Not Found")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._send(400, {"content-type": ["text/plain"]}, "Bad Request")
            return
        if length > MAX_BODY_BYTES:
            self._send(413, {"content-type": ["text/plain"]}, "Payload Too Large")
            return
        try:
            raw = self.rfile.read(length)
        except OSError:  # the read timed out (or the client went away): nothing to answer
            self.close_connection = True
            return
        body = raw.decode("utf-8", errors="replace")  # a bad byte fails the signature
        if len(raw) < length:
            self._send(400, {"content-type": ["text/plain"]}, "incomplete body")
            return
        plain = {key.lower(): value for key, value in self.headers.items()}
        refusal = self.guard.check(body, plain) if self.guard is not None else None
        if refusal is not None:
            self._send(refusal.status, {"content-type": ["text/plain"]}, refusal.body)
            return
        headers = {key: [value] for key, value in plain.items()}
        try:
            response = self.app.dispatch(BoltRequest(body=body, query=url.query, headers=headers))
        except Exception:  # noqa: BLE001 - a body shape Bolt cannot take: a short 400, never a drop
            log.warning("request Bolt could not handle", exc_info=True)
            self._send(400, {"content-type": ["text/plain"]}, "malformed request")
            return
        self._send(response.status, response.headers, response.body)

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        path = url.path
        headers = {key.lower(): [value] for key, value in self.headers.items()}
        if (oauth := oauth_response(self.app, path, url.query, headers)) is not None:
            self._send(oauth.status, oauth.headers, oauth.body)  # /slack/install, /slack/oauth_redirect
        elif path == "/health" and self.health is not None:
            status, body = self.health()
            self._send(status, {"content-type": ["application/json"]}, json.dumps(body))
        elif path in ("/", "/health"):
            self._send(200, {"content-type": ["text/plain"]}, "ok")
        else:
            self._send(404, {"content-type": ["text/plain"]}, "Not Found")

    def _send(self, status: int, headers: dict[str, list[str]], body: str) -> None:
        payload = body.encode("utf-8")
        self.send_response(status)
        for name, values in headers.items():
            if name.lower() == "content-length":
                continue
            for value in values:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's signature
        log.debug("http %s", format % args)


class BoltHTTPServer(ThreadingHTTPServer):
    """A thread per request, at most `MAX_CONNECTIONS` at once; a listen backlog deep enough for bursts
    (the stdlib default is 5)."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG
    max_connections = MAX_CONNECTIONS

    def server_activate(self) -> None:
        self._slots = threading.BoundedSemaphore(self.max_connections)
        super().server_activate()

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.settimeout(1.0)
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()  # no thread started: the slot is free again
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection error", extra={"client": str(client_address)}, exc_info=True)


def make_server(
    app: App,
    host: str = "127.0.0.1",
    port: int = 0,
    on_request: Callable[[], None] | None = None,
    health: Callable[[], tuple[int, dict[str, Any]]] | None = None,
) -> ThreadingHTTPServer:
    """A threaded HTTP server feeding `app` (port 0 picks a free port: `server.server_address[1]`);
    `on_request` is called as each POST arrives, `health` answers `GET /health` (else plain "ok")."""
    secret = getattr(app, "_signing_secret", None)  # Bolt keeps the secret it verifies with
    attributes = {
        "app": app,
        "guard": RequestGuard(secret) if secret else None,
        "on_request": staticmethod(on_request),
        "health": staticmethod(health),
    }
    handler = type("AppBoltHandler", (BoltHandler,), attributes)
    return BoltHTTPServer((host, port), handler)


def start_worker(settings: Settings) -> tuple[Deps, WorkerProcess]:
    """The database (migrated now) and a running worker process whose model is loaded, so early acks
    do not compete with the model load; each batch of queued jobs wakes the worker at once."""
    store = Store.open(settings.database_url)
    queue = JobQueue(store)
    worker = WorkerProcess(settings, queue)
    worker.start()
    if not worker.wait_ready():
        log.warning("worker not ready yet; requests are queued until it is")
    return Deps(settings, store, JobSubmitter(queue, worker.notify)), worker


def freeze_startup_objects() -> None:
    """Keep the ~100k objects of startup (Bolt, SQLAlchemy, Alembic) out of later garbage collections.

    A full collection over them paused every request thread for 60-80 ms in the middle of a burst
    (`benchmarks/slack_ack.py`: the slowest acks all fell in one such window). They live as long as
    the process anyway; `gc.freeze` is the standard remedy for long-running servers.
    """
    gc.collect()
    gc.freeze()


def serve(settings: Settings, port: int | None = None, socket: bool = False) -> None:
    """`newsbot serve [--port N] [--socket]`: run until interrupted, with the worker and (on SQLite, by
    default) the digest clock."""
    setup_logging(settings.log_level)
    if socket and settings.slack_app_token is None:
        raise SlackConfigError("SLACK_APP_TOKEN is not set (needed for --socket)")
    deps, worker = start_worker(settings)
    try:
        app = build_app(settings, deps)
        stop_on_sigterm()
        clock = start_embedded_clock(settings, deps.store)  # None: a `newsbot clock` process posts digests
        freeze_startup_objects()
        try:
            if socket and settings.slack_app_token is not None:
                serve_socket(app, settings.slack_app_token.get_secret_value())
            else:
                port = port if port is not None else settings.port
                serve_http(app, port, worker.clock.touch, Health(deps.submitter.queue))
        finally:
            if clock is not None:
                clock.stop()
    finally:
        deps.submitter.close()
        worker.stop()
        deps.store.close()


def stop_on_sigterm() -> None:
    """SIGTERM (what process managers send) stops the server like Ctrl-C, so shutdown code runs."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def serve_socket(app: App, app_token: str) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    log.info("starting in Socket Mode")
    try:
        SocketModeHandler(app, app_token).start()
    except KeyboardInterrupt:
        log.info("stopping")


def serve_http(
    app: App,
    port: int,
    on_request: Callable[[], None] | None = None,
    health: Callable[[], tuple[int, dict[str, Any]]] | None = None,
) -> None:
    server = make_server(app, "0.0.0.0", port, on_request, health)
    log.info("listening", extra={"port": server.server_address[1], "path": EVENTS_PATH})
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        server.server_close()
