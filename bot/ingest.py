"""Ingest: turn a file, a directory, standard input or a paste into raw inputs, refusing bad input early.

Each refusal is an `InputError` whose message names the input and says what is wrong, in one line.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

import charset_normalizer

InputKind = Literal["text", "html", "url"]

# Files picked up when a directory is named (a README.md next to the articles is not one of them).
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm")

# Share of control characters (other than tab/newline/CR) above which input is taken for binary.
BINARY_CONTROL_RATIO = 0.05
WESTERN = ("cp1252", "latin_1", "iso8859_15")
# How much of a file is sniffed for binary content and markup.
SNIFF_BYTES = 8192


class InputError(ValueError):
    """Input that cannot be analyzed; `str(err)` is a one-line message naming the input."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    @property
    def user_message(self) -> str:
        return str(self)


@dataclass(slots=True)
class RawInput:
    source: str
    text: str
    kind: InputKind = "text"


def looks_like_html(text: str) -> bool:
    head = text[:SNIFF_BYTES].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode with BOMs, then strict UTF-8, then a detected charset; refuse binary or undecodable data."""
    if not data.strip():
        raise InputError(source, "empty input: nothing to analyze")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec)
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(source, "binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise InputError(source, "cannot decode the text (unknown character set); save it as UTF-8")
    # Short Western European text is ambiguous between the 125x code pages; windows-1252 is by far the
    # most common on the web, so it wins when it decodes to plain Latin-1 letters only.
    for match in matches:
        if match.encoding in WESTERN and all(
            ord(ch) < 0x100 or ch in "€‚„…†‡‰‹›‘’“”•–—™" for ch in str(match)
        ):
            return str(match)
    return str(matches[0])


def check_text(text: str, source: str, max_bytes: int) -> str:
    """Refuse empty, oversized or binary-looking text; return it unchanged otherwise."""
    size = len(text.encode("utf-8", errors="replace"))
    if size > max_bytes:
        raise InputError(
            source, f"too large: {size:,} bytes of text, the limit is {max_bytes:,} (NEWSBOT_MAX_INPUT_BYTES)"
        )
    if not text.strip():
        raise InputError(source, "empty input: nothing to analyze")
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r")
    if controls / max(len(sample), 1) > BINARY_CONTROL_RATIO:
        raise InputError(source, "looks like binary data, not an article")
    return text


def read_file(path: Path, max_bytes: int) -> RawInput:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes * 4:  # refuse before reading a huge file into memory
            raise InputError(source, f"too large: {size:,} bytes, the limit is {max_bytes:,} bytes of text")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from exc
    text = check_text(decode_bytes(data, source), source, max_bytes)
    kind: InputKind = "html" if path.suffix.lower() in (".html", ".htm") or looks_like_html(text) else "text"
    return RawInput(source=source, text=text, kind=kind)


def read_stream(stream: BinaryIO, source: str, max_bytes: int) -> RawInput:
    data = stream.read(max_bytes * 4 + 1)
    if len(data) > max_bytes * 4:
        raise InputError(source, f"too large: more than {max_bytes * 4:,} bytes, the limit is {max_bytes:,}")
    text = check_text(decode_bytes(data, source), source, max_bytes)
    return RawInput(source=source, text=text, kind="html" if looks_like_html(text) else "text")


def read_paste(text: str, source: str, max_bytes: int) -> RawInput:
    text = check_text(text, source, max_bytes)
    return RawInput(source=source, text=text, kind="html" if looks_like_html(text) else "text")


def expand_paths(paths: list[str]) -> Iterator[Path | None]:
    """Files named, and article files inside directories (sorted); None stands for standard input."""
    for name in paths:
        if name == "-":
            yield None
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise InputError(name, "directory has no articles (.txt or .html files)")
            yield from found
        elif path.exists():
            yield path
        else:
            raise InputError(name, "no such file or directory")
