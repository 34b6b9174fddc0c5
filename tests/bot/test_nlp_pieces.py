"""`bot.nlp`: long texts are parsed in bounded pieces, joined back into one Doc of the same text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.nlp import HARD_SENTENCE_TOKENS, parse_texts, split_text
from tests.conftest import SEEDS


@given(st.text(alphabet="ab \n.", max_size=400), st.integers(min_value=1, max_value=60))
def test_split_text_pieces_are_bounded_and_concatenate_to_the_text(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(piece) <= limit for piece in pieces)


def test_parse_in_pieces_gives_the_parse_of_the_whole(nlp) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]

    def view(doc):
        return [(t.idx, t.is_sent_start, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc]

    whole = [view(doc) for doc in parse_texts(nlp, texts, limit=10**9)]
    pieces = [view(doc) for doc in parse_texts(nlp, texts, limit=1500)]
    assert pieces == whole


def test_one_long_line_gets_bounded_sentences(nlp) -> None:
    line = " ".join(["the minister said the plan would cost more"] * 3000)  # 24k tokens, no full stop
    (doc,) = parse_texts(nlp, [line])
    assert doc.text == line
    assert max(len(sent) for sent in doc.sents) <= HARD_SENTENCE_TOKENS
