"""`/newsbot` argument parsing: a subcommand, or else an article (or link) to analyze."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CommandKind = Literal["help", "search", "alias", "digest", "analyze", "invalid"]

# Subcommands are one short line; anything longer is an article that happens to start with a keyword
# ("Search teams found…"). 300 characters holds any realistic search or alias line.
SUBCOMMAND_MAX_CHARS = 300

ALIAS = re.compile(r"^alias\s+(?P<variant>[^=]+?)\s*=\s*(?P<canonical>.+)$", re.IGNORECASE)
DIGEST = re.compile(r"^digest\s+here(?:\s+(?P<hour>\d{1,2}))?$", re.IGNORECASE)
SEARCH = re.compile(r"^search\s+(?P<query>.+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Command:
    kind: CommandKind
    text: str = ""  # the article, the search query, or the problem of an invalid command
    variant: str = ""
    canonical: str = ""
    hour: int | None = None


def parse_command(text: str) -> Command:
    """What `/newsbot <text>` asks for."""
    stripped = text.strip()
    if stripped.lower() in {"", "help", "-h", "--help", "?"}:
        return Command("help")
    if len(stripped) > SUBCOMMAND_MAX_CHARS or "\n" in stripped:
        return Command("analyze", text)
    first = stripped.split(maxsplit=1)[0].lower()
    if first == "search":
        match = SEARCH.match(stripped)
        return Command("search", match["query"].strip()) if match else Command("invalid", "search for what?")
    if first == "alias" and "=" in stripped:
        match = ALIAS.match(stripped)
        if match:
            return Command("alias", variant=match["variant"].strip(), canonical=match["canonical"].strip())
    if first == "digest":
        match = DIGEST.match(stripped)
        if not match:
            return Command("invalid", "use `/newsbot digest here [HH]` (hour in UTC, 0–23)")
        hour = int(match["hour"]) if match["hour"] is not None else None
        if hour is not None and not 0 <= hour <= 23:
            return Command("invalid", "the digest hour must be between 0 and 23 (UTC)")
        return Command("digest", hour=hour)
    return Command("analyze", text)
