"""Quotes with speakers: direct, partial, scare and indirect speech, as pure functions over a `Doc`.

Cascade for each quoted stretch (found from the marks by `quote_marks`):
1. a reporting verb that governs the quote in the parse ("…," Kirby said / described X as "…");
2. an attribution trailer after the closing mark ("…" – Name, headline "…": Source);
3. the nearest reporting verb right after, then right before the quote in its sentence;
4. "according to X" anywhere in the sentence;
5. a lead-in line ending with a colon ("From the minister:");
6. carry-over: the last speaker of the paragraph (a quote after the sentence that introduces the speaker).
A short, noun-phrase-shaped partial quote with none of 1–5 is a scare quote (no speaker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.extract.doccache import doc_text
from bot.extract.quote_marks import (
    CLOSE_DOUBLE,
    CLOSE_SINGLE,
    OPEN_DOUBLE,
    OPEN_SINGLE,
    MarkedSpan,
    find_marked_spans,
)
from bot.extract.quote_views import persons, sent_of
from bot.extract.speakers import (
    History,
    SpeakerRef,
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
    highlight caution complain threaten reiterate repeat mention indicate quip
"""
REPORTING_LEMMAS = frozenset(_REPORTING_LEMMAS_TEXT.split())
# Verbs that report a quote but not a clause of indirect speech ("called the talks 'difficult'").
NAMING_LEMMAS = frozenset({"describe", "call", "repeat"})
# A naming verb governs a quote only this close in the parse ("called the talks “difficult”").
NAMING_MAX_HOPS = 2
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Arcs between clauses followed up from a conjoined reporting verb to the verb it really goes with.
CLAUSE_LINKS = ("conj", "ccomp", "xcomp")
# Labels the parser sometimes gives a speaker's name left of its verb when words come between them.
LOOSE_SUBJECT_DEPS = ("npadvmod", "dep", "nmod")
# How far (dependency steps) to climb from a subjectless reporting verb to find its subject
# ("adding that…" → the verb it hangs on; "an offer called…" → the clause that made it).
MAX_SUBJECT_CLIMB = 5
# A partial quote this short (words) with no attribution reads as a term in scare quotes.
SCARE_MAX_WORDS = 4
# Tokens scanned after a closing mark for "he said" / "said Kirby".
AFTER_WINDOW = 8
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

_SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z“‘\"']|$)")
_INNER_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")
# "…" – Jane Doe  /  headline "…": Pentagon
_TRAILER = re.compile(
    r"[ \t]*[–—:-][ \t]*([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,4})[ \t]*(?:[,.]|$)", re.M
)
_LEAD_IN_FROM = re.compile(r"^\s*from\s+(.+?):\s*$", re.I)
DETERMINER_BEFORE = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "so-called"})


@dataclass(slots=True)
class Event:
    """A reporting verb (or "according to") with the speaker it names."""

    token: Token
    lemma: str
    ref: SpeakerRef


def extract_quotes(doc: Doc) -> list[Quote]:
    """Direct, partial, scare and indirect quotes of `doc`, sorted by start_char."""
    spans = find_marked_spans(doc_text(doc))
    events = reporting_events(doc, spans)
    quotes = _marked_quotes(doc, spans, events)
    quotes.extend(indirect_quotes(doc, events, quotes))
    return sorted(quotes, key=lambda q: (q.start_char, q.end_char))


def is_reporting_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in REPORTING_LEMMAS


def _in_spans(pos: int, spans: list[MarkedSpan]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def _marked_chars(spans: list[MarkedSpan], length: int) -> bytearray:
    """1 at each character offset inside a marked span: `_in_spans` for every token at one lookup each."""
    marked = bytearray(length)
    for span in spans:
        marked[span.start : span.end] = b"\x01" * (span.end - span.start)
    return marked


def reporting_events(doc: Doc, spans: list[MarkedSpan]) -> dict[int, Event]:
    """Every reporting verb outside quotes with its speaker, resolved in doc order (token index → event)."""
    people = known_people(doc)
    history: History = []
    events: dict[int, Event] = {}
    marked = _marked_chars(spans, len(doc_text(doc)))
    for tok in doc:
        if marked[tok.idx]:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            lemma = "according to"
        elif is_reporting_verb(tok):
            obj = find_subject(tok, spans)
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


def find_subject(verb: Token, spans: list[MarkedSpan]) -> Token | None:
    """The subject of a reporting verb, climbing from participles and conjuncts to the clause that has one.

    The climb passes over a reported clause without taking its subject: in "X said that the US believes …
    and said that …" the second "said" (parsed as a conjunct of "believes") is X's, never the US's.
    """
    tok = _coordinated_reporter(verb) or verb
    for _ in range(MAX_SUBJECT_CLIMB):
        subj = _subject_child(tok, spans)
        if subj is not None:
            return subj
        head = tok.head
        while head.i != head.head.i and _is_reported_clause(head):
            head = head.head
        if head.i == tok.i or _in_spans(head.idx, spans):
            break
        tok = head
    return _previous_sentence_subject(tok, spans)


def _previous_sentence_subject(root: Token, spans: list[MarkedSpan]) -> Token | None:
    """A sentence that opens with a conjunction and has no subject ("… with NATO allies. and said they
    were ready") continues the previous sentence, whose main verb's subject speaks."""
    sent = sent_of(root)
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is None or first.dep_ != "cc" or first.head.i != root.i or sent.start == 0:
        return None
    prev_root = sent_of(root.doc[sent.start - 1]).root
    return _subject_child(prev_root, spans)


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


def _subject_child(tok: Token, spans: list[MarkedSpan]) -> Token | None:
    """A subject child of `tok`, or a name the parser hung on the verb's left as a modifier
    ("Kirby while speaking to the press said …" parses "Kirby" as npadvmod)."""
    for child in tok.children:
        if _in_spans(child.idx, spans):
            continue
        if child.dep_ in SUBJECT_DEPS:
            return child
        if (
            child.dep_ in LOOSE_SUBJECT_DEPS
            and child.i < tok.i
            and child.pos_ == "PROPN"
            and not is_temporal(child)
        ):
            return child
    return None


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


def _marked_quotes(doc: Doc, spans: list[MarkedSpan], events: dict[int, Event]) -> list[Quote]:
    quotes: list[Quote] = []
    for group in _groups(spans):
        kind = "direct" if len(group) > 1 else _kind(doc, group[0])
        route, event = attribute(doc, group, spans, events)
        if event is None:
            carried = _carry_over(doc, group[0], kind, events)
            if kind == "partial" and _scare_shaped(doc, group[0], carried is not None):
                route = "scare"
            elif carried is not None:
                route, event = "carry", carried
        if route == "scare":
            kind = "scare"
        for span in group:
            quotes.append(_quote(doc, span, kind, route, event))
    return quotes


def _quote(doc: Doc, span: MarkedSpan, kind: str, route: str, event: Event | None) -> Quote:
    ref = event.ref if event is not None else None
    text = doc_text(doc)
    sent_span = doc.char_span(span.start, span.end, alignment_mode="expand")
    sentence = None
    if sent_span is not None and len(sent_span):
        first, last = sent_of(sent_span[0]), sent_of(sent_span[-1])
        sentence = Span(text[first.start_char : last.end_char], first.start_char, last.end_char)
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


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _prefix(text: str, span: MarkedSpan) -> str:
    """The reporter's words before the quote in its own sentence."""
    open_at = span.start - 1 if span.opened else span.start
    line_start, _ = _line_bounds(text, span.start)
    before = text[line_start:open_at]
    breaks = list(_SENTENCE_BREAK.finditer(before))
    return (before[breaks[-1].end() :] if breaks else before).strip()


def _kind(doc: Doc, span: MarkedSpan) -> str:
    """Kind "direct" for one or more whole quoted sentences, else "partial"."""
    text = doc_text(doc)
    words = text[span.start : span.end]
    if not span.opened or _INNER_SENTENCE.search(words):
        return "direct"
    prefix = _prefix(text, span)
    starts_upper = words[:1].isupper()
    if not prefix:
        return "direct"
    if starts_upper and prefix[-1] in ",:":
        return "direct"
    before = doc.char_span(span.start - 1 - len(prefix), span.start - 1, alignment_mode="expand")
    if starts_upper and before is not None and len(before) and is_reporting_verb(before[-1]):
        return "direct"  # 'quoted as saying “There will …”
    if starts_upper and re.search(r"\bthat$", prefix, re.I) and _has_clause(words):
        return "direct"
    return "partial"


def _has_clause(words: str) -> bool:
    """Cheap test for a subject + finite verb: a pronoun or capitalised word followed later by a verb."""
    return bool(
        re.search(r"\b(is|are|was|were|will|would|has|have|had|can|could|should|must|do|does|did)\b", words)
        or re.search(r"\b(we|i|he|she|they|it|you)\s+\w+", words, re.I)
    )


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def attribute(
    doc: Doc, group: list[MarkedSpan], spans: list[MarkedSpan], events: dict[int, Event]
) -> tuple[str, Event | None]:
    """The attribution route and reporting event for one quote (steps 1–5 of the module cascade)."""
    first, last = group[0], group[-1]
    q_start, q_end = first.start, last.end
    text = doc_text(doc)
    inside = [t for s in group for t in _tokens_between(doc, s.start, s.end)]
    inside_ids = {t.i for t in inside}

    governing: list[Event] = []
    for tok in inside:
        for hops, anc in enumerate(tok.ancestors, start=1):
            if anc.i in inside_ids or anc.i not in events:
                continue
            if events[anc.i].lemma not in NAMING_LEMMAS or hops <= NAMING_MAX_HOPS:
                governing.append(events[anc.i])
            break
        governing.extend(
            events[c.i] for c in tok.children if c.i not in inside_ids and c.i in events and c.idx >= q_end
        )
    if governing:
        return "parse", min(governing, key=lambda e: _distance(e.token, q_start, q_end))

    close_at = last.end + 1 if last.closed else last.end
    _, line_end = _line_bounds(text, close_at)
    trailer = _TRAILER.match(text, close_at, line_end)
    if trailer is not None:
        ref = _trailer_speaker(doc, trailer.start(1), trailer.end(1), events)
        if ref is not None:
            return "trailer", ref

    after_end = _next_stop(text, close_at, line_end, spans)
    after = [t for t in _tokens_between(doc, close_at, after_end)[:AFTER_WINDOW] if _speech_event(t, events)]
    if after:
        return "after", events[after[0].i]

    line_start, _ = _line_bounds(text, q_start)
    prefix = _prefix(text, first)
    before_start = max(line_start, (first.start - 1) - len(prefix) - 1)
    before = [t for t in _tokens_between(doc, before_start, first.start - 1) if _speech_event(t, events)]
    if before:
        return "before", events[before[-1].i]

    sent_toks = {t.i for tok in inside[:1] + inside[-1:] for t in sent_of(tok)}
    according = [events[i] for i in sorted(sent_toks) if i in events and events[i].lemma == "according to"]
    if according:
        return "according", according[-1]

    lead = _lead_in(doc, first, events)
    if lead is not None:
        return "lead-in", lead
    return "none", None


def _speech_event(tok: Token, events: dict[int, Event]) -> bool:
    """A reporting verb that can introduce speech next to it (naming verbs only count through the parse)."""
    return tok.i in events and events[tok.i].lemma not in NAMING_LEMMAS


def _distance(tok: Token, start: int, end: int) -> int:
    return start - tok.idx if tok.idx < start else tok.idx - end


def _next_stop(text: str, pos: int, line_end: int, spans: list[MarkedSpan]) -> int:
    """End of the window after a quote: the next quote's opening mark or the sentence end."""
    stop = line_end
    nxt = [s.start - 1 for s in spans if s.start > pos and s.opened]
    if nxt:
        stop = min(stop, nxt[0])
    m = re.search(r"[.!?](\s|$)", text[pos:stop]) if stop > pos else None
    if m is not None and m.start() > 0:
        stop = pos + m.end()
    return stop


def _trailer_speaker(doc: Doc, start: int, end: int, events: dict[int, Event]) -> Event | None:
    """Speaker named after a dash or colon that follows the quote ("…" – Jane Doe)."""
    toks = _tokens_between(doc, start, end)
    if not toks:
        return None
    verb = next((t for t in toks if t.i in events), None)
    if verb is not None:
        return events[verb.i]
    head = next((t for t in reversed(toks) if t.head not in toks or t.head.i == t.i), toks[-1])
    ref = speaker_from_subject(head, [], known_people(doc))
    return Event(head, "say", ref) if ref is not None else None


def _lead_in(doc: Doc, span: MarkedSpan, events: dict[int, Event]) -> Event | None:
    """A previous line ending with a colon introduces a quote that starts its own paragraph."""
    text = doc_text(doc)
    line_start, _ = _line_bounds(text, span.start)
    if text[line_start : span.start - 1].strip():
        return None
    prev_end = len(text[:line_start].rstrip())
    if prev_end == 0 or text[prev_end - 1] != ":":
        return None
    prev_start, _ = _line_bounds(text, prev_end - 1)
    verbs = [t for t in _tokens_between(doc, prev_start, prev_end) if t.i in events]
    if verbs:
        return events[verbs[-1].i]
    m = _LEAD_IN_FROM.match(text[prev_start:prev_end])
    if m is None:
        return None
    toks = _tokens_between(doc, prev_start + m.start(1), prev_start + m.end(1))
    heads = [t for t in toks if t.head not in toks or t.head.i == t.i]
    if not heads:
        return None
    ref = speaker_from_subject(heads[0], [], known_people(doc))
    return Event(heads[0], "say", ref) if ref is not None else None


def _scare_shaped(doc: Doc, span: MarkedSpan, has_speaker_nearby: bool) -> bool:
    """A short term rather than speech: few words, and a determiner before it or no speaker around."""
    text = doc_text(doc)
    words = text[span.start : span.end].split()
    if len(words) > SCARE_MAX_WORDS or not span.opened:
        return False
    before = _prefix(text, span).split()
    return not has_speaker_nearby or bool(before and before[-1].lower() in DETERMINER_BEFORE)


def _carry_over(doc: Doc, span: MarkedSpan, kind: str, events: dict[int, Event]) -> Event | None:
    """The last speaker in the same paragraph before the quote (or before it, for a whole-paragraph quote)."""
    text = doc_text(doc)
    line_start, _ = _line_bounds(text, span.start)
    earlier = [e for e in events.values() if line_start <= e.token.idx < span.start]
    if earlier:
        return max(earlier, key=lambda e: e.token.idx)
    starts_paragraph = not text[line_start : max(line_start, span.start - 1)].strip()
    if kind == "direct" and starts_paragraph:
        prev_start, _ = _line_bounds(text, max(0, len(text[:line_start].rstrip()) - 1))
        earlier = [e for e in events.values() if prev_start <= e.token.idx < line_start]
        if earlier:
            return max(earlier, key=lambda e: e.token.idx)
    if kind == "direct":  # no reporting verb: the last named person of the paragraph
        people = [e for e in persons(doc) if line_start <= e.start_char < span.start]
        if people:
            ref = speaker_from_subject(people[-1].root, [], known_people(doc))
            return Event(people[-1].root, "", ref) if ref is not None else None
    return None


def indirect_quotes(doc: Doc, events: dict[int, Event], quotes: list[Quote]) -> list[Quote]:
    """Reported clauses ("Kirby said the move coincided with…"): the ccomp of a reporting verb, one per verb.

    Dropped when a direct quote overlaps it or marked quotes already carry most of its words (the partial
    quote is the better record of the same speech).
    """
    direct = [(q.start_char, q.end_char) for q in quotes if q.kind == "direct"]
    marked = [(q.start_char, q.end_char) for q in quotes]
    text = doc_text(doc)
    out: list[Quote] = []
    for event in events.values():
        if event.lemma in NAMING_LEMMAS or event.lemma == "according to":
            continue
        found = reported_clause(event.token, events)
        if found is None:
            continue
        start, end, factor = found
        if (
            any(s < end and start < e for s, e in direct)
            or _marked_share(start, end, marked) >= MAX_MARKED_SHARE
        ):
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
    "said he believed X" reports X, at lower confidence.
    """
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


def _marked_share(start: int, end: int, marked: list[tuple[int, int]]) -> float:
    """Share of [start, end) that lies inside quote marks (the marks themselves included)."""
    covered = sum(max(0, min(end, e + 1) - max(start, s - 1)) for s, e in marked)
    return covered / max(1, end - start)
