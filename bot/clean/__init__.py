"""Cleaning of pasted/plain article text: junk lines out, title found, paragraphs joined by blank lines."""

from bot.clean.cleaner import clean_text
from bot.clean.fingerprint import body_fingerprints, line_fingerprint
from bot.clean.text import normalize_quotes

__all__ = ["body_fingerprints", "clean_text", "line_fingerprint", "normalize_quotes"]
