"""Running the Slack app: HTTP through waitress or Socket Mode, plus the worker process.

`newsbot serve` serves the WSGI app production's gunicorn serves (`handlers.wsgi.wsgi_app`: `/health`,
the request guard, Bolt's WSGI adapter) through waitress, a pure-Python WSGI server, so it stays one
command with no other service. waitress reads each request whole in its I/O thread before one of its
`threads` runs it, so a slow client holds a socket, never a thread; its limits (`SERVER_OPTIONS`) close
silent connections, cap open ones and refuse oversized bodies. This process only acks and queues;
`handlers.worker.WorkerProcess` analyzes and answers.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

import waitress
from slack_bolt import App
from waitress.server import BaseWSGIServer

from bot.logs import setup_logging
from bot.settings import Settings
from bot.store import Store
from bot.store.jobs import JobQueue
from handlers.app import SlackConfigError, build_app
from handlers.clock import start_embedded_clock
from handlers.deps import Deps
from handlers.enqueue import JobSubmitter
from handlers.worker import WorkerProcess
from handlers.wsgi import EVENTS_PATH, MAX_BODY_BYTES, WsgiApp, freeze_startup_objects, wsgi_app

# waitress's settings for `newsbot serve` (https://docs.pylonsproject.org/projects/waitress/en/stable/arguments.html).
SERVER_OPTIONS: dict[str, Any] = {
    "threads": 16,  # requests run at once; an ack only queues (benchmarks/slack_ack.py: 20 clients)
    "connection_limit": 500,  # open connections; more wait in the listen backlog (1024) for a free one
    "channel_timeout": 10,  # seconds a connection may stay silent, mid-request or idle; Slack sends at once
    "cleanup_interval": 1,  # how often silent connections are looked for (waitress's default is 30 s)
    "max_request_body_size": MAX_BODY_BYTES,  # larger bodies get 413 before they are read
    "asyncore_use_poll": True,  # poll(), not select(): select() fails on descriptors past 1024
    "ident": "newsbot",  # the Server header
}

log = logging.getLogger("newsbot.slack.http")


def make_server(app: WsgiApp, host: str = "127.0.0.1", port: int = 0, **options: Any) -> BaseWSGIServer:
    """A waitress server for `app` with `SERVER_OPTIONS` (`options` override them), listening now; port 0
    picks a free port (`server.effective_port`). `server.run()` serves until Ctrl-C or SIGTERM."""
    return waitress.create_server(app, host=host, port=port, **{**SERVER_OPTIONS, **options})


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
                serve_http(wsgi_app(settings, app, deps.submitter.queue, worker.clock.touch), port)
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


def serve_http(app: WsgiApp, port: int) -> None:
    """Serve `app` on `0.0.0.0:port` until interrupted; requests already running get waitress's 5 s to end."""
    server = make_server(app, "0.0.0.0", port)
    log.info("listening", extra={"port": server.effective_port, "path": EVENTS_PATH})
    try:
        server.run()  # waitress takes the KeyboardInterrupt (`stop_on_sigterm`) and stops its threads
    finally:
        log.info("stopping")
        server.close()
