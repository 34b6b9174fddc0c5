"""Quote and speaker attribution quality on the PolNeAR train articles in `benchmarks/data/attribution/`.

    .venv/bin/python benchmarks/attribution_quality.py [--split tune|holdout|all] [--misses N]

Prints, per split: direct-quote named-speaker accuracy, mixed-quote named-speaker accuracy, indirect
attribution recall and precision (and the named-speaker accuracy of the indirect ones found), and the share
of direct-quote content pieces whose boundaries match one quote of ours exactly. The scoring rules are in
`benchmarks/data/attribution/README.md`; this module is their one implementation, and
`tests/bot/extract/test_attribution_quality.py` holds them to the floors in `benchmarks/baseline.json`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.models import Quote  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "attribution" / "polnear_train.json"
BASELINE = ROOT / "benchmarks" / "baseline.json"

# Cues of speech (guideline §3): a reporting verb, "according to", or a noun of speech. Written from the
# annotation guideline's notion of a statement, not from newsbot's verb list.
SPEECH_CUE = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|note|notes|noted|noting|"
    r"state|states|stated|claim|claims|claimed|contend|contends|contended|insist|insists|insisted|"
    r"argue|argues|argued|assert|asserted|asserting|allege|alleges|alleged|acknowledge|acknowledged|"
    r"admit|admitted|announce|announced|announcing|declare|declared|explain|explained|remark|remarked|"
    r"report|reports|reported|reportedly|reveal|reveals|revealed|write|writes|wrote|writing|tweet|"
    r"tweeted|predict|predicted|warn|warned|charge|charged|suggest|suggested|indicate|indicated|"
    r"confirm|confirmed|deny|denied|reiterate|reiterated|echoed|continued|replied|mention|mentioned|"
    r"emphasized|call|calls|called|calling|describe|describes|described|according to|assertion|claim)\b",
    re.I,
)
# An indirect content shorter than this (words) is not a reported clause; longer ones are, unless the
# labels mark them `not-clause` (a noun phrase or an infinitive: "called for Trump to drop out").
MIN_CLAUSE_WORDS = 3
EDGE = " \t\n\"“”‘’'.,;:!?…-–—"
_TITLES_TEXT = """
    mr mrs ms dr sen rep gov gen adm admiral president senator governor mayor sir prince justice
    secretary spokesman spokeswoman director chairman the
"""
TITLES = frozenset(_TITLES_TEXT.split())
SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})
METRICS = (
    "direct_speaker_acc",
    "mixed_speaker_acc",
    "indirect_recall",
    "indirect_precision",
    "direct_span_exact",
)


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, note: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(note)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def load_articles(split: str = "all") -> list[dict]:
    articles = json.loads(DATA.read_text(encoding="utf-8"))["articles"]
    return [a for a in articles if split == "all" or a["split"] == split]


def name_tokens(name: str) -> list[str]:
    """Lower-cased words of a name without titles, possessives, initials' dots and suffixes."""
    words = re.sub(r"[’']s\b", "", name.lower()).replace(".", " ").replace('"', " ").split()
    words = [w.strip(",()") for w in words]
    while words and words[0] in TITLES:
        words.pop(0)
    while words and words[-1] in SUFFIXES:
        words.pop()
    return [w for w in words if w]


def same_speaker(got: str | None, gold: str) -> bool:
    """Ours matches one of the gold names (`|`-separated): equal words, or one ends with the other's words
    ("Obama" for "Barack Obama", "U.S. State Department" for "State Department")."""
    if not got or got.lower().startswith("unnamed "):
        return False
    ours = name_tokens(got)
    for alt in gold.split("|"):
        theirs = name_tokens(alt)
        if not ours or not theirs:
            continue
        short, long_ = sorted((ours, theirs), key=len)
        if long_[-len(short) :] == short:
            return True
    return False


def letters(text: str, spans: Iterable[dict]) -> set[int]:
    return {i for s in spans for i in range(s["start"], s["end"]) if text[i].isalnum()}


def is_reported_clause(att: dict) -> bool:
    return att["clause"] and len(att["content"]["text"].split()) >= MIN_CLAUSE_WORDS


def is_speech(att: dict) -> bool:
    return att["source"] is not None and SPEECH_CUE.search(att["cue"]["text"]) is not None


def scored(att: dict) -> bool:
    """Whether any metric reads this attribution's speaker (each such one has a line in speakers.tsv)."""
    if att["source"] is None:
        return False
    if att["kind"] == "direct":
        return True
    return is_speech(att) and (att["kind"] == "mixed" or is_reported_clause(att))


def content_pieces(text: str, spans: Iterable[dict]) -> list[tuple[int, int]]:
    """Each annotated content piece with its quote marks and edge punctuation trimmed."""
    out = [trim(text, s["start"], s["end"]) for s in spans]
    return [o for o in out if o[1] > o[0]]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def _span(q: Quote) -> dict:
    return {"start": q.start_char, "end": q.end_char}


def same_content(ours: set[int], gold: set[int]) -> bool:
    """Two contents are the same attribution when one lies at least half inside the other (boundaries
    differ often, e.g. whether a trailing relative clause belongs; exact boundaries are scored apart)."""
    shared = len(ours & gold)
    return bool(shared) and (2 * shared >= len(gold) or 2 * shared >= len(ours))


def best_quote(quotes: list[Quote], gold: set[int], kinds: tuple[str, ...]) -> Quote | None:
    """The quote of `kinds` sharing the most letters with the gold content (None when none shares any)."""
    scored = [(len(gold & set(range(q.start_char, q.end_char))), q) for q in quotes if q.kind in kinds]
    scored = [(n, q) for n, q in scored if n]
    return max(scored, key=lambda nq: nq[0])[1] if scored else None


def score_article(article: dict, quotes: list[Quote], tallies: dict[str, Tally]) -> None:
    text, atts = article["text"], article["attributions"]
    tag = article["article"][:40]
    gold_letters = [letters(text, a["content"]["spans"]) for a in atts]
    for att, gold in zip(atts, gold_letters, strict=True):
        named = att["labelled"] and att["speaker"] is not None and att["source"] is not None
        note = f"{tag} {att['id']} {att['kind']}: {att['content']['text'][:60]!r} ({att['speaker']})"
        if att["kind"] == "direct" and named:
            hit = best_quote(quotes, gold, ("direct", "partial"))
            tallies["direct_speaker_acc"].add(
                hit is not None and same_speaker(hit.speaker, att["speaker"]),
                f"{note} -> {hit.speaker if hit else 'not found'}",
            )
        if att["kind"] == "mixed" and named and is_speech(att):
            hit = best_quote(quotes, gold, ("direct", "partial")) or best_quote(quotes, gold, ("indirect",))
            tallies["mixed_speaker_acc"].add(
                hit is not None and same_speaker(hit.speaker, att["speaker"]),
                f"{note} -> {hit.speaker if hit else 'not found'}",
            )
        if att["kind"] == "indirect" and is_speech(att) and is_reported_clause(att):
            hit = best_quote(quotes, gold, ("indirect",))
            found = hit is not None and same_content(letters(text, [_span(hit)]), gold)
            tallies["indirect_recall"].add(found, f"{note} -> {'found' if found else 'missed'}")
            if found and named:
                tallies["indirect_speaker_acc"].add(
                    same_speaker(hit.speaker, att["speaker"]), f"{note} -> {hit.speaker}"
                )
        if att["kind"] == "direct" and att["source"] is not None:
            ours = {trim(text, q.start_char, q.end_char) for q in quotes if q.kind in ("direct", "partial")}
            for start, end in content_pieces(text, att["content"]["spans"]):
                span_note = f"{note} span {text[start:end][:50]!r}"
                tallies["direct_span_exact"].add((start, end) in ours, span_note)
    for q in quotes:
        if q.kind != "indirect":
            continue
        ours = letters(text, [_span(q)])
        right = any(same_content(ours, g) for g in gold_letters)
        tallies["indirect_precision"].add(right, f"{tag} extra indirect {q.text[:60]!r}")


def evaluate(nlp, articles: list[dict]) -> dict[str, Tally]:
    """All tallies over `articles`, each article parsed with `nlp` and run through quote extraction."""
    from bot.extract.quotes import extract_quotes

    tallies = {k: Tally() for k in (*METRICS, "indirect_speaker_acc")}
    for article, doc in zip(articles, nlp.pipe(a["text"] for a in articles), strict=True):
        score_article(article, extract_quotes(doc), tallies)
    return tallies


def report(name: str, tallies: dict[str, Tally]) -> str:
    rows = [f"{name}:"]
    for key, t in tallies.items():
        rows.append(f"  {key:<22} {t.share:.3f}  ({t.right}/{t.total})")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default=None)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses per metric")
    args = parser.parse_args(argv)
    from bot.nlp import load_nlp
    from bot.settings import Settings

    nlp = load_nlp(Settings().spacy_model)
    for split in [args.split] if args.split else ["tune", "holdout", "all"]:
        tallies = evaluate(nlp, load_articles(split))
        print(report(split, tallies))
        for key, t in tallies.items():
            for miss in t.misses[: args.misses]:
                print(f"    miss {key}: {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
