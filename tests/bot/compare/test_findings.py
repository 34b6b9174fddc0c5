from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.compare.candidates import POSTINGS_PER_KEY, postings
from bot.compare.keys import claim_keys
from bot.store.schema import ClaimKeyRow, ClaimRow, DismissalRow
from tests.bot.compare.builders import SHARE, Art, Fig, add


def _pair() -> tuple[Art, Art]:
    a = Art(
        "Russia occupies about 5% of Ukraine.",
        "a.org",
        figures=[Fig("about 5%", 5, "%", SHARE, "Ukraine", None, "about")],
    )
    b = Art("Russia occupies 18% of Ukraine.", "b.org", figures=[Fig("18%", 18, "%", SHARE, "Ukraine")])
    return a, b


def test_findings_offsets_point_into_each_articles_text(store):
    a, b = _pair()
    with store.session() as s:
        row_a, _ = add(s, a)
        row_b, found = add(s, b)
        [f] = [f for f in found if f.type == "numeric_discrepancy"]
        assert row_b.cleaned_text[f.a.start_char : f.a.end_char] == f.a.text
        assert row_a.cleaned_text[f.b.start_char : f.b.end_char] == f.b.text
        assert (f.a.article_id, f.b.article_id) == (row_b.id, row_a.id)
        assert f.b.source == "a.org" and f.a.claim_id is not None


def test_findings_dismissed_pair_is_not_flagged_again(store):
    a, b = _pair()
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
        [f] = [f for f in found if f.type == "numeric_discrepancy"]
        s.add(DismissalRow(workspace="w", pair_key=f.pair_key, reason="different_event"))
        s.flush()
        b2 = Art(b.text + " ", "c.org", figures=b.figures)
        _, again = add(s, b2)  # same claim again from another article: a new pair, still flagged
        assert [g.type for g in again if g.type == "numeric_discrepancy"] == ["numeric_discrepancy"]
        # the dismissed pair itself, compared anew, is filtered
        from bot.compare import find_findings
        from bot.store.schema import ArticleRow

        row_b = s.get(ArticleRow, f.a.article_id)
        claims = list(s.scalars(select(ClaimRow).where(ClaimRow.article_id == row_b.id)))
        assert f.pair_key not in {g.pair_key for g in find_findings(s, "w", row_b, claims)}


def test_findings_workspaces_never_see_each_other(store):
    a, b = _pair()
    with store.session() as s:
        add(s, a, workspace="newsroom-1")
        _, found = add(s, b, workspace="newsroom-2")
    assert found == []


def test_findings_index_holds_keys_for_every_claim(store):
    a, _ = _pair()
    with store.session() as s:
        row, _ = add(s, a)
        claims = s.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.article_id == row.id))
        keyed = s.scalar(
            select(func.count(func.distinct(ClaimKeyRow.claim_id))).where(ClaimKeyRow.article_id == row.id)
        )
        kinds = set(s.scalars(select(ClaimRow.kind).where(ClaimRow.article_id == row.id)))
    assert claims == keyed and kinds == {"numeric", "fact"}


@pytest.mark.parametrize(
    ("kind", "text", "kwargs", "expected"),
    [
        ("quote", "we will win this war", {}, {"q:we will win", "q:will win this", "q:win this war"}),
        (
            "numeric",
            "18%",
            {"quantity_key": "share|%", "subject": "Ukraine"},
            {"n:share|%", "ns:share|%|ukraine"},
        ),
        ("fact", "Moscow invaded Ukraine", {}, {"c:@russia", "c:ATTACK", "c:@ukraine"}),
    ],
)
def test_findings_claim_keys_by_kind(kind, text, kwargs, expected):
    assert set(claim_keys(kind, text, **kwargs)) == expected


def test_findings_postings_are_bounded_per_key(store):
    with store.session() as s:
        a, _ = _pair()
        row, _ = add(s, a)
        claim = s.scalar(select(ClaimRow).where(ClaimRow.article_id == row.id))
        s.add_all(
            ClaimKeyRow(workspace="w", key="c:common", claim_id=claim.id, article_id=row.id)
            for _ in range(POSTINGS_PER_KEY + 50)
        )
        s.flush()
        got = postings(s, "w", ["c:common"], exclude_article=-1)
    assert len(got["c:common"]) == POSTINGS_PER_KEY


def test_findings_shown_keeps_corroborations_and_confident_conflicts_only(store):
    from bot.compare import shown

    a, b = _pair()
    with store.session() as s:
        add(s, a)
        _, found = add(s, b)
    [conflict] = [f for f in found if f.type == "numeric_discrepancy"]
    assert shown([conflict], conflict.confidence) == [conflict]
    assert shown([conflict], conflict.confidence + 0.01) == []
    corroboration = type(conflict)("corroboration", conflict.a, conflict.b, "same", 0.1, {})
    assert shown([corroboration], 0.99) == [corroboration]


def test_findings_quoted_speakers_are_the_quotes_starting_inside_each_sentence():
    from bot.compare.findings import quoted_speakers
    from bot.store.schema import ClaimRow

    def row(i: int, kind: str, start: int, end: int, speaker: str | None = None) -> ClaimRow:
        return ClaimRow(id=i, kind=kind, start_char=start, end_char=end, speaker=speaker, text="x")

    facts = [row(1, "fact", 0, 50), row(2, "fact", 50, 100)]
    quotes = [row(3, "quote", 10, 20, "A"), row(4, "quote", 49, 60, "B"), row(5, "quote", 50, 70, "C"),
              row(6, "quote", 99, 120, "A"), row(7, "quote", 100, 110, "D"), row(8, "quote", 5, 9)]
    claims = [*facts, *quotes]
    assert quoted_speakers(facts, claims) == {1: {"A", "B"}, 2: {"C", "A"}}
