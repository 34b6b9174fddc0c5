"""`/newsbot` argument parsing: a subcommand, or else an article (or link) to analyze."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.digest.slots import BadTime, parse_time, parse_zone

CommandKind = Literal["help", "search", "alias", "digest", "analyze", "invalid"]

# Subcommands are one short line; anything longer is an article that happens to start with a keyword
# ("Search teams found…"). 300 characters holds any realistic search or alias line.
SUBCOMMAND_MAX_CHARS = 300

ALIAS = re.compile(r"^alias\s+(?P<variant>[^=]+?)\s*=\s*(?P<canonical>.+)$", re.IGNORECASE)
SEARCH = re.compile(r"^search\s+(?P<query>.+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Command:
    kind: CommandKind
    text: str = ""  # the article, the search query, or the problem of an invalid command
    variant: str = ""
    canonical: str = ""
    action: str = ""  # digest: "show", "here", "off", "now"
    at: str | None = None  # digest here: "HH:MM"
    zone: str | None = None  # digest here: IANA name


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
        return parse_digest(stripped.split()[1:])
    return Command("analyze", text)


DIGEST_USAGE = (
    "use `/newsbot digest here 08:00 Europe/Kyiv` (24-hour time, IANA time zone; both optional), "
    "`/newsbot digest off`, `/newsbot digest now` or `/newsbot digest`"
)


def parse_digest(words: list[str]) -> Command:
    """`digest`, `digest off`, `digest now`, `digest here [HH:MM] [Zone]` (either order)."""
    if not words:
        return Command("digest", action="show")
    action, rest = words[0].lower(), words[1:]
    if action in ("off", "now") and not rest:
        return Command("digest", action=action)
    if action != "here" or len(rest) > 2:
        return Command("invalid", DIGEST_USAGE)
    at = zone = None
    try:
        for word in rest:
            if word[:1].isdigit():
                at = parse_time(word)
            else:
                zone = parse_zone(word)
    except BadTime as exc:
        return Command("invalid", str(exc))
    return Command("digest", action="here", at=at, zone=zone)
