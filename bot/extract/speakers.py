"""Who is speaking: turn the subject of a reporting verb into a speaker name, role and mention.

`speaker_from_subject` tries an ordered list of small resolvers (`SUBJECT_RESOLVERS`); the first that
recognises the subject answers:

1. a personal pronoun ("he", "she") → the nearest earlier person the text makes salient (a speaker or the
   subject of a sentence), skipping anyone of the other gender as far as the text shows it;
2. a group ("they", "both sides") → an earlier plural subject or group speaker;
3. a named person ("Pentagon press secretary John Kirby" → "John Kirby" + role): the person entity that
   holds the subject's head, so "Clinton campaign spokesman Nick Merrill" is Merrill, not Clinton;
4. a noun with a named appositive ("Schilling's son, Grant," → "Grant");
5. a named organisation, country or other proper name ("Russian Defense Ministry"), or an institution
   named by its owner ("O’Malley’s campaign");
6. a definite description ("the admiral", "the company") → the earlier speaker or entity it refers to;
7. anything else nominal → an unnamed source ("unnamed senior US defense official").

Dates, amounts and other pronouns never speak.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from bot.extract.doccache import doc_text
from bot.extract.quote_index import Positioned, text_index
from bot.extract.quote_views import entity_at, persons, sent_of

# Words that stand before a name as a title or office; they go to `role`, not into the name.
_TITLE_WORDS_TEXT = """
    president vice prime minister deputy foreign defense defence secretary state press spokesman
    spokeswoman spokesperson general chancellor senator sen. rep. representative governor gov. mayor
    ambassador director chief commander adviser advisor aide official minister's king queen prince
    pope dr. dr mr. mr mrs. mrs ms. ms miss prof. professor judge lawyer analyst expert leader
    chairman chairwoman adm. admiral
    head premier envoy colonel col. lt. gen. admiral captain sergeant former acting interior finance
    economy communications national security council affairs us u.s. uk eu nato french german
    russian ukrainian american british chinese pentagon white house kremlin of the
"""
TITLE_WORDS = frozenset(_TITLE_WORDS_TEXT.split())
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
# Gender read from the text itself (no name lists offline): pronouns and gendered titles or role words.
_MALE_WORDS_TEXT = """
    he him his himself mr mr. spokesman chairman congressman businessman king prince sir father husband
    son brother man
"""
_FEMALE_WORDS_TEXT = """
    she her hers herself ms ms. mrs mrs. miss spokeswoman chairwoman congresswoman businesswoman queen
    princess madam mother wife daughter sister woman
"""
MALE_WORDS = frozenset(_MALE_WORDS_TEXT.split())
FEMALE_WORDS = frozenset(_FEMALE_WORDS_TEXT.split())
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
# Nouns that name an institution: "the foreign ministry said" names a speaker, not an unnamed source, and
# "the company said" refers back to the company named before.
_INSTITUTION_NOUNS_TEXT = """
    ministry government department office agency embassy kremlin pentagon army military police
    council committee commission court parliament cabinet administration company firm bank campaign group
    network newspaper paper station organization organisation union
"""
INSTITUTION_NOUNS = frozenset(_INSTITUTION_NOUNS_TEXT.split())
# Things, not people: "the report said" stays an unnamed source instead of going to an earlier person.
_DOCUMENT_NOUNS_TEXT = """
    report statement letter memo lawsuit suit study poll survey article post tweet message document filing
    complaint analysis review book ad video release transcript record records data page website
"""
DOCUMENT_NOUNS = frozenset(_DOCUMENT_NOUNS_TEXT.split())
SUBJECT_DEPS_ = ("nsubj", "nsubjpass")
# Verbs of a sentence's main clause: their subjects are what a later pronoun refers to, not the subjects of
# clauses reported inside ("Coll said Mr. Cohen had …. He went on" is Coll).
MAIN_CLAUSE_DEPS = ("ROOT", "conj")
DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})
ENTITY_SPEAKER_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
ORG_LABELS = frozenset({"ORG"})
# An appositive proper noun with one of these labels is not a person's name ("the city, Kyiv,").
NOT_PERSON_ENTS = frozenset({"GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "EVENT", "PRODUCT", "LAW"})
# How many earlier speakers a pronoun or description looks back over (bounds the work per subject).
HISTORY_REACH = 30
# How many earlier sentence subjects a pronoun looks back over.
SUBJECT_REACH = 12

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
    out = People()
    for ent in persons(doc):
        name, _ = split_title(list(ent))
        if name:
            out.append((ent.start_char, _join(name)))
    doc.user_data["newsbot_known_people"] = out
    return out


class People(list):
    """`known_people` as a list of (offset, name), with the full names by surname computed once."""

    @cached_property
    def surnames(self) -> dict[str, list[tuple[int, str]]]:
        out: dict[str, list[tuple[int, str]]] = {}
        for pos, full in self:
            parts = full.split()
            if len(parts) > 1:
                out.setdefault(parts[-1].lower(), []).append((pos, full))
        return out


def split_title(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split a name phrase into (name tokens, title tokens): leading titles, trailing acronyms ("NATO")."""
    toks = [t for t in tokens if t.dep_ not in ("det", "case", "punct") and t.text not in ("'s", "’s")]
    name = list(toks)
    while len(name) > 1 and name[0].lower_ in TITLE_WORDS:
        name.pop(0)
    while len(name) > 1 and name[-1].is_upper and len(name[-1].text) > 1:  # "Jens Stoltenberg NATO"
        name.pop()
    while len(name) > 1 and name[-1].pos_ in ("ADP", "CCONJ", "DET", "PUNCT"):  # "Juan Manriquez of"
        name.pop()
    title = [t for t in toks if t not in name]
    return name, title


def full_name(name: str, people: list[tuple[int, str]], before: int) -> str:
    """A lone surname as the full name seen earlier in the doc (else anywhere), or the name unchanged."""
    parts = name.split()
    if len(parts) != 1:
        return name
    surnames = people.surnames if isinstance(people, People) else People(people).surnames
    matches = surnames.get(parts[0].lower(), [])
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
    subjects: Positioned[tuple[int, str]] | None = None,
) -> SpeakerRef | None:
    """The nearest earlier salient person — a speaker, or a named person who is the subject of a sentence —
    skipping anyone the text shows to be of the other gender than `pronoun` ("she" never goes to a man
    called "he" before); else the nearest earlier named person."""
    wanted = word_gender(pronoun)
    genders = genders or {}

    def fits(ref: SpeakerRef) -> bool:
        known = genders.get(ref.name) or word_gender_of(f"{ref.role or ''} {ref.name}")
        return wanted is None or known is None or known == wanted

    spoke = next(
        (
            (pos, ref)
            for pos, ref in reversed(history[-HISTORY_REACH:])
            if pos < before and ref.person and not ref.plural and fits(ref)
        ),
        None,
    )
    subject = None
    if subjects is not None:
        recent = subjects.recent(before, SUBJECT_REACH)
        subject = next(((pos, name) for pos, name in recent if fits(SpeakerRef(name, name))), None)
    if subject is not None and (spoke is None or subject[0] > spoke[0]):
        spoke_name = spoke[1].name if spoke is not None else None
        if spoke_name != subject[1]:
            return SpeakerRef(subject[1], subject[1], person=True)
    if spoke is not None:
        return spoke[1]
    k = bisect_left(people, before, key=lambda p: p[0])
    for _, full in reversed(people[max(0, k - HISTORY_REACH) : k]):
        if fits(SpeakerRef(full, full)):
            return SpeakerRef(full, full, person=True)
    return None


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


def subject_people(doc: Doc) -> Positioned[tuple[int, str]]:
    """Named people who are the grammatical subject of a clause outside quote marks, by offset: the
    people a later "he" or "she" most likely means ("Calderon intimated … . “…,” he said")."""
    cached = doc.user_data.get("newsbot_subject_people")
    if cached is not None:
        return cached
    people = known_people(doc)
    quoted = text_index(doc)
    items = []
    for ent in persons(doc):
        if quoted.in_marks(ent.start_char):
            continue
        root = ent.root
        if root.dep_ == "appos":
            root = root.head
        if root.dep_ in SUBJECT_DEPS_ and root.head.dep_ in MAIN_CLAUSE_DEPS:
            name_toks, _ = split_title(list(ent))
            if name_toks:
                name = full_name(_join(name_toks), people, ent.start_char)
                items.append((ent.start_char, (ent.start_char, name)))
    index: Positioned[tuple[int, str]] = Positioned(items)
    doc.user_data["newsbot_subject_people"] = index
    return index


def last_named_person(people: list[tuple[int, str]], before: int) -> SpeakerRef | None:
    k = bisect_left(people, before, key=lambda p: p[0])
    return SpeakerRef(people[k - 1][1], people[k - 1][1], person=True) if k else None


def _resolve_group(history: History, before: int) -> SpeakerRef | None:
    for pos, ref in reversed(history[-HISTORY_REACH:]):
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
    return text.find("\n", lo, hi) < 0


def _phrase_left(head: Token) -> list[Token]:
    toks = head.doc[head.left_edge.i : head.i + 1]
    text = doc_text(head.doc)
    return [t for t in toks if same_line(text, t.idx, head.idx) and not t.is_space]


def _named_appositive(head: Token) -> Span | None:
    """The PERSON entity in an appositive of a noun ("president, Joe Biden," / "son, Grant,") or of a
    dateline's place ("ORLANDO, Fla. (Reuters) - President Barack Obama met … and said")."""
    dateline = entity_at(head, frozenset({"GPE"})) is not None
    if head.pos_ != "NOUN" and head.lower_ not in TITLE_WORDS and not dateline:
        return None
    for child in head.rights:
        if child.dep_ == "appos":
            ent = entity_at(child, frozenset({"PERSON"}))
            if ent is not None:
                return ent
            named = child.pos_ == "PROPN" and child.ent_type_ not in NOT_PERSON_ENTS  # "son, Grant,"
            if named and not dateline and head.lemma_.lower() not in INSTITUTION_NOUNS:
                return head.doc[child.left_edge.i : child.i + 1]
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


@dataclass(slots=True)
class Subject:
    """The subject token of a reporting verb with what the resolvers share about it."""

    head: Token
    history: History
    people: list[tuple[int, str]]

    @property
    def pos(self) -> int:
        return self.head.idx

    @property
    def low(self) -> str:
        return self.head.lower_

    def left(self) -> list[Token]:
        return _phrase_left(self.head)

    def mention(self) -> str:
        return _join([t for t in self.left() if t.dep_ != "det"])


Resolver = Callable[[Subject], SpeakerRef | None]


def _person_pronoun(s: Subject) -> SpeakerRef | None:
    if s.low not in PERSON_PRONOUNS:
        return None
    doc = s.head.doc
    subjects = subject_people(doc)
    ref = resolve_person(s.history, s.people, s.pos, person_genders(doc), s.low, subjects)
    return _resolved(ref, s.head.text)


def _group_reference(s: Subject) -> SpeakerRef | None:
    if not (s.low in GROUP_PRONOUNS or (s.low in GROUP_NOUNS and s.head.pos_ != "PROPN")):
        return None
    group = _earlier_plural_subject(s.head) or _resolve_group(s.history, s.pos)
    return _resolved(group, _join(s.left()))


def _person_entity(s: Subject) -> Span | None:
    """The PERSON entity that holds the head, else the last one in the subject's words before the head."""
    ents = [e for t in s.left() if (e := entity_at(t, frozenset({"PERSON"}))) is not None]
    holding = next((e for e in ents if e.start <= s.head.i < e.end), None)
    return holding or (ents[-1] if ents else None)


def _named_person(s: Subject) -> SpeakerRef | None:
    head, pos = s.head, s.pos
    person_ent = _person_entity(s)
    surname_hit = head.pos_ == "PROPN" and full_name(head.text, s.people, pos) != head.text
    if person_ent is None and not surname_hit:
        return None
    base = list(person_ent) if person_ent is not None else [head]
    name_toks, _ = split_title(base)
    name = full_name(_join(name_toks), s.people, pos)
    title = [t for t in s.left() if t not in name_toks and t.dep_ not in ("det", "punct") and t.pos_ != "DET"]
    role = _join(title) or _appositive_role(head)
    return SpeakerRef(name, s.mention(), role=role, person=True)


def _appositive_person(s: Subject) -> SpeakerRef | None:
    named = _named_appositive(s.head)
    if named is None:
        return None
    name_toks, _ = split_title(list(named))
    mention = s.mention()
    return SpeakerRef(full_name(_join(name_toks), s.people, s.pos), mention, role=mention, person=True)


def _named_entity(s: Subject) -> SpeakerRef | None:
    head = s.head
    ent = entity_at(head, ENTITY_SPEAKER_LABELS)
    if ent is None and head.pos_ != "PROPN":
        return None
    if _definite_person_word(s):  # "The South Carolina Republican": a person described, not a group
        return None
    toks = [t for t in s.left() if t.dep_ != "det" and t.pos_ != "DET"]
    if ent is not None:
        toks = [t for t in toks if t.i >= ent.start or t.pos_ in ("PROPN", "ADJ")]
    return SpeakerRef(_join(toks), s.mention(), plural=head.tag_ == "NNPS")


def _definite_person_word(s: Subject) -> bool:
    """ "the Republican", "The South Carolina Republican": a definite singular nationality or party word."""
    head = s.head
    return (
        head.tag_ in ("NN", "NNP")
        and entity_at(head, frozenset({"NORP"})) is not None
        and any(t.lower_ in DEFINITE_DETS for t in head.lefts)
    )


def _possessed_institution(s: Subject) -> SpeakerRef | None:
    """ "O’Malley’s campaign", "Exxon's board": an institution named by its owner."""
    head = s.head
    if head.pos_ != "NOUN" or head.lemma_.lower() not in INSTITUTION_NOUNS:
        return None
    if not any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in head.children):
        return None
    mention = s.mention()
    return SpeakerRef(mention, mention)


def _definite_description(s: Subject) -> SpeakerRef | None:
    """"the same official", "the admiral", "the company": the earlier speaker whose role or name has the
    head word; an institution with a proper name in it ("the Trump campaign") is named as written; a bare
    institution ("the company") is the nearest earlier organisation; a bare person noun ("the admiral",
    "the Republican candidate") is the nearest earlier person who spoke or was a sentence's subject."""
    head = s.head
    if head.pos_ != "NOUN" and not _definite_person_word(s):
        return None
    if not any(t.lower_ in DEFINITE_DETS or t.lower_ == "same" for t in head.lefts):
        return None
    lemma, mention = head.lemma_.lower(), s.mention()
    for hpos, ref in reversed(s.history[-HISTORY_REACH:]):
        if hpos < s.pos and lemma in f"{ref.role or ''} {ref.name}".lower().split():
            return _resolved(ref, mention)
    if head.tag_ == "NNS" or lemma in DOCUMENT_NOUNS:
        return None
    if lemma in INSTITUTION_NOUNS:
        if any(t.i != head.i and t.dep_ != "det" for t in s.left()):  # "the Russian Defense Ministry"
            return SpeakerRef(mention, mention)
        return _resolved(_earlier_organisation(s), mention) or SpeakerRef(mention, mention)
    found = resolve_person(s.history, s.people, s.pos, person_genders(head.doc), "", subject_people(head.doc))
    return _resolved(found, mention)


def _earlier_organisation(s: Subject) -> SpeakerRef | None:
    """The nearest earlier organisation: a speaker that is not a person, else an ORG entity before."""
    spoke = next((ref for pos, ref in reversed(s.history[-HISTORY_REACH:]) if pos < s.pos and not ref.person
                  and not ref.plural and not ref.unnamed), None)
    if spoke is not None:
        return spoke
    doc = s.head.doc
    for tok in reversed(doc[max(0, sent_of(s.head).start - 80) : s.head.i]):
        ent = entity_at(tok, ORG_LABELS)
        if ent is not None:
            name = ent.text.removeprefix("the ").removeprefix("The ")
            return SpeakerRef(name, name)
    return None


def _unnamed_description(s: Subject) -> SpeakerRef | None:
    head = s.head
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    plural = head.tag_ == "NNS"
    return SpeakerRef(
        f"unnamed {_description(head)}",
        s.mention(),
        person=not plural,
        plural=plural,
        unnamed=True,
        confidence=UNNAMED_FACTOR,
    )


SUBJECT_RESOLVERS: tuple[Resolver, ...] = (
    _person_pronoun,
    _group_reference,
    _named_person,
    _appositive_person,
    _named_entity,
    _possessed_institution,
    _definite_description,
    _unnamed_description,
)


def _relative_antecedent(head: Token) -> Token:
    """"…, who said …": the noun the relative pronoun stands for."""
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        return head.head.head
    return head


def never_speaks(head: Token) -> bool:
    """Other pronouns ("it", "this") and words of time or amount never name a speaker."""
    low = head.lower_
    if low in PERSON_PRONOUNS or low in GROUP_PRONOUNS:
        return False
    return head.pos_ == "PRON" or is_temporal(head)


def speaker_from_subject(head: Token, history: History, people: list[tuple[int, str]]) -> SpeakerRef | None:
    """The speaker named by the subject token of a reporting verb (or the object of "according to")."""
    head = _relative_antecedent(head)
    if never_speaks(head):
        return None
    subject = Subject(head, history, people)
    return next((ref for resolve in SUBJECT_RESOLVERS if (ref := resolve(subject)) is not None), None)


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
