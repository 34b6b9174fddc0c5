"""Who is speaking: turn the subject of a reporting verb into a speaker name, role and mention.

Named people keep their full surface name with titles moved to `role` ("Pentagon press secretary John
Kirby" → "John Kirby" + "Pentagon press secretary"); a lone surname takes the full name seen in the doc;
pronouns and definite roles ("he", "the same official") go to the nearest earlier matching speaker;
unnamed sources become descriptions ("unnamed senior US defense official"); organisations and
countries are speakers under their own names ("Russian Defense Ministry").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from bot.extract.doccache import doc_text
from bot.extract.quote_views import entity_at, persons, sent_of

# Words that stand before a name as a title or office; they go to `role`, not into the name.
_TITLE_WORDS_TEXT = """
    president vice prime minister deputy foreign defense defence secretary state press spokesman
    spokeswoman spokesperson general chancellor senator sen. rep. representative governor mayor
    ambassador director chief commander adviser advisor aide official minister's king queen prince
    pope dr. dr mr. mr mrs. mrs ms. ms miss prof. professor judge lawyer analyst expert leader
    chairman chairwoman
    head premier envoy colonel col. lt. gen. admiral captain sergeant former acting interior finance
    economy communications national security council affairs us u.s. uk eu nato french german
    russian ukrainian american british chinese pentagon white house kremlin of the
"""
TITLE_WORDS = frozenset(_TITLE_WORDS_TEXT.split())
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
# Gender read from the text itself (no name lists offline): pronouns and gendered titles or role words.
MALE_WORDS = frozenset(
    {"he", "him", "his", "himself", "mr", "mr.", "spokesman", "chairman", "king", "prince", "sir"}
)
FEMALE_WORDS = frozenset(
    {
        "she",
        "her",
        "hers",
        "herself",
        "ms",
        "ms.",
        "mrs",
        "mrs.",
        "miss",
        "spokeswoman",
        "chairwoman",
        "queen",
        "princess",
        "madam",
    }
)
# Tokens before a name read for a gendered title ("Mr", "spokeswoman Jane Doe").
TITLE_WINDOW = 2
# A pronoun this many tokens after a name (same sentence, no other person between) refers to it.
GENDER_PRONOUN_WINDOW = 12
# Entities and nouns of time are never speakers ("Kirby on Tuesday highlighted …").
NON_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
_TEMPORAL_NOUNS_TEXT = """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight morning
    afternoon evening night week weekend month year day hour time january february march april may june
    july august september october november december
"""
TEMPORAL_NOUNS = frozenset(_TEMPORAL_NOUNS_TEXT.split())
GROUP_PRONOUNS = frozenset({"they", "them"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
GROUP_NOUNS = frozenset({"side", "sides", "both", "parties", "delegations", "two"})
# Nouns that name an institution: "the foreign ministry said" names a speaker, not an unnamed source.
_INSTITUTION_NOUNS_TEXT = """
    ministry government department office agency embassy kremlin pentagon army military police
    council committee commission court parliament cabinet administration company firm bank
"""
INSTITUTION_NOUNS = frozenset(_INSTITUTION_NOUNS_TEXT.split())
SUBJECT_DEPS_ = ("nsubj", "nsubjpass")
DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})
ENTITY_SPEAKER_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})

# Confidence multipliers, set by hand on the seeds: a resolved pronoun or role is right less often than a
# name next to the verb, and an unnamed description is less useful as a key for comparisons.
RESOLVED_FACTOR = 0.85
UNNAMED_FACTOR = 0.9


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    name: str
    mention: str
    role: str | None = None
    person: bool = False
    plural: bool = False
    unnamed: bool = False
    confidence: float = 1.0


History = list[tuple[int, SpeakerRef]]  # (char offset, speaker) in doc order


def known_people(doc: Doc) -> list[tuple[int, str]]:
    """Names of PERSON entities (titles stripped) with their offsets, in doc order (computed once per doc;
    callers must not change the list)."""
    cached = doc.user_data.get("newsbot_known_people")
    if cached is not None:
        return cached
    out = []
    for ent in persons(doc):
        name, _ = split_title(list(ent))
        if name:
            out.append((ent.start_char, _join(name)))
    doc.user_data["newsbot_known_people"] = out
    return out


def split_title(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split a name phrase into (name tokens, title tokens): leading titles, trailing acronyms ("NATO")."""
    toks = [t for t in tokens if t.dep_ not in ("det", "case", "punct") and t.text not in ("'s", "’s")]
    name = list(toks)
    while len(name) > 1 and name[0].lower_ in TITLE_WORDS:
        name.pop(0)
    while len(name) > 1 and name[-1].is_upper and len(name[-1].text) > 1:  # "Jens Stoltenberg NATO"
        name.pop()
    title = [t for t in toks if t not in name]
    return name, title


def full_name(name: str, people: list[tuple[int, str]], before: int) -> str:
    """A lone surname as the full name seen earlier in the doc (else anywhere), or the name unchanged."""
    parts = name.split()
    if len(parts) != 1:
        return name
    key = parts[0].lower()
    matches = [
        (pos, full) for pos, full in people if len(full.split()) > 1 and full.split()[-1].lower() == key
    ]
    earlier = [full for pos, full in matches if pos < before]
    if earlier:
        return earlier[-1]
    return matches[0][1] if matches else name


def resolve_person(
    history: History,
    people: list[tuple[int, str]],
    before: int,
    genders: dict[str, str] | None = None,
    pronoun: str = "",
) -> SpeakerRef | None:
    """The nearest earlier person who spoke, else the nearest earlier named person, skipping anyone the
    text shows to be of the other gender than `pronoun` ("she" never goes to a man called "he" before)."""
    wanted = word_gender(pronoun)
    genders = genders or {}

    def fits(ref: SpeakerRef) -> bool:
        known = genders.get(ref.name) or word_gender_of(f"{ref.role or ''} {ref.name}")
        return wanted is None or known is None or known == wanted

    for pos, ref in reversed(history):
        if pos < before and ref.person and not ref.plural and fits(ref):
            return ref
    earlier = [full for pos, full in people if pos < before and fits(SpeakerRef(full, full))]
    return SpeakerRef(earlier[-1], earlier[-1], person=True) if earlier else None


def word_gender(word: str) -> str | None:
    low = word.lower()
    return "m" if low in MALE_WORDS else "f" if low in FEMALE_WORDS else None


def word_gender_of(words: str) -> str | None:
    """The gender the words of a role or description show ("spokeswoman"), if exactly one."""
    found = {g for w in words.split() if (g := word_gender(w)) is not None}
    return found.pop() if len(found) == 1 else None


def person_genders(doc: Doc) -> dict[str, str]:
    """Gender of each named person as the text shows it, by full name: a gendered title or role word
    right before a mention ("Mr", "spokeswoman"), or the first gendered pronoun after a mention in the same
    sentence with no other person between ("Kirby said his …"). Conflicting evidence leaves a name out."""
    cached = doc.user_data.get("newsbot_genders")
    if cached is not None:
        return cached
    people = known_people(doc)
    votes: dict[str, set[str]] = {}
    people_ents = persons(doc)
    for k, ent in enumerate(people_ents):
        name_toks, _ = split_title(list(ent))
        if not name_toks:
            continue
        name = full_name(_join(name_toks), people, ent.start_char)
        sent = sent_of(ent[0])
        before = doc[max(sent.start, ent.start - TITLE_WINDOW) : ent.end]
        titles = [t.lower_ for t in before if t not in name_toks and t.pos_ != "PRON"]
        found = {g for w in titles if (g := word_gender(w)) is not None}
        stop = min(sent.end, ent.end + GENDER_PRONOUN_WINDOW)
        if k + 1 < len(people_ents) and people_ents[k + 1].start < stop:
            stop = people_ents[k + 1].start
        pronoun = next((t for t in doc[ent.end : stop] if t.pos_ == "PRON" and word_gender(t.text)), None)
        if pronoun is not None:
            found.add(word_gender(pronoun.text) or "")
        votes.setdefault(name, set()).update(found)
    genders = {name: next(iter(g)) for name, g in votes.items() if len(g) == 1}
    doc.user_data["newsbot_genders"] = genders
    return genders


def last_named_person(people: list[tuple[int, str]], before: int) -> SpeakerRef | None:
    earlier = [full for pos, full in people if pos < before]
    return SpeakerRef(earlier[-1], earlier[-1], person=True) if earlier else None


def _resolve_group(history: History, before: int) -> SpeakerRef | None:
    for pos, ref in reversed(history):
        if pos < before and (ref.plural or not ref.person):
            return ref
    return None


def _earlier_plural_subject(head: Token) -> SpeakerRef | None:
    """Resolve "both sides" / "they": a plural subject in the two sentences before ("the delegations")."""
    doc = head.doc
    start = sent_of(head).start
    for _ in range(2):
        if start == 0:
            break
        prev = sent_of(doc[start - 1])
        for tok in reversed(list(prev)):
            plural = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
            if tok.dep_ in SUBJECT_DEPS_ and plural and tok.pos_ in ("NOUN", "PROPN"):
                words = [t for t in _phrase_left(tok) if t.dep_ != "det" and t.pos_ != "DET"]
                name = _join(words)
                return SpeakerRef(name, name, plural=True)
        start = prev.start
    return None


def _join(tokens: list[Token]) -> str:
    """Tokens as they stand in the text (keeps the original spacing and hyphens)."""
    if not tokens:
        return ""
    tokens = sorted(tokens, key=lambda t: t.i)
    text = doc_text(tokens[0].doc)
    out = tokens[0].text
    for prev, tok in zip(tokens, tokens[1:], strict=False):
        gap = text[prev.idx + len(prev) : tok.idx] if tok.i == prev.i + 1 else " "
        out += gap + tok.text
    return out.strip()


def same_line(text: str, a: int, b: int) -> bool:
    """No line break between two offsets (parses of raw text often run across paragraphs)."""
    lo, hi = min(a, b), max(a, b)
    return "\n" not in text[lo:hi]


def _phrase_left(head: Token) -> list[Token]:
    toks = head.doc[head.left_edge.i : head.i + 1]
    text = doc_text(head.doc)
    return [t for t in toks if same_line(text, t.idx, head.idx) and not t.is_space]


def _named_appositive(head: Token) -> Span | None:
    """The PERSON entity in an appositive of a title noun ("president" → "Joe Biden")."""
    if head.lower_ not in TITLE_WORDS:
        return None
    for child in head.rights:
        if child.dep_ == "appos":
            ent = entity_at(child, frozenset({"PERSON"}))
            if ent is not None:
                return ent
    return None


def _appositive_role(head: Token) -> str | None:
    for child in head.rights:
        if child.dep_ == "appos":
            toks = [t for t in child.subtree if t.dep_ not in ("det", "punct", "relcl")]
            toks = [t for t in toks if not any(a.dep_ == "relcl" for a in t.ancestors if a.i > child.i - 1)]
            return _join(toks) or None
    return None


def _description(head: Token) -> str:
    """An unnamed source's words without the article, titles inside dropped ("aide to Emmanuel Macron")."""
    toks = [t for t in _phrase_left(head) if t.dep_ not in ("det", "punct") and t.pos_ != "DET"]
    for child in head.rights:
        if child.dep_ in ("prep", "amod", "acl") and child.i - head.i <= 2:
            toks.extend(child.subtree)
    drop: set[int] = set()
    for tok in toks:
        ent = entity_at(tok, frozenset({"PERSON"}))
        if ent is not None and tok.i == ent.end - 1 and tok.i != head.i:
            name, _ = split_title(list(ent))
            for left in tok.doc[tok.left_edge.i : tok.i + 1]:
                if left not in name:
                    drop.add(left.i)
    kept = [t for t in toks if t.i not in drop and t.dep_ != "det"]
    return _join(kept)


def speaker_from_subject(head: Token, history: History, people: list[tuple[int, str]]) -> SpeakerRef | None:
    """The speaker named by the subject token of a reporting verb (or the object of "according to")."""
    pos = head.idx
    low = head.lower_
    if low in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        head = head.head.head
        low = head.lower_
    if low in PERSON_PRONOUNS:
        ref = resolve_person(history, people, pos, person_genders(head.doc), low)
        return _resolved(ref, head.text)
    if low in GROUP_PRONOUNS or (low in GROUP_NOUNS and head.pos_ != "PROPN"):
        group = _earlier_plural_subject(head) or _resolve_group(history, pos)
        return _resolved(group, _join(_phrase_left(head)))
    if head.pos_ == "PRON" or is_temporal(head):
        return None
    left = _phrase_left(head)
    mention = _join([t for t in left if t.dep_ != "det"])
    person_ent = next((e for t in left if (e := entity_at(t, frozenset({"PERSON"}))) is not None), None)
    surname_hit = full_name(head.text, people, pos) != head.text and head.pos_ == "PROPN"
    if person_ent is not None or surname_hit:
        base = list(person_ent) if person_ent is not None else [head]
        name_toks, _ = split_title(base)
        name = full_name(_join(name_toks), people, pos)
        title = [t for t in left if t not in name_toks and t.dep_ not in ("det", "punct") and t.pos_ != "DET"]
        role = _join(title) or _appositive_role(head)
        return SpeakerRef(name, mention, role=role, person=True)
    named_appos = _named_appositive(head)
    if named_appos is not None:  # "US president, Joe Biden," parsed as title + appositive
        name_toks, _ = split_title(list(named_appos))
        return SpeakerRef(full_name(_join(name_toks), people, pos), mention, role=mention, person=True)
    ent = entity_at(head, ENTITY_SPEAKER_LABELS)
    if ent is not None or head.pos_ == "PROPN":
        toks = [t for t in left if t.dep_ != "det" and t.pos_ != "DET"]
        if ent is not None:
            toks = [t for t in toks if t.i >= ent.start or t.pos_ in ("PROPN", "ADJ")]
        return SpeakerRef(_join(toks), mention, plural=head.tag_ == "NNPS")
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    definite = any(t.lower_ in DEFINITE_DETS or t.lower_ == "same" for t in head.lefts)
    if definite:
        for hpos, ref in reversed(history):
            words = f"{ref.role or ''} {ref.name}".lower()
            if hpos < pos and head.lemma_.lower() in words:
                return _resolved(ref, mention)
        if head.lemma_.lower() in INSTITUTION_NOUNS:
            return SpeakerRef(mention, mention)
    plural = head.tag_ == "NNS"
    return SpeakerRef(
        f"unnamed {_description(head)}",
        mention,
        person=not plural,
        plural=plural,
        unnamed=True,
        confidence=UNNAMED_FACTOR,
    )


def is_temporal(tok: Token) -> bool:
    """A date, time or amount ("Tuesday", "a day", "last week"): never a speaker. A word of time that is
    part of a name entity ("Theresa May") is not one."""
    if tok.ent_type_:
        return tok.ent_type_ in NON_SPEAKER_ENTS
    if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children):  # "Theresa May"
        return False
    return tok.lower_ in TEMPORAL_NOUNS or tok.lemma_.lower() in TEMPORAL_NOUNS


def _resolved(ref: SpeakerRef | None, mention: str) -> SpeakerRef | None:
    if ref is None:
        return None
    return replace(ref, mention=mention, confidence=ref.confidence * RESOLVED_FACTOR)
