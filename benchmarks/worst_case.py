"""Wall time and peak memory of `newsbot analyze` on generated worst cases, each against its budget.

    .venv/bin/python benchmarks/worst_case.py [--only NAME ...] [--no-serve]

Each case (`benchmarks/worst_cases.py`: 1 MB of prose, one 1 MB line, 50k numbers, 100k quote marks, a
39,000-character message of short quotations, 10k nested HTML elements) is analyzed by its own
`newsbot analyze` process into a fresh SQLite file. The budget of a case is the analysis budget
(`NEWSBOT_ANALYSIS_SECONDS`, default 30 s) plus the start-up cost of the process (model load), measured
first on a one-paragraph article, and `PEAK_RSS_BUDGET_MB` of peak resident memory. A case passes when
it is analyzed or refused with the one-line budget message within both.

Then, through `newsbot serve` (fake Slack in its own process): the 39,000-character message as a slash
command, and 2 s later an ordinary `/newsbot` command (a seed article); the ordinary one must be
answered within `ORDINARY_ANSWER_SECONDS` of being sent. Prints one line per measurement.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.slack_ack import SECRET, RemoteFakeSlack, answers_per_command, start  # noqa: E402
from benchmarks.worst_cases import CASES, short_quotations  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.handlers.fake_slack import post_signed, slash_command  # noqa: E402
from tests.ports import free_port  # noqa: E402

PEAK_RSS_BUDGET_MB = 600
ORDINARY_ANSWER_SECONDS = 10.0
ORDINARY_ARTICLE = ROOT / "seeds" / "002_346c2929ae381fe9.txt"
SMALL = "Ministers agree a budget\n\nThe minister said on Tuesday that the budget would rise by 5% in 2025.\n"
NEWSBOT = str(Path(sys.executable).with_name("newsbot"))


def run_analyze(path: Path, database: str) -> tuple[float, int, int, str]:
    """`newsbot analyze path --json`: wall seconds, peak RSS in MB, exit code, first stderr line."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [NEWSBOT, "analyze", str(path), "--json", "--db", database],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    stderr = proc.stderr.read() if proc.stderr else ""
    first = next((line for line in stderr.splitlines() if line.strip()), "")
    return seconds, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status), first


def analyze_cases(names: list[str], tmp: Path) -> bool:
    budget = Settings().analysis_seconds
    small = tmp / "small.txt"
    small.write_text(SMALL, encoding="utf-8")
    startup, base_rss, code, _ = run_analyze(small, f"sqlite:///{tmp}/small.sqlite")
    print(f"start-up (one paragraph): {startup:.1f} s, peak RSS {base_rss} MB, exit {code}")
    ok = True
    for name in names:
        suffix, generate = CASES[name]
        path = tmp / f"{name}{suffix}"
        path.write_text(generate(), encoding="utf-8")
        seconds, rss, code, first = run_analyze(path, f"sqlite:///{tmp}/{name}.sqlite")
        limit = budget + startup
        fits = seconds <= limit and rss <= PEAK_RSS_BUDGET_MB and ("Traceback" not in first)
        ok &= fits
        outcome = "analyzed" if code == 0 else f"exit {code}: {first[:120]}"
        print(
            f"{name:22s} {path.stat().st_size / 1e6:5.2f} MB  {seconds:6.1f} s (budget {limit:.0f})  "
            f"peak {rss:5d} MB (budget {PEAK_RSS_BUDGET_MB})  {'ok ' if fits else 'OVER'}  {outcome}"
        )
    return ok


def ordinary_after_worst(tmp: Path) -> bool:
    """The worst Slack message, then an ordinary command 2 s later: seconds until the latter's answer."""
    fake = RemoteFakeSlack()
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-benchmark",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp}/serve.sqlite",
        "NEWSBOT_LOG_LEVEL": "WARNING",
    }
    bot = start([NEWSBOT, "serve", "--port", str(port)], env, port)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        worst = slash_command(short_quotations(39_000), fake.response_url("cmd0"), channel="C000000")
        post_signed(url, worst, SECRET, timeout=30)
        time.sleep(2.0)
        ordinary = ORDINARY_ARTICLE.read_text(encoding="utf-8")
        sent = time.monotonic()
        post_signed(url, slash_command(ordinary, fake.response_url("cmd1"), channel="C000001"), SECRET)
        answered = None
        while time.monotonic() - sent < 120:
            if answers_per_command(fake.calls()).get("1"):
                answered = time.monotonic() - sent
                break
            time.sleep(0.2)
        worst_done = bool(answers_per_command(fake.calls()).get("0"))
    finally:
        bot.terminate()
        bot.wait(60)
        fake.stop()
    fits = answered is not None and answered <= ORDINARY_ANSWER_SECONDS
    shown = f"{answered:.1f} s" if answered is not None else "no answer in 120 s"
    print(
        f"newsbot serve: ordinary command after the 39,000-character message answered in {shown} "
        f"(budget {ORDINARY_ANSWER_SECONDS:.0f} s; worst message answered by then: {worst_done})  "
        f"{'ok' if fits else 'OVER'}"
    )
    return fits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="run only these cases")
    parser.add_argument("--no-serve", action="store_true", help="skip the newsbot serve measurement")
    parser.add_argument("--no-analyze", action="store_true", help="skip the newsbot analyze cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ok = True
        if not args.no_analyze:
            ok &= analyze_cases(args.only or list(CASES), Path(tmp))
        if not args.no_serve:
            ok &= ordinary_after_worst(Path(tmp))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
