"""Findings between two sentences of one frame (`bot.compare.frames`): a corrected figure, a corrected
proposition, or a restated sentence with a new figure.

The frame says the two figures measure one thing; what else must hold before that is a disagreement:
- the two articles are about one subject: one story, or headlines naming the same company or body, or the
  sentences sharing a name ("Shr 18 cts vs 13 cts" is every company's results line);
- the same period: a results table's section ("Nine mths", "Year") is the period of its rows, and a
  sentence saying "today" or a weekday is another day's figure in an article of another day;
- nothing near the figure was reworded (that may name another quantity).

Confidence follows what the newer article says of itself: a correction ("CORRECTED", "corrects", "not the
… it reported", "revised") is the surest; the same sentence with another figure on the same day nearly as
sure; on a later day it is an update of a running figure (still available, trapped), shown as one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.compare.explain import label, quoted
from bot.compare.frames import FrameDiff, Token, fold, frame_diff, frame_tokens, mentions_day, shown_pair
from bot.compare.lexicon import word_set
from bot.compare.sides import Side, days_apart, same_story
from bot.compare.statements import POLARITY_MAX_DAYS
from bot.extract.timeref import WIRE_DATELINE, section_period
from bot.models import ClaimRef, Finding
from bot.store.schema import ArticleRow

CORRECTION = re.compile(
    r"\bcorrect(?:ed|s|ion|ing)\b|\bnot\s+the\b[^.]{0,60}\b(?:reported|announced|previously)\b"
    r"|\binstead\s+of\s+the\s+previously\b|\brevis(?:ed|es|ion)\b",
    re.IGNORECASE,
)
CORRECTED_CONFIDENCE = 0.8
SAME_DAY_CONFIDENCE = 0.7
LATER_CONFIDENCE = 0.6
LATER_EVENT_CONFIDENCE = 0.5
# A proposition corrected without a correction notice, days later, is as likely a new development.
LATER_POLARITY_CONFIDENCE = 0.45
SAME_DAY_POLARITY_CONFIDENCE = 0.65
MIN_TITLE_WORDS = 2
_DIVIDEND_WORDS = word_set("dividend div payout qtly distribution")
_RESULTS_WORDS = word_set("net loss profit earning result quarter month year")
_TICKER = re.compile(r"<([A-Z.]{1,6})>")
MIN_SHARED_NAMES = 2
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z&']+")
HEADLINE_CHARS = 200
GENERIC_TITLE_WORDS = word_set(
    """corrected correction rpt repeat inc corp co ltd plc group nv ag sa qtr quarter net loss profit
    year sets payout raises cuts dividend div qtly quarterly says said sees results earnings shr
    revs sales mths st nd rd th the of to in on for and a an at by with from up down mln bln dlr
    dlrs stg pct cts gets contract sell sells buy buys unit one two three four six nine twelve first
    second third fourth half months month weeks to jan feb mar apr may jun jul aug sep sept oct nov
    dec"""
)


def restated(mine: Side, theirs: Side) -> tuple[bool, Finding | None]:
    """(the two sentences share a frame about one subject, the finding if they disagree)."""
    if _in_title(mine) or _in_title(theirs):
        return False, None  # a headline restates its body in capitals and abbreviations
    text_m, text_t = _sentence(mine), _sentence(theirs)
    if _folded(text_m) == _folded(text_t):
        return True, None  # a reprint
    diff = frame_diff(text_t, text_m)
    if diff is None or not one_subject(mine, theirs):
        return False, None
    if diff.other_period or not _same_period(_period(mine), _period(theirs)):
        return False, None  # another period's figures in the same words: the figure rules weigh the times
    if _other_day(mine, theirs, text_m, text_t):
        return True, None  # "today" in articles of two days: two days' figures
    corrected = _corrected(_newer(mine, theirs))
    if diff.names and not corrected:
        return True, None  # another company, fund or country in the same words: another subject
    figures = diff.figures_kept()
    if figures:
        return True, _figure_finding(mine, theirs, figures, diff, corrected)
    opposites = diff.opposites + diff.names
    apart = days_apart(mine, theirs)
    if apart is not None and apart > POLARITY_MAX_DAYS:
        return True, None  # a forecast that later turned out otherwise is not a contradiction
    if opposites and not diff.figures:
        return True, _polarity_finding(mine, theirs, opposites, corrected)
    return True, None


def _in_title(side: Side) -> bool:
    title = side.article.title
    start = side.row.sentence_start if side.row.sentence_start is not None else side.row.start_char
    return bool(title) and start < len(title)


def _sentence(side: Side) -> str:
    return side.row.sentence or side.row.text


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def one_subject(mine: Side, theirs: Side) -> bool:
    """Headlines naming one subject, or sentences sharing names (one story is not enough: the day's
    cattle markets or one sponsor's funds are one story, each with its own figures)."""
    if _same_headline_subject(mine, theirs):
        return True
    names_m = {t.key for t in frame_tokens(_sentence(mine)) if t.name}
    names_t = {t.key for t in frame_tokens(_sentence(theirs)) if t.name}
    shared = len(names_m & names_t)
    if shared >= MIN_SHARED_NAMES:
        return True
    # One shared name is enough inside one story filed from one place ("… available to Algeria"); the
    # day's cattle markets are one story filed from Omaha and from Sioux City.
    return shared >= 1 and same_story(mine, theirs) and _dateline_place(mine) == _dateline_place(theirs)


def _dateline_place(side: Side) -> str:
    """Where the article was filed ("WASHINGTON, March 31 - …" -> "washington"), "" when unsaid."""
    text = side.article.cleaned_text or ""
    body = text.split("\n\n", 1)[1] if "\n\n" in text else text
    found = WIRE_DATELINE.match(body)
    return found["place"].casefold() if found else ""


def _same_headline_subject(a: Side, b: Side) -> bool:
    """The headlines name one company's ticker, or (without tickers) have the same distinctive words
    ("CORRECTED-LILLY INDUSTRIAL COATINGS INC" / "LILLY INDUSTRIAL COATINGS INC 1ST QTR"). One headline's
    words inside the other's is not enough: "FRANKLIN INSURED TAX-FREE" and "FRANKLIN OHIO INSURED
    TAX-FREE" are two funds."""
    ha, hb = headline(a.article), headline(b.article)
    ka, kb = _report_kind(ha), _report_kind(hb)
    if ka and kb and ka != kb:
        return False  # one company's dividend notice and its results table: two reports
    ta, tb = set(_TICKER.findall(ha)), set(_TICKER.findall(hb))
    if ta and tb:
        return bool(ta & tb)  # the ticker says which company (a class of its stock changes the frame)
    wa, wb = _title_words(ha), _title_words(hb)
    if len(wa) < MIN_TITLE_WORDS or len(wb) < MIN_TITLE_WORDS:
        return False
    return wa == wb


def _report_kind(title: str) -> str:
    """ "dividend" or "results" for the two kinds of wire table headlines, else ""."""
    found = {fold(w) for w in _TITLE_WORD.findall(title)}
    if found & _DIVIDEND_WORDS:
        return "dividend"
    return "results" if found & _RESULTS_WORDS else ""


def headline(article: ArticleRow) -> str:
    """The article's title, or its first line when the cleaner found none ("CORRECTED - ATT <T> …")."""
    if article.title:
        return article.title
    return (article.cleaned_text or "").lstrip().split("\n", 1)[0][:HEADLINE_CHARS]


def _title_words(title: str | None) -> frozenset[str]:
    title = re.sub(r"<[A-Z.]{1,6}>", " ", title or "")
    return frozenset(
        w.lower() for w in _TITLE_WORD.findall(title) if w.lower() not in GENERIC_TITLE_WORDS and len(w) > 1
    )


def _period(side: Side) -> str:
    """The period of a results-table row (`section_period`); "" when nothing says one."""
    start = side.row.sentence_start if side.row.sentence_start is not None else side.row.start_char
    return section_period(side.article.cleaned_text or "", start, headline(side.article))


def _same_period(a: str, b: str) -> bool:
    """Equal, or one says less of it ("quarter" / "second quarter"), or one says none."""
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def _other_day(mine: Side, theirs: Side, text_m: str, text_t: str) -> bool:
    apart = days_apart(mine, theirs)
    said = mentions_day(frame_tokens(text_m)) or mentions_day(frame_tokens(text_t))
    return said and apart is not None and apart > 0


def _corrected(side: Side) -> bool:
    """The article presents itself as a correction or a revision."""
    article = side.article
    return bool(CORRECTION.search(article.title or "") or CORRECTION.search(article.cleaned_text or ""))


def _newer(mine: Side, theirs: Side) -> Side:
    if mine.published and theirs.published and theirs.published > mine.published:
        return theirs
    return mine


def token_ref(side: Side, token: Token) -> ClaimRef:
    """The changed word or figure inside the side's sentence, as a finding side."""
    row = side.row
    base = row.sentence_start if row.sentence_start is not None else row.start_char
    return ClaimRef(
        article_id=row.article_id,
        source=side.article.source,
        published=side.article.published,
        title=side.article.title,
        sentence=_sentence(side),
        text=token.text,
        start_char=base + token.start,
        end_char=base + token.end,
        claim_id=row.id,
        speaker=row.speaker,
    )


def _figure_finding(
    mine: Side, theirs: Side, figures: list[tuple[Token, Token]], diff: FrameDiff, corrected: bool
) -> Finding:
    old, new = figures[0]
    apart = days_apart(mine, theirs)
    shown = [shown_pair(diff, x, y) for x, y in figures]
    changes = "; ".join(f"{new_text} here vs {old_text} there" for old_text, new_text in shown)
    there = label(theirs.article)
    details = {
        "rule": "same sentence, other figure",
        "values": [[y.value, x.value] for x, y in figures],
        "frame_ratio": round(diff.ratio, 3),
        "corrected": corrected,
    }
    if corrected or apart == 0 or apart is None:
        confidence = CORRECTED_CONFIDENCE if corrected else SAME_DAY_CONFIDENCE
        why = " (the newer one is a correction)" if corrected else ""
        return Finding(
            "numeric_discrepancy",
            token_ref(mine, new),
            token_ref(theirs, old),
            f"The same sentence gives another figure in {there}{why}: {changes}.",
            confidence,
            details,
        )
    state = _states(_sentence(mine)) or _states(_sentence(theirs))
    return Finding(
        "updated_figure",
        token_ref(mine, new),
        token_ref(theirs, old),
        f"{there} said the same {apart} day(s) {'earlier' if _newer(mine, theirs) is mine else 'later'} with "
        f"another figure, at different times: {changes} (an update).",
        LATER_CONFIDENCE if state else LATER_EVENT_CONFIDENCE,
        details,
    )


_STATE = re.compile(r"\b(?:still|total(?:led|s)?|remain(?:s|ed|ing)?|outstanding|so\s+far|now)\b", re.I)


def _states(sentence: str) -> bool:
    """The sentence gives a running state ("still available", "a total of"), which a later report
    updates; without that, the same words days later are usually another event (another sale)."""
    return _STATE.search(sentence) is not None


def _polarity_finding(
    mine: Side, theirs: Side, opposites: list[tuple[str, str]], corrected: bool
) -> Finding:
    apart = days_apart(mine, theirs)
    if corrected:
        confidence = CORRECTED_CONFIDENCE
    elif apart is None or apart <= 1:
        confidence = SAME_DAY_POLARITY_CONFIDENCE
    else:
        confidence = LATER_POLARITY_CONFIDENCE
    said_here, said_there = opposites[0][1], opposites[0][0]
    words_here = [t for t in frame_tokens(_sentence(mine)) if t.text == said_here]
    words_there = [t for t in frame_tokens(_sentence(theirs)) if t.text == said_there]
    changes = "; ".join(f"“{y or '(nothing)'}” here vs “{x or '(nothing)'}” there" for x, y in opposites)
    a_ref = token_ref(mine, words_here[0]) if words_here else mine.ref()
    b_ref = token_ref(theirs, words_there[0]) if words_there else theirs.ref()
    return Finding(
        "polarity_conflict",
        a_ref,
        b_ref,
        f"{label(theirs.article)} says {quoted(_sentence(theirs))} in the same words but for {changes}"
        + (" (the newer one is a correction)." if corrected else "."),
        confidence,
        {"rule": "same sentence, opposite word", "changes": opposites, "corrected": corrected},
    )
