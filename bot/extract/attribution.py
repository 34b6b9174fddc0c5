"""Which reporting event a quoted stretch belongs to: an ordered list of small resolvers.

`attribute` asks `QUOTE_RESOLVERS` in order and takes the first answer:

1. parse — a reporting verb that governs the quote in the parse ("…," Kirby said / described X as "…");
2. trailer — an attribution after a dash or colon behind the closing mark ("…" – Name, headline "…": Source);
3. after — the nearest reporting verb right after the quote in its sentence ("…," said Kirby);
4. before — the nearest reporting verb right before it ("Kirby said, “…”");
5. according — "according to X" anywhere in the quote's sentence;
6. lead-in — a previous line ending with a colon ("From the minister:").

When none answers, `carry_over` gives the quote to the paragraph's last speaker (a quote after the sentence
that introduces the speaker). Each resolver looks only at a bounded window around the quote, through
`TextIndex` and `EventIndex` lookups, so attribution stays linear in the number of quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from bot.extract.doccache import sentence_index
from bot.extract.quote_index import Positioned, TextIndex
from bot.extract.quote_marks import MarkedSpan
from bot.extract.quote_views import persons, sent_of
from bot.extract.speakers import SpeakerRef, known_people, speaker_from_subject

# Verbs that report a quote but not a clause of indirect speech ("called the talks 'difficult'").
NAMING_LEMMAS = frozenset({"describe", "call", "repeat"})
# A naming verb governs a quote only this close in the parse ("called the talks “difficult”").
NAMING_MAX_HOPS = 2
# How far up the parse a quoted token's governing reporting verb may stand (bounds the walk per token).
MAX_GOVERNING_HOPS = 12
# How many reporting events before a quote carry-over looks at.
CARRY_REACH = 8
# Tokens scanned after a closing mark for "he said" / "said Kirby".
AFTER_WINDOW = 8
# The reporter's words before a quote are read back at most this far (characters).
PREFIX_REACH = 400
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z“‘\"']|$)")
# "…" – Jane Doe  /  headline "…": Pentagon
_TRAILER = re.compile(
    r"[ \t]*[–—:-][ \t]*([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,4})[ \t]*(?:[,.]|$)", re.M
)
_LEAD_IN_FROM = re.compile(r"^\s*from\s+(.+?):\s*$", re.I)


@dataclass(slots=True)
class Event:
    """A reporting verb (or "according to") with the speaker it names."""

    token: Token
    lemma: str
    ref: SpeakerRef


@dataclass(slots=True)
class EventIndex:
    """Reporting events by token index, by offset and, for "according to", by sentence."""

    by_token: dict[int, Event]
    by_offset: Positioned[Event] = field(init=False)
    according_by_sentence: dict[int, list[Event]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_offset = Positioned([(e.token.idx, e) for e in self.by_token.values()])
        self.according_by_sentence = {}
        for event in self.by_token.values():
            if event.lemma == "according to":
                k = sentence_index(event.token.doc, event.token.i)
                self.according_by_sentence.setdefault(k, []).append(event)


@dataclass(slots=True)
class QuoteSite:
    """One quote (the marked spans of a possibly multi-paragraph quotation) in its document."""

    doc: Doc
    group: list[MarkedSpan]
    index: TextIndex
    events: EventIndex
    inside: list[Token] = field(init=False)

    def __post_init__(self) -> None:
        self.inside = [t for s in self.group for t in tokens_between(self.doc, s.start, s.end)]

    @property
    def first(self) -> MarkedSpan:
        return self.group[0]

    @property
    def last(self) -> MarkedSpan:
        return self.group[-1]

    @property
    def close_at(self) -> int:
        """Offset just past the closing mark (or the quote's end when it never closes)."""
        return self.last.end + 1 if self.last.closed else self.last.end


Resolver = Callable[[QuoteSite], Event | None]


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def prefix(index: TextIndex, span: MarkedSpan) -> str:
    """The reporter's words before the quote in its own sentence (never reaching into an earlier quote)."""
    open_at = span.start - 1 if span.opened else span.start
    line_start, _ = index.line_bounds(span.start)
    lo = max(line_start, index.last_close_before(open_at), open_at - PREFIX_REACH)
    before = index.text[lo:open_at]
    breaks = list(_SENTENCE_BREAK.finditer(before))
    return (before[breaks[-1].end() :] if breaks else before).strip()


def speech_event(tok: Token, events: EventIndex) -> bool:
    """A reporting verb that can introduce speech next to it (naming verbs only count through the parse)."""
    event = events.by_token.get(tok.i)
    return event is not None and event.lemma not in NAMING_LEMMAS


def _distance(tok: Token, start: int, end: int) -> int:
    return start - tok.idx if tok.idx < start else tok.idx - end


def governing_verb(site: QuoteSite) -> Event | None:
    """A reporting event the quote's words hang on in the parse, or that hangs on them after the quote."""
    q_start, q_end = site.first.start, site.last.end
    inside_ids = {t.i for t in site.inside}
    by_token = site.events.by_token
    governing: list[Event] = []
    for tok in site.inside:
        for hops, anc in enumerate(tok.ancestors, start=1):
            if hops > MAX_GOVERNING_HOPS:
                break
            if anc.i in inside_ids or anc.i not in by_token:
                continue
            if by_token[anc.i].lemma not in NAMING_LEMMAS or hops <= NAMING_MAX_HOPS:
                governing.append(by_token[anc.i])
            break
        governing.extend(
            by_token[c.i]
            for c in tok.children
            if c.i not in inside_ids and c.i in by_token and c.idx >= q_end
        )
    if not governing:
        return None
    return min(governing, key=lambda e: _distance(e.token, q_start, q_end))


def trailer(site: QuoteSite) -> Event | None:
    """A name after a dash or colon behind the closing mark ("…" – Jane Doe)."""
    _, line_end = site.index.line_bounds(site.close_at)
    match = _TRAILER.match(site.index.text, site.close_at, line_end)
    if match is None:
        return None
    toks = tokens_between(site.doc, match.start(1), match.end(1))
    if not toks:
        return None
    verb = next((t for t in toks if t.i in site.events.by_token), None)
    if verb is not None:
        return site.events.by_token[verb.i]
    head = next((t for t in reversed(toks) if t.head not in toks or t.head.i == t.i), toks[-1])
    ref = speaker_from_subject(head, [], known_people(site.doc))
    return Event(head, "say", ref) if ref is not None else None


def _next_stop(index: TextIndex, pos: int) -> int:
    """End of the window after a quote: the next quote's opening mark, the sentence end or the line end."""
    _, stop = index.line_bounds(pos)
    nxt = index.next_open_mark(pos - 1)
    if nxt is not None and nxt >= pos:
        stop = min(stop, nxt)
    m = re.search(r"[.!?](\s|$)", index.text[pos:stop]) if stop > pos else None
    if m is not None and m.start() > 0:
        stop = pos + m.end()
    return stop


def verb_after(site: QuoteSite) -> Event | None:
    """The first reporting verb within a few tokens after the closing mark ("…," said Kirby)."""
    window = tokens_between(site.doc, site.close_at, _next_stop(site.index, site.close_at))[:AFTER_WINDOW]
    after = [t for t in window if speech_event(t, site.events)]
    return site.events.by_token[after[0].i] if after else None


def verb_before(site: QuoteSite) -> Event | None:
    """The last reporting verb in the reporter's words before the opening mark ("Kirby said, “…”")."""
    first = site.first
    line_start, _ = site.index.line_bounds(first.start)
    words = prefix(site.index, first)
    before_start = max(line_start, (first.start - 1) - len(words) - 1)
    window = tokens_between(site.doc, before_start, first.start - 1)
    before = [t for t in window if speech_event(t, site.events)]
    return site.events.by_token[before[-1].i] if before else None


def according_to(site: QuoteSite) -> Event | None:
    """"according to X" in the sentence where the quote starts or ends."""
    if not site.inside:
        return None
    doc = site.doc
    sentences = sorted({sentence_index(doc, site.inside[0].i), sentence_index(doc, site.inside[-1].i)})
    found = [e for k in sentences for e in site.events.according_by_sentence.get(k, [])]
    return found[-1] if found else None


def lead_in(site: QuoteSite) -> Event | None:
    """A previous line ending with a colon introduces a quote that starts its own paragraph."""
    index, span = site.index, site.first
    text = index.text
    line_start, _ = index.line_bounds(span.start)
    if text[line_start : span.start - 1].strip():
        return None
    prev_end = index.previous_line_end(line_start)
    if prev_end == 0 or text[prev_end - 1] != ":":
        return None
    prev_start, _ = index.line_bounds(prev_end - 1)
    verbs = [t for t in tokens_between(site.doc, prev_start, prev_end) if t.i in site.events.by_token]
    if verbs:
        return site.events.by_token[verbs[-1].i]
    m = _LEAD_IN_FROM.match(text[prev_start:prev_end])
    if m is None:
        return None
    toks = tokens_between(site.doc, prev_start + m.start(1), prev_start + m.end(1))
    heads = [t for t in toks if t.head not in toks or t.head.i == t.i]
    if not heads:
        return None
    ref = speaker_from_subject(heads[0], [], known_people(site.doc))
    return Event(heads[0], "say", ref) if ref is not None else None


QUOTE_RESOLVERS: tuple[tuple[str, Resolver], ...] = (
    ("parse", governing_verb),
    ("trailer", trailer),
    ("after", verb_after),
    ("before", verb_before),
    ("according", according_to),
    ("lead-in", lead_in),
)


def attribute(site: QuoteSite) -> tuple[str, Event | None]:
    """The route and reporting event of the first resolver that answers, else ("none", None)."""
    for route, resolve in QUOTE_RESOLVERS:
        event = resolve(site)
        if event is not None:
            return route, event
    return "none", None


def _latest(events: list[Event]) -> Event | None:
    """The last event, passing over an "according to" whose sentence has a reporting verb of its own
    ("“…,” Obama said, according to a pool report. “…”": the next quote is Obama's, not the report's)."""
    for event in reversed(events):
        if event.lemma != "according to":
            return event
        k = sentence_index(event.token.doc, event.token.i)
        same = [e for e in events if e is not event and sentence_index(e.token.doc, e.token.i) == k]
        if not same:
            return event
    return None


def carry_over(site: QuoteSite, kind: str) -> Event | None:
    """The last speaker in the quote's paragraph before it (or in the paragraph before, for a quote that
    opens its paragraph); for a direct quote with no reporting verb around, the paragraph's last named
    person."""
    index, span, doc = site.index, site.first, site.doc
    line_start, _ = index.line_bounds(span.start)
    earlier = _latest(_recent_events(site.events, line_start, span.start))
    if earlier is not None:
        return earlier
    starts_paragraph = not index.text[line_start : max(line_start, span.start - 1)].strip()
    if kind == "direct" and starts_paragraph:
        prev_start, _ = index.line_bounds(max(0, index.previous_line_end(line_start) - 1))
        earlier = _latest(_recent_events(site.events, prev_start, line_start))
        if earlier is not None:
            return earlier
    if kind == "direct":  # no reporting verb: the last named person of the paragraph
        person = _persons_index(doc).last_before(span.start)
        if person is not None and person.start_char >= line_start:
            ref = speaker_from_subject(person.root, [], known_people(doc))
            return Event(person.root, "", ref) if ref is not None else None
    return None


def _recent_events(events: EventIndex, lo: int, hi: int) -> list[Event]:
    """The last few events in [lo, hi), in text order (a bounded look-back, however long the paragraph)."""
    return [e for e in reversed(events.by_offset.recent(hi, CARRY_REACH)) if e.token.idx >= lo]


def _persons_index(doc: Doc) -> Positioned:
    cached = doc.user_data.get("newsbot_quote_persons_index")
    if cached is None:
        cached = Positioned([(e.start_char, e) for e in persons(doc)])
        doc.user_data["newsbot_quote_persons_index"] = cached
    return cached


def sentence_bounds(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character bounds of the sentences from the one holding `start` to the one holding `end`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    first, last = sent_of(span[0]), sent_of(span[-1])
    return first.start_char, last.end_char
