"""Build `polnear_train.json` from PolNeAR train files (brat standoff) saved one by one in a local folder.

    python benchmarks/data/attribution/build.py RAW_DIR [--labels speakers.tsv]

RAW_DIR holds `text/<article>.txt` and `ann/<article>_<annotator>.ann` as read from
`networkdynamics/PolNeAR` (`data/train/text`, `data/train/attributions`; only the train split). Content
spans may be written without their text (the offsets are what counts); Source and Cue lines keep theirs, and
each is checked against the text so that a copying slip shows at once.

What the build does (see README.md beside it for why):
1. NYT texts mark quotes with two apostrophes (`''`); they become `"` and every offset is mapped.
2. Each relation (`E` line) becomes one attribution: source, cue and content spans. Relations with no
   content are skipped.
3. The kind comes from the content's quote marks: `direct` when every letter of the content lies inside
   double quote marks, `mixed` when some do, `indirect` when none do.
4. Only the lines (paragraphs) that hold a piece of some attribution, and the line before each (the context
   a pronoun may need), are kept, joined by a blank line, and every offset is re-based onto that text. The
   headline block (the lines before the first blank line) is dropped: headline attributions ("Clinton: …")
   are out of scope for the scorer and the cleaner treats the line as a title.
5. The named speaker of each attribution comes from `--labels` (`speakers.tsv`, written by reading, one line
   per attribution: article, relation id, speaker or `-` for no named speaker, `|` between names that are
   equally right; a fourth column `not-clause` marks an indirect content that is a noun phrase or an
   infinitive rather than a reported clause). Attributions without a line there are not scored for their
   speaker (`labelled: false`).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "polnear_train.json"
DOUBLE_OPEN = "“\""
DOUBLE_CLOSE = "”\""
# Held out from tuning: one article per publisher, fixed before any tuning.
HOLDOUT = frozenset(
    {
        "breitbart_2016-05-12_trump-ryan-pledge-to-work-togeth",
        "huff-post_2016-07-31_clinton-says-russians-hacked-dnc",
        "nyt_2016-05-09_american-admiral-rattles-beijing",
        "politico_2016-04-22_virginia-governor-restores-votin",
        "usa-today_2016-08-10_parents-of-two-benghazi-victims-",
        "wash-post_2015-11-24_pfizer-deal-s-tax-strategy-assai",
        "west-journal_2016-08-29_anthony-weiner-receives-more-bad",
    }
)


@dataclass
class Span:
    start: int
    end: int


def normalise_marks(text: str) -> tuple[str, list[int]]:
    """`''` → `"`, with old offset → new offset (one entry per old offset, plus the end)."""
    out: list[str] = []
    mapping: list[int] = []
    i = 0
    while i < len(text):
        mapping.append(len(out))
        if text.startswith("''", i):
            mapping.append(len(out))
            out.append('"')
            i += 2
            continue
        out.append(text[i])
        i += 1
    mapping.append(len(out))
    return "".join(out), mapping


def parse_ann(path: Path) -> tuple[dict[str, tuple[str, list[Span], str]], list[tuple[str, dict[str, str]]]]:
    spans: dict[str, tuple[str, list[Span], str]] = {}
    relations: list[tuple[str, dict[str, str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T"):
            label, _, offsets = fields[1].partition(" ")
            pieces = [Span(*map(int, p.split())) for p in offsets.split(";")]
            spans[fields[0]] = (label, pieces, fields[2] if len(fields) > 2 else "")
        elif line.startswith("E"):
            roles = dict(part.split(":") for part in fields[1].split())
            relations.append((fields[0], roles))
    return spans, relations


def quoted_mask(text: str) -> bytearray:
    """1 at each character between a double opening mark and its closing mark (marks included)."""
    mask = bytearray(len(text))
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            open_at = None
        if ch not in DOUBLE_OPEN + DOUBLE_CLOSE:
            continue
        opening = ch == "“" or (ch == '"' and open_at is None)
        if opening and open_at is None:
            open_at = i
        elif open_at is not None and ch in DOUBLE_CLOSE:
            mask[open_at : i + 1] = b"\x01" * (i + 1 - open_at)
            open_at = None
    return mask


def kind_of(text: str, content: list[Span], mask: bytearray) -> str:
    letters = [i for s in content for i in range(s.start, s.end) if text[i].isalnum()]
    inside = sum(mask[i] for i in letters)
    if letters and inside == len(letters):
        return "direct"
    return "mixed" if inside else "indirect"


def build_article(text_path: Path, ann_path: Path, labels: dict[tuple[str, str], tuple[str, bool]]) -> dict:
    article = text_path.stem
    raw = text_path.read_text(encoding="utf-8")
    if raw.endswith("\n"):
        raw = raw[:-1]
    spans, relations = parse_ann(ann_path)
    for tid, (_label, pieces, written) in spans.items():
        got = " ".join(raw[p.start : p.end] for p in pieces)
        if written and got != written:
            raise SystemExit(f"{ann_path.name} {tid}: text {got!r} != annotation {written!r}")
    text, mapping = normalise_marks(raw) if article.startswith("nyt_") else (raw, list(range(len(raw) + 1)))

    def mapped(pieces: list[Span]) -> list[Span]:
        return [Span(mapping[p.start], mapping[p.end]) for p in pieces]

    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    mask = quoted_mask(text)
    found = []
    for rid, roles in relations:
        if "Content" not in roles or "Cue" not in roles:
            continue
        content = mapped(spans[roles["Content"]][1])
        cue = mapped(spans[roles["Cue"]][1])
        source = mapped(spans[roles["Source"]][1]) if "Source" in roles else []
        found.append((rid, content, cue, source))
    headline = next((k for k, (lo, hi) in enumerate(lines) if not text[lo:hi].strip()), 1)
    touched = {
        k
        for _, content, cue, source in found
        for s in content + cue + source
        for k, (lo, hi) in enumerate(lines)
        if s.start <= hi and lo < s.end
    }
    context = {_previous_nonblank(text, lines, k) for k in touched}
    keep = sorted(k for k in touched | context if k is not None and k > headline)
    new_text, shift, parts = "", {}, []
    for k in keep:
        lo, hi = lines[k]
        if not text[lo:hi].strip():
            continue
        if parts:
            new_text += "\n\n"
        shift[k] = len(new_text) - lo
        parts.append(k)
        new_text += text[lo:hi]

    def rebased(pieces: list[Span]) -> list[dict] | None:
        out = []
        for s in pieces:
            touched = [k for k, (lo, hi) in enumerate(lines) if s.start <= hi and lo < s.end]
            if any(k not in shift for k in touched if text[lines[k][0] : lines[k][1]].strip()):
                return None
            for k in touched:
                lo, hi = lines[k]
                start, end = max(s.start, lo), min(s.end, hi)
                if k in shift and end > start:
                    out.append({"start": start + shift[k], "end": end + shift[k]})
        return out or None

    attributions = []
    for rid, content, cue, source in found:
        new_content, new_cue = rebased(content), rebased(cue)
        new_source = rebased(source) if source else []
        if not new_content or not new_cue or new_source is None:
            continue
        source_text = " ".join(new_text[s["start"] : s["end"]] for s in new_source)
        speaker, clause = labels.get((article, rid), (None, True))
        attributions.append(
            {
                "id": rid,
                "kind": kind_of(text, content, mask),
                "source": {"text": source_text, "spans": new_source} if new_source else None,
                "cue": {"text": " ".join(new_text[s["start"] : s["end"]] for s in new_cue), "spans": new_cue},
                "content": {
                    "text": " ".join(new_text[s["start"] : s["end"]] for s in new_content),
                    "spans": new_content,
                },
                "speaker": None if speaker in (None, "-") else speaker,
                "labelled": speaker is not None,
                "clause": clause,
            }
        )
    publisher, annotator = article.split("_", 1)[0], ann_path.stem.rsplit("_", 1)[1]
    return {
        "article": article,
        "publisher": publisher,
        "annotator": annotator,
        "split": "holdout" if article in HOLDOUT else "tune",
        "text": new_text,
        "attributions": attributions,
    }


def _previous_nonblank(text: str, lines: list[tuple[int, int]], k: int) -> int | None:
    for j in range(k - 1, -1, -1):
        if text[lines[j][0] : lines[j][1]].strip():
            return j
    return None


def read_labels(path: Path | None) -> dict[tuple[str, str], tuple[str, bool]]:
    if path is None or not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            article, rid, speaker, *rest = line.split("\t")
            out[(article, rid)] = (speaker, "not-clause" not in rest)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("--labels", type=Path, default=HERE / "speakers.tsv")
    args = parser.parse_args(argv)
    labels = read_labels(args.labels)
    articles = []
    for ann_path in sorted((args.raw_dir / "ann").glob("*.ann")):
        stem = ann_path.stem.rsplit("_", 1)[0]
        articles.append(build_article(args.raw_dir / "text" / f"{stem}.txt", ann_path, labels))
    OUT.write_text(json.dumps({"articles": articles}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = sum(len(a["attributions"]) for a in articles)
    print(f"{len(articles)} articles, {n} attributions -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
