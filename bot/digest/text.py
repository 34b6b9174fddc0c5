"""A digest as terminal text (`newsbot digest`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from bot.digest.content import Digest, StoryDigest, within_article
from bot.ingest import InputError
from bot.render import WIDTH, _wrap, render_finding
from bot.sources import Source, article_source, source_text

DEFAULT_WINDOW = timedelta(hours=24)


def parse_moment(text: str, option: str) -> datetime:
    """An ISO date ("2026-03-04", midnight UTC) or date-time ("2026-03-04T08:00+02:00"; UTC if no
    offset) as an aware UTC datetime; `InputError` naming the option otherwise."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        problem = f"“{text}” is not an ISO date or time, such as 2026-03-04 or 2026-03-04T08:00"
        raise InputError(option, problem) from None
    if len(text.strip()) == 10:
        moment = datetime.combine(date.fromisoformat(text.strip()), datetime.min.time())
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def default_window(since: datetime | None, until: datetime | None) -> tuple[datetime, datetime]:
    """[since, until): until defaults to now, since to 24 hours before until."""
    until = until or datetime.now(UTC)
    return since or until - DEFAULT_WINDOW, until


def render_digest(digest: Digest, sources: Mapping[int, Source] | None = None) -> str:
    window = f"{digest.since:%Y-%m-%d %H:%M} – {digest.until:%Y-%m-%d %H:%M} UTC"
    if digest.empty:
        return f"Digest of {digest.workspace}, {window}: nothing new."
    lines = [
        "#" * WIDTH,
        f"Digest of {digest.workspace}, {window}: {digest.article_count} article(s) in "
        f"{len(digest.stories)} story(ies), {digest.conflict_count} open conflict(s)",
    ]
    for number, story in enumerate(digest.stories, 1):
        lines += ["", *render_story(number, story, sources)]
    return "\n".join(lines)


def render_story(number: int, story: StoryDigest, sources: Mapping[int, Source] | None = None) -> list[str]:
    conflicts = f" — {story.open_conflicts} open conflict(s)" if story.open_conflicts else ""
    lines = [f"{number}. {story.label}{conflicts}"]
    for article in story.articles:
        src = article_source(article, sources)
        where = source_text(src, with_title=False) + (f" · {src.link}" if src.link else "")
        lines += _wrap(f"- {article.title or '(no title)'} ({where})", "   ", "     ")
    if story.conflicts:
        across = [f for f in story.conflicts if not within_article(f)]
        inside = [f for f in story.conflicts if within_article(f)]
        for title, group in (
            ("Conflicts between articles", across),
            ("Sources disagree inside an article", inside),
        ):
            if group:
                lines += [f"   {title}:"] + [
                    f"   {line}" for f in group for line in render_finding(f, sources)
                ]
        if story.more_conflicts:
            lines.append(f"   …and {story.more_conflicts} more conflict(s)")
    if story.corroborations:
        more = f" (+{story.more_corroborations} more)" if story.more_corroborations else ""
        lines.append(f"   Corroborated{more}:")
        lines += [
            line for sentence in story.corroborated for line in _wrap(f"- {sentence}", "     ", "       ")
        ]
    if story.claims:
        lines.append("   Check-worthy claims:")
        for claim in story.claims:
            who = f"{claim.speaker}: " if claim.speaker else ""
            lines += _wrap(f"- ({claim.score:.2f}) {who}{claim.text}", "     ", "       ")
    if story.figures:
        lines.append("   Figures:")
        for figure in story.figures:
            about = " ".join(
                x for x in (figure.quantity, f"of {figure.subject}" if figure.subject else "") if x
            )
            lines += _wrap(f"- {figure.text}: {about}".rstrip(": "), "     ", "       ")
    return lines
