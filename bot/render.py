"""A `Report` as readable terminal text (the CLI's default output)."""

from __future__ import annotations

import textwrap

from bot.models import Finding, Report

WIDTH = 100
FINDING_LABELS = {
    "numeric_discrepancy": "Different figure",
    "updated_figure": "Updated figure",
    "quote_wording": "Quote worded differently",
    "attribution_conflict": "Same words, other speaker",
    "polarity_conflict": "Asserted and denied",
    "corroboration": "Corroborated",
}


def render_report(report: Report) -> str:
    art, summary = report.article, report.summary
    body_size = len(art.cleaned_text) - (len(art.title) + 2 if art.title else 0)
    lines = [
        "=" * WIDTH,
        f"{art.title or '(no title)'}",
        f"  source: {art.source}   article #{art.id}   story #{art.story_id or '-'}   "
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
            lines += render_finding(finding)
    else:
        lines += ["", "Findings: none against the stored articles."]
    return "\n".join(lines)


def render_finding(finding: Finding) -> list[str]:
    label = FINDING_LABELS.get(finding.type, finding.type)
    out = [f"  * {label} (confidence {finding.confidence:.2f}) — {finding.explanation}"]
    for side in (finding.a, finding.b):
        where = f"#{side.article_id} {side.source}" + (f", {side.published}" if side.published else "")
        out += _wrap(f"{where} [{side.start_char}:{side.end_char}]: {side.sentence}", "      ", "        ")
    return out


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest or first) or [first]
