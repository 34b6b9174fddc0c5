"""Every Block Kit payload newsbot sends, built in one place as pure functions returning plain dicts.

The reply to an article is a verdict and its details. The verdict (the channel message, or the first
reply of a thread) is the headline, where the article is from, one line on what newsbot found, and the
first findings, each with both wordings side by side and the other article named and linked; at most
`VERDICT_MAX_BLOCKS` blocks and `VERDICT_CHAR_BUDGET` characters of text. The details (lead, claims,
quotes, figures, names, and the findings that did not fit) go into the verdict's thread.

Slack's limits are enforced here, never left to Slack: at most `MAX_BLOCKS` blocks a message,
`SECTION_TEXT_LIMIT` characters a section text, `HEADER_LIMIT` a header. Escaping follows the text
type: `mrkdwn` text has article text escaped exactly once (`escape`), so nothing an article says can
become a mention, `<!channel>` or a link; `plain_text` (headers, buttons) is shown as written by Slack,
so it is never entity-escaped (`plain`).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
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

from bot.labels import finding_label
from bot.models import ClaimRef, Finding, NumericClaim, Quote, Report, StoredArticle, Summary
from bot.sources import Source, article_source, is_paste, source_for, source_name, source_text

if TYPE_CHECKING:
    from bot.digest import Digest, StoryDigest
    from bot.search import Page

Block = dict[str, Any]
Sources = Mapping[int, Source]

# Slack's documented limits (api.slack.com/reference/block-kit/blocks).
MAX_BLOCKS = 50
SECTION_TEXT_LIMIT = 3000
FIELD_TEXT_LIMIT = 2000
HEADER_LIMIT = 150
CONTEXT_TEXT_LIMIT = 3000  # per context element, as for any text object
HOME_MAX_BLOCKS = 100
FALLBACK_TEXT_LIMIT = 3000  # Slack truncates `text` past 40k; notifications show far less
# Not a published hard limit: messages whose blocks carry much more than ~12k characters have been
# refused as `msg_too_long`/`invalid_blocks` in practice, so a message is split past this budget.
MESSAGE_CHAR_BUDGET = 12_000

# The verdict: a screen of text at most. 15 blocks hold the header, source, verdict line, three
# findings (3 blocks each) and the "more in the thread" line.
VERDICT_MAX_BLOCKS = 15
VERDICT_CHAR_BUDGET = 2_500
VERDICT_MAX_FINDINGS = 3
SIDE_CHARS = 320  # one wording, with the words around what differs
EXPLANATION_CHARS = 240

# How much of a summary the details show (the full data stays in the store and `newsbot analyze --json`).
MAX_LEAD_SPANS = 3
MAX_TOP_CLAIMS = 5
MAX_SPEAKERS = 8
MAX_QUOTES_PER_SPEAKER = 3
MAX_FIGURES = 8
MAX_NAMES = 12
MAX_HOME_FINDINGS = 20

VERDICT_CORRECT = "verdict_correct"
DISMISS_NOT_CONTRADICTION = "dismiss_not_contradiction"
DISMISS_DIFFERENT_EVENT = "dismiss_different_event"
DISMISS_REASONS = {
    DISMISS_NOT_CONTRADICTION: "not_contradiction",
    DISMISS_DIFFERENT_EVENT: "different_event",
}
VERDICTS = {VERDICT_CORRECT: "correct", **DISMISS_REASONS}  # button -> verdict stored as feedback
REASON_LABELS = {"not_contradiction": "not a contradiction", "different_event": "a different event"}
SEARCH_NEXT = "search_next"
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


def plain(text: str, limit: int) -> str:
    """Text for a `plain_text` object: shown as written (never entity-escaped), cut to `limit`."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


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


def one_line(text: str) -> str:
    return " ".join(text.split())


def blocks_text(blocks: Iterable[Block], *kinds: str) -> str:
    """Every text a reader sees in the blocks (sections, fields, contexts, headers, buttons), joined;
    only the text objects of the given `kinds` ("mrkdwn", "plain_text") if any are named."""
    found: list[str] = []
    wanted = kinds or ("mrkdwn", "plain_text")

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in wanted and isinstance(node.get("text"), str):
                found.append(node["text"])
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(list(blocks))
    return "\n".join(found)


# --- block constructors ------------------------------------------------------------------------


def header(text: str) -> Block:
    return HeaderBlock(
        text=PlainTextObject(text=plain(text, HEADER_LIMIT) or "newsbot", emoji=False)
    ).to_dict()


def section(mrkdwn: str, block_id: str | None = None, fields: Sequence[str] = ()) -> Block:
    return SectionBlock(
        text=MarkdownTextObject(text=clip(mrkdwn, SECTION_TEXT_LIMIT)),
        fields=[MarkdownTextObject(text=clip(f, FIELD_TEXT_LIMIT)) for f in fields] or None,
        block_id=block_id,
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


# --- sources -----------------------------------------------------------------------------------


def source_mrkdwn(src: Source, *, with_title: bool = True) -> str:
    """ "<link|Outlet> · “Title” · 2026-03-04", or "<link|pasted> by @maria in #politics on 2026-03-04"."""
    day = src.date.isoformat() if src.date else None
    if is_paste(src):
        pasted = f"<{src.link}|pasted>" if src.link else "pasted"
        who = f" by @{fit(src.pasted_by, 80)}" if src.pasted_by else ""
        if src.channel_name:
            where = f" in #{fit(src.channel_name, 80)}"
        else:  # a channel mention: Slack shows the channel's name
            where = f" in <#{src.channel_id}>" if src.channel_id else ""
        parts = [f"{pasted}{who}{where}" + (f" on {day}" if day else "")]
    else:
        name = fit(source_name(src), 200)
        parts = [f"<{src.link}|{name}>" if src.link else name]
        if day:
            parts.append(day)
    if with_title and src.title:
        parts.insert(1, f"“{fit(one_line(src.title), 160)}”")
    return " · ".join(parts)


# --- findings ----------------------------------------------------------------------------------


def finding_block_id(finding_id: int | None, part: str) -> str | None:
    return None if finding_id is None else f"finding-{finding_id}-{part}"


_TOKEN = re.compile(r"\S+")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _key(word: str) -> str:
    return word.translate(_FOLD).strip(".,;:!?\"'()[]").casefold()


def differing_spans(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of the words that differ between two wordings (case and punctuation aside)."""
    wa, wb = list(_TOKEN.finditer(a)), list(_TOKEN.finditer(b))
    matcher = difflib.SequenceMatcher(a=[_key(w.group()) for w in wa], b=[_key(w.group()) for w in wb])
    out_a: list[tuple[int, int]] = []
    out_b: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            out_a.append((wa[i1].start(), wa[i2 - 1].end()))
        if j2 > j1:
            out_b.append((wb[j1].start(), wb[j2 - 1].end()))
    return out_a, out_b


def marked(text: str, spans: Sequence[tuple[int, int]], room: int = SIDE_CHARS) -> str:
    """`text` escaped once with the spans in bold, cut to about `room` characters around the first span."""
    text = one_line(text) if "\n" in text else text
    if spans:
        first = spans[0][0]
        lo = max(0, min(first - room // 3, len(text) - room))
    else:
        lo = 0
    hi = min(len(text), lo + room)
    if lo > 0:  # start at a word
        space = text.find(" ", lo, lo + 20)
        lo = space + 1 if space >= 0 else lo
    pieces: list[str] = [ELLIPSIS] if lo > 0 else []
    pos = lo
    for start, end in spans:
        start, end = max(start, lo), min(end, hi)
        if start >= end or start < pos:
            continue
        piece = text[start:end]
        word = piece.strip()
        lead = piece[: len(piece) - len(piece.lstrip())]
        trail = piece[len(piece.rstrip()) :]
        pieces.append(escape(text[pos:start]) + lead + (f"*{escape(word)}*" if word else "") + trail)
        pos = end
    pieces.append(escape(text[pos:hi]))
    if hi < len(text):
        pieces.append(ELLIPSIS)
    return "".join(pieces)


def _claim_span(ref: ClaimRef) -> tuple[str, list[tuple[int, int]]]:
    """The side's sentence and where its claim text stands in it."""
    sentence = ref.sentence or ref.text
    at = sentence.find(ref.text) if ref.text else -1
    if at < 0 or ref.text == sentence:
        return sentence, []
    return sentence, [(at, at + len(ref.text))]


def side_texts(finding: Finding) -> tuple[str, str]:
    """The two wordings as mrkdwn, what differs in bold: the differing words of two quotes or
    statements, or the two figures inside their sentences."""
    a, b = finding.a, finding.b
    if finding.type in ("quote_wording", "attribution_conflict"):
        da, db = differing_spans(a.text, b.text)
        return f"“{marked(a.text, da)}”", f"“{marked(b.text, db)}”"
    (sa, spa), (sb, spb) = _claim_span(a), _claim_span(b)
    if not spa and not spb and finding.type != "corroboration":
        spa, spb = differing_spans(sa, sb)
    return marked(sa, spa), marked(sb, spb)


def _speaker(ref: ClaimRef) -> str:
    return f" ({fit(ref.speaker, 80)})" if ref.speaker else ""


def finding_blocks(
    finding: Finding, sources: Sources | None = None, *, own_source: bool = False
) -> list[Block]:
    """One finding in two or three lines: what differs, both wordings side by side (differences in
    bold), the other article named and linked, and the verdict buttons. `own_source` names this
    article's source too (App Home and the digest, where the finding stands without its article)."""
    label = finding_label(finding.type)
    this, other = side_texts(finding)
    same = finding.a.article_id == finding.b.article_id
    other_title = "Elsewhere in this article" if same else "Other article"
    blocks = [
        section(
            f"*{escape(label)}* — {fit(one_line(finding.explanation), EXPLANATION_CHARS)}",
            block_id=finding_block_id(finding.id, "text"),
            fields=[
                f"*This article*{_speaker(finding.a)}\n{this}",
                f"*{other_title}*{_speaker(finding.b)}\n{other}",
            ],
        )
    ]
    where = []
    if own_source:
        where.append(f"This article: {source_mrkdwn(source_for(finding.a, sources))}")
    if not same:
        where.append(f"Other article: {source_mrkdwn(source_for(finding.b, sources))}")
    if where:
        blocks.append(context("\n".join(where)))
    if finding.id is not None and finding.type != "corroboration":
        blocks.append(verdict_actions(finding.id))
    return blocks


def verdict_actions(finding_id: int) -> Block:
    value = str(finding_id)
    return ActionsBlock(
        block_id=finding_block_id(finding_id, "actions"),
        elements=[
            ButtonElement(text=PlainTextObject(text="Correct"), action_id=VERDICT_CORRECT, value=value),
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


def verdict_context(finding_id: int, verdict: str, user_id: str | None) -> Block:
    who = f" by <@{user_id}>" if user_id and user_id.isalnum() else ""
    if verdict == "correct":
        text = f":white_check_mark: Marked correct{who}."
    else:
        text = f":white_check_mark: Dismissed as {REASON_LABELS.get(verdict, escape(verdict))}{who}."
    return context(text, block_id=finding_block_id(finding_id, "actions"))


def mark_verdict(blocks: Sequence[Block], finding_id: int, verdict: str, user_id: str | None) -> list[Block]:
    """The message's blocks with the finding's buttons replaced by a note of the verdict."""
    target = finding_block_id(finding_id, "actions")
    return [
        verdict_context(finding_id, verdict, user_id) if block.get("block_id") == target else dict(block)
        for block in blocks
    ]



def is_conflict(finding: Finding) -> bool:
    return finding.type != "corroboration"


# --- the reply to an article: the verdict, then the details in its thread ------------------------


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def verdict_line(report: Report, stored_count: int | None) -> str:
    """ "2 possible conflicts with stored articles · 1 corroboration", or "Nothing conflicts with …"."""
    conflicts = sum(1 for f in report.findings if is_conflict(f))
    support = len(report.findings) - conflicts
    if conflicts:
        parts = [f"{_plural(conflicts, 'possible conflict')} with stored articles"]
    elif stored_count == 0:
        parts = ["First article stored: nothing to compare it with yet"]
    elif stored_count is not None:
        parts = [f"Nothing conflicts with the {_plural(stored_count, 'article')} stored"]
    else:
        parts = ["Nothing conflicts with the stored articles"]
    if support:
        parts.append(_plural(support, "corroboration"))
    return " · ".join(parts)


def verdict_blocks(
    report: Report, sources: Sources | None, stored_count: int | None
) -> tuple[list[Block], list[Finding]]:
    """The verdict's blocks and the findings left for the thread."""
    summary = report.summary
    where = source_mrkdwn(article_source(report.article, sources), with_title=False)
    if report.already_seen:
        where += " · already analyzed"
    blocks = [
        header(summary.headline or "Untitled article"),
        context(where),
        section(f"*{escape(verdict_line(report, stored_count))}*"),
    ]
    shown = 0
    for finding in report.findings[:VERDICT_MAX_FINDINGS]:
        unit = finding_blocks(finding, sources)
        if (
            len(blocks) + len(unit) + 1 > VERDICT_MAX_BLOCKS
            or len(blocks_text(blocks + unit)) + 80 > VERDICT_CHAR_BUDGET
        ):
            break
        blocks.extend(unit)
        shown += 1
    rest = report.findings[shown:]
    tail = "Summary, quotes and figures in the thread."
    if rest:
        tail = f"…and {len(rest)} more in the thread, with the summary, quotes and figures."
    blocks.append(context(f":thread: {tail}"))
    return blocks, rest


def verdict_fallback(report: Report, sources: Sources | None, stored_count: int | None) -> str:
    """The verdict as one readable paragraph (notifications and screen readers show only this)."""
    summary = report.summary
    src = article_source(report.article, sources)
    text = f"{one_line(summary.headline or 'Untitled article')} ({source_text(src, with_title=False)}). "
    text += verdict_line(report, stored_count) + "."
    for finding in report.findings[:VERDICT_MAX_FINDINGS]:
        if not is_conflict(finding):
            continue
        text += f" {finding_label(finding.type)}: {one_line(finding.explanation)}."
    return fit(text, FALLBACK_TEXT_LIMIT)


def report_messages(
    report: Report, sources: Sources | None = None, stored_count: int | None = None
) -> list[Message]:
    """The reply to one analyzed article: the verdict first, then the details for its thread."""
    blocks, rest = verdict_blocks(report, sources, stored_count)
    verdict = Message(text=verdict_fallback(report, sources, stored_count), blocks=blocks)
    return [verdict, *details_messages(report, rest, sources)]


def details_messages(report: Report, rest: Sequence[Finding], sources: Sources | None) -> list[Message]:
    """Lead, top claims, quotes by speaker, figures and names, then the findings the verdict left out."""
    units = [summary_blocks(report.summary)]
    if rest:
        units.append([divider(), section(f"*More findings ({len(rest)})*")])
        units.extend(finding_blocks(f, sources) for f in rest)
    title = one_line(report.summary.headline or "Untitled article")
    return pack(units, fit(f"Details: {title}", FALLBACK_TEXT_LIMIT))


def quote_line(quote: Quote) -> str:
    return f"• “{fit(quote.text, 600)}”"


def figure_line(figure: NumericClaim) -> str:
    what = figure.quantity or "figure"
    extras = [x for x in (figure.subject, figure.time) if x]
    tail = f" ({fit(', '.join(extras), 200)})" if extras else ""
    return f"• *{fit(figure.text, 200)}* — {fit(what, 200)}{tail}"


def summary_blocks(summary: Summary) -> list[Block]:
    """Lead, top claims, quotes by speaker, figures, names and notes."""
    blocks: list[Block] = []
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
    return blocks or [context("No lead, claims or quotes found in this article.")]


def _names_line(summary: Summary) -> str:
    parts = []
    for label, names in (("People", summary.people), ("Places", summary.places), ("Orgs", summary.orgs)):
        if names:
            parts.append(f"*{label}:* {fit(', '.join(names[:MAX_NAMES]), 800)}")
    return "   ".join(parts)


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
    "• `/newsbot <pasted article or link>` — the verdict here, the summary in its thread\n"
    "• `@newsbot <article or link>` — the same, answered in the thread; `@newsbot` alone in a thread "
    "analyzes the thread's first message\n"
    "• Message menu → *Analyze with newsbot* — analyze any message\n"
    '• `/newsbot search <words>`, `/newsbot search speaker:Kirby` or `speaker:"John Kirby" <words>` — '
    "stored quotes and sentences, newest first\n"
    "• `/newsbot alias <variant> = <canonical>` — treat two names as the same person or place\n"
    "• `/newsbot digest here 08:00 Europe/Kyiv` — the morning digest in this channel at that local time "
    "(`/newsbot digest` shows it, `… off` stops it, `… now` previews it)\n"
    "• Under each finding: *Correct*, *Not a contradiction* (never shown again) or *Different event* "
    "(these two claims are never compared again); every verdict is kept to tune newsbot\n"
    "• `/newsbot help` — this message"
)


def help_message() -> Message:
    return Message(text="newsbot help", blocks=[section(HELP_TEXT)])


def notice(text: str) -> Message:
    """A short note (progress, error, confirmation); `text` is escaped."""
    return Message(text=fit(text, FALLBACK_TEXT_LIMIT), blocks=[section(fit(text, SECTION_TEXT_LIMIT))])


def search_result_line(item: dict[str, Any]) -> str:
    """• *Speaker*: “the words” / <link|Outlet> · 2026-03-04."""
    speaker = f"*{fit(item['speaker'], 100)}*: " if item.get("speaker") else ""
    words = fit(one_line(str(item.get("text", ""))), 500)
    src = item.get("source")
    where = source_mrkdwn(src) if isinstance(src, Source) else fit(str(src or ""), 200)
    return f"• {speaker}“{words}”\n   {where}"


def search_messages(page: Page) -> list[Message]:
    """One page of search results, with a "Next 10" button when there are more."""
    if not page.results:
        note = "No more stored claims match" if page.offset else "No stored claims match"
        return [notice(f"{note} {page.query}.")]
    first, last = page.offset + 1, page.offset + len(page.results)
    title = f"Stored claims matching {fit(page.query, 200)} ({first}–{last}, newest first)"
    blocks = sections_from_lines(title, [search_result_line(r) for r in page.results])
    if page.more:
        value = json.dumps({"q": page.query, "o": last}, ensure_ascii=False)
        blocks.append(
            ActionsBlock(
                block_id="search-next",
                elements=[
                    ButtonElement(
                        text=PlainTextObject(text=f"Next {len(page.results)}"),
                        action_id=SEARCH_NEXT,
                        value=value,
                    )
                ],
            ).to_dict()
        )
    fallback = f"{last - first + 1} stored claim(s) matching {page.query}"
    return pack([blocks], fit(fallback, FALLBACK_TEXT_LIMIT))


# --- App Home ----------------------------------------------------------------------------------

HOME_INTRO = (
    "newsbot reads the articles you share and tells you where they disagree with the articles it has "
    "already stored: different figures, quotes worded differently, claims asserted and denied. "
    "Use `/newsbot <article or link>` in a channel, mention `@newsbot` with an article, or pick "
    "*Analyze with newsbot* in a message's menu. Findings that need a look appear here, by story."
)


@dataclass(slots=True)
class HomeStory:
    """A story (cluster of articles) and its open findings, newest first."""

    label: str
    findings: list[Finding]


def home_view(
    stories: Sequence[HomeStory],
    digest_channels: Sequence[tuple[str, str]],
    sources: Sources | None = None,
) -> dict[str, Any]:
    """The App Home tab: open findings of the last 7 days grouped by story (newest story first),
    and the digest channels with their setting and state (`handlers.digest.state_line`); an explanation
    of newsbot while there is nothing yet."""
    blocks: list[Block] = [header("newsbot")]
    if not any(s.findings for s in stories):
        blocks += [section(HOME_INTRO), context("No open findings in the last 7 days.")]
    else:
        blocks.append(section("*Open findings, last 7 days, by story*"))
    room = HOME_MAX_BLOCKS - len(blocks) - 4 - len(digest_channels)
    total = sum(len(s.findings) for s in stories)
    shown = 0
    for story in stories:
        if not story.findings:
            continue
        title = [
            divider(),
            section(
                f"*{fit(one_line(story.label) or 'Story', 200)}* · {_plural(len(story.findings), 'finding')}"
            ),
        ]
        if room < len(title) + 3 or shown >= MAX_HOME_FINDINGS:
            break
        blocks += title
        room -= len(title)
        for finding in story.findings:
            unit = finding_blocks(finding, sources, own_source=True)
            if len(unit) > room or shown >= MAX_HOME_FINDINGS:
                break
            blocks += unit
            room -= len(unit)
            shown += 1
    if shown < total:
        blocks.append(context(f"_{total} open findings in all; showing the newest {shown}._"))
    blocks.append(divider())
    blocks.append(section("*Daily digest*"))
    if not digest_channels:
        blocks.append(context("No digest channel yet. Use `/newsbot digest here 08:00 Europe/Kyiv`."))
    for channel_id, state in digest_channels[: max(0, HOME_MAX_BLOCKS - len(blocks))]:
        mention = f"<#{channel_id}>" if channel_id.isalnum() else fit(channel_id, 80)
        blocks.append(context(f"{mention} — {state}"))
    return {"type": "home", "blocks": blocks[:HOME_MAX_BLOCKS]}


# --- the morning digest ------------------------------------------------------------------------
# A digest is a parent message (title, one line per story) and, when it does not fit, thread replies:
# one unit per story (its articles, open conflicts through `finding_blocks`, corroborations, top
# check-worthy claims, figures), packed within Slack's limits by `pack`.

DIGEST_OVERVIEW_STORIES = 15  # stories named in the parent message's overview


def digest_title(day: date) -> str:
    return f"Newsroom digest — {day:%A} {day.isoformat()}"


def digest_fallback(digest: Digest, day: date) -> str:
    return fit(
        f"{digest_title(day)}: {digest.article_count} article(s), {len(digest.stories)} story(ies), "
        f"{digest.conflict_count} open conflict(s)",
        FALLBACK_TEXT_LIMIT,
    )


def digest_empty_message(day: date) -> Message:
    """The one line posted for a day with nothing new (when the channel wants one)."""
    line = f"*{escape(digest_title(day))}* · nothing new since the last digest."
    return Message(text=fit(f"{digest_title(day)}: nothing new", 200), blocks=[section(line)])


def digest_overview(digest: Digest) -> list[str]:
    lines = []
    for number, story in enumerate(digest.stories[:DIGEST_OVERVIEW_STORIES], 1):
        conflicts = f" · :warning: {story.open_conflicts} open conflict(s)" if story.open_conflicts else ""
        label = fit(one_line(story.label), 200)
        lines.append(f"{number}. {label} — {len(story.articles)} article(s){conflicts}")
    if len(digest.stories) > DIGEST_OVERVIEW_STORIES:
        lines.append(f"_…and {len(digest.stories) - DIGEST_OVERVIEW_STORIES} more stories_")
    return lines


def digest_article_line(article: StoredArticle, sources: Sources | None) -> str:
    """• Title (linked to newsbot's analysis thread, when it was analyzed in Slack) — outlet · date."""
    src = article_source(article, sources)
    title = fit(one_line(article.title or "Untitled article"), 300)
    if src.permalink:
        title = f"<{src.permalink}|{title}>"
    return f"• {title} — {source_mrkdwn(src, with_title=False)}"


def _speaker_prefix(speaker: str | None) -> str:
    return f"*{fit(speaker, 100)}:* " if speaker else ""


def digest_story_units(number: int, story: StoryDigest, sources: Sources | None) -> list[list[Block]]:
    """One story: a heading with its articles, then each open conflict (buttons kept), then the rest."""
    heading = f"{number}. {fit(one_line(story.label), 250)}"
    lines = [digest_article_line(a, sources) for a in story.articles]
    units = [[divider(), *sections_from_lines(heading, lines)]]
    if story.conflicts:
        units.append([section(f"*:warning: {story.open_conflicts} open conflict(s)*")])
        units.extend(finding_blocks(f, sources, own_source=True) for f in story.conflicts)
    if story.more_conflicts:
        units.append([context(f"_…and {story.more_conflicts} more conflict(s); see the App Home tab._")])
    if story.corroborations:
        more = f" (+{story.more_corroborations} more)" if story.more_corroborations else ""
        lines = [f"• {fit(s, 500)}" for s in story.corroborated]
        units.append(sections_from_lines(f":white_check_mark: Corroborated{more}", lines))
    if story.claims:
        lines = [f"• {_speaker_prefix(c.speaker)}{fit(c.text, 500)}" for c in story.claims]
        units.append(sections_from_lines("Check-worthy claims", lines))
    if story.figures:
        lines = [
            f"• *{fit(f.text, 200)}* — {fit(f.quantity or 'figure', 200)}"
            + (f" ({fit(f.subject, 100)})" if f.subject else "")
            for f in story.figures
        ]
        units.append(sections_from_lines("Figures", lines))
    return units


def digest_messages(digest: Digest, day: date, sources: Sources | None = None) -> list[Message]:
    """The digest as Slack messages: the first goes in the channel, the rest in its thread."""
    if digest.empty:
        return [digest_empty_message(day)]
    summary = (
        f"{digest.article_count} article(s) in {len(digest.stories)} story(ies) since the last digest, "
        f"{digest.conflict_count} open conflict(s)"
    )
    units: list[list[Block]] = [[header(digest_title(day)), context(escape(summary))]]
    units.append(sections_from_lines("Stories", digest_overview(digest)))
    for number, story in enumerate(digest.stories, 1):
        units.extend(digest_story_units(number, story, sources))
    return pack(units, digest_fallback(digest, day))
