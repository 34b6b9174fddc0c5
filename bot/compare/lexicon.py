"""Word lists the comparison rules read: negation, denial, modality, reporting verbs, scope markers, and a
small table of near-synonyms for the predicates news reports use most.

These are English-language tables, not facts about any story. A concept name is written in capitals
("ATTACK") so it never collides with a stemmed word.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The words of a table written as one string (a word list a line is easier to read than a literal)."""
    return frozenset(text.split())


_words = word_set


STOPWORDS = _words(
    """
    a about according after against all also am amid among an and any are aren as at be been before
    being both but by can could couldn did didn do does doesn doing don each few for from had hadn has
    hasn have haven having he her here hers him his how i if in into is isn it it's its just may me
    might mine more most must my no nor not now of on one ones only onto or other our ours over own per
    s said same say saying says shall she should shouldn since so some such t tell than that the their
    theirs them then there these they this those to told too under until upon us very via was wasn we
    were weren what when where which while who whom whose why will with without won would wouldn you
    your yours again still even already really yet ever rather merely
    """
)

# Words that negate the clause they stand in.
NEGATORS = _words("cannot cant n't neither never no nobody none nor not nothing without")
# Verbs that deny or dispute the proposition that follows them ("denied that there is any danger").
# "reject"/"dismiss" are left out: rejecting a demand does not say the demand was not made.
DENIAL_STEMS = _words("deni deny disput dispute doubt question refut")
# Nouns a negator passes through to what it really denies ("no reason to believe …", "no sign of …").
TRANSPARENT = _words("reason sign evidence indication need plan intention intent proof chanc hint")
# Markers that make a clause hypothetical or a question: its polarity is not an assertion.
CONDITIONALS = _words("if unless whether")
# Modal and future markers: a forecast, not a report of what happened.
FUTURE_MARKERS = _words("'ll could going may might shall will would")

# Reporting and cognition verbs (stems): a clause with one is attributed to a source.
REPORTING_STEMS = _words(
    """
    accus add announc argu assert believ call claim confirm deni describ dismiss disput dispute expect
    indicat insist note reject report said say stat suggest suspect tell think told warn
    """
)

# Nouns that are units, currencies or scale words: "number of dlrs" measures nothing in particular.
UNIT_NOUNS = _words(
    """
    dlr dlrs dollar dollars ct cts cent cents pct pcts percent mln mlns bln blns billion billions million
    millions thousand thousands franc francs point points unit units time times share shares ounce
    ounces foot foots feet ton tons tonne tonnes bag bags bale bales bushel bushels barrel barrels bpd
    bpds yen mark marks guilder guilders peso pesos lira liras lire riyal riyals forint forints stg pound
    pounds crown crowns amount amounts net nets cash cashs figure figures number numbers level levels
    rate rates total totals sum sums unit piece pieces item items third thirds half halves quarter
    quarters fifth fifths
    """
)

# Words in a speaker's name that make it an institution or a description, not a person.
INSTITUTION_WORDS = _words(
    """
    agency association authority bank board bureau cabinet center centre commission committee company
    corp corporation council court department embassy federation foundation fund government group inc
    institute kremlin league ltd ministry news office organisation organization pentagon plc police
    press reserve service spa union university white house co company's department's report reports
    documents statement sources source officials official spokesman spokeswoman spokesperson
    """
)

# Markers that open a contrasting statement ("However, Kirby said …").
CONTRAST_OPENERS = ("however", "but", "although", "though", "yet", "nevertheless")

# Near-synonyms folded to one concept, so "invade"/"attack"/"offensive" meet. Keys are stems (see
# `text.stem`). Kept small on purpose: a wrong merge makes unrelated sentences look alike.
_CONCEPT_WORDS: dict[str, str] = {
    "ATTACK": "attack invad invasion aggress aggression offensiv raid assault strik incursion",
    "SEIZE": "captur occupi occupy seiz seize conquer annex",
    "WITHDRAW": "withdraw withdrawal pullback retreat",
    "START": "launch begin began begun start commenc",
    "TALK": "talk negotiat negotiation discuss discussion meet met",
    "CEASEFIRE": "ceasefir truc armistic",
    "SANCTION": "sanction penalti punish",
    "THREAT": "danger threat risk imminent",
    "SIGNAL": "signal messag overtur",
    "KILL": "kill dead death die",
    "TROOPS": "troop soldier forc armi army",
    "LARGE": "larg massiv huge vast",
    "AREA": "area region territory land",
}
CONCEPTS: dict[str, str] = {
    stem: concept for concept, stems in _CONCEPT_WORDS.items() for stem in stems.split()
}

# Two-word phrases folded to a concept before single words are read.
PHRASE_CONCEPTS: dict[tuple[str, str], str] = {
    ("military", "operation"): "ATTACK", ("special", "operation"): "ATTACK", ("full", "scale"): "LARGE",
    ("large", "scale"): "LARGE", ("white", "house"): "@united states", ("united", "states"): "@united states",
    ("united", "kingdom"): "@united kingdom", ("european", "union"): "@european union",
}  # fmt: skip
# Concepts that name an event or predicate (as opposed to a participant): a shared one ties two claims
# to the same happening.
EVENT_CONCEPTS = frozenset(
    {"ATTACK", "SEIZE", "WITHDRAW", "START", "TALK", "CEASEFIRE", "SANCTION", "THREAT", "SIGNAL", "KILL"}
)

# A capital or seat of government standing for its country ("Moscow said …"). Folded lower case.
METONYMS: dict[str, str] = {
    "moscow": "russia", "kremlin": "russia", "kyiv": "ukraine", "kiev": "ukraine",
    "washington": "united states",
    "beijing": "china", "london": "united kingdom", "paris": "france", "berlin": "germany",
    "tehran": "iran", "jerusalem": "israel", "ankara": "turkey", "white house": "united states",
    "us": "united states", "u.s.": "united states", "usa": "united states", "america": "united states",
    "russian": "russia", "ukrainian": "ukraine", "american": "united states", "chinese": "china",
}  # fmt: skip

# Words that narrow a figure to part of a period or a subset ("gained this year", "new cases").
SCOPE_MARKERS: tuple[str, ...] = (
    "this year", "this month", "this week", "last year", "last month", "last week", "so far this",
    "in the past", "in the last", "over the past", "since january", "additional", "newly", "new ",
    "gained", "more than last", "per day", "a day", "daily", "per year", "annual", "a year",
)  # fmt: skip

# Qualifiers (as normalised by the numbers extractor) and how far the true value may lie from the figure.
APPROX_QUALIFIERS = frozenset({"about", "approximate", "nearly"})
LOWER_BOUND_QUALIFIERS = frozenset({"more than", "at least"})
UPPER_BOUND_QUALIFIERS = frozenset({"less than", "up to"})
