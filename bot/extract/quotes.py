"""Quotes with speakers: direct, partial, scare and indirect speech, as pure functions over a `Doc`.

1. The quote marks give the quoted stretches (`quote_marks`), indexed once (`quote_index.TextIndex`).
2. Every reporting verb outside quotes, every "according to" and every statement noun that is the object
   of a verb ("issued a statement") is an event with its speaker (`reporting_events`; who the subject is:
   `speakers.speaker_from_subject`).
3. Each quote takes the event its first answering resolver finds (`attribution.attribute`), else the
   paragraph's last speaker (`attribution.carry_over`). A short, noun-phrase-shaped partial quote with
   neither is a scare quote (no speaker).
4. Reported clauses of the events are indirect quotes (`indirect_quotes`), unless marked quotes already
   carry the same words.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Token

from bot.extract.attribution import (
    NAMING_LEMMAS,
    Event,
    EventIndex,
    QuoteSite,
    attribute,
    carry_over,
    prefix,
    sentence_bounds,
)
from bot.extract.doccache import doc_text
from bot.extract.quote_index import TextIndex, text_index
from bot.extract.quote_marks import CLOSE_DOUBLE, CLOSE_SINGLE, OPEN_DOUBLE, OPEN_SINGLE, MarkedSpan
from bot.extract.quote_views import entity_at, sent_of
from bot.extract.speakers import (
    History,
    is_temporal,
    known_people,
    last_named_person,
    speaker_from_subject,
)
from bot.models import Quote, Span

_REPORTING_LEMMAS_TEXT = """
    say tell add warn insist state note describe call claim announce explain declare write argue ask
    reply respond stress emphasize emphasise signal admit acknowledge confirm deny suggest report
    comment remark observe conclude recall predict promise vow urge concede assert affirm tweet post
    highlight caution complain threaten reiterate repeat mention indicate quip echo continue contend
    allege reveal testify recount
"""
REPORTING_LEMMAS = frozenset(_REPORTING_LEMMAS_TEXT.split())
# Reporting only with no complement of their own ("“…,” he continued", not "will continue to provide").
BARE_ONLY_LEMMAS = frozenset({"continue"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "prep", "advcl", "acomp"})
# Nouns of speech that report a quote when they are the object of a verb ("Trump issued a statement, “…”")
# or take a that-clause ("his claim that …", nominal indirect speech).
STATEMENT_NOUNS = frozenset({"statement", "claim", "assertion", "allegation", "remarks", "warning"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Arcs between clauses followed up from a conjoined reporting verb to the verb it really goes with.
CLAUSE_LINKS = ("conj", "ccomp", "xcomp")
# Labels the parser sometimes gives a speaker's name left of its verb when words come between them.
LOOSE_SUBJECT_DEPS = ("npadvmod", "dep", "nmod", "advmod")
# Places are never the loose subject of a reporting verb (a dateline: "ORLANDO, Fla. - Obama … said").
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# How far (dependency steps) to climb from a subjectless reporting verb to find its subject
# ("adding that…" → the verb it hangs on; "an offer called…" → the clause that made it).
MAX_SUBJECT_CLIMB = 5
# A partial quote this short (words) with no attribution reads as a term in scare quotes.
SCARE_MAX_WORDS = 4
MIN_INDIRECT_TOKENS = 3
# An indirect clause whose characters are this much inside quote marks is left to the marked quotes
# (seeds: "troops were “really making no effort …”" is 0.75 marked; "as “a good faith” measure" 0.3).
MAX_MARKED_SHARE = 0.5
# "said he believed it was X": reported belief rather than a reported statement.
COGNITION_LEMMAS = frozenset({"believe", "think", "feel", "expect", "suspect", "guess"})
COGNITION_FACTOR = 0.8
QUESTION_MARKERS = frozenset({"whether", "if"})
# How far (characters) past a clause's edge a closing mark may be to be taken in ("city,”").
MARK_REACH = 2

# Confidence by attribution route, set by hand on the seeds (parse-governed attribution was always right;
# carry-over the least reliable).
CONFIDENCE = {
    "parse": 0.9,
    "trailer": 0.85,
    "after": 0.85,
    "before": 0.8,
    "according": 0.8,
    "lead-in": 0.7,
    "carry": 0.6,
    "scare": 0.6,
    "none": 0.3,
}

_INNER_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")
DETERMINER_BEFORE = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "so-called"})


def extract_quotes(doc: Doc) -> list[Quote]:
    """Direct, partial, scare and indirect quotes of `doc`, sorted by start_char."""
    index = text_index(doc)
    events = EventIndex(reporting_events(doc, index))
    quotes = _marked_quotes(doc, index, events)
    quotes.extend(indirect_quotes(doc, events, quotes))
    return sorted(quotes, key=lambda q: (q.start_char, q.end_char))


def is_reporting_verb(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or lemma not in REPORTING_LEMMAS:
        return False
    return lemma not in BARE_ONLY_LEMMAS or not any(c.dep_ in COMPLEMENT_DEPS for c in tok.children)


def _statement_object(tok: Token) -> bool:
    """ "issued a statement" / "released remarks": a statement noun that is a verb's direct object."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in STATEMENT_NOUNS and tok.dep_ == "dobj"


def _nominal_claim(tok: Token) -> bool:
    """ "his claim that …": a statement noun with a that-clause."""
    return (
        tok.pos_ == "NOUN"
        and tok.lemma_.lower() in STATEMENT_NOUNS
        and any(c.dep_ in ("acl", "ccomp") and _has_that(c) for c in tok.children)
    )


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _event_subject(tok: Token, index: TextIndex) -> Token | None:
    """Who a statement noun belongs to: its possessor ("his claim"), else the subject of its verb."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    return find_subject(tok.head, index) if tok.head.i != tok.i else None


def reporting_events(doc: Doc, index: TextIndex) -> dict[int, Event]:
    """Every reporting verb outside quotes with its speaker, resolved in doc order (token index → event)."""
    people = known_people(doc)
    history: History = []
    events: dict[int, Event] = {}
    for tok in doc:
        if index.in_marks(tok.idx):
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            lemma = "according to"
        elif is_reporting_verb(tok):
            obj = find_subject(tok, index)
            lemma = tok.lemma_.lower()
        elif _statement_object(tok) or _nominal_claim(tok):
            obj = _event_subject(tok, index)
            if obj is None:
                continue
            lemma = tok.lemma_.lower()
        else:
            continue
        ref = (
            speaker_from_subject(obj, history, people)
            if obj is not None
            else last_named_person(people, tok.idx)
        )
        if ref is None:
            continue
        history.append((tok.idx, ref))
        events[tok.i] = Event(tok, lemma, ref)
    return events


def find_subject(verb: Token, index: TextIndex) -> Token | None:
    """The subject of a reporting verb, climbing from participles and conjuncts to the clause that has one.

    The climb passes over a reported clause without taking its subject: in "X said that the US believes …
    and said that …" the second "said" (parsed as a conjunct of "believes") is X's, never the US's.
    """
    tok = _coordinated_reporter(verb) or verb
    for _ in range(MAX_SUBJECT_CLIMB):
        subj = _subject_child(tok, index)
        if subj is not None:
            return subj
        head = tok.head
        while head.i != head.head.i and _is_reported_clause(head):
            head = head.head
        if head.i == tok.i or index.in_marks(head.idx):
            break
        tok = head
    return _previous_sentence_subject(tok, index)


def _previous_sentence_subject(root: Token, index: TextIndex) -> Token | None:
    """A sentence that opens with a conjunction and has no subject ("… with NATO allies. and said they
    were ready") continues the previous sentence, whose main verb's subject speaks."""
    sent = sent_of(root)
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is None or first.dep_ != "cc" or first.head.i != root.i or sent.start == 0:
        return None
    prev_root = sent_of(root.doc[sent.start - 1]).root
    return _subject_child(prev_root, index)


def _coordinated_reporter(verb: Token) -> Token | None:
    """For a subjectless conjunct parsed inside a reported clause ("said that the council believes the
    bridge will hold and added that …"), the reporting verb it is really coordinated with."""
    if verb.dep_ != "conj" or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    tok, crossed = verb, False
    while tok.dep_ in CLAUSE_LINKS and tok.head.i != tok.i:
        crossed = crossed or tok.dep_ == "ccomp"
        tok = tok.head
        if crossed and is_reporting_verb(tok):
            return tok
    return None


def _subject_child(tok: Token, index: TextIndex) -> Token | None:
    """A subject child of `tok`, else a name the parser hung on the verb's left as a modifier ("Kirby while
    speaking to the press said …" parses "Kirby" as npadvmod); never a place (a dateline)."""
    children = [c for c in tok.children if not index.in_marks(c.idx)]
    subject = next((c for c in children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None:
        return subject
    return next(
        (
            c
            for c in children
            if c.dep_ in LOOSE_SUBJECT_DEPS
            and c.i < tok.i
            and c.pos_ == "PROPN"
            and not is_temporal(c)
            and entity_at(c, PLACE_LABELS) is None
        ),
        None,
    )


def _is_reported_clause(tok: Token) -> bool:
    """The head of the clause that a reporting verb reports ("said that [the US believes …]")."""
    return tok.dep_ == "ccomp" and is_reporting_verb(tok.head)


def _groups(spans: list[MarkedSpan]) -> list[list[MarkedSpan]]:
    """Marked spans grouped so that the pieces of one multi-paragraph quote stay together."""
    groups: list[list[MarkedSpan]] = []
    for span in spans:
        if groups and groups[-1][-1].continues:
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _marked_quotes(doc: Doc, index: TextIndex, events: EventIndex) -> list[Quote]:
    quotes: list[Quote] = []
    for group in _groups(index.spans):
        site = QuoteSite(doc, group, index, events)
        kind = "direct" if len(group) > 1 else _kind(doc, index, group[0])
        route, event = attribute(site)
        if route == "trailer" and event is not None:
            event = _spokesperson(event, events) or event
        if event is None:
            carried = carry_over(site, kind)
            if kind == "partial" and _scare_shaped(index, group[0], carried is not None):
                route = "scare"
            elif carried is not None:
                route, event = "carry", carried
        if route == "scare":
            kind = "scare"
        quotes.extend(_quote(doc, span, kind, route, event) for span in group)
    return quotes


def _spokesperson(event: Event, events: EventIndex) -> Event | None:
    """For an organisation named after a quote ("…’: Pentagon"), the one person who speaks for it in the text
    ("Pentagon press secretary John Kirby said …"): a named person, not their organisation, is the speaker."""
    if event.ref.person:
        return None
    org = event.ref.name.lower()
    people = {
        e.ref.name: e
        for e in events.by_token.values()
        if e.ref.person and not e.ref.unnamed and org in (e.ref.role or "").lower().split()
    }
    if len(people) != 1:
        return None
    (person,) = people.values()
    return Event(event.token, event.lemma, person.ref)


def _quote(doc: Doc, span: MarkedSpan, kind: str, route: str, event: Event | None) -> Quote:
    ref = event.ref if event is not None else None
    text = doc_text(doc)
    bounds = sentence_bounds(doc, span.start, span.end)
    sentence = Span(text[bounds[0] : bounds[1]], *bounds) if bounds is not None else None
    confidence = CONFIDENCE[route] * (ref.confidence if ref is not None else 1.0)
    return Quote(
        text=text[span.start : span.end],
        start_char=span.start,
        end_char=span.end,
        kind=kind,  # type: ignore[arg-type]
        speaker=ref.name if ref is not None else None,
        speaker_role=ref.role if ref is not None else None,
        speaker_mention=ref.mention if ref is not None else None,
        verb=(event.lemma or None) if event is not None else None,
        sentence=sentence,
        confidence=round(confidence, 3),
    )


def _kind(doc: Doc, index: TextIndex, span: MarkedSpan) -> str:
    """Kind "direct" for one or more whole quoted sentences, else "partial"."""
    words = index.text[span.start : span.end]
    if not span.opened or _INNER_SENTENCE.search(words):
        return "direct"
    before_words = prefix(index, span)
    starts_upper = words[:1].isupper()
    if not before_words:
        return "direct"
    if starts_upper and before_words[-1] in ",:":
        return "direct"
    before = doc.char_span(span.start - 1 - len(before_words), span.start - 1, alignment_mode="expand")
    if starts_upper and before is not None and len(before) and is_reporting_verb(before[-1]):
        return "direct"  # 'quoted as saying “There will …”
    if starts_upper and re.search(r"\bthat$", before_words, re.I) and _has_clause(words):
        return "direct"
    return "partial"


def _has_clause(words: str) -> bool:
    """Cheap test for a subject + finite verb: a pronoun or capitalised word followed later by a verb."""
    return bool(
        re.search(r"\b(is|are|was|were|will|would|has|have|had|can|could|should|must|do|does|did)\b", words)
        or re.search(r"\b(we|i|he|she|they|it|you)\s+\w+", words, re.I)
    )


def _scare_shaped(index: TextIndex, span: MarkedSpan, has_speaker_nearby: bool) -> bool:
    """A short term rather than speech: few words, and a determiner before it or no speaker around."""
    words = index.text[span.start : span.end].split()
    if len(words) > SCARE_MAX_WORDS or not span.opened:
        return False
    before = prefix(index, span).split()
    return not has_speaker_nearby or bool(before and before[-1].lower() in DETERMINER_BEFORE)


class _Covered:
    """Sorted, non-overlapping [start, end) ranges, for "does this range overlap any" by bisection."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._ranges = sorted(ranges)
        self._starts = [s for s, _ in self._ranges]

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end)
        return any(s < end and start < e for s, e in self._ranges[max(0, k - 2) : k])


def indirect_quotes(doc: Doc, events: EventIndex, quotes: list[Quote]) -> list[Quote]:
    """Reported clauses ("Kirby said the move coincided with…"): the ccomp of a reporting verb, one per verb.

    Dropped when a direct quote overlaps it or marked quotes already carry most of its words (the partial
    quote is the better record of the same speech).
    """
    direct = _Covered([(q.start_char, q.end_char) for q in quotes if q.kind == "direct"])
    text = doc_text(doc)
    marked = bytearray(len(text))  # the marked quotes with their marks
    for q in quotes:
        lo, hi = max(0, q.start_char - 1), min(len(text), q.end_char + 1)
        marked[lo:hi] = b"\x01" * (hi - lo)
    out: list[Quote] = []
    for event in events.by_token.values():
        if event.lemma in NAMING_LEMMAS:
            continue
        if event.lemma == "according to":
            found = according_clause(event.token, events.by_token)
        else:
            found = reported_clause(event.token, events.by_token)
        if found is None:
            continue
        start, end, factor = found
        mostly_marked = marked[start:end].count(1) >= MAX_MARKED_SHARE * max(1, end - start)
        if direct.overlaps(start, end) or mostly_marked:
            continue
        sent = sent_of(event.token)
        out.append(
            Quote(
                text=text[start:end],
                start_char=start,
                end_char=end,
                kind="indirect",
                speaker=event.ref.name,
                speaker_role=event.ref.role,
                speaker_mention=event.ref.mention,
                verb=event.lemma,
                sentence=Span(text[sent.start_char : sent.end_char], sent.start_char, sent.end_char),
                confidence=round(CONFIDENCE["parse"] * event.ref.confidence * factor, 3),
            )
        )
    return out


def reported_clause(verb: Token, events: dict[int, Event]) -> tuple[int, int, float] | None:
    """Character bounds of the clause `verb` reports, with a confidence factor, or None.

    The clause follows the verb ("said that X"), or opens the sentence right before the attribution
    ("X, he said"). A reporting verb conjoined inside it ("… and said that Y") starts its own clause.
    "said he believed X" reports X, at lower confidence. A statement noun reports its that-clause ("his
    claim that X").
    """
    if verb.pos_ == "NOUN":
        clauses = [c for c in verb.children if c.dep_ in ("acl", "ccomp") and _has_that(c)]
    else:
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    after = [c for c in clauses if c.i > verb.i]
    clause = after[0] if after else next((c for c in clauses if _fronted(c, verb)), None)
    if clause is None or any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKERS for c in clause.children):
        return None  # "asked whether X": a question put to the speaker, not something they said
    factor = 1.0
    inner = _cognition_content(clause)
    if inner is not None:
        clause, factor = inner, COGNITION_FACTOR
    toks: list[Token] = []
    for tok in clause.doc[clause.left_edge.i : clause.right_edge.i + 1]:
        if tok.dep_ == "conj" and tok.i in events:  # "… and added that Y" reports another clause
            break
        toks.append(tok)
    while toks and (toks[0].dep_ == "mark" or toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    if len(toks) < MIN_INDIRECT_TOKENS or toks[0].i <= verb.i <= toks[-1].i:
        return None
    start, end = _balance_marks(doc_text(verb.doc), toks[0].idx, toks[-1].idx + len(toks[-1]))
    return start, end, factor


def according_clause(according: Token, events: dict[int, Event]) -> tuple[int, int, float] | None:
    """The clause an "according to X" phrase attributes: the clause it hangs on, from its subject on (not a
    fronted "Boasting 108,000 residents, …") and without the phrase when the phrase opens or closes it
    ("Trump will win, according to Politico"). None when that clause's own verb reports speech (its event
    already gives the clause: "According to reports, Obama said …")."""
    head = according.head
    if head.i == according.i or head.i in events or head.pos_ not in ("VERB", "AUX"):
        return None
    phrase = range(according.left_edge.i, according.right_edge.i + 1)
    subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    first = min(subject.left_edge.i, head.i) if subject is not None else head.left_edge.i
    toks = [t for t in head.subtree if t.i not in phrase and t.i >= first]
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if words and phrase.start > words[0].i and phrase.stop <= words[-1].i:  # in the middle: keep it inside
        toks = [t for t in head.subtree if t.i >= first]
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].dep_ in ("cc", "mark")):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    if len(toks) < MIN_INDIRECT_TOKENS:
        return None
    start, end = _balance_marks(doc_text(head.doc), toks[0].idx, toks[-1].idx + len(toks[-1]))
    return start, end, 1.0


def _fronted(clause: Token, verb: Token) -> bool:
    """A clause before its verb counts only as "X, he said": it opens the sentence and a comma (or closing
    mark) and the subject are all that stand between it and the verb."""
    doc = verb.doc
    if clause.left_edge.i > sent_of(verb).start + 1:
        return False
    between = doc[clause.right_edge.i + 1 : verb.i]
    return any(t.text == "," for t in between) and all(
        t.is_punct
        or t.is_space
        or t.dep_ in (*SUBJECT_DEPS, "det", "compound", "amod", "poss", "case")
        or t.head.dep_ in SUBJECT_DEPS
        for t in between
    )


def _cognition_content(clause: Token) -> Token | None:
    """In "said he believed it was X" the speech is "it was X": the clause under a cognition verb whose
    subject is a personal pronoun (the speaker's own belief, reported)."""
    if clause.lemma_.lower() not in COGNITION_LEMMAS:
        return None
    subj = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is None or subj.pos_ != "PRON":
        return None
    return next((c for c in clause.children if c.dep_ == "ccomp"), None)


def _balance_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a clause that ends or starts inside a quotation so its marks stay paired."""
    for opener, closer in ((OPEN_DOUBLE, CLOSE_DOUBLE), (OPEN_SINGLE, CLOSE_SINGLE)):
        words = text[start:end]
        opens, closes = words.count(opener), words.count(closer)
        if opens > closes:
            close = text.find(closer, end, end + MARK_REACH + 1)
            if close >= 0:
                end = close + 1
        elif closes > opens and opener == OPEN_DOUBLE:  # a lone ’ is usually an apostrophe
            open_at = text.rfind(opener, max(0, start - MARK_REACH - 1), start)
            if open_at >= 0:
                start = open_at
    return start, end
