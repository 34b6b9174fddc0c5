"""Line-labelled pasted text from Zyte's article-extraction-benchmark (https://github.com/scrapinghub/
article-extraction-benchmark, MIT licence): each page's visible text, one line per block as a browser's
"select all, copy" gives it, each line labelled `main` (part of the article) or `noise` (the rest).

    .venv/bin/python benchmarks/line_pages.py DATASET_DIR [--out benchmarks/data/lines]

The labels come from the benchmark's ground truth (people read each page and wrote down its article body);
the rule that turns a body into line labels is in `benchmarks/data/lines/README.md` (the guideline) and in
`label_lines` here. The headline, which the ground truth leaves out, is `main` (a pasted article's title is
part of the article). Pages go to `train` or `dev` by a hash of their id, so the split never changes.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clean.text import iter_lines  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "lines"
# Pages whose id hashes to a first hex digit below this go to dev: 5/16 of pages, about 31%.
DEV_HASH_DIGITS = "01234"
SHINGLE = 3
# A line of SHINGLE or more tokens is main text when this share of its shingles is found (still unused)
# in the ground truth; shorter lines must equal a whole ground-truth paragraph.
MAIN_COVERAGE = 0.7

_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head", "iframe", "select", "object")
_BLOCKS = frozenset(
    re.findall(
        r"\w+",
        "address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure "
        "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead "
        "tfoot tr td th ul button label option legend caption",
    )
)
_TOKEN = re.compile(r"\w+")


@dataclass
class Line:
    page: str
    view: str  # "page" or "extract", see VIEWS
    index: int
    text: str
    label: str  # "main" or "noise"


def visible_lines(html: str) -> list[str]:
    """The page's text as a browser copies it: block elements end lines, scripts and styles are unseen."""
    root = lxml.html.document_fromstring(html)
    hidden = [e for e in root.iter() if isinstance(e.tag, str) and e.get("hidden") is not None]
    for element in [*root.iter(*_INVISIBLE), *hidden]:
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    return list(iter_lines("".join(parts)))


def _walk(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    block = isinstance(element.tag, str) and element.tag in _BLOCKS
    if block:
        parts.append("\n")
    if isinstance(element.tag, str) and element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def extracted_lines(html: str) -> list[str]:
    """What a generous main-text extractor leaves: trafilatura tuned for recall, comments and tables in,
    so the noise left is the hard kind (comments, related links, captions, sharing prompts next to text)."""
    text = trafilatura.extract(html, favor_recall=True, include_comments=True, include_tables=True) or ""
    return list(iter_lines(text))


# Two pastes of each page: the whole page as a browser copies it, and an extractor's main text.
VIEWS = {"page": visible_lines, "extract": extracted_lines}


def page_title(html: str) -> str | None:
    """The headline as the page declares it: og:title, else the first h1, else <title>."""
    root = lxml.html.document_fromstring(html)
    for xpath in ("//meta[@property='og:title']/@content", "//h1", "//title"):
        found = root.xpath(xpath)
        if found:
            text = found[0] if isinstance(found[0], str) else found[0].text_content()
            text = " ".join(text.split())
            if text:
                return text
    return None


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def _shingles(tokens: list[str]) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)]


def _is_title(tokens: list[str], title: list[str]) -> bool:
    """The line is the headline, or the headline is the line plus a site suffix ("... | The Times")."""
    return len(tokens) >= 2 and title[: len(tokens)] == tokens and len(tokens) * 2 > len(title)


def label_lines(lines: list[str], truth: str, title: str | None) -> list[str]:
    """`main` or `noise` for each line; each ground-truth shingle can vouch for one line only, in order."""
    bag = Counter(s for para in truth.splitlines() for s in _shingles(_tokens(para)))
    short_paragraphs = Counter(tuple(_tokens(p)) for p in truth.splitlines() if 0 < len(_tokens(p)) < SHINGLE)
    title_tokens = _tokens(title or "")
    labels, title_seen = [], False
    for line in lines:
        tokens = _tokens(line)
        if not title_seen and _is_title(tokens, title_tokens):
            labels.append("main")
            title_seen = True
            continue
        if len(tokens) < SHINGLE:
            key = tuple(tokens)
            main = bool(tokens) and short_paragraphs[key] > 0
            if main:
                short_paragraphs[key] -= 1
            labels.append("main" if main else "noise")
            continue
        shingles = _shingles(tokens)
        found = sum(1 for s in shingles if bag[s] > 0)
        main = found >= MAIN_COVERAGE * len(shingles)
        if main:
            for s in shingles:
                if bag[s] > 0:
                    bag[s] -= 1
        labels.append("main" if main else "noise")
    return labels


def split_of(page_id: str) -> str:
    return "dev" if hashlib.sha1(page_id.encode()).hexdigest()[0] in DEV_HASH_DIGITS else "train"


def page_lines(dataset_dir: Path) -> dict[str, list[Line]]:
    truth = json.loads((dataset_dir / "ground-truth.json").read_text(encoding="utf8"))
    out: dict[str, list[Line]] = {"train": [], "dev": []}
    for page_id in sorted(truth):
        with gzip.open(dataset_dir / "html" / f"{page_id}.html.gz", "rt", encoding="utf8") as f:
            html = f.read()
        body, title = truth[page_id].get("articleBody") or "", page_title(html)
        for view, read in VIEWS.items():
            lines = read(html)
            labels = label_lines(lines, body, title)
            out[split_of(page_id)].extend(
                Line(page_id, view, i, text, label)
                for i, (text, label) in enumerate(zip(lines, labels, strict=True))
            )
    return out


def write_jsonl(path: Path, lines: list[Line]) -> None:
    with gzip.open(path, "wt", encoding="utf8", compresslevel=9) as f:
        for line in lines:
            record = {"page": line.page[:16], "view": line.view, "i": line.index}
            record |= {"label": line.label, "text": line.text}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset_dir", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for split, lines in page_lines(args.dataset_dir).items():
        write_jsonl(args.out / f"{split}.jsonl.gz", lines)
        pages = len({line.page for line in lines})
        for view in VIEWS:
            labels = Counter(line.label for line in lines if line.view == view)
            print(f"{split} {view}: {pages} pages, {dict(labels)}")


if __name__ == "__main__":
    main()
