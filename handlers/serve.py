"""Running the Slack app: an in-process threaded HTTP server, or Socket Mode.

The HTTP server is the stdlib `ThreadingHTTPServer` feeding Bolt directly (what Bolt's WSGI adapter does
under `wsgiref`), one thread per request, so an ack goes back at once while lazy listeners keep working
in Bolt's thread pool. Production HTTP runs the same app under gunicorn (`handlers.wsgi:app`).
"""

from __future__ import annotations

import logging
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from slack_bolt import App
from slack_bolt.request import BoltRequest

from bot.logs import setup_logging
from bot.settings import Settings
from handlers.analysis_process import ProcessAnalyzer
from handlers.app import SlackConfigError, build_app
from handlers.digest import start_scheduler, stop_scheduler

if TYPE_CHECKING:
    pass

EVENTS_PATH = "/slack/events"
LISTEN_BACKLOG = 128  # pending connections; 20 concurrent clients overflowed the default of 5
MAX_BODY_BYTES = 2_000_000  # Slack payloads stay far below this; the article limit is 1 MB of text

log = logging.getLogger("newsbot.slack.http")


class BoltHandler(BaseHTTPRequestHandler):
    """POST /slack/events → `app.dispatch`; GET / is a health check."""

    app: App
    server_version = "newsbot"

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's naming
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
        body = self.rfile.read(length).decode("utf-8", errors="replace")  # a bad byte fails the signature
        headers = {key.lower(): [value] for key, value in self.headers.items()}
        response = self.app.dispatch(BoltRequest(body=body, query=url.query, headers=headers))
        self._send(response.status, response.headers, response.body)

    def do_GET(self) -> None:  # noqa: N802
        if urlsplit(self.path).path in ("/", "/health"):
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
    """A thread per request; a listen backlog deep enough for bursts (the stdlib default is 5)."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG


def make_server(app: App, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A threaded HTTP server feeding `app` (port 0 picks a free port: `server.server_address[1]`)."""
    handler = type("AppBoltHandler", (BoltHandler,), {"app": app})
    return BoltHTTPServer((host, port), handler)


def warm_analyzer(settings: Settings) -> ProcessAnalyzer:
    """An analyzer whose work runs in a worker process, with the database migrated and the worker's
    model loaded before the first request, so early acks do not compete with the model load."""
    analyzer = ProcessAnalyzer(settings)
    analyzer.store  # noqa: B018 - opens and migrates the database now
    analyzer.warm()
    return analyzer


def serve(settings: Settings, port: int | None = None, socket: bool = False) -> None:
    """`newsbot serve [--port N] [--socket]`: run until interrupted, with the daily digest job."""
    setup_logging(settings.log_level)
    if socket and settings.slack_app_token is None:
        raise SlackConfigError("SLACK_APP_TOKEN is not set (needed for --socket)")
    analyzer = warm_analyzer(settings)
    app = build_app(settings, analyzer)
    stop_on_sigterm()
    scheduler = start_scheduler(lambda _workspace: app.client, analyzer.store)
    try:
        if socket and settings.slack_app_token is not None:
            serve_socket(app, settings.slack_app_token.get_secret_value())
        else:
            serve_http(app, port if port is not None else settings.port)
    finally:
        stop_scheduler(scheduler)


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


def serve_http(app: App, port: int) -> None:
    server = make_server(app, "0.0.0.0", port)
    log.info("listening", extra={"port": server.server_address[1], "path": EVENTS_PATH})
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        server.server_close()
