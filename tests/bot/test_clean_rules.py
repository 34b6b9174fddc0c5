"""Junk-line rules: each kind of web junk goes, real sentences with junk-looking words stay."""

from __future__ import annotations

import pytest

from bot.clean import clean_text
from bot.clean.rules import junk_reason

TITLE = "Ceasefire talks resume in Geneva after a week of shelling"
FIRST = "Negotiators from both sides met on Monday for the first time since the strikes."
LAST = "The next round is expected in two weeks."


def _article(middle: str) -> str:
    return f"{TITLE}\n\n{FIRST}\n\n{middle}\n\n{LAST}"


def _body_lines(raw: str) -> list[str]:
    article = clean_text(raw)
    return article.cleaned_text[article.body_start :].split("\n\n")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("What's your reaction?", "comment prompt"),
        ("What’s your opinion?", "comment prompt"),
        ("Comments", "comment prompt"),
        ("0 comment", "comment prompt"),
        ("12 Comments", "comment prompt"),
        ("Write the first comment for this!", "comment prompt"),
        ("Add a Comment", "comment prompt"),
        ("Leave a Reply", "comment prompt"),
        ("Leave a Reply Cancel reply", "comment prompt"),
        ("Join the discussion", "comment prompt"),
        ("Your email address will not be published.", "comment form notice"),
        ("Required fields are marked *", "comment form notice"),
        (
            "If you have any questions or comments, please don't hesitate to contact us.",
            "contact boilerplate",
        ),
        (
            "Zeen is a next generation WordPress theme. It’s powerful and beautifully designed.",
            "theme or template advert",
        ),
        ("Our template helps you engage your visitors and increase conversions.", "theme or template advert"),
        ("READ ALSO: Russia’s new submarine stuns the US Navy", "related link"),
        ("Read more: Kyiv prepares for winter", "related link"),
        ("Related: Talks collapse in Istanbul", "related link"),
        ("See also — the timeline of the war", "related link"),
        ("https://example.com/assets/images/user-avatar-s.jpg", "bare URL"),
        ("www.example.org/news/2024/01/story", "bare URL"),
        ("<https://example.com/a?b=c>", "bare URL"),
        ("cdn.example.net/img/photo_1234.webp", "bare URL"),
        ("Photo from Google", "photo credit"),
        ("Photo: Reuters/Gleb Garanich", "photo credit"),
        ("Image credit AFP via Getty Images", "photo credit"),
        ("(Photo by John Smith / AP)", "photo credit"),
        ("Credit: Ukrainian Defence Ministry", "photo credit"),
        ("© 2024 Example Media Group", "photo credit"),
        ("Subscribe to our newsletters", "newsletter or subscription pitch"),
        ("Join For Personal Benefits News", "newsletter or subscription pitch"),
        ("Sign up for our daily briefing", "newsletter or subscription pitch"),
        ("Get breaking news alerts in your inbox", "newsletter or subscription pitch"),
        ("buy metronidazole online", "spam"),
        ("order cheap tramadol without prescription", "spam"),
        ("best online casino free spins", "spam"),
        ("REUTERS/Valentyn Ogirenko", "photo credit"),
        ("Getty Images via AFP", "photo credit"),
        ("Skip to content", "navigation or tags"),
        ("Next article", "navigation or tags"),
        ("Tags: Russia, Ukraine, NATO", "navigation or tags"),
        ("Hello!", "greeting"),
        ("Read the Latest News and Breaking News here", "call to action"),
        ("12 shares", "call to action"),
        ("Share on Facebook Share on Twitter", "call to action"),
        ("Follow us on Telegram", "call to action"),
        ("Advertisement", "call to action"),
        ("Story continues below advertisement", "call to action"),
        ("Click to share on Twitter (Opens in new window)", "call to action"),
        ("All rights reserved.", "call to action"),
        ("5 min read", "call to action"),
        ("Loading...", "call to action"),
        ("***", "no words"),
        ("— 2 —", "no words"),
    ],
)
def test_clean_rules_junk_line_dropped(line, reason):
    assert junk_reason(line) == reason
    article = clean_text(_article(line))
    assert line not in _body_lines(_article(line))
    assert (line, reason) in [(r.line, r.reason) for r in article.removed]


# Real sentences and headings that contain junk-looking words. "Read the full statement below, he said"
# is kept on purpose: it carries a reporting clause, so it is reported speech, and a lost sentence costs
# more than a kept prompt.
@pytest.mark.parametrize(
    "line",
    [
        "The minister declined to comment on the report.",
        "Moscow’s reaction is still unknown, though.",
        "Read the full statement below, he said",
        "“Subscribe to the idea that we can win,” Zelensky told the crowd.",
        "Photos taken on Monday show the bridge destroyed.",
        "Photo-journalists were among those killed in the strike.",
        "Share prices in Moscow fell 5% on the news.",
        "Follow-up talks are planned for next week.",
        "More than 13,000 people have been killed since 2014.",
        "Credit-card payments were suspended across the region.",
        "Copyright law is not the issue here, the court ruled.",
        "Police raided an online casino in Kyiv on Tuesday.",
        "Russia’s Conditions Raise Concerns",
        "Critical Juncture in Ukraine’s Struggle",
        "(Source: AFP)",
        "We will see.",
        "No comment, the spokesman said.",
        "Readers of the newspaper were told to stay indoors for the night, officials said.",
        "Watch the skies over Kharkiv tonight",
        "Reuters could not independently verify the footage.",
        "Next, the army moved on Bakhmut.",
        "Video shows the strike on the bridge.",
        "All rights are reserved for the victims, the lawyer argued.",
    ],
)
def test_clean_rules_real_line_kept(line):
    assert junk_reason(line) is None
    assert line in _body_lines(_article(line))


@pytest.mark.parametrize(
    ("lines", "kept", "dropped"),
    [
        # a junk line repeated: every copy goes
        (["Photo from Google", "Photo from Google"], 0, 2),
        # a real line pasted twice: one copy stays
        (["Kyiv said the strike hit a power plant.", "Kyiv said the strike hit a power plant."], 1, 1),
        # repeats ignore case and quote style
        (["He called it “a good faith” measure.", 'He called it "a good faith" measure.'], 1, 1),
        # lines differing only in a figure are different claims: both stay
        (["Officials said 5 people died.", "Officials said 6 people died."], 2, 0),
    ],
)
def test_clean_rules_repeated_lines(lines, kept, dropped):
    middle = "\n".join(lines)
    body = _body_lines(_article(middle))
    assert sum(body.count(line) for line in set(lines)) == kept
    assert len(clean_text(_article(middle)).removed) == dropped


@pytest.mark.parametrize(
    "repeat",
    [TITLE, TITLE.upper(), f"  {TITLE}  "],
)
def test_clean_rules_repeated_title_dropped(repeat):
    article = clean_text(f"{TITLE}\n{repeat}\n\n{FIRST}")
    assert article.title == TITLE
    assert article.cleaned_text == f"{TITLE}\n\n{FIRST}"
    assert [r.reason for r in article.removed] == ["repeats the title"]


def test_clean_rules_title_repeated_without_its_junk_prefix():
    article = clean_text(f"How are you! {TITLE}\n{TITLE}\n\n{FIRST}")
    assert article.title == TITLE
    assert article.cleaned_text == f"{TITLE}\n\n{FIRST}"
    assert [r.reason for r in article.removed] == ["junk before the title", "repeats the title"]


@pytest.mark.parametrize(
    "junk_first",
    ["Subscribe to our newsletters", "https://example.com/logo.png", "Advertisement"],
)
def test_clean_rules_junk_before_title_skipped(junk_first):
    article = clean_text(f"{junk_first}\n{TITLE}\n\n{FIRST}")
    assert article.title == TITLE
    assert junk_first not in article.cleaned_text
