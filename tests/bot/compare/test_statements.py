from __future__ import annotations

from datetime import date

import pytest

from bot.compare.text import clauses, read
from tests.bot.compare.builders import Art, add, conflicts


@pytest.mark.parametrize(
    ("text", "negated", "scope"),
    [
        ("Officials say Russia will attack Ukraine soon", False, set()),
        ("there is no reason to believe that Russia will attack anytime soon", True, {"ATTACK", "anytim"}),
        ("the government has denied that there is any danger", True, {"THREAT"}),
        ("we must not lower our guard because the invading forces are near", True, {"lower", "guard"}),
    ],
)
def test_statements_read_finds_negation_and_what_it_denies(text, negated, scope):
    reading = read(text)
    assert reading.negated is negated
    assert reading.neg_scope == scope


def test_statements_read_folds_synonyms_and_capitals():
    reading = read("Moscow is ready to invade, the Kremlin said")
    assert {"@russia", "ATTACK"} <= reading.concept_set


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("US believes Moscow is ready to invade Ukraine But Kiev says there is no reason Moscow will go",
         ["US believes Moscow is ready to invade Ukraine", "Kiev says there is no reason Moscow will go"]),
        ("Russia attacked the city on Monday.", ["Russia attacked the city on Monday."]),
    ],
)  # fmt: skip
def test_statements_clauses_split_at_contrast(text, parts):
    assert [text[a:b] for a, b in clauses(text)] == parts


@pytest.fixture
def attack_denied(store):
    """One article asserts an attack, a later one on the same day denies it."""
    day = date(2022, 1, 20)
    with store.session() as s:
        add(s, Art("US officials said Russia will attack Ukraine within days.", "a.org", day))
        _, found = add(
            s, Art("Kyiv said there is no reason to believe Russia will attack Ukraine.", "b.org", day)
        )
    return found


def test_statements_assert_and_deny_across_articles_is_a_polarity_conflict(attack_denied):
    [f] = conflicts(attack_denied)
    assert f.type == "polarity_conflict"
    assert f.a.article_id != f.b.article_id
    assert "ATTACK" in f.details["shared"]


def test_statements_two_sources_inside_one_article_disagree(store):
    text = (
        "US officials said Russia is ready to invade Ukraine. "
        "However, Ukraine's defence minister said there is no reason to believe Russia will invade."
    )
    with store.session() as s:
        row, found = add(s, Art(text, "a.org"))
    [f] = conflicts(found)
    assert f.type == "polarity_conflict"
    assert f.a.article_id == f.b.article_id == row.id
    assert f.a.start_char != f.b.start_char
    assert text[f.a.start_char : f.a.end_char] == f.a.text


def test_statements_forecast_against_later_outcome_is_not_a_conflict(store):
    with store.session() as s:
        add(
            s,
            Art(
                "The minister said there is no reason to believe that Russia will attack Ukraine soon.",
                "a.org",
            ),
        )
        _, found = add(
            s, Art("On 24 February, Russia attacked Ukraine from three sides, officials said.", "b.org")
        )
    assert conflicts(found) == []


def test_statements_reports_far_apart_in_time_are_not_a_conflict(store):
    with store.session() as s:
        add(s, Art("Officials said Russia will attack Ukraine.", "a.org", date(2022, 1, 1)))
        _, found = add(s, Art("Officials said Russia will not attack Ukraine.", "b.org", date(2023, 6, 1)))
    assert conflicts(found) == []


def test_statements_conditional_is_not_an_assertion(store):
    with store.session() as s:
        add(s, Art("The US warned of severe costs if Russia will attack Ukraine, officials said.", "a.org"))
        _, found = add(s, Art("Kyiv said there is no reason to believe Russia will attack Ukraine.", "b.org"))
    assert conflicts(found) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("US President Joe Biden said the sanctions will stay in place.",
         "US President Donald Trump said the sanctions will stay in place."),
        ("High-ranking Russian and Ukrainian officials met for more than eight hours in Paris.",
         "Rubio spoke after more than eight hours of discussions with Ukrainian officials in Jeddah."),
    ],
)  # fmt: skip
def test_statements_same_office_or_same_duration_is_not_a_conflict(store, a, b):
    with store.session() as s:
        add(s, Art(a, "a.org", places=["Paris", "Jeddah"]))
        _, found = add(s, Art(b, "b.org", places=["Paris", "Jeddah"]))
    assert conflicts(found) == []


KIRBY_A = "Pentagon press secretary John Kirby said on Tuesday that Russian forces moved away from Kyiv."
KIRBY_B = "Pentagon press secretary John Kirby on Tuesday said Russian forces had moved from Kyiv."


def test_statements_same_event_in_two_outlets_corroborates(store):
    with store.session() as s:
        add(s, Art(KIRBY_A, "a.org"))
        _, found = add(s, Art(KIRBY_B, "b.org"))
    [f] = found
    assert f.type == "corroboration"
    assert "a.org" in f.explanation and "kirby" in f.details["shared"]


def test_statements_same_outlet_does_not_corroborate_itself(store):
    with store.session() as s:
        add(s, Art(KIRBY_A, "a.org"))
        _, found = add(s, Art(KIRBY_B, "a.org"))
    assert found == []


@pytest.mark.parametrize(
    ("text", "hypothetical", "asserted"),
    [
        ("France sounded a warning to Russia of any aggression", {"ATTACK"}, {"sound"}),
        ("The US warned that any aggression is imminent", {"ATTACK"}, {"THREAT"}),
        ("Moscow is ready to invade", set(), {"ready", "ATTACK"}),
    ],
)
def test_statements_read_names_what_is_only_a_possibility(text, hypothetical, asserted):
    reading = read(text)
    assert reading.hypothetical == hypothetical
    assert reading.asserted == asserted


def test_statements_a_warning_of_aggression_does_not_assert_an_attack(store):
    text = (
        "France and Germany sounded a warning to Russia of any aggression, officials said. "
        "However, Kyiv says there is no reason to believe Russia will invade."
    )
    with store.session() as s:
        _, found = add(s, Art(text, "a.org"))
    assert [f for f in conflicts(found) if f.details["rule"] == "negation"] == []


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("The foreign minister told reporters that Russian troops pose a threat to Ukraine but the number "
         "of troops is not enough for an invasion.", []),
        ("US officials said Russian troops pose a threat to Ukraine.", ["polarity_conflict"]),
    ],
)  # fmt: skip
def test_statements_a_conceding_but_not_clause_hedges_the_assertion(store, second, expected):
    text = "Ukraine's government has denied that there is any threat to Ukraine from the troops. " + second
    with store.session() as s:
        _, found = add(s, Art(text, "a.org"))
    assert [f.type for f in conflicts(found)] == expected


DENIAL = "Kyiv said there is no reason to believe Russia will attack Ukraine"


@pytest.mark.parametrize(
    ("published", "denial", "expected"),
    [
        (None, f"{DENIAL}.", ["polarity_conflict"]),
        (None, f"{DENIAL} before spring.", []),
        (date(2022, 1, 20), f"{DENIAL} before spring.", ["polarity_conflict"]),
    ],
)
def test_statements_undated_articles_need_the_whole_denied_proposition(store, published, denial, expected):
    with store.session() as s:
        add(s, Art("US officials said Russia will attack Ukraine.", "a.org", published))
        _, found = add(s, Art(denial, "b.org", published))
    assert [f.type for f in conflicts(found)] == expected


def test_statements_corroboration_names_the_other_article_and_the_shared_words(store):
    with store.session() as s:
        add(s, Art(KIRBY_A, "a.org"))
        _, found = add(s, Art(KIRBY_B, "b.org"))
    [f] = found
    assert f.explanation.startswith("Also reported by a.org: both say “")
    assert "John Kirby" in f.explanation and "c:" not in f.explanation and "@" not in f.explanation


def test_statements_polarity_explanation_quotes_both_sides(attack_denied):
    [f] = conflicts(attack_denied)
    assert f.explanation.startswith("a.org says “US officials said Russia will attack Ukraine within days”")
    assert "b.org denies it: “Kyiv said" in f.explanation


@pytest.mark.parametrize(
    ("asserted", "denied"),
    [
        # another country's action: "as Brazil did" is not denied by Argentina not doing it
        ("Brazil suspended interest payments on its foreign debt last week, officials said.",
         "Officials said Argentina did not suspend interest payments on its foreign debt, as Brazil did."),
        # nobody named in the denial: nothing ties it to the other banks' figure
        ("Net borrowings in the prior week averaged 451 mln dlrs.",
         "The banks had no borrowings in the prior week."),
        # declining to say is not denying
        ("National Intergroup said it will offer units of cumulative convertible preferred stock.",
         "National Intergroup did not say how many units would be offered."),
    ],
)  # fmt: skip
def test_statements_same_words_about_other_participants_are_no_polarity_conflict(store, asserted, denied):
    day = date(1987, 3, 2)
    with store.session() as s:
        add(s, Art(asserted, "a.org", day))
        _, found = add(s, Art(denied, "b.org", day))
    assert [f for f in conflicts(found) if f.type == "polarity_conflict"] == []
