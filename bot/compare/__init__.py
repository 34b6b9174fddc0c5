"""Comparison across stored articles: claim indexing, story clustering, and findings.

The pipeline calls, for each new article in one transaction: `index_claims`, `assign_story`,
`find_findings` (then `Store.add_findings`).
"""

from bot.compare.findings import find_findings, shown
from bot.compare.index import index_claims
from bot.compare.stories import assign_story

__all__ = ["assign_story", "find_findings", "index_claims", "shown"]
