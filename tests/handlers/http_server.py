"""`newsbot serve`'s waitress server (`handlers.serve.make_server`) in a thread of the test, on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from waitress import wasyncore

from handlers.serve import make_server
from handlers.wsgi import EVENTS_PATH, WsgiApp


@contextmanager
def serving(app: WsgiApp, **options: Any) -> Iterator[str]:
    """Serve `app` (waitress `options` override `SERVER_OPTIONS`); yields the events URL."""
    server = make_server(app, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}{EVENTS_PATH}"
    finally:
        # Closed from inside waitress's loop (a callback of its trigger): its map empties and `run` ends.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(10)
        server.task_dispatcher.shutdown()
