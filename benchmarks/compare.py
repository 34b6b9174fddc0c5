"""Benchmark of `bot.compare`: time to compare one new article against stores of 1k, 10k and 100k articles,
and precision/recall on planted contradictions.

Stored articles are generated from templates and inserted in bulk (no spaCy): each has a figure, a quote and
two factual sentences, with keys from the same `claim_keys` the real index uses, and a publication date
within `DATE_SPAN_DAYS`. Stored figures agree with each other (one true value per quantity and subject), so
every conflict a probe finds is either planted or a false positive. Each probe article is a follow-up of one
stored article, published at most `FOLLOW_UP_DAYS` later, and carries three planted conflicts against it (a
figure with another value, a reworded quote, a denial of its forecast) and distractors: an agreeing figure,
the same figure measured at another venue, an unrelated statement, and a denial of another article's
forecast made more than `POLARITY_MAX_DAYS` earlier (a forecast that did not come true, not a contradiction).

Articles are dated as real ones mostly are: undated articles of different stories are held to a stricter
rule (`statements.polarity_conflict(whole_proposition=True)`), which the planted pairs should not depend on.

    .venv/bin/python benchmarks/compare.py [--sizes 1000 10000 100000] [--probes 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.compare import find_findings, index_claims  # noqa: E402
from bot.compare.figures import UPDATE_MIN_DAYS  # noqa: E402
from bot.compare.keys import claim_keys  # noqa: E402
from bot.compare.statements import POLARITY_MAX_DAYS  # noqa: E402
from bot.models import Entity, EntityMention, Extraction, FactClaim, NumericClaim, Quote, Span  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.store.schema import ArticleRow, ClaimKeyRow, ClaimRow  # noqa: E402

WORKSPACE = "bench"
QUANTITIES = [
    ("share of territory occupied", "%"), ("number of troops", "soldiers"), ("aid package", "USD"),
    ("death toll", "people"), ("duration of talks", "hour"), ("inflation rate", "%"), ("budget", "USD"),
    ("number of refugees", "people"), ("unemployment rate", "%"), ("number of drones launched", "drones"),
]  # fmt: skip
VERBS = ["attack", "invade", "sanction", "capture", "withdraw from"]
_VOCABULARY = """
    economy border winter harvest pipeline reform budget election coalition talks corridor grain port energy
    bridge factory missile shelter convoy rail treaty court vote ally summit tariff currency bank market
    school hospital power water road airport army navy drone satellite cable shipment
"""
WORDS = tuple(_VOCABULARY.split())
CONFLICT_TYPES = {
    "numeric_discrepancy",
    "updated_figure",
    "quote_wording",
    "attribution_conflict",
    "polarity_conflict",
}
BATCH = 20_000
FIRST_DAY = date(2024, 1, 1)
# Stored articles are published over two years; a probe follows its target within a week.
DATE_SPAN_DAYS = 730
FOLLOW_UP_DAYS = 7


def person(i: int) -> str:
    return f"Alex Person{i}"


def place(i: int) -> str:
    return f"Placeton{i}"


def country(i: int) -> str:
    return f"Countria{i % 400}"


def true_value(q: int, subject: int) -> float:
    return float(10 + (q * 7919 + subject * 104729) % 900)


@dataclass
class Stored:
    """What a probe needs to know about a stored article to plant conflicts against it."""

    article_id: int
    quote: str
    speaker: str
    q: int
    subject: int
    actor: str
    verb: str
    target: str
    published: date


def quote_text(rng: random.Random, i: int) -> str:
    words = rng.sample(WORDS, 6)
    return (
        f"We will defend the {words[0]} and the {words[1]} of {place(i)} against every {words[2]} "
        f"this {words[3]}."
    )


def article_rows(i: int, rng: random.Random, next_claim: int) -> tuple[dict, list[dict], list[dict], Stored]:
    """One synthetic stored article: row, claim rows, key rows."""
    q, subject = rng.randrange(len(QUANTITIES)), rng.randrange(2000)
    quantity, unit = QUANTITIES[q]
    value = true_value(q, subject)
    spk, actor, verb, target = (
        person(rng.randrange(5000)),
        country(rng.randrange(400)),
        rng.choice(VERBS),
        place(i),
    )
    quote = quote_text(rng, i)
    figure = f"{value:g}"
    published = FIRST_DAY + timedelta(days=rng.randrange(DATE_SPAN_DAYS))
    sentences = [
        f"Officials in {place(500_000 + subject)} said the {quantity} of {place(100_000 + subject)} "
        f"was {figure} {unit}.",
        f"“{quote}” {spk} said.",
        f"{person(rng.randrange(5000))} said {actor} will {verb} {target} within days.",
        f"{person(rng.randrange(5000))} met {person(rng.randrange(5000))} in {place(200_000 + i)} "
        f"to discuss the {rng.choice(WORDS)}.",
    ]
    text = " ".join(sentences)
    site = f"site{i % 300}.example"
    row = dict(id=i, workspace=WORKSPACE, source=site, source_key=site, url=f"https://{site}/{i}",
               cleaned_text=text, text_hash=f"h{i}", language="en", summary={},
               published=published)  # fmt: skip
    claims, keys = [], []

    def claim(kind: str, claim_text: str, sentence: str, **extra) -> None:
        cid = next_claim + len(claims)
        start = text.find(claim_text)
        s_start = text.find(sentence)
        claims.append(dict(id=cid, article_id=i, workspace=WORKSPACE, kind=kind, text=claim_text,
                           start_char=start, end_char=start + len(claim_text), sentence=sentence,
                           sentence_start=s_start, sentence_end=s_start + len(sentence), negated=False,
                           score=0.5, data=extra.pop("data", {}), **extra))  # fmt: skip
        qk, subj = extra.get("quantity_key"), extra.get("subject")
        for key in claim_keys(kind, claim_text, quantity_key=qk, subject=subj):
            keys.append({"workspace": WORKSPACE, "key": key, "claim_id": cid, "article_id": i})

    subj_name = place(100_000 + subject)
    claim("numeric", f"{figure} {unit}", sentences[0], quantity_key=f"{quantity}|{unit}", subject=subj_name,
          value=value, unit=unit, data={"qualifier": None, "venues": [place(500_000 + subject)]})  # fmt: skip
    claim("quote", quote, sentences[1], speaker=spk, subkind="direct", data={"venues": []})
    for sentence in sentences[2:]:
        claim("fact", sentence, sentence, data={"venues": [], "entities": []})
    return row, claims, keys, Stored(i, quote, spk, q, subject, actor, verb, target, published)


def grow(store: Store, start: int, stop: int, rng: random.Random, stored: list[Stored]) -> None:
    """Insert articles start..stop-1 in bulk."""
    next_claim = start * 4 + 1
    with Session(store.engine) as session:
        for lo in range(start, stop, BATCH):
            arts, claims, keys = [], [], []
            for i in range(lo, min(stop, lo + BATCH)):
                row, cl, ks, info = article_rows(i + 1, rng, next_claim)
                next_claim += len(cl)
                arts.append(row)
                claims += cl
                keys += ks
                stored.append(info)
            session.execute(insert(ArticleRow), arts)
            session.execute(insert(ClaimRow), claims)
            session.execute(insert(ClaimKeyRow), keys)
        session.commit()


@dataclass
class Probe:
    text: str
    extraction: Extraction
    published: date
    planted: set[tuple[str, int]]  # (finding type, stored article id)


def figure_conflict(published: date, other: Stored) -> str:
    """The finding type expected for a different figure of the same quantity in `other`."""
    apart = abs((published - other.published).days)
    return "updated_figure" if apart >= UPDATE_MIN_DAYS else "numeric_discrepancy"


def probe(target: Stored, old: Stored, rng: random.Random, n: int, same_figure: list[Stored]) -> Probe:
    """A follow-up of `target` with three planted conflicts against it, and four distractors.

    The wrong figure conflicts with every stored article giving the same quantity of the same subject
    (`same_figure`), all of which are planted conflicts too (an update when published days apart). `old`
    made a forecast more than POLARITY_MAX_DAYS before the probe, which the probe denies.
    """
    published = target.published + timedelta(days=rng.randrange(FOLLOW_UP_DAYS + 1))
    quantity, unit = QUANTITIES[target.q]
    subj = place(100_000 + target.subject)
    wrong = true_value(target.q, target.subject) * 3
    other_q, other_s = (target.q + 1) % len(QUANTITIES), rng.randrange(2000)
    oq, ou = QUANTITIES[other_q]
    right = true_value(other_q, other_s)
    words = target.quote.split()
    words[3] = "borders" if words[3] != "borders" else "frontier"
    reworded = " ".join(words)
    venue = place(300_000 + n)
    sentences = [
        f"Officials said the {quantity} of {subj} stood at {wrong:g} {unit}.",
        f"“{reworded}” {target.speaker} said.",
        f"{person(9999)} said there is no reason to believe {target.actor} will {target.verb} "
        f"{target.target}.",
        f"A report said the {oq} of {place(100_000 + other_s)} stood at {right:g} {ou}.",
        f"In {venue} the {oq} of {place(100_000 + other_s)} was {right * 2:g} {ou}.",
        f"{person(9998)} met reporters in {place(400_000 + n)} to discuss the {rng.choice(WORDS)}.",
        f"{person(9997)} said there is no reason to believe {old.actor} will {old.verb} {old.target}.",
    ]
    text = " ".join(sentences)
    spans = []
    for s in sentences:
        i = text.find(s)
        spans.append(Span(s, i, i + len(s)))

    def fig(sentence: Span, words: str, value: float, qk: str, u: str, subject: str) -> NumericClaim:
        i = text.find(words, sentence.start_char)
        return NumericClaim(words, i, i + len(words), value, u, qk, subject, sentence=sentence)

    qi = text.find(reworded)
    vi = text.find(venue)
    extraction = Extraction(
        quotes=[Quote(reworded, qi, qi + len(reworded), "direct", target.speaker, sentence=spans[1])],
        numbers=[
            fig(spans[0], f"{wrong:g} {unit}", wrong, quantity, unit, subj),
            fig(spans[3], f"{right:g} {ou}", right, oq, ou, place(100_000 + other_s)),
            fig(spans[4], f"{right * 2:g} {ou}", right * 2, oq, ou, place(100_000 + other_s)),
        ],
        claims=[FactClaim(s.text, s.start_char, s.end_char, 0.5) for s in spans],
        entities=[Entity(venue, "place", [EntityMention(venue, vi, vi + len(venue))])],
        sentences=spans,
    )
    planted = {("quote_wording", target.article_id), ("polarity_conflict", target.article_id)}
    planted |= {(figure_conflict(published, other), other.article_id) for other in same_figure}
    return Probe(text, extraction, published, planted)


def stale(stored: list[Stored], target: Stored, rng: random.Random) -> Stored:
    """A stored article published more than POLARITY_MAX_DAYS (plus the follow-up delay) from `target`."""
    for _ in range(1000):
        other = rng.choice(stored)
        if abs((other.published - target.published).days) > POLARITY_MAX_DAYS + FOLLOW_UP_DAYS:
            return other
    raise ValueError("no stored article is that far apart: DATE_SPAN_DAYS too small")


def measure(
    store: Store, stored: list[Stored], probes: int, rng: random.Random
) -> tuple[float, int, int, int]:
    """Median seconds per probe comparison, and (true positives, false positives, planted) over the probes."""
    times, tp, fp, planted = [], 0, 0, 0
    by_figure: dict[tuple[int, int], list[Stored]] = {}
    for info in stored:
        by_figure.setdefault((info.q, info.subject), []).append(info)
    for n in range(probes):
        target = rng.choice(stored)
        p = probe(target, stale(stored, target, rng), rng, n, by_figure[(target.q, target.subject)])
        with Session(store.engine) as session:
            row = ArticleRow(workspace=WORKSPACE, source="probe.example", source_key="probe",
                             cleaned_text=p.text, url=f"https://probe.example/{n}", text_hash=f"probe{n}",
                             summary={}, published=p.published)  # fmt: skip
            session.add(row)
            session.flush()
            claims = index_claims(session, WORKSPACE, row, p.extraction)
            t0 = time.perf_counter()
            found = find_findings(session, WORKSPACE, row, claims)
            times.append(time.perf_counter() - t0)
            got = {(f.type, f.b.article_id) for f in found if f.type in CONFLICT_TYPES}
            tp += len(got & p.planted)
            fp += len(got - p.planted)
            planted += len(p.planted)
            for f in found:
                if f.type in CONFLICT_TYPES and (f.type, f.b.article_id) not in p.planted:
                    print(f"    false positive: {f.type}: {f.a.text[:60]!r} vs {f.b.text[:60]!r}")
            for kind, article_id in sorted(p.planted - got):
                print(f"    missed: {kind} against article {article_id}")
            session.rollback()
    return statistics.median(times), tp, fp, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--probes", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        stored: list[Stored] = []
        results = {}
        tp = fp = planted = 0
        for size in sorted(args.sizes):
            t0 = time.perf_counter()
            grow(store, len(stored), size, rng, stored)
            built = time.perf_counter() - t0
            seconds, t, f, p = measure(store, stored, args.probes, rng)
            tp, fp, planted = tp + t, fp + f, planted + p
            results[size] = seconds
            print(
                f"{size:>7} articles: built in {built:6.1f} s; compare one new article: "
                f"{seconds * 1000:7.1f} ms (median of {args.probes}); planted found {t}/{p}, "
                f"false positives {f} (precision {t / (t + f) if t + f else 1.0:.3f}, "
                f"recall {t / p if p else 1.0:.3f})"
            )
        store.close()
    small, large = min(results), max(results)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / planted if planted else 1.0
    print(f"ratio {large}/{small}: {results[large] / results[small]:.2f} (goal <= 2)")
    print(f"precision {precision:.3f}  recall {recall:.3f}  (goal >= 0.95 both)")


if __name__ == "__main__":
    main()
