from __future__ import annotations

from datetime import date

from bot.compare import assign_story
from bot.models import Entity, EntityMention, Extraction
from bot.store.schema import ArticleRow, StoryRow


def _article(
    s, title: str, people: list[str], published: date | None = None
) -> tuple[ArticleRow, Extraction]:
    text = f"{title}\n\n" + " ".join(f"{p} spoke to reporters." for p in people)
    row = ArticleRow(workspace="w", source="x", source_key="x", cleaned_text=text, title=title,
                     text_hash=str(abs(hash((text, published)))), published=published)  # fmt: skip
    s.add(row)
    s.flush()
    ents = [Entity(p, "person", [EntityMention(p, text.find(p), text.find(p) + len(p))]) for p in people]
    return row, Extraction(entities=ents)


def test_stories_same_people_and_terms_join_one_story(store):
    with store.session() as s:
        a, ea = _article(s, "Pentagon says Russian pullback from Kyiv is a repositioning", ["John Kirby"])
        b, eb = _article(
            s, "Pentagon: Russian move from Kyiv a repositioning, not withdrawal", ["John Kirby"]
        )
        first, second = assign_story(s, "w", a, ea), assign_story(s, "w", b, eb)
        story = s.get(StoryRow, first)
        assert first == second == a.story_id == b.story_id
        assert story.article_count == 2


def test_stories_other_event_starts_a_new_story(store):
    with store.session() as s:
        a, ea = _article(s, "Pentagon says Russian pullback from Kyiv is a repositioning", ["John Kirby"])
        b, eb = _article(s, "Oil prices climb as OPEC trims output", ["Haitham al-Ghais"])
        assert assign_story(s, "w", a, ea) != assign_story(s, "w", b, eb)


def test_stories_far_apart_in_time_do_not_join(store):
    with store.session() as s:
        a, ea = _article(
            s, "Pentagon says Russian pullback from Kyiv is a repositioning", ["John Kirby"], date(2022, 3, 1)
        )
        b, eb = _article(
            s, "Pentagon says Russian pullback from Kyiv is a repositioning", ["John Kirby"], date(2024, 3, 1)
        )
        assert assign_story(s, "w", a, ea) != assign_story(s, "w", b, eb)
