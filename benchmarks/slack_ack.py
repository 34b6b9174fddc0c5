"""Slash-command ack latency of `newsbot serve` against a bare Bolt app that only acks.

    .venv/bin/python benchmarks/slack_ack.py [--commands 200] [--clients 20] [--article seeds/002_….txt]

Both servers run as their own processes on loopback, both under waitress with `newsbot serve`'s
settings (`handlers.serve.make_server`), with the Web API pointed at a fake Slack that records every
answer. The fake runs in a process of its own, as Slack is not in the client's process: in the
client's process its parsing of newsbot's posts had delayed the client's own timing threads, which the
bare app (it posts nothing) never pays. newsbot does the full analysis (spaCy, SQLite file)
after each ack; the script waits until every command has had exactly one answer (a channel post or a
`response_url` call) and prints p50/p99 ack latency and the ratios (goal: ratio ≤ 1.5, p99 < 3 s).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.handlers.fake_slack import FakeSlack, post_signed, slash_command  # noqa: E402
from tests.ports import free_port  # noqa: E402

SECRET = "benchmark-signing-secret"
DEFAULT_ARTICLE = ROOT / "seeds" / "002_346c2929ae381fe9.txt"
ANSWER_TIMEOUT = 900.0  # seconds for all analyses to finish
LOG = open(os.environ.get("SLACK_ACK_LOG", os.devnull), "a")  # noqa: SIM115 - servers write here


def serve_bare(port: int) -> None:
    """The baseline: the same waitress server and settings feeding Bolt's own WSGI adapter and a Bolt
    app whose only listener acks (no guard, no health route, no database)."""
    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    from handlers.serve import make_server

    app = App(
        signing_secret=SECRET,
        client=WebClient(token="xoxb-bare", base_url=os.environ["SLACK_API_URL"]),
        token_verification_enabled=False,
    )
    app.command("/newsbot")(lambda ack: ack(response_type="ephemeral", text="Analyzing…"))
    make_server(SlackRequestHandler(app), "127.0.0.1", port).run()


def start(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    """Start a server and wait until it answers HTTP (any status: the bare app has no /health)."""
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=LOG)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return proc
        except urllib.error.HTTPError:
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {cmd}")


@dataclass(frozen=True)
class Answer:
    """What the benchmark needs of one call the bot made to the fake Slack."""

    method: str
    channel: str
    thread_ts: str | None
    path: str
    response_type: str | None


def run_fake_slack(conn) -> None:
    """The fake Slack's process: sends its URL, then answers each "calls" with what it recorded."""
    fake = FakeSlack().start()
    conn.send(fake.url)
    while (request := conn.recv()) != "stop":
        assert request == "calls"
        conn.send(
            [
                Answer(
                    c.method,
                    str(c.args.get("channel", "")),
                    c.args.get("thread_ts"),
                    c.path,
                    c.args.get("response_type"),
                )
                for c in fake.of("chat.postMessage", "response_url")
            ]
        )
    fake.stop()


class RemoteFakeSlack:
    """`FakeSlack` in a child process, asked for its recorded calls over a pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=run_fake_slack, args=(child,), daemon=True)
        self._process.start()
        self.url = self._conn.recv()
        self.api_url = f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def calls(self) -> list[Answer]:
        self._conn.send("calls")
        return self._conn.recv()

    def wait_for_answers(self, commands: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(answers_per_command(self.calls())) >= commands:
                return True
            time.sleep(0.5)
        return False

    def stop(self) -> None:
        self._conn.send("stop")
        self._process.join(10)


def fire(url: str, fake: RemoteFakeSlack, texts: list[str], clients: int) -> list[float]:
    """POST every command (channel and response_url unique per command); return ack latencies."""

    def one(i: int) -> float:
        body = slash_command(texts[i], fake.response_url(f"cmd{i}"), channel=f"C{i:06d}")
        answer = post_signed(url, body, SECRET, timeout=30)
        if answer.status != 200:
            raise RuntimeError(f"command {i}: HTTP {answer.status}")
        return answer.seconds

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, range(len(texts))))


def answers_per_command(calls: list[Answer]) -> Counter[str]:
    """Top-level channel posts and response_url calls, by the command they answer."""
    counts: Counter[str] = Counter()
    for call in calls:
        if call.method == "chat.postMessage" and not call.thread_ts:
            counts[call.channel.removeprefix("C").lstrip("0") or "0"] += 1
        elif call.method == "response_url":
            counts[call.path.rsplit("cmd", 1)[1]] += 1
    return counts


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--article", type=Path, default=DEFAULT_ARTICLE)
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return 0

    article = args.article.read_text(encoding="utf-8")
    texts = [f"{article}\n\nBenchmark copy {i}." for i in range(args.commands)]  # each a new article
    fake = RemoteFakeSlack()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-benchmark",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": f"sqlite:///{tmp}/newsbot.sqlite",
            "NEWSBOT_LOG_LEVEL": "WARNING",
        }
        bare_port, bot_port = free_port(), free_port()
        bare = start([sys.executable, __file__, "--serve-bare", str(bare_port)], env, bare_port)
        try:
            fire(f"http://127.0.0.1:{bare_port}/slack/events", fake, texts[:20], args.clients)  # warm-up
            bare_lat = fire(f"http://127.0.0.1:{bare_port}/slack/events", fake, texts, args.clients)
        finally:
            bare.terminate()
            bare.wait()
        newsbot = str(Path(sys.executable).with_name("newsbot"))
        bot = start([newsbot, "serve", "--port", str(bot_port)], env, bot_port)
        try:
            started = time.monotonic()
            bot_lat = fire(f"http://127.0.0.1:{bot_port}/slack/events", fake, texts, args.clients)
            done = fake.wait_for_answers(args.commands, ANSWER_TIMEOUT)
            time.sleep(1.0)  # let any duplicate answer arrive before counting
            elapsed = time.monotonic() - started
        finally:
            bot.terminate()
            bot.wait()
    calls = fake.calls()
    fake.stop()

    counts = answers_per_command(calls)
    exactly_once = sum(1 for i in range(args.commands) if counts.get(str(i)) == 1)
    errors = [c for c in calls if c.method == "response_url" and c.response_type == "ephemeral"]
    print(f"{args.commands} commands, {args.clients} concurrent clients, article {args.article.name}")
    for name, lat in (("bare Bolt ack", bare_lat), ("newsbot serve", bot_lat)):
        print(
            f"{name:>14}: p50 {pct(lat, 50) * 1000:7.1f} ms  p99 {pct(lat, 99) * 1000:7.1f} ms  "
            f"max {max(lat) * 1000:7.1f} ms  mean {statistics.mean(lat) * 1000:7.1f} ms"
        )
    print(
        f"ratio newsbot/bare: p50 {pct(bot_lat, 50) / pct(bare_lat, 50):.2f}  "
        f"p99 {pct(bot_lat, 99) / pct(bare_lat, 99):.2f}  (goal ≤ 1.5; p99 < 3 s)"
    )
    print(
        f"answers: {exactly_once}/{args.commands} commands answered exactly once "
        f"({sum(counts.values())} answers, {len(errors)} error notes) in {elapsed:.1f} s; all done: {done}"
    )
    ok = done and exactly_once == args.commands and pct(bot_lat, 99) < 3.0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
