"""A `Report` as readable terminal text (the CLI's default output)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from bot.labels import finding_label
from bot.models import Finding, Report
from bot.sources import Source, article_source, source_for, source_text

WIDTH = 100


def render_report(report: Report, sources: Mapping[int, Source] | None = None) -> str:
    """`sources` (article id -> `Source`, from `Store.article_sources`) names both sides of each finding;
    without it the names come from the findings themselves."""
    art, summary = report.article, report.summary
    body_size = len(art.cleaned_text) - (len(art.title) + 2 if art.title else 0)
    own = article_source(art, sources)
    lines = [
        "=" * WIDTH,
        f"{art.title or '(no title)'}",
        f"  source: {source_text(own, with_title=False)}   article #{art.id}   "
        f"story #{art.story_id or '-'}   "
        f"published: {art.published or 'unknown'}   body: {body_size:,} chars"
        + ("   [already seen]" if report.already_seen else ""),
    ]
    lines += [f"  note: {note}" for note in summary.notes]
    if summary.lead:
        lines += ["", "Lead:"] + _wrap(" ".join(s.text for s in summary.lead), "  ")
    if summary.top_claims:
        lines += ["", "Top claims:"]
        for claim in summary.top_claims:
            lines += _wrap(f"- {claim.text} [{claim.start_char}:{claim.end_char}]", "  ", "    ")
    if summary.quotes_by_speaker:
        lines += ["", "Quotes by speaker:"]
        for speaker, quotes in summary.quotes_by_speaker.items():
            lines.append(f"  {speaker}:")
            for q in quotes:
                lines += _wrap(f"- ({q.kind}) “{q.text}” [{q.start_char}:{q.end_char}]", "    ", "      ")
    if summary.figures:
        lines += ["", "Figures:"]
        for n in summary.figures:
            about = f" of {n.subject}" if n.subject else ""
            when = f", {n.time}" if n.time else ""
            lines.append(f"  - {n.text}: {n.quantity}{about}{when} [{n.start_char}:{n.end_char}]")
    for label, names in (
        ("People", summary.people),
        ("Places", summary.places),
        ("Organisations", summary.orgs),
    ):
        if names:
            lines += _wrap(f"{label}: {', '.join(names)}", "", "  ")
    if report.findings:
        lines += ["", f"Findings ({len(report.findings)}):"]
        for finding in report.findings:
            lines += render_finding(finding, sources)
    else:
        lines += ["", "Findings: none against the stored articles."]
    return "\n".join(lines)


def render_finding(finding: Finding, sources: Mapping[int, Source] | None = None) -> list[str]:
    out = [f"  * {finding_label(finding.type)} (confidence {finding.confidence:.2f}) — {finding.explanation}"]
    same = finding.a.article_id == finding.b.article_id
    for who, side in (("this article", finding.a), ("elsewhere in it" if same else "other", finding.b)):
        where = who if who != "other" else source_text(source_for(side, sources))
        out += _wrap(f"{where} [{side.start_char}:{side.end_char}]: {side.sentence}", "      ", "        ")
    return out


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest or first) or [first]
