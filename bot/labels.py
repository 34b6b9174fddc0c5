"""The one table of finding-type labels, used by the CLI, the Slack replies, App Home and the digest."""

from __future__ import annotations

FINDING_LABELS: dict[str, str] = {
    "numeric_discrepancy": "Different figure",
    "updated_figure": "Updated figure",
    "quote_wording": "Quote worded differently",
    "attribution_conflict": "Same words, other speaker",
    "polarity_conflict": "Asserted and denied",
    "corroboration": "Corroborated",
}


def finding_label(kind: str) -> str:
    """The label a reporter reads for a finding type (an unknown type gets its name, readable)."""
    return FINDING_LABELS.get(kind) or kind.replace("_", " ").capitalize()
