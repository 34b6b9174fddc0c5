"""Check-worthiness: every sentence scored 0..1 by what makes it checkable. Ranked, never filtered.

A sentence gains for named entities, figures, dates, quotes, reporting verbs and concrete action verbs,
and loses for hedges, opinion words, questions, throat-clearing phrases, shortness and being the title.
The `features` dict of each FactClaim holds every signal and its contribution, so the score explains
itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from bot.extract.doccache import doc_text, entities_within
from bot.extract.doccache import sentences as doc_sentences
from bot.models import Entity, FactClaim


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Weights (score = BASE + sum of the weights of the signals present, clipped to 0..1). Hand-set so that
# a sentence with a figure, a named actor and a reporting verb lands near 0.8, a plain factual sentence
# with one name near 0.4-0.5, and a hedged or rhetorical one under 0.2 (checked on seeds 000-004).
BASE = 0.15
WEIGHTS: dict[str, float] = {
    "entity": 0.15,
    "several_entities": 0.05,
    "number": 0.20,
    "date": 0.10,
    "quote": 0.10,
    "reporting_verb": 0.10,
    "action_verb": 0.10,
    "hedge": -0.15,
    "opinion": -0.15,
    "question": -0.30,
    "rhetorical": -0.30,
    "short": -0.20,
    "title": -0.10,
}
MIN_WORDS = 5  # fewer words than this is "short" ("The Kremlin denied the report." is not)

REPORTING_LEMMAS = _words(
    "say tell add note state warn claim announce insist explain stress argue write declare confirm deny "
    "report accuse allege acknowledge admit assert reveal disclose testify"
)
# Verbs that say nothing checkable happened (states of mind, appearances, wishes).
STATIVE_LEMMAS = _words(
    "be have seem appear think believe feel hope wish want like love hate know consider guess wonder "
    "expect suppose imagine remain become look"
)
HEDGES = _words(
    "may might could perhaps possibly maybe probably likely apparently reportedly allegedly seemingly"
)
OPINION_WORDS = _words(
    "should must ought best worst great terrible awful wonderful shameful disgraceful outrageous "
    "ridiculous absurd brilliant amazing stunning clearly obviously surely arguably unfortunately sadly "
    "hopefully interesting fascinating"
)
THROAT_CLEARING = re.compile(
    r"anyone'?s guess|anybody'?s guess|remains to be seen|time will tell|only time|what'?s next|stay tuned"
    r"|read more|click here|subscribe|sign up|follow us|share this|comments?\b.*\bbelow|it is worth noting"
    r"|needless to say|at the end of the day",
    re.IGNORECASE,
)
NEGATORS = _words("not n't never no nobody nothing none neither nor")
# Denials only: "rejected a demand" is a refusal, not a statement that something is false.
DENIAL_LEMMAS = _words("deny refute rebut disown")
NUMBER_ENTS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
DATE_ENTS = frozenset({"DATE", "TIME"})
QUOTE_CHARS = frozenset("\"“”«»")


def rank_claims(
    doc: Doc,
    entities: list[Entity],
    quote_spans: Sequence[tuple[int, int]] = (),
    number_spans: Sequence[tuple[int, int]] = (),
) -> list[FactClaim]:
    """Every sentence of `doc` as a FactClaim, best check-worthiness first (ties keep text order)."""
    title_end = _title_end(doc_text(doc))
    mentions = _MentionIndex(entities)
    claims = [
        _score_sentence(sent, mentions, quote_spans, number_spans, title_end) for sent in sentences(doc)
    ]
    return sorted(claims, key=lambda c: -c.score)


def sentences(doc: Doc) -> list[SpacySpan]:
    """spaCy's sentences, split again at line breaks (a title or a caption is never glued to the body),
    trimmed of surrounding whitespace; empty pieces dropped."""
    out: list[SpacySpan] = []
    for sent in doc_sentences(doc):
        start = sent.start
        for tok in sent:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                end = tok.i if tok.is_space else tok.i + 1
                out.extend(_trimmed(doc[start:end]))
                start = tok.i + 1
        out.extend(_trimmed(doc[start : sent.end]))
    return out


def _trimmed(span: SpacySpan) -> list[SpacySpan]:
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return []
    return [span.doc[tokens[0].i : tokens[-1].i + 1]]


def _title_end(text: str) -> int:
    """End of the title line when the text starts with one (a line with no sentence-final stop followed by
    a blank line), else 0."""
    first, sep, _ = text.partition("\n\n")
    if not sep or "\n" in first.strip() or first.rstrip().endswith((".", "!", "?", "”", '"')):
        return 0
    return len(first)


def _score_sentence(
    sent: SpacySpan,
    mentions: _MentionIndex,
    quote_spans: Sequence[tuple[int, int]],
    number_spans: Sequence[tuple[int, int]],
    title_end: int,
) -> FactClaim:
    names = mentions.names_in(sent.start_char, sent.end_char)
    tokens = list(sent)  # a Span makes new Token objects on every pass: iterate it once
    words = {t.lower_ for t in tokens}
    ent_labels = {e.label_ for e in entities_within(sent.doc, sent.start, sent.end)}
    text = sent.text
    signals = {
        "entity": bool(names),
        "several_entities": len(names) >= 2,
        "number": _overlaps(sent, number_spans) or not ent_labels.isdisjoint(NUMBER_ENTS),
        "date": not ent_labels.isdisjoint(DATE_ENTS),
        "quote": _overlaps(sent, quote_spans) or any(ch in QUOTE_CHARS for ch in text),
        "reporting_verb": _has_reporting_verb(text, tokens),
        "action_verb": _has_action_verb(tokens),
        "hedge": not words.isdisjoint(HEDGES),
        "opinion": not words.isdisjoint(OPINION_WORDS),
        "question": text.rstrip("”\"' ").endswith("?"),
        "rhetorical": bool(THROAT_CLEARING.search(text.replace("’", "'"))),
        "short": sum(1 for t in tokens if t.is_alpha) < MIN_WORDS,
        "title": sent.end_char <= title_end,
    }
    raw = BASE + sum(WEIGHTS[name] for name, present in signals.items() if present)
    features: dict[str, object] = {name: WEIGHTS[name] for name, present in signals.items() if present}
    features["base"] = BASE
    return FactClaim(
        text=text,
        start_char=sent.start_char,
        end_char=sent.end_char,
        score=round(min(1.0, max(0.0, raw)), 3),
        entities=names,
        features=features,
        negated=is_negated(sent),
    )


class _MentionIndex:
    """Entity mentions sorted by start, to find the entities named inside a character range quickly."""

    def __init__(self, entities: list[Entity]) -> None:
        self.names = [e.name for e in entities]
        spans = sorted((m.start_char, m.end_char, k) for k, e in enumerate(entities) for m in e.mentions)
        self.starts = [start for start, _, _ in spans]
        self.spans = spans

    def names_in(self, start: int, end: int) -> list[str]:
        """Names of the entities with a mention wholly inside `start:end`, in the entities' order."""
        found: set[int] = set()
        for i in range(bisect_left(self.starts, start), len(self.spans)):
            m_start, m_end, k = self.spans[i]
            if m_start > end:
                break
            if m_end <= end:
                found.add(k)
        names: list[str] = []
        for k in sorted(found):
            if self.names[k] not in names:
                names.append(self.names[k])
        return names


def _overlaps(sent: SpacySpan, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < sent.end_char and sent.start_char < end for start, end in spans)


def _has_reporting_verb(text: str, tokens: list[Token]) -> bool:
    if "according to" in text.lower():
        return True
    return any(t.pos_ == "VERB" and t.lemma_ in REPORTING_LEMMAS for t in tokens)


def _has_action_verb(tokens: list[Token]) -> bool:
    """A main or reported verb that says something happened (not a state of mind, not a hedge)."""
    return any(
        t.pos_ == "VERB"
        and t.dep_ in {"ROOT", "ccomp", "conj", "xcomp", "advcl"}
        and t.lemma_ not in STATIVE_LEMMAS
        and t.lemma_ not in REPORTING_LEMMAS
        for t in tokens
    )


def is_negated(sent: SpacySpan) -> bool:
    """Whether the sentence's main assertion is negated or a denial.

    The main clause is the root verb; when the root is a reporting verb ("Kyiv says there is no reason
    ..."), what is reported (its clausal complement) is the assertion checked.
    """
    root = sent.root
    clauses = [root]
    if root.lemma_ in REPORTING_LEMMAS:
        clauses += [c for c in root.children if c.dep_ in {"ccomp", "parataxis"}]
    for clause in clauses:
        if clause.lemma_ in DENIAL_LEMMAS:
            return True
        for child in clause.children:
            if child.dep_ == "neg" or (child.lower_ in NEGATORS and child.dep_ in {"advmod", "neg"}):
                return True
            if child.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"} and any(
                g.lower_ in NEGATORS and g.dep_ == "det" for g in child.children
            ):
                return True
    return False
