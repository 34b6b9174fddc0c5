"""The digest: what a channel has not yet been told (`content`), when it is due (`slots`), and how it
reads on a terminal (`text`)."""

from bot.digest.content import CheckClaim, Digest, Figure, StoryDigest, build_digest, within_article

__all__ = ["CheckClaim", "Digest", "Figure", "StoryDigest", "build_digest", "within_article"]
