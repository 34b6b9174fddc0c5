"""The `newsbot` command: a thin layer over `bot.pipeline`.

newsbot analyze seeds/                 # analyze files, folders, stdin (-) or links
newsbot analyze article.txt --json     # one JSON object per article (JSON Lines)
newsbot clean page.html --html         # the cleaned main text only
newsbot db upgrade                     # bring the database schema up to date
newsbot feedback export [--workspace T] # users' verdicts on findings (JSON Lines)
newsbot serve [--port N] [--socket]    # run the Slack app (web and worker)
newsbot worker                         # run queued Slack work beside `gunicorn handlers.wsgi:app`
newsbot digest [--since ISO] [--json]  # the digest of what was stored, without Slack
newsbot clock                          # post the Slack digests at each channel's local time
newsbot prune                          # delete articles older than NEWSBOT_RETENTION_DAYS
newsbot export --workspace T [--out F] # a workspace's articles, claims, findings, verdicts (JSON Lines)
newsbot delete-workspace T --yes       # delete everything stored for one workspace
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from bot.fetch.errors import FetchError
from bot.ingest import InputError, RawInput, expand_paths, read_file, read_stream
from bot.logs import setup_logging
from bot.settings import Settings
from bot.store import DatabaseUnavailable

URL_PREFIXES = ("http://", "https://")
# Above this many inputs, a progress bar is shown on a terminal.
PROGRESS_MIN_INPUTS = 5


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot", description="Analyze news articles for claims and conflicts."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    analyze = sub.add_parser("analyze", help="clean, extract, store and compare articles")
    analyze.add_argument("inputs", nargs="+", help="files, folders, - for stdin, or http(s) links")
    analyze.add_argument("--json", action="store_true", help="print one JSON object per article (JSON Lines)")
    analyze.add_argument("--db", help="database URL (default: DATABASE_URL or the SQLite file)")
    analyze.add_argument("--workspace", help="workspace to store into (default: NEWSBOT_DEFAULT_WORKSPACE)")
    analyze.add_argument(
        "--no-compare",
        action="store_true",
        help="store and index only, no findings (to load an archive; later articles are compared with it)",
    )

    clean = sub.add_parser("clean", help="print the cleaned main text of one article")
    clean.add_argument("input", help="a file, or - for stdin")
    clean.add_argument("--html", action="store_true", help="the input is an HTML page")

    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="upgrade: apply pending migrations")
    db.add_argument("--db", help="database URL")

    feedback = sub.add_parser("feedback", help="users' verdicts on findings")
    feedback.add_argument("action", choices=["export"], help="export: print every verdict as JSON Lines")
    feedback.add_argument("--workspace", help="only this workspace (Slack team id); default: all")
    feedback.add_argument("--db", help="database URL")

    serve = sub.add_parser("serve", help="run the Slack app")
    serve.add_argument("--port", type=int, help="HTTP port (default: $PORT, then 3000)")
    serve.add_argument("--socket", action="store_true", help="use Socket Mode (needs SLACK_APP_TOKEN)")
    sub.add_parser("worker", help="run queued Slack work (beside gunicorn handlers.wsgi:app)")

    digest = sub.add_parser("digest", help="print the digest of stored articles (no Slack needed)")
    digest.add_argument("--workspace", help="workspace (default: NEWSBOT_DEFAULT_WORKSPACE, as analyze)")
    digest.add_argument("--since", help="ISO date or time (default: 24 hours before --until)")
    digest.add_argument("--until", help="ISO date or time (default: now)")
    digest.add_argument("--json", action="store_true", help="print the digest as one JSON object")
    digest.add_argument("--db", help="database URL")
    sub.add_parser("clock", help="post Slack digests at each channel's time (one scheduler for all)")

    prune = sub.add_parser("prune", help="delete articles older than NEWSBOT_RETENTION_DAYS and their data")
    prune.add_argument("--days", type=int, help="keep this many days instead of NEWSBOT_RETENTION_DAYS")
    prune.add_argument("--db", help="database URL")

    export = sub.add_parser("export", help="a workspace's articles, claims, findings, verdicts (JSON Lines)")
    export.add_argument("--workspace", required=True, help="the workspace (Slack team id, or local)")
    export.add_argument("--out", help="write to this file instead of standard output")
    export.add_argument("--db", help="database URL")

    remove = sub.add_parser("delete-workspace", help="delete everything stored for one workspace")
    remove.add_argument("workspace", help="the workspace (Slack team id, or local)")
    remove.add_argument("--yes", action="store_true", help="really delete (without it nothing is deleted)")
    remove.add_argument("--db", help="database URL")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'setting'}: {e['msg']}" for e in exc.errors())
        print(f"newsbot: bad setting in the environment or .env: {problems}", file=sys.stderr)
        return 2
    quiet = ("analyze", "clean", "feedback", "prune", "export", "delete-workspace")
    setup_logging("WARNING" if args.command in quiet else settings.log_level)
    if getattr(args, "db", None):
        settings = settings.model_copy(update={"database_url": args.db})
    try:
        return COMMANDS[args.command](args, settings)
    except DatabaseUnavailable as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 3
    except InputError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    except FetchError as exc:  # every command turns these into InputErrors; this is the last net
        print(f"newsbot: {exc.user_message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from bot.pipeline import Analyzer
    from bot.render import render_report

    analyzer = Analyzer(settings, compare=not args.no_compare)
    workspace = args.workspace or settings.default_workspace
    failures = 0
    inputs = list(_inputs(args.inputs, settings))
    progress = _progress(len(inputs), enabled=not args.json)
    for item in inputs:
        if isinstance(item, InputError):
            failures += 1
            print(f"newsbot: {item}", file=sys.stderr)
            progress.update(1)
            continue
        try:
            report = next(analyzer.analyze_inputs([item], workspace))
        except InputError as exc:
            failures += 1
            print(f"newsbot: {exc}", file=sys.stderr)
        else:
            if args.json:
                print(json.dumps(report.to_json(), ensure_ascii=False))
            else:
                progress.write(render_report(report, _sources(analyzer.store, workspace, report)))
        progress.update(1)
    progress.close()
    if not args.json:
        print(f"\n{len(inputs) - failures} article(s) analyzed, {failures} refused.", file=sys.stderr)
    return 1 if failures else 0


def _sources(store, workspace: str, report):
    """The sources of a report's article and of the other side of each finding, by article id."""
    ids = {report.article.id} | {f.b.article_id for f in report.findings}
    return store.article_sources(workspace, ids)


def _inputs(names: list[str], settings: Settings) -> Iterator[RawInput | InputError]:
    """Raw inputs in order; a bad one becomes its `InputError` so that the others still run."""
    for name in names:
        if name.startswith(URL_PREFIXES):
            yield RawInput(source=name, text=name, kind="url")
            continue
        try:
            for path in expand_paths([name]):
                try:
                    if path is None:
                        yield read_stream(sys.stdin.buffer, "stdin", settings.max_input_bytes)
                    else:
                        yield read_file(path, settings.max_input_bytes)
                except InputError as exc:
                    yield exc
        except InputError as exc:
            yield exc


def cmd_clean(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clean import clean_text

    if args.input == "-":
        raw = read_stream(sys.stdin.buffer, "stdin", settings.max_input_bytes)
    else:
        raw = read_file(Path(args.input), settings.max_input_bytes)
    if args.html or raw.kind == "html":
        from bot.fetch import FetchError
        from bot.html import article_from_html

        try:
            article = article_from_html(raw.text, url=None, source=raw.source)
        except FetchError as exc:  # no main text found: the one line `analyze` gives
            raise InputError(raw.source, exc.user_message) from exc
    else:
        article = clean_text(raw.text, source=raw.source)
    if not article.cleaned_text.strip():
        raise InputError(raw.source, "nothing left after removing web junk: no article text found")
    print(article.cleaned_text)
    return 0


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import Store

    Store.open(settings.database_url).close()
    print("database is up to date", file=sys.stderr)
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import Store

    store = Store.open(settings.database_url)
    try:
        for record in store.feedback(args.workspace):
            print(json.dumps(record, ensure_ascii=False))
    finally:
        store.close()
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.serve import serve

    serve(settings, port=args.port, socket=args.socket)
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.worker import run_worker

    run_worker(settings)
    return 0


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.digest import build_digest
    from bot.digest.text import default_window, parse_moment, render_digest
    from bot.store import Store

    until = parse_moment(args.until, "--until") if args.until else None
    since = parse_moment(args.since, "--since") if args.since else None
    store = Store.open(settings.database_url)
    try:
        digest = build_digest(
            store,
            args.workspace or settings.default_workspace,
            *default_window(since, until),
            min_conflict_confidence=settings.conflict_min_confidence,
        )
        sources = store.article_sources(digest.workspace, digest.article_ids())
    finally:
        store.close()
    print(json.dumps(digest.to_json(), ensure_ascii=False) if args.json else render_digest(digest, sources))
    return 0


def cmd_clock(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.clock import run_clock

    run_clock(settings)
    return 0


def cmd_prune(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import UTC, datetime, timedelta

    from bot.store import Store

    days = args.days if args.days is not None else settings.retention_days
    if days is None:
        print("newsbot: NEWSBOT_RETENTION_DAYS is not set: everything is kept", file=sys.stderr)
        return 0
    if days < 1:
        raise InputError("--days", "give a number of days of at least 1")
    before = datetime.now(UTC) - timedelta(days=days)
    store = Store.open(settings.database_url)
    try:
        deleted = store.prune(before)
    finally:
        store.close()
    print(f"pruned articles stored before {before:%Y-%m-%d %H:%M} UTC: {deleted.line()}")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from collections import Counter

    from bot.store import Store

    store = Store.open(settings.database_url)
    counts: Counter[str] = Counter()
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115 - closed below
    try:
        for record in store.export(args.workspace):
            counts[record["record"]] += 1
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
        store.close()
    kinds = ("article", "claim", "finding", "verdict")
    print(f"exported {args.workspace}: " + ", ".join(f"{counts[k]} {k}(s)" for k in kinds), file=sys.stderr)
    return 0


def cmd_delete_workspace(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import Store

    if not args.yes:
        print(
            f"newsbot: this deletes every article, finding, verdict, alias and digest setting of "
            f"{args.workspace}; run again with --yes to do it",
            file=sys.stderr,
        )
        return 2
    store = Store.open(settings.database_url)
    try:
        deleted = store.delete_workspace(args.workspace)
    finally:
        store.close()
    print(f"deleted workspace {args.workspace}: {deleted.line()}")
    return 0


COMMANDS = {
    "analyze": cmd_analyze,
    "clean": cmd_clean,
    "db": cmd_db,
    "feedback": cmd_feedback,
    "serve": cmd_serve,
    "worker": cmd_worker,
    "digest": cmd_digest,
    "clock": cmd_clock,
    "prune": cmd_prune,
    "export": cmd_export,
    "delete-workspace": cmd_delete_workspace,
}


class _NoProgress:
    def update(self, _n: int) -> None: ...
    def write(self, text: str) -> None:
        print(text)

    def close(self) -> None: ...


def _progress(total: int, *, enabled: bool):
    """A tqdm bar on a terminal for more than a handful of inputs; plain printing otherwise."""
    if enabled and total > PROGRESS_MIN_INPUTS and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(total=total, unit="article", file=sys.stderr)
    return _NoProgress()


if __name__ == "__main__":
    sys.exit(main())
