"""Each attribution resolver on the form it exists for: the quote resolvers (which event a quote takes,
and by which route) and the subject resolvers (who a reporting verb's subject is)."""

from __future__ import annotations

import pytest

from bot.extract.attribution import QUOTE_RESOLVERS, EventIndex, QuoteSite, attribute
from bot.extract.quote_index import text_index
from bot.extract.quotes import extract_quotes, reporting_events
from bot.extract.speakers import SUBJECT_RESOLVERS

pytestmark = pytest.mark.slow


def _first_site(doc) -> QuoteSite:
    index = text_index(doc)
    return QuoteSite(doc, [index.spans[0]], index, EventIndex(reporting_events(doc, index)))


@pytest.mark.parametrize(
    ("text", "route", "speaker"),
    [
        ("“We will not retreat,” Anna Kovacs said on Monday.", "parse", "Anna Kovacs"),
        ("“We have done nothing wrong.” – Peter Lund", "trailer", "Peter Lund"),
        ("“No comment.” Anna Kovacs, the mayor, said later.", "after", "Anna Kovacs"),
        ("According to Maria Silva, the plan is “dead on arrival”.", "before", "Maria Silva"),
        ("“Dead on arrival” is what the new budget plan of the city council is, according to Maria Silva.",
         "according", "Maria Silva"),
        ("The weather was fine. “The budget is balanced.”", "none", None),
        ("The minister gave a statement.\n\nFrom the minister Anna Kovacs:\n\n“We will rebuild.”", "lead-in",
         "Anna Kovacs"),
    ],
)
def test_attribution_quote_route(nlp, text, route, speaker) -> None:
    got_route, event = attribute(_first_site(nlp(text)))
    assert got_route == route
    assert (event.ref.name if event else None) == speaker


def test_attribution_resolvers_are_one_ordered_list() -> None:
    routes = [name for name, _ in QUOTE_RESOLVERS]
    assert routes == ["parse", "trailer", "after", "before", "according", "lead-in"]
    assert len(SUBJECT_RESOLVERS) == len(set(SUBJECT_RESOLVERS))


def _speaker(nlp, text: str, quote: str) -> str | None:
    return next(q.speaker for q in extract_quotes(nlp(text)) if q.text.startswith(quote))


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # pronoun → the sentence subject before it, though that sentence has no reporting verb
        ("Tom Berg met Peter Lund once. Peter Lund said little. Tom Berg doubted the plan."
         " “It is useless,” he said.", "It is useless", "Tom Berg"),
        # the person whose name holds the subject's head, not the first name in the phrase
        ("In a statement, Clinton campaign spokesman Nick Merrill said, “Nine investigations found nothing.”",
         "Nine investigations", "Nick Merrill"),
        # a noun with a proper-noun appositive
        ("Schilling's son, Grant, defended his father, saying: “He is not a bigot.”", "He is not", "Grant"),
        # a named organisation
        ("“ESPN is an inclusive company,” ESPN said in a statement.", "ESPN is", "ESPN"),
        # an institution named by its owner
        ("O’Malley’s campaign says “it will shift staff to Iowa.”", "it will shift", "O’Malley’s campaign"),
        # "the company" → the organisation named before
        ("Business Insider commented on the news. “We wish them well,” the company said in a statement.",
         "We wish", "Business Insider"),
        # "the admiral" → the person who spoke before
        ("Adm. Harry Harris said the islands were bases. “It is not true,” the admiral said.", "It is not",
         "Harry Harris"),
        # an unnamed source stays unnamed
        ("“There was wrongdoing,” said a former senior law enforcement official.", "There was",
         "unnamed former senior law enforcement official"),
        # a group
        ("The two delegations met in Geneva. “We made progress,” they said.", "We made", "two delegations"),
    ],
)
def test_attribution_subject_resolvers(nlp, text, quote, speaker) -> None:
    assert _speaker(nlp, text, quote) == speaker


def test_attribution_continued_quote_keeps_person_not_company(nlp) -> None:
    text = (
        "“We will grow,” said Anna Holm, chief executive of Acme Corp. “Our sales doubled this year.”\n\n"
        "“And they will double again,” she added."
    )
    quotes = [q for q in extract_quotes(nlp(text)) if q.kind == "direct"]
    assert [q.speaker for q in quotes] == ["Anna Holm"] * 3


def test_attribution_mixed_quote_takes_its_verbs_speaker(nlp) -> None:
    text = "Mayor Lisa Grant said the plan was “dead on arrival” and would be dropped."
    [partial] = [q for q in extract_quotes(nlp(text)) if q.kind == "partial"]
    assert partial.speaker == "Lisa Grant"


@pytest.mark.parametrize(
    ("text", "clause", "speaker", "verb"),
    [
        ("Kirby said the move coincided with the talks.", "the move coincided with the talks", "Kirby",
         "say"),
        ("Trump will likely win the nomination, according to Politico.",
         "Trump will likely win the nomination", "Politico", "according to"),
        ("ORLANDO, Fla. (Reuters) - President Barack Obama met survivors on Thursday and said the country"
         " must act.", "the country must act", "Barack Obama", "say"),
        ("De Blasio repeated his claim that profit was the motive of the firms.",
         "profit was the motive of the firms", "De Blasio", "claim"),
    ],
)
def test_attribution_indirect_speech_with_speaker_and_cue(nlp, text, clause, speaker, verb) -> None:
    [q] = [q for q in extract_quotes(nlp(text)) if q.kind == "indirect"]
    assert (q.text, q.speaker, q.verb) == (clause, speaker, verb)
