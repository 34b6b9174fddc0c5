"""Extract the Reuters-21578 archive (Distribution 1.0) into one .txt file per article, checksums verified.

Reuters-21578 is 21,578 Reuters newswire stories of 1987, in order of publication (`NEWID`), 1,000 to an
SGML file. The collection may be freely distributed for research purposes (README v1.2, "Copyright &
Notification"; see `benchmarks/data/findings/README.md`). It is not committed whole: this script reads a
copy found in a public repository and checks it against the original's sha256.

Public copies carry small local edits. Known copies (sha256 of the file as found) are repaired first — the
edit undone — and the result must match the original's sha256, so two independent copies give one text:

    python benchmarks/fetch_archive.py /work/.mirror/loki86+ksr_zadanie1V2/repo  --out /tmp/reuters
    python benchmarks/fetch_archive.py path/to/reut2-000.sgm --out /tmp/reuters

Each article becomes `<NEWID>.txt`: the title line, a blank line, then the body paragraphs, the first one
starting with the dateline ("SALVADOR, Feb 26 - …"). `manifest.jsonl` lists them in date order with the
`published` date (the `<DATE>` of the story), the dateline, topics and places. Stories without a body
(one-line flashes) are skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ARCHIVE_FILES = ("reut2-000.sgm",)

# sha256 of the original Distribution 1.0 files (1,324,350 bytes for reut2-000.sgm): the repaired copies
# of shaefeli/NLP_training (commit a417604) and loki86/ksr_zadanie1V2 agree on it.
ORIGINAL_SHA256 = {
    "reut2-000.sgm": "9ff9bb40624ef992a03f62aace12e697dca1087abfd9b4d06aa787a6ad3e0687",
}


def _drop_document_wrapper(text: str) -> str:
    return re.sub(r"^</?DOCUMENT>\n", "", text, flags=re.MULTILINE)


def _drop_test_word(text: str) -> str:
    return text.replace("\nTest Viacom's publicly held stock.\n", "\nViacom's publicly held stock.\n", 1)


# Copies as found → how to undo their local edit.
KNOWN_COPIES: dict[str, Callable[[str], str]] = {
    # loki86/ksr_zadanie1V2: the word "Test " added before one line of NEWID 982.
    "686f5cf549930e23184bcba2328c7d01348df20f7167ff25e6d3495090c3f822": _drop_test_word,
    # shaefeli/NLP_training (history, reut2-000.sgm): wrapped in <DOCUMENT> … </DOCUMENT> lines.
    "fbbc4be94f330785a11ae78f24bdff3f83155d2bd1770569ea2ffd3182082d8c": _drop_document_wrapper,
}

REUTERS = re.compile(r"<REUTERS ([^>]*)>\n(.*?)</REUTERS>", re.DOTALL)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
STAMP = re.compile(r"(\d+-[A-Z]{3}-\d{4})\s+\d*?(\d{1,2}:\d\d:\d\d\.\d+)")  # "605:12:19" seen
DATE_FORMAT = "%d-%b-%Y %H:%M:%S.%f"


@dataclass(slots=True)
class Story:
    newid: int
    timestamp: datetime
    title: str
    dateline: str
    body: str
    topics: list[str]
    places: list[str]

    @property
    def text(self) -> str:
        """Title line, blank line, body paragraphs; the dateline opens the first paragraph."""
        lead = f"{self.dateline} - " if self.dateline else ""
        return f"{self.title}\n\n{lead}{self.body}"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("latin-1")).hexdigest()


def verified(name: str, text: str) -> str:
    """The original text of archive file `name`, or SystemExit when the copy is unknown or does not match."""
    found = sha256(text)
    repair = KNOWN_COPIES.get(found)
    if repair is not None:
        text = repair(text)
    if sha256(text) != ORIGINAL_SHA256[name]:
        raise SystemExit(f"{name}: sha256 {found} is neither the original nor a known copy; refusing it")
    return text


def read_archive_file(source: Path, name: str) -> str:
    """`name` from a git directory (HEAD), a folder, or the file itself."""
    if source.is_file():
        return source.read_bytes().decode("latin-1")
    if (source / name).is_file():
        return (source / name).read_bytes().decode("latin-1")
    if (source / "HEAD").is_file():  # a bare git directory (a `fetch` mirror)
        out = subprocess.run(
            ["git", "--git-dir", str(source), "show", f"HEAD:{name}"], capture_output=True, check=True
        )
        return out.stdout.decode("latin-1")
    raise SystemExit(f"{source}: no {name} there")


def _field(tag: str, raw: str) -> str:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", raw, re.DOTALL)
    return match.group(1) if match else ""


def _codes(raw: str) -> list[str]:
    return re.findall(r"<D>(.*?)</D>", raw)


def unescape(text: str) -> str:
    """SGML entities and the wire's control characters (&#2; &#3; …) out."""
    text = html.unescape(text)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


def paragraphs(body: str) -> str:
    """Wire lines unwrapped: an indented line starts a paragraph; the closing "Reuter" sign-off dropped."""
    paras: list[list[str]] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        if line[:1].isspace() or not paras:
            paras.append([])
        paras[-1].append(line.strip())
    joined = [" ".join(p) for p in paras]
    joined = [re.sub(r"\s*\bREUTER\s*$", "", p, flags=re.IGNORECASE) for p in joined]
    return "\n\n".join(p for p in joined if p)


def stories(sgml: str) -> Iterator[Story]:
    """The stories of one archive file that have a body."""
    for attrs, raw in REUTERS.findall(sgml):
        body = _field("BODY", raw)
        if not body.strip():
            continue
        stamp = STAMP.search(_field("DATE", raw))  # the date may carry noise after it
        yield Story(
            newid=int(dict(ATTRIBUTE.findall(attrs))["NEWID"]),
            timestamp=datetime.strptime(" ".join(stamp.groups()), DATE_FORMAT),
            title=" ".join(unescape(_field("TITLE", raw)).split()),
            dateline=" ".join(unescape(_field("DATELINE", raw)).split()).rstrip(" -"),
            body=paragraphs(unescape(body)),
            topics=_codes(_field("TOPICS", raw)),
            places=_codes(_field("PLACES", raw)),
        )


def write_archive(found: list[Story], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    found.sort(key=lambda s: (s.timestamp, s.newid))
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for story in found:
            name = f"{story.newid:05d}.txt"
            (out / name).write_text(story.text + "\n", encoding="utf-8")
            record = {
                "file": name,
                "newid": story.newid,
                "published": story.timestamp.date().isoformat(),
                "timestamp": story.timestamp.isoformat(),
                "title": story.title,
                "dateline": story.dateline,
                "topics": story.topics,
                "places": story.places,
            }
            manifest.write(json.dumps(record) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="git dir of a mirror, a folder of .sgm files, or one file")
    parser.add_argument("--out", type=Path, required=True, help="folder for the .txt files and manifest")
    parser.add_argument("--files", nargs="+", default=list(ARCHIVE_FILES), choices=sorted(ORIGINAL_SHA256))
    args = parser.parse_args(argv)
    found: list[Story] = []
    for name in args.files:
        found += stories(verified(name, read_archive_file(args.source, name)))
    write_archive(found, args.out)
    print(f"{len(found)} stories with a body written to {args.out} (checksums verified)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
