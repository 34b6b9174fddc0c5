"""`newsbot serve --socket` as users run it: a real process opens Socket Mode through the fake Web API
(`apps.connections.open`) to a WebSocket endpoint in the test, acks a slash command sent over it, its
worker answers through the `response_url`, and SIGTERM stops it."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.handlers.fake_slack import Call, FakeSlack, slash_command

pytestmark = pytest.mark.slow

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455's handshake constant
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class SocketModeEndpoint:
    """Slack's side of one Socket Mode connection: the WebSocket handshake, then JSON text frames."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(180)  # serve connects once its worker has loaded the model
        self.conn: socket.socket | None = None
        self.url = f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link/?ticket=test"

    def accept(self) -> None:
        conn, _ = self.listener.accept()
        conn.settimeout(30)
        request = b""
        while b"\r\n\r\n" not in request:
            request += conn.recv(4096)
        headers = dict(
            line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line
        )
        key = headers["Sec-WebSocket-Key"].strip()
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        self.conn = conn

    def send(self, message: dict[str, Any]) -> None:
        assert self.conn is not None
        payload = json.dumps(message).encode()
        head = bytes([0x80 | TEXT])
        if len(payload) < 126:
            head += bytes([len(payload)])
        else:
            head += bytes([126]) + struct.pack("!H", len(payload))
        self.conn.sendall(head + payload)

    def receive(self) -> dict[str, Any]:
        """The next text message from the client; its pings are answered meanwhile."""
        while True:
            opcode, payload = self._frame()
            if opcode == TEXT:
                return json.loads(payload)
            if opcode == PING:
                self.conn.sendall(bytes([0x80 | PONG, len(payload)]) + payload)  # type: ignore[union-attr]
            elif opcode == CLOSE:
                raise AssertionError("the client closed the connection")

    def _frame(self) -> tuple[int, bytes]:
        first, second = self._exactly(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._exactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._exactly(8))
        mask = self._exactly(4) if second & 0x80 else bytes(4)
        data = self._exactly(length)
        return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(data))

    def _exactly(self, count: int) -> bytes:
        assert self.conn is not None
        data = b""
        while len(data) < count:
            chunk = self.conn.recv(count - len(data))
            if not chunk:
                raise AssertionError("connection closed")
            data += chunk
        return data

    def close(self) -> None:
        for sock in (self.conn, self.listener):
            if sock is not None:
                sock.close()


class SocketModeSlack(FakeSlack):
    """The fake Web API, also answering `apps.connections.open` with the endpoint's URL."""

    def __init__(self, ws_url: str) -> None:
        super().__init__()
        self.ws_url = ws_url

    def answer(
        self, method: str, args: dict[str, Any], authorization: str = ""
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        if method == "apps.connections.open":
            self.record(Call(method, args))
            return 200, {}, {"ok": True, "url": self.ws_url}
        return super().answer(method, args, authorization)


@pytest.fixture
def endpoint() -> Iterator[SocketModeEndpoint]:
    endpoint = SocketModeEndpoint()
    try:
        yield endpoint
    finally:
        endpoint.close()


def test_serve_socket_acks_over_the_websocket_and_its_worker_answers(
    endpoint: SocketModeEndpoint, tmp_path: Path
) -> None:
    fake = SocketModeSlack(endpoint.url).start()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-socket-test",
        "SLACK_APP_TOKEN": "xapp-socket-test",
        "SLACK_SIGNING_SECRET": "socket-test-secret",
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'newsbot.sqlite'}",
        "NEWSBOT_LOG_LEVEL": "INFO",
    }
    newsbot = Path(sys.executable).with_name("newsbot")
    with log.open("w") as err:
        process = subprocess.Popen([str(newsbot), "serve", "--socket"], env=env, stderr=err)
    try:
        accepting = threading.Thread(target=endpoint.accept, daemon=True)
        accepting.start()
        accepting.join(180)
        assert endpoint.conn is not None, log.read_text()[-2000:]
        assert fake.of("apps.connections.open")
        command = dict(parse_qsl(slash_command("search budget", fake.response_url("socket"))))
        endpoint.send(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": command,
            }
        )
        ack = endpoint.receive()
        assert ack["envelope_id"] == "env-1"
        assert "Searching" in ack["payload"]["text"]
        (reply,) = fake.wait_calls("response_url", timeout=60)
        assert "budget" in reply.args["text"]

        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0, log.read_text()[-2000:]
        assert "stopping" in log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        fake.stop()
