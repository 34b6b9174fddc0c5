"""People, places and organisations under canonical names, with every mention's offsets.

`extract_entities` cascade:

1. candidate spans: spaCy NER (PERSON, GPE/LOC/FAC, ORG; NORP only when the alias table knows the name),
   plus names from the alias table found verbatim in the text where NER saw nothing, plus two cheap
   fallbacks for names the small model misses (a proper-name subject of a reporting verb or a name with
   a role apposition -> person; "X Palace"/"X Square"... -> place);
2. span cleaning: leading "the"/titles/roles and trailing possessives, acronyms and lowercase words are
   trimmed from the mention (offsets move with the trim, so `text[start:end] == mention.text` holds);
3. labels: the alias table's type wins over NER's; a bare surname that matches a full person name in the
   same article becomes that person whatever NER called it;
4. canonical names through the AliasTable; mentions grouped by canonical name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.aliases import AliasTable, fold
from bot.extract.doccache import doc_text, entities, token_texts
from bot.models import Entity, EntityLabel, EntityMention


def _words(text: str) -> frozenset[str]:
    """A word list written as one string (easier to read and extend than a long literal)."""
    return frozenset(text.split())


NER_LABELS: dict[str, EntityLabel] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "org",
}

# Words that precede a name as a title or role and are not part of it ("President Biden").
TITLE_WORDS = _words(
    """
    president vice prime minister secretary chancellor premier king queen prince princess pope general gen
    colonel col major maj lieutenant lt captain capt sergeant sgt admiral adm commander senator sen
    representative rep governor gov mayor ambassador envoy spokesman spokeswoman spokesperson deputy
    foreign defense defence interior state press chief director chairman chairwoman chair head leader
    mr mrs ms miss dr prof professor sir dame lord lady judge justice attorney officer official aide
    adviser advisor minister-president first lady president-elect ceo cto cfo founder
    """
)

# Nouns that, as an apposition to a proper name, show the name is a person ("Dmitry Kozak, a top official").
ROLE_NOUNS = _words(
    """
    official minister spokesman spokeswoman spokesperson secretary president adviser advisor aide envoy
    ambassador diplomat general commander chief director chairman leader head senator governor mayor
    analyst expert professor researcher fellow lawmaker politician negotiator deputy lawyer journalist
    reporter correspondent editor ceo founder economist historian
    """
)

REPORTING_VERBS = _words(
    "say tell add note state warn claim announce insist explain stress argue write declare confirm deny"
)

# Head nouns of facility/landmark names the small model tends to miss ("Dolmabahce Palace").
FACILITY_HEADS = _words(
    "palace square bridge airport stadium cathedral church mosque tower station port harbour harbor "
    "plant dam base castle hall"
)

# Parts of speech that never start or end a name; NER spans sometimes run into them ("France Bringing").
EDGE_POS = frozenset({"VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PART", "ADV", "PRON"})


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    label: EntityLabel
    from_table: bool = False  # the alias table fixed the label


def extract_entities(doc: Doc, aliases: AliasTable) -> list[Entity]:
    """People, places and orgs in `doc`, one Entity per canonical name, in order of first mention."""
    mentions = _ner_mentions(doc, aliases)
    mentions += _fallback_mentions(doc, aliases, mentions)
    mentions += _table_mentions(doc, aliases, mentions)
    mentions = _relabel(mentions, aliases)
    return _group(doc, mentions, aliases)


def _ner_mentions(doc: Doc, aliases: AliasTable) -> list[_Mention]:
    out: list[_Mention] = []
    for ent in entities(doc):
        label = NER_LABELS.get(ent.label_)
        if label is None and ent.label_ == "NORP":
            label = aliases.label_of(ent.text)  # a demonym only counts when the table knows it as a name
        if label is None:
            continue
        mention = _clean_span(ent, label, aliases)
        if mention is not None and not _is_common_word(doc, mention):
            out.append(mention)
    return out


def _clean_span(span: Span, label: EntityLabel, aliases: AliasTable) -> _Mention | None:
    """Trim titles, determiners, possessives and stray words off an entity span."""
    tokens = list(span)
    tokens = _first_line(tokens)
    tokens = _cut_at_possessive(tokens)
    if label == "person":
        tokens = _strip_person_prefix(tokens, aliases)
        while tokens and not _is_name_token(tokens[-1]):
            tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].lower_ == "the" or tokens[0].pos_ in EDGE_POS):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].pos_ in EDGE_POS):
        tokens.pop()
    lone_adjective = len(tokens) == 1 and tokens[0].pos_ == "ADJ" and aliases.label_of(tokens[0].text) is None
    if not tokens or lone_adjective:
        return None  # a demonym or adjective NER took for a name ("Ukrainian", "Different")
    if len(tokens) == 1 and label != "person" and _is_title_fragment(tokens[0]):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(span.doc)[start:end]
    if not any(ch.isupper() for ch in text):
        return None
    return _Mention(start, end, text, label)


def _is_title_fragment(tok: Token) -> bool:
    """"State" in "Secretary of State", "Defense" in "Defense Minister": part of a job title, not an org."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in TITLE_WORDS:
        return True
    return tok.i >= 2 and doc[tok.i - 1].lower_ == "of" and doc[tok.i - 2].lower_ in TITLE_WORDS


def _first_line(tokens: list[Token]) -> list[Token]:
    for i, tok in enumerate(tokens):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return tokens[: i + 1] if not tok.is_space else tokens[:i]
    return tokens


def _cut_at_possessive(tokens: list[Token]) -> list[Token]:
    """"Putin's Overture for" -> "Putin"; a name never runs on past a possessive."""
    for i, tok in enumerate(tokens):
        if tok.tag_ == "POS" or tok.lower_ in {"'s", "’s", "’", "'"}:
            return tokens[:i]
    return tokens


def _strip_person_prefix(tokens: list[Token], aliases: AliasTable) -> list[Token]:
    """Keep the tokens after the last title, role word, lowercase word or known place/org."""
    cut = 0
    for i, tok in enumerate(tokens[:-1]):
        known = aliases.label_of(tok.text)
        if (
            tok.lower_.rstrip(".") in TITLE_WORDS
            or tok.text[:1].islower()
            or (known is not None and known != "person")
        ):
            cut = i + 1
    return tokens[cut:]


def _is_name_token(tok: Token) -> bool:
    """A token that can end a person's name: capitalised word, not an acronym like "NATO"."""
    text = tok.text
    is_acronym = len(text) >= 2 and text.isalpha() and text.isupper()
    return text[:1].isupper() and not is_acronym


def _is_common_word(doc: Doc, mention: _Mention) -> bool:
    """A one-word org/place that also appears in lower case in the article is a capitalised common
    word NER misread ("Different", "Defense", "State"), not a name."""
    if mention.label == "person" or " " in mention.text or mention.text.isupper():
        return False
    return mention.text.lower() in token_texts(doc)


def _fallback_mentions(doc: Doc, aliases: AliasTable, seen: list[_Mention]) -> list[_Mention]:
    """Names NER missed: proper-name speakers and people with a role apposition; facility names."""
    covered = _covered(doc, seen)
    out: list[_Mention] = []
    for tok in doc:
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.i in covered:
            continue
        name = _proper_name_tokens(tok)
        if any(t.i in covered for t in name):
            continue
        label = _fallback_label(tok, name)
        if label is None or aliases.label_of(" ".join(t.text for t in name)) not in (None, label):
            continue
        start, end = name[0].idx, name[-1].idx + len(name[-1].text)
        out.append(_Mention(start, end, doc_text(doc)[start:end], label))
        covered.update(t.i for t in name)
    return out


def _proper_name_tokens(head: Token) -> list[Token]:
    """The head token plus the capitalised proper-noun compounds directly before it."""
    tokens = [head]
    for i in range(head.i - 1, max(head.i - 4, -1), -1):
        prev = head.doc[i]
        if (
            prev.pos_ != "PROPN"
            or prev.dep_ != "compound"
            or not prev.text[:1].isupper()
            or prev.lower_ in TITLE_WORDS
        ):
            break
        tokens.insert(0, prev)
    return tokens


def _fallback_label(head: Token, name: list[Token]) -> EntityLabel | None:
    if head.lower_ in FACILITY_HEADS and len(name) >= 2:
        return "place"
    if len(name) < 2:
        return None
    has_role = any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in head.children)
    speaks = head.dep_ == "nsubj" and head.head.lemma_ in REPORTING_VERBS
    return "person" if has_role or speaks else None


def _table_mentions(doc: Doc, aliases: AliasTable, seen: list[_Mention]) -> list[_Mention]:
    """Known names (alias table) written verbatim where no other mention covers them."""
    taken = [(m.start, m.end) for m in seen]
    out: list[_Mention] = []
    text = doc_text(doc)
    for start, end, label in aliases.find_in(text):
        if label is None or any(s < end and start < e for s, e in taken):
            continue
        out.append(_Mention(start, end, text[start:end], label, from_table=True))
    return out


def _covered(doc: Doc, mentions: list[_Mention]) -> set[int]:
    """Indices of tokens that overlap any mention (tokens are found by their start offsets, in order)."""
    starts = [tok.idx for tok in doc]
    out: set[int] = set()
    for m in mentions:
        i = max(0, bisect_right(starts, m.start) - 1)
        while i < len(doc) and starts[i] < m.end:
            if m.start < starts[i] + len(doc[i]):
                out.add(i)
            i += 1
    return out


def _relabel(mentions: list[_Mention], aliases: AliasTable) -> list[_Mention]:
    """Table type first; then a bare surname of a person named in full here becomes that person."""
    for m in mentions:
        known = aliases.label_of(m.text)
        if known is not None and known != m.label:
            m.label, m.from_table = known, True
    surnames = {
        fold(m.text.split()[-1]) for m in mentions if m.label == "person" and len(m.text.split()) >= 2
    }
    for m in mentions:
        if m.label != "person" and not m.from_table and " " not in m.text and fold(m.text) in surnames:
            m.label = "person"
    return mentions


def _group(doc: Doc, mentions: list[_Mention], aliases: AliasTable) -> list[Entity]:
    text = doc_text(doc)
    full_names = _full_names_by_surname(mentions)
    by_name: dict[str, list[_Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        name = m.text
        if m.label == "person" and " " not in name:
            candidates = full_names.get(fold(name), set())
            if len(candidates) == 1:
                name = next(iter(candidates))
        elif m.label == "org" and aliases.lookup(name) is None:
            name = _longer_org_name(name, mentions)
        by_name.setdefault(aliases.canonical(name, m.label), []).append(m)
    entities: list[Entity] = []
    for canonical, group in by_name.items():
        label = aliases.label_of(canonical) or Counter(m.label for m in group).most_common(1)[0][0]
        seen: set[tuple[int, int]] = set()
        ments: list[EntityMention] = []
        for m in group:
            if (m.start, m.end) not in seen:
                seen.add((m.start, m.end))
                ments.append(EntityMention(text[m.start : m.end], m.start, m.end))
        entities.append(Entity(canonical, label, ments))
    return entities


def _longer_org_name(name: str, mentions: list[_Mention]) -> str:
    """"Defense Ministry" after "Russian Defense Ministry" in the same article is that ministry: a
    multi-word org name that ends exactly one longer org name of the article becomes it."""
    key = fold(name)
    if " " not in key:
        return name
    longer = {m.text for m in mentions if m.label == "org" and fold(m.text).endswith(" " + key)}
    return longer.pop() if len(longer) == 1 else name


def _full_names_by_surname(mentions: list[_Mention]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in mentions:
        parts = m.text.split()
        if m.label == "person" and len(parts) >= 2:
            out.setdefault(fold(parts[-1]), set()).add(m.text)
    return out
