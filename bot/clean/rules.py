"""Line-level junk rules, kept as data: each rule has a name (the reason reported in `RemovedLine`).

A line is junk when the first matching rule in `junk_reason` fires. The cascade, in order:

1. hard patterns (`HARD_RULES`): fire on any line, whatever its length or wording
   - "no words": a line without a single letter (separators, page numbers, emoji)
   - "bare URL": a line that is one URL, image or file path and nothing else
   - "comment prompt": "Leave a Reply", "Add a Comment", "0 comments", "What's your reaction?", ...
   - "comment form notice": "Your email address will not be published.", "Required fields are marked *"
   - "contact boilerplate": "If you have any questions ..., please don't hesitate to contact us."
   - "theme or template advert": "X is a next generation WordPress theme ... increase conversions."
   - "related link": "READ ALSO: ...", "Read more: ...", "Related: ...", "See also - ..."
2. short-line patterns (`SHORT_RULES`): only for lines of at most `SHORT_LINE_MAX_WORDS` words that carry no
   reported speech (no quote marks, no "said"/"told"/...), so a real sentence that happens to start with
   "Photo" or "Join" survives
   - "photo credit": "Photo from Google", "Photo: Reuters", "Image credit ...", "Credit: AFP", "REUTERS/X Y";
     credit-shaped lines only: "Weak dollar hits Reuters" is a headline
   - "newsletter or subscription pitch": "Subscribe to our newsletters", "Join For ... News", "Sign up ..."
   - "spam": "buy X online", pharma names, casinos, loans (only on lines that are not full sentences)
   - "navigation or tags": "Skip to content", "Next article", "Back to top", "Tags: Russia, Ukraine"
   - "greeting": a line that is only "Hello!", "How are you?", ...
3. "call to action" (`is_call_to_action`): a short line made only of call-to-action vocabulary
   ("Comments", "12 shares", "Read the Latest News and Breaking News here", "Follow us on Facebook").

Context rules (repeated lines, the repeated title, per-source boilerplate) live in `bot.clean.cleaner`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.clean.text import normalize_quotes

# Lines longer than this (in words) are never judged by the short-line rules or the vocabulary rule.
# Calibration: every prompt/credit/pitch in the seeds has <= 8 words; real body sentences that start like
# one ("Photos taken on Monday show ...") run longer. 12 leaves room for "Follow us on Facebook, Twitter ...".
SHORT_LINE_MAX_WORDS = 12

_I = re.IGNORECASE
_APOS = "['\u2019]"

HARD_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("no words", re.compile(r"^[\W\d_]*$")),
    # A URL, image or file path with nothing else on the line. \S*+ is possessive: linear on huge lines.
    (
        "bare URL",
        re.compile(
            r"^[<(\[]?(?:https?://|www\.)\S*+$"
            r"|^[<(\[]?\S*+(?<=\.jpg|\.png|\.gif|\.pdf|\.svg|\.mp4|jpeg|webp|avif)[>)\]]?$",
            _I,
        ),
    ),
    (
        "comment prompt",
        re.compile(
            r"^(?:\d[\d,.]*\s*)?(?:comments?|replies|responses?)\s*(?:\(\d+\))?\W*$"
            r"|^(?:leave|add|post|write|submit|view|show|hide|load|read|see|join)\s+(?:\w+\s+){0,3}?"
            r"(?:comments?|reply|replies|responses?|discussion|conversation)\b[^.]{0,30}$"
            rf"|^what{_APOS}?s?\s+(?:is\s+)?your\s+(?:reaction|opinion|view|take|thoughts?)\b"
            r"|^(?:be the first|no comments? yet|there are no comments|cancel reply|comments? are closed)\b"
            r"|^you must be logged in to (?:post|leave) a comment",
            _I,
        ),
    ),
    (
        "comment form notice",
        re.compile(
            r"^your email address will not be published\b"
            r"|^required fields are marked\b"
            r"|^save my name, email,? and website\b"
            r"|^notify me of (?:follow-up comments|new posts)\b",
            _I,
        ),
    ),
    (
        "contact boilerplate",
        re.compile(
            r"^if you have any (?:questions?|comments?|queries|concerns|feedback|suggestions)\b"
            r".*\b(?:contact|reach|e-?mail|write to|get in touch)\b"
            rf"|\b(?:do not|don{_APOS}?t) hesitate to (?:contact|reach|e-?mail) us\b",
            _I,
        ),
    ),
    (
        "theme or template advert",
        re.compile(
            r"\b(?:wordpress|joomla|drupal|shopify|blogger|ghost)\s+(?:\w+\s+)?(?:theme|template|plugin)s?\b"
            r"|\bengage your visitors\b|\bincrease (?:your )?conversions\b",
            _I,
        ),
    ),
    (
        "related link",
        re.compile(
            r"^[\W_]*(?:read also|also read|read more|more|see also|related(?: articles?| stories| news)?"
            r"|recommended|you (?:may|might) also like|must read|don\W?t miss|trending|watch|listen"
            r"|more from \w+)(?:\s*[:|>\u00bb]|\s+[-\u2013\u2014])",
            _I,
        ),
    ),
)

_AGENCIES = (
    r"(?:reuters|afp|ap|epa|getty images|shutterstock|anadolu|tass|ria novosti|sputnik|xinhua|efe)"
)

SHORT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "photo credit",
        re.compile(
            r"^[(\[]?(?:photos?|images?|pictures?|pics?|photograph|video|graphic|illustration|file photo)"
            r"(?:\s+credits?)?(?:\s*[:\u00a9]|\s+(?:by|from|courtesy|via|credits?)\b|\s+[|\-\u2013\u2014/])"
            r"|^(?:credits?|source of image|image source|courtesy(?: of)?)(?:\s*:|\s+[-\u2013\u2014])"
            r"|^(?:\u00a9|\(c\)|copyright\s*\u00a9?)\s*\d{4}"
            # a line that is only an agency credit: the agency alone or with its photographer after a slash
            # or "via" ("AFP", "REUTERS/Valentyn Ogirenko", "Getty Images via AFP"), or the photographer
            # first and a slash ("Valentyn Ogirenko/Reuters"). Words before the agency with no slash make a
            # headline ("Weak dollar hits Reuters"), never a credit.
            r"|^[(\[]?(?:[\w.\-]+(?:\s[\w.\-]+){0,3}\s?/\s?)?"
            + _AGENCIES
            + r"(?:\s*(?:/|via)\s*[\w .\-]+)?[)\]]?$",
            _I,
        ),
    ),
    (
        "newsletter or subscription pitch",
        re.compile(
            r"^(?:subscribe|sign\s?-?up|join|register|get|never miss|don\W?t miss)\b.*"
            r"\b(?:news|newsletters?|updates|alerts|channel|community|list|inbox|briefing|digest|us)\b"
            r"|\bnewsletters?\b",
            _I,
        ),
    ),
    (
        "spam",
        re.compile(
            r"\b(?:buy|order|purchase|cheap)\s+(?:\w+\s+){0,2}?(?:online|without (?:a )?prescription)\b"
            r"|\b(?:no prescription|viagra|cialis|levitra|kamagra|xanax|tramadol|phentermine"
            r"|online casinos?|casino bonus|free spins|no deposit bonus|payday loans?|replica watches"
            r"|essay writing service)\b",
            _I,
        ),
    ),
    (
        "navigation or tags",
        re.compile(
            r"^(?:skip to (?:main )?content|(?:previous|next|prev|older|newer)\s+(?:article|post|story|page"
            r"|entries)|back to top|go to top|load more|show more|view all)\b"
            r"|^(?:tags?|topics?|filed under|categories|category|keywords)\s*:",
            _I,
        ),
    ),
    (
        "greeting",
        re.compile(
            r"^(?:hi|hello|hey|greetings|good (?:morning|afternoon|evening|day)"
            r"|how are you(?: doing)?(?: today)?|welcome(?: back)?|thanks? (?:you )?for reading)\W*$",
            _I,
        ),
    ),
)


def _vocabulary(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated words."""
    return frozenset(text.split())


# Words a call-to-action or counter line is made of. A line qualifies only if every word is here and at
# least one is a `CTA_CORE` word (so "We will see." never qualifies).
CTA_CORE = _vocabulary(
    """
    comment comments reply replies reaction reactions share shares shared tweet tweets retweet retweets
    like likes follow followers subscribe subscribers subscription newsletter newsletters signup login logout
    click tap read latest breaking email e-mail print advertisement advertisements sponsored promoted ad ads
    related recommended trending popular whatsapp facebook twitter telegram linkedin pinterest reddit
    instagram youtube tiktok rss views download video videos skip reserved loading
    """
)
CTA_WORDS = CTA_CORE | _vocabulary(
    """
    a an the and or of to for on in at with by from via this that these it its your you our us we me my i
    here there now today more most all new next previous first last top also below above back up down out
    be is are will not no yet have has can do don't what's whats what how please thank thanks let know tell
    sign log register account address published required fields marked field name website save browser
    time copy link links view see show hide load write post posts leave add submit cancel notify
    notifications news update updates story stories article articles continue reading page home menu search
    close x app channel cookies privacy policy terms contact about advertise rights reserved copyright join
    free get thoughts opinion think k m opens window tab scroll continues listen audio watch min minute
    minutes content main
    """
)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_SPEECH = re.compile(
    r"[\"\u201c\u201d\u00ab\u00bb]|\b(?:said|says|say|told|tells|added|according to|asked|stated|noted)\b",
    _I,
)
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u2019\u201d)\]]*$")


def words(line: str) -> list[str]:
    """Casefolded words of a line (letters with inner apostrophes; digits and punctuation ignored)."""
    return _WORD.findall(normalize_quotes(line).casefold())


def is_short_non_speech(line: str) -> bool:
    """True for a line short enough for the short-line rules, with no quote marks or reporting verbs."""
    return len(line.split()) <= SHORT_LINE_MAX_WORDS and not _SPEECH.search(line)


def looks_like_sentence(line: str) -> bool:
    """A line of four or more words that ends like a sentence."""
    return len(line.split()) >= 4 and bool(_SENTENCE_END.search(line))


def is_call_to_action(line: str) -> bool:
    """A short line made only of call-to-action vocabulary, with at least one core call-to-action word."""
    found = words(line)
    if not found or len(found) > SHORT_LINE_MAX_WORDS:
        return False
    return all(w in CTA_WORDS for w in found) and any(w in CTA_CORE for w in found)


@lru_cache(maxsize=16384)
def junk_reason(line: str) -> str | None:
    """The name of the first junk rule that fires on a normalised line, or None if the line is kept."""
    for reason, pattern in HARD_RULES:
        if pattern.search(line):
            return reason
    if not is_short_non_speech(line):
        return None
    for reason, pattern in SHORT_RULES:
        if reason == "spam" and looks_like_sentence(line):
            continue
        if pattern.search(line):
            return reason
    if is_call_to_action(line):
        return "call to action"
    return None
