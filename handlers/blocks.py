"""Every Block Kit payload newsbot sends, built in one place as pure functions returning plain dicts.

Slack's limits are enforced here, never left to Slack: at most `MAX_BLOCKS` blocks a message,
`SECTION_TEXT_LIMIT` characters a section text, `HEADER_LIMIT` a header. A reply that does not fit one
message is split into several (posted in one thread by the caller). All article text goes through
`escape()`, so nothing an article says can become a mention, `<!channel>` or a link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.models import ClaimRef, Finding, NumericClaim, Quote, Report, Summary

if TYPE_CHECKING:
    from bot.digest import Digest

Block = dict[str, Any]

# Slack's documented limits (api.slack.com/reference/block-kit/blocks).
MAX_BLOCKS = 50
SECTION_TEXT_LIMIT = 3000
HEADER_LIMIT = 150
CONTEXT_TEXT_LIMIT = 3000  # per context element, as for any text object
HOME_MAX_BLOCKS = 100
FALLBACK_TEXT_LIMIT = 3000  # Slack truncates `text` past 40k; notifications show far less
# Not a published hard limit: messages whose blocks carry much more than ~12k characters have been
# refused as `msg_too_long`/`invalid_blocks` in practice, so a message is split past this budget.
MESSAGE_CHAR_BUDGET = 12_000

# How much of a summary one reply shows (the full data stays in the store and `newsbot analyze --json`).
MAX_LEAD_SPANS = 3
MAX_TOP_CLAIMS = 5
MAX_SPEAKERS = 8
MAX_QUOTES_PER_SPEAKER = 3
MAX_FIGURES = 8
MAX_NAMES = 12
MAX_HOME_FINDINGS = 20
# Articles listed by name in one digest; a busy newsroom's day is counted past this.
MAX_DIGEST_ARTICLES = 40

DISMISS_NOT_CONTRADICTION = "dismiss_not_contradiction"
DISMISS_DIFFERENT_EVENT = "dismiss_different_event"
DISMISS_REASONS = {
    DISMISS_NOT_CONTRADICTION: "not_contradiction",
    DISMISS_DIFFERENT_EVENT: "different_event",
}
REASON_LABELS = {"not_contradiction": "not a contradiction", "different_event": "a different event"}

FINDING_LABELS = {
    "numeric_discrepancy": "Different figure",
    "updated_figure": "Updated figure",
    "quote_wording": "Quote worded differently",
    "attribution_conflict": "Same words, other speaker",
    "polarity_conflict": "Denial / opposite claim",
    "corroboration": "Corroborated",
}
ELLIPSIS = "…"


@dataclass(slots=True)
class Message:
    """One Slack message: Block Kit blocks plus the plain `text` fallback Slack requires."""

    text: str
    blocks: list[Block]

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


# --- text helpers ------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Slack's three control characters as entities: `&`, `<`, `>` (mentions and links need `<`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int) -> str:
    """Escape `text` and cut it to at most `limit` characters, never inside an entity."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    out: list[str] = []
    used = len(ELLIPSIS)
    for ch in text:
        piece = escape(ch)
        if used + len(piece) > limit:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out).rstrip() + ELLIPSIS


def clip(mrkdwn: str, limit: int) -> str:
    """Cut already-escaped mrkdwn to `limit` characters without splitting an `&…;` entity."""
    if len(mrkdwn) <= limit:
        return mrkdwn
    cut = mrkdwn[: limit - len(ELLIPSIS)]
    amp = cut.rfind("&")
    if amp >= 0 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


def _date(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


# --- block constructors ------------------------------------------------------------------------


def header(text: str) -> Block:
    return HeaderBlock(text=PlainTextObject(text=fit(text, HEADER_LIMIT) or "newsbot", emoji=False)).to_dict()


def section(mrkdwn: str, block_id: str | None = None) -> Block:
    return SectionBlock(
        text=MarkdownTextObject(text=clip(mrkdwn, SECTION_TEXT_LIMIT)), block_id=block_id
    ).to_dict()


def context(mrkdwn: str, block_id: str | None = None) -> Block:
    return ContextBlock(
        elements=[MarkdownTextObject(text=clip(mrkdwn, CONTEXT_TEXT_LIMIT))], block_id=block_id
    ).to_dict()


def divider() -> Block:
    return DividerBlock().to_dict()


def sections_from_lines(title: str, lines: Iterable[str]) -> list[Block]:
    """A titled list of lines as few sections as fit under the section limit (lines are pre-escaped)."""
    blocks: list[Block] = []
    current = f"*{title}*"
    for line in lines:
        line = clip(line, SECTION_TEXT_LIMIT - len(title) - 8)
        if len(current) + 1 + len(line) > SECTION_TEXT_LIMIT:
            blocks.append(section(current))
            current = f"*{title} (cont.)*"
        current = f"{current}\n{line}"
    blocks.append(section(current))
    return blocks


# --- the article summary -----------------------------------------------------------------------


def source_line(summary: Summary, *, url: str | None = None, already_seen: bool = False) -> str:
    parts = [_source_mrkdwn(summary.source, url)]
    if summary.published:
        parts.append(summary.published.isoformat())
    if already_seen:
        parts.append("already in the archive")
    return " · ".join(parts)


def source_label(source: str | None) -> str:
    """A source for display: `slack:<channel id>` (a paste) as a channel link, anything else escaped."""
    channel = (source or "").removeprefix("slack:")
    if source and source.startswith("slack:") and channel.isalnum():
        return f"<#{channel}>"
    return fit(source or "unknown source", 200)


def _source_mrkdwn(source: str, url: str | None) -> str:
    """The source name, linked to its URL when the URL is a plain http(s) address."""
    label = source_label(source)
    if url and url.startswith(("http://", "https://")) and not any(c in url for c in '<>|" \n'):
        return f"<{url}|{label}>"
    return label


def quote_line(quote: Quote) -> str:
    return f"• “{fit(quote.text, 600)}”"


def figure_line(figure: NumericClaim) -> str:
    what = figure.quantity or "figure"
    extras = [x for x in (figure.subject, figure.time) if x]
    tail = f" ({fit(', '.join(extras), 200)})" if extras else ""
    return f"• *{fit(figure.text, 200)}* — {fit(what, 200)}{tail}"


def summary_blocks(summary: Summary, *, url: str | None = None, already_seen: bool = False) -> list[Block]:
    """Headline, source, lead, top claims, quotes by speaker, figures, names and notes."""
    blocks: list[Block] = [
        header(summary.headline or "Untitled article"),
        context(source_line(summary, url=url, already_seen=already_seen)),
    ]
    lead = " ".join(span.text for span in summary.lead[:MAX_LEAD_SPANS]).strip()
    if lead:
        blocks.append(section(f"*Lead*\n{fit(lead, SECTION_TEXT_LIMIT - 10)}"))
    claims = [f"• {fit(c.text, 500)}" for c in summary.top_claims[:MAX_TOP_CLAIMS]]
    if claims:
        blocks.extend(sections_from_lines("Top claims", claims))
    for speaker, quotes in list(summary.quotes_by_speaker.items())[:MAX_SPEAKERS]:
        lines = [quote_line(q) for q in quotes[:MAX_QUOTES_PER_SPEAKER]]
        if len(quotes) > MAX_QUOTES_PER_SPEAKER:
            lines.append(f"_…and {len(quotes) - MAX_QUOTES_PER_SPEAKER} more_")
        blocks.extend(sections_from_lines(f"{fit(speaker or 'Unattributed', 200)} said", lines))
    figures = [figure_line(f) for f in summary.figures[:MAX_FIGURES]]
    if figures:
        blocks.extend(sections_from_lines("Figures", figures))
    names = _names_line(summary)
    if names:
        blocks.append(context(names))
    for note in summary.notes:
        blocks.append(context(f":information_source: {fit(note, 500)}"))
    return blocks


def _names_line(summary: Summary) -> str:
    parts = []
    for label, names in (("People", summary.people), ("Places", summary.places), ("Orgs", summary.orgs)):
        if names:
            parts.append(f"*{label}:* {fit(', '.join(names[:MAX_NAMES]), 800)}")
    return "   ".join(parts)


# --- findings ----------------------------------------------------------------------------------


def finding_block_id(finding_id: int | None, part: str) -> str | None:
    return None if finding_id is None else f"finding-{finding_id}-{part}"


def claim_ref_line(label: str, ref: ClaimRef) -> str:
    where = [source_label(ref.source)]
    if ref.title:
        where.append(f"“{fit(ref.title, 200)}”")
    published = _date(ref.published)
    if published:
        where.append(published)
    speaker = f" ({fit(ref.speaker, 100)})" if ref.speaker else ""
    sentence = ref.sentence or ref.text
    return f"*{label}*{speaker}: {fit(sentence, 1100)}\n_{' · '.join(where)}_"


def finding_blocks(finding: Finding) -> list[Block]:
    """A finding: what it is, both sentences with their sources, and the two dismiss buttons."""
    label = FINDING_LABELS.get(finding.type, finding.type.replace("_", " ").capitalize())
    other = "Same article" if finding.a.article_id == finding.b.article_id else "Earlier"
    body = (
        f"*{escape(label)}* — {fit(finding.explanation, 600)}\n"
        f"{claim_ref_line('This article', finding.a)}\n"
        f"{claim_ref_line(other, finding.b)}"
    )
    blocks = [section(body, block_id=finding_block_id(finding.id, "text"))]
    if finding.id is not None and finding.type != "corroboration":
        blocks.append(dismiss_actions(finding.id))
    return blocks


def dismiss_actions(finding_id: int) -> Block:
    value = str(finding_id)
    return ActionsBlock(
        block_id=finding_block_id(finding_id, "actions"),
        elements=[
            ButtonElement(
                text=PlainTextObject(text="Not a contradiction"),
                action_id=DISMISS_NOT_CONTRADICTION,
                value=value,
            ),
            ButtonElement(
                text=PlainTextObject(text="Different event"),
                action_id=DISMISS_DIFFERENT_EVENT,
                value=value,
                confirm=ConfirmObject(
                    title="Different event?",
                    text="newsbot will stop comparing these two claims.",
                    confirm="Dismiss",
                    deny="Cancel",
                ),
            ),
        ],
    ).to_dict()


def dismissed_context(finding_id: int, reason: str, user_id: str | None) -> Block:
    who = f" by <@{user_id}>" if user_id and user_id.isalnum() else ""
    label = REASON_LABELS.get(reason, escape(reason))
    return context(
        f":white_check_mark: Dismissed as {label}{who}.", block_id=finding_block_id(finding_id, "actions")
    )


def mark_dismissed(blocks: Sequence[Block], finding_id: int, reason: str, user_id: str | None) -> list[Block]:
    """The message's blocks with the finding's buttons replaced by a "dismissed" note."""
    target = finding_block_id(finding_id, "actions")
    return [
        dismissed_context(finding_id, reason, user_id) if block.get("block_id") == target else dict(block)
        for block in blocks
    ]


def findings_units(findings: Sequence[Finding]) -> list[list[Block]]:
    """Contradictions first (each with buttons), then corroborations; each unit stays in one message."""
    conflicts = [f for f in findings if f.type != "corroboration"]
    support = [f for f in findings if f.type == "corroboration"]
    units: list[list[Block]] = []
    if conflicts:
        units.append(
            [
                divider(),
                section(f"*:warning: {len(conflicts)} possible contradiction(s) with stored articles*"),
            ]
        )
        units.extend(finding_blocks(f) for f in conflicts)
    if support:
        units.append(
            [divider(), section(f"*:white_check_mark: Corroborated by {len(support)} stored claim(s)*")]
        )
        units.extend(finding_blocks(f) for f in support)
    if not findings:
        units.append([context("No contradictions with stored articles.")])
    return units


# --- whole replies -----------------------------------------------------------------------------


def report_fallback(report: Report) -> str:
    summary = report.summary
    conflicts = sum(1 for f in report.findings if f.type != "corroboration")
    text = f"{summary.headline or 'Untitled article'} ({summary.source})"
    if conflicts:
        text += f": {conflicts} possible contradiction(s)"
    return fit(text, FALLBACK_TEXT_LIMIT)


def report_messages(report: Report) -> list[Message]:
    """The reply to one analyzed article, split into as many messages as Slack's limits need."""
    units = [summary_blocks(report.summary, url=report.article.url, already_seen=report.already_seen)]
    units.extend(findings_units(report.findings))
    return pack(units, report_fallback(report))


def pack(units: Sequence[list[Block]], fallback: str) -> list[Message]:
    """Pack block groups into messages of ≤ MAX_BLOCKS blocks and ≤ MESSAGE_CHAR_BUDGET characters."""
    pages: list[list[Block]] = []
    current: list[Block] = []
    for unit in units:
        for piece in _chunks(unit, MAX_BLOCKS):
            if current and (
                len(current) + len(piece) > MAX_BLOCKS
                or _chars(current) + _chars(piece) > MESSAGE_CHAR_BUDGET
            ):
                pages.append(current)
                current = []
            current = current + piece
    if current:
        pages.append(current)
    total = len(pages)
    return [
        Message(text=fallback if i == 0 else fit(f"(continued {i + 1}/{total}) ", 40) + fallback, blocks=page)
        for i, page in enumerate(pages)
    ]


def _chunks(blocks: list[Block], size: int) -> list[list[Block]]:
    return [blocks[i : i + size] for i in range(0, len(blocks), size)] or [[]]


def _chars(blocks: Iterable[Block]) -> int:
    return sum(len(str(block)) for block in blocks)


# --- short replies -----------------------------------------------------------------------------

HELP_TEXT = (
    "*newsbot* reads an article and tells you who said what, which figures it gives, and where it "
    "disagrees with articles already stored.\n"
    "• `/newsbot <pasted article or link>` — analyze it and post the summary here\n"
    "• `@newsbot <article or link>` — the same, answered in the thread; `@newsbot` alone in a thread "
    "analyzes the thread's first message\n"
    "• Message menu → *Analyze with newsbot* — analyze any message\n"
    '• `/newsbot search <words>` or `/newsbot search speaker:"Name"` — stored claims\n'
    "• `/newsbot alias <variant> = <canonical>` — treat two names as the same person or place\n"
    "• `/newsbot digest here [HH]` — post the daily digest in this channel at HH:00 UTC\n"
    "• `/newsbot help` — this message"
)


def help_message() -> Message:
    return Message(text="newsbot help", blocks=[section(HELP_TEXT)])


def notice(text: str) -> Message:
    """A short note (progress, error, confirmation); `text` is escaped."""
    return Message(text=fit(text, FALLBACK_TEXT_LIMIT), blocks=[section(fit(text, SECTION_TEXT_LIMIT))])


def search_messages(query: str, results: Sequence[dict[str, Any]], limit: int = 20) -> list[Message]:
    if not results:
        return [notice(f"No stored claims match {query}.")]
    lines = []
    for item in results[:limit]:
        speaker = f"*{fit(item['speaker'], 100)}*: " if item.get("speaker") else ""
        where = " · ".join(fit(str(x), 200) for x in (item.get("source"), item.get("title")) if x)
        lines.append(f"• {speaker}{fit(str(item.get('text', '')), 600)}\n   _{where}_")
    title = f"{len(results)} stored claim(s) matching {fit(query, 200)}"
    return pack([sections_from_lines(title, lines)], fit(title, FALLBACK_TEXT_LIMIT))


# --- the daily digest -------------------------------------------------------------------------


def digest_title(digest: Digest) -> str:
    return f"newsroom digest — {digest.until.date().isoformat()}"


def digest_article_line(title: str | None, source: str, url: str | None) -> str:
    return f"• {fit(title or 'Untitled article', 300)} — {_source_mrkdwn(source, url)}"


def digest_fallback(digest: Digest) -> str:
    conflicts = len(digest.conflicts) + digest.more_conflicts
    return fit(
        f"{digest_title(digest)}: {len(digest.articles)} article(s), {conflicts} open conflict(s)",
        FALLBACK_TEXT_LIMIT,
    )


def digest_messages(digest: Digest) -> list[Message]:
    """The daily digest: the day's articles, open conflicts (with dismiss buttons) and counts.

    An empty day is one line, so a quiet channel is not flooded with empty sections.
    """
    if digest.empty:
        line = f"*{escape(digest_title(digest))}* · No articles stored and no open conflicts in the last day."
        return [Message(text=fit(f"{digest_title(digest)}: nothing new", 200), blocks=[section(line)])]
    units: list[list[Block]] = [[header(digest_title(digest))]]
    articles = digest.articles
    if articles:
        lines = [digest_article_line(a.title, a.source, a.url) for a in articles[:MAX_DIGEST_ARTICLES]]
        if len(articles) > MAX_DIGEST_ARTICLES:
            lines.append(f"_…and {len(articles) - MAX_DIGEST_ARTICLES} more_")
        units.append(sections_from_lines(f"{len(articles)} article(s) stored in the last day", lines))
    else:
        units.append([context("No new articles stored in the last day.")])
    total_conflicts = len(digest.conflicts) + digest.more_conflicts
    if digest.conflicts:
        units.append([divider(), section(f"*:warning: {total_conflicts} open conflict(s)*")])
        units.extend(finding_blocks(f) for f in digest.conflicts)
    tail = []
    if digest.more_conflicts:
        tail.append(f"_…and {digest.more_conflicts} more conflict(s); see the App Home tab._")
    if digest.corroborations:
        tail.append(f":white_check_mark: {digest.corroborations} corroboration(s)")
    if tail:
        units.append([context("   ".join(tail))])
    return pack(units, digest_fallback(digest))


# --- App Home ----------------------------------------------------------------------------------


def home_view(
    findings: Sequence[Finding], digest_channels: Sequence[tuple[str, int, bool]]
) -> dict[str, Any]:
    """The App Home tab: open findings of the last 7 days (newest first) and the digest settings."""
    blocks: list[Block] = [header("newsbot"), section("*Open findings, last 7 days*")]
    if not findings:
        blocks.append(context("No open findings this week."))
    room = HOME_MAX_BLOCKS - len(blocks) - 4 - len(digest_channels)
    for finding in findings[:MAX_HOME_FINDINGS]:
        unit = finding_blocks(finding)
        if len(unit) > room:
            blocks.append(context(f"_{len(findings)} findings in all; showing the newest._"))
            break
        blocks.extend(unit)
        room -= len(unit)
    blocks.append(divider())
    blocks.append(section("*Daily digest*"))
    if not digest_channels:
        blocks.append(context("No digest channel yet. Use `/newsbot digest here [HH]` in a channel."))
    for channel_id, hour, enabled in digest_channels[: max(0, HOME_MAX_BLOCKS - len(blocks))]:
        state = f"{hour:02d}:00 UTC" if enabled else "off"
        mention = f"<#{channel_id}>" if channel_id.isalnum() else fit(channel_id, 80)
        blocks.append(context(f"{mention} — {state}"))
    return {"type": "home", "blocks": blocks[:HOME_MAX_BLOCKS]}
