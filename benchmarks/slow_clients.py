"""Slow clients against both HTTP stacks: `newsbot serve` (waitress) and the Procfile's `web:` (gunicorn).

    .venv/bin/python benchmarks/slow_clients.py [--clients 400] [--commands 3]

Each server runs as its own process on loopback with a fresh SQLite file and a fake Slack. The script
opens `--clients` connections that start a request and never finish it (half stop inside the headers,
half inside the body), then sends `--commands` real signed slash commands one after another and prints
each one's ack time, or that it timed out (30 s). Slack wants an ack within 3 s.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.slack_ack import SECRET, start  # noqa: E402
from tests.handlers.fake_slack import FakeSlack, post_signed, slash_command  # noqa: E402
from tests.ports import free_port  # noqa: E402

BIN = Path(sys.executable).parent
UNFINISHED = (
    b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n",
    b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\ntoken=",
)
ACK_TIMEOUT = 30.0


def procfile_line(name: str) -> str:
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}: "):
            return line.split(": ", 1)[1]
    raise SystemExit(f"no {name}: line in the Procfile")


def commands(kind: str, port: int) -> list[list[str]]:
    """The processes to run in order (all but the last must finish) for `kind`."""
    if kind == "newsbot serve":
        return [[str(BIN / "newsbot"), "serve", "--port", str(port)]]
    return [["bash", "-c", f"exec {procfile_line(name)}"] for name in ("release", "web")]


def measure(kind: str, fake: FakeSlack, clients: int, count: int) -> list[str]:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PORT": str(port),
            "SLACK_BOT_TOKEN": "xoxb-benchmark",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": f"sqlite:///{tmp}/newsbot.sqlite",
            "NEWSBOT_LOG_LEVEL": "WARNING",
        }
        *setup, server = commands(kind, port)
        for command in setup:
            subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
        process = start(server, env, port)
        slow: list[socket.socket] = []
        try:
            for i in range(clients):
                conn = socket.create_connection(("127.0.0.1", port), timeout=5)
                conn.sendall(UNFINISHED[i % 2])
                slow.append(conn)
            url = f"http://127.0.0.1:{port}/slack/events"
            return [ack(url, fake, f"{kind}-{i}") for i in range(count)]
        finally:
            for conn in slow:
                conn.close()
            process.terminate()
            process.wait(60)


def ack(url: str, fake: FakeSlack, name: str) -> str:
    body = slash_command("search budget", fake.response_url(name))
    try:
        answer = post_signed(url, body, SECRET, timeout=ACK_TIMEOUT)
    except OSError as exc:
        return f"no ack ({type(exc).__name__} after {ACK_TIMEOUT:.0f} s)"
    return f"HTTP {answer.status} in {answer.seconds * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=400)
    parser.add_argument("--commands", type=int, default=3)
    args = parser.parse_args()
    fake = FakeSlack().start()
    try:
        for kind in ("newsbot serve", "Procfile web (gunicorn)"):
            results = measure(kind, fake, args.clients, args.commands)
            print(f"{kind:>24}, {args.clients} unfinished requests open: " + "; ".join(results))
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
