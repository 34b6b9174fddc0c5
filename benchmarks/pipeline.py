"""Cost of the whole analyze path against bare spaCy, measured in one run.

    .venv/bin/python benchmarks/pipeline.py [--articles 200] [--memory-articles 1000]

Prints: seconds for bare `nlp.pipe` over the cleaned texts; for the analyze path over the same raw texts
into a fresh SQLite file, without comparison (clean + NLP + extraction + store, issue 4's definition) and
with comparison (what `newsbot analyze` does); their ratios to bare spaCy (goal <= 1.3) and articles per
second; and the peak RSS of `newsbot analyze` on a folder of `--memory-articles` articles (goal <= 600 MB).

The articles are the five seeds, varied (paragraph order, figures, names) so that none is a duplicate, or
with `--folder DIR` real articles (.txt files, e.g. the Reuters-21578 archive that
`benchmarks/fetch_archive.py` writes), the first `--articles` of them in name order.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clean import clean_text  # noqa: E402
from bot.ingest import RawInput  # noqa: E402
from bot.nlp import load_nlp  # noqa: E402
from bot.pipeline import Analyzer  # noqa: E402
from bot.settings import Settings  # noqa: E402

NAMES = ["Kyiv", "Kharkiv", "Odesa", "Lviv", "Dnipro", "Mykolaiv", "Sumy", "Poltava"]


def varied_articles(count: int, seed: int = 7) -> list[str]:
    """`count` distinct article texts made from the seeds by shuffling paragraphs and changing figures."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out = []
    for i in range(count):
        lines = seeds[i % len(seeds)].split("\n")
        title, body = lines[0], [ln for ln in lines[1:] if ln.strip()]
        rng.shuffle(body)
        text = "\n\n".join([f"{title} ({i})", *body])
        text = text.replace("Kyiv", rng.choice(NAMES)).replace("5%", f"{rng.randint(2, 40)}%")
        out.append(text)
    return out


def folder_articles(folder: Path, count: int) -> list[str]:
    """The first `count` distinct .txt articles of a folder, in name order (an archive repeats a few)."""
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.setdefault(" ".join(text.split()), text)
    return list(texts.values())[:count]


def bench_ratio(texts: list[str], tmp: Path, model: str) -> dict[str, float]:
    """Seconds for bare `nlp.pipe`, the analyze path without comparison (issue 4's definition:
    clean + NLP + extraction + store) and the whole path with comparison, each into a fresh database."""
    nlp = load_nlp(model)
    list(nlp.pipe(clean_text(t).cleaned_text for t in texts[:10]))  # warm-up
    cleaned = [clean_text(t).cleaned_text for t in texts]
    start = time.perf_counter()
    for _ in nlp.pipe(cleaned):
        pass
    times = {"bare nlp.pipe": time.perf_counter() - start}
    for label, compare in (("analyze without comparison", False), ("analyze with comparison", True)):
        settings = Settings(database_url=f"sqlite:///{tmp}/{compare}.db", spacy_model=model)
        analyzer = Analyzer(settings, compare=compare)
        analyzer.store  # noqa: B018 - open and migrate outside the timing
        analyzer.aliases(settings.default_workspace)
        inputs = [RawInput(source=f"bench-{i}", text=t) for i, t in enumerate(texts)]
        start = time.perf_counter()
        reports = list(analyzer.analyze_inputs(inputs, settings.default_workspace))
        times[label] = time.perf_counter() - start
        assert len(reports) == len(texts) and not any(r.already_seen for r in reports)
    return times


# Runs the command and prints its peak RSS in kB. A separate small launcher, because a child forked
# straight from this (large) process would count the parent's pages in its own peak.
LAUNCHER = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)"
)


def bench_memory(count: int, workdir: Path) -> float:
    """Peak RSS (MB) of `newsbot analyze` over a folder of `count` articles."""
    folder = workdir / "articles"
    folder.mkdir()
    for i, text in enumerate(varied_articles(count, seed=11)):
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    newsbot = [str(ROOT / ".venv/bin/newsbot"), "analyze", str(folder), "--json"]
    cmd = [sys.executable, "-c", LAUNCHER, *newsbot, "--db", f"sqlite:///{workdir}/m.db"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    analyzed = len(result.stdout.splitlines())
    errors = result.stderr.splitlines()
    refused = sum(1 for line in errors if line.startswith("newsbot:"))
    print(f"memory run: {analyzed} analyzed, {refused} refused (exit {result.returncode})")
    return int(errors[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--memory-articles", type=int, default=1000)
    parser.add_argument("--folder", type=Path, help="real articles (.txt) instead of varied seeds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        texts = folder_articles(args.folder, args.articles) if args.folder else varied_articles(args.articles)
        times = bench_ratio(texts, Path(tmp), Settings().spacy_model)
        bare = times["bare nlp.pipe"]
        print(f"articles: {len(texts)}")
        for label, seconds in times.items():
            rate = len(texts) / seconds
            print(f"{label}: {seconds:.2f} s ({rate:.1f} articles/s), ratio {seconds / bare:.2f}")
        print("goal: analyze/bare <= 1.3")
        if args.memory_articles:
            peak = bench_memory(args.memory_articles, Path(tmp))
            print(
                f"peak RSS of `newsbot analyze` on {args.memory_articles} articles: "
                f"{peak:.0f} MB (goal <= 600)"
            )


if __name__ == "__main__":
    main()
