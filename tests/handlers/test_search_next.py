"""The "Next 10" button: the next page of a search replaces the one shown; a bad button value gets a note."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from bot.settings import Settings
from handlers.actions.search_next import next_page
from handlers.blocks import SEARCH_NEXT, blocks_text
from tests.bot.test_search import stored_claims


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict] = []

    def __call__(self, **kwargs) -> None:
        self.calls.append(kwargs)


def click(value: str, tmp_path: Path) -> list[dict]:
    db = f"sqlite:///{tmp_path / 'search.sqlite'}"
    store = stored_claims(db)
    respond, acks = Recorder(), Recorder()
    body = {"team": {"id": "T1"}, "user": {"id": "U1"}}
    action = {"action_id": SEARCH_NEXT, "value": value}
    next_page(
        acks,
        body,
        action,
        respond,
        logging.getLogger("test"),
        store=store,
        settings=Settings(database_url=db),
    )
    store.close()
    assert len(acks.calls) == 1
    return respond.calls


def test_search_next_shows_the_next_page_in_place(tmp_path: Path) -> None:
    (answer,) = click(json.dumps({"q": "speaker:Kirby", "o": 2}), tmp_path)
    assert answer["replace_original"] is True
    text = blocks_text(answer["blocks"])
    assert "(3–3, newest first)" in text and "We think so. Small numbers." in text
    assert not [b for b in answer["blocks"] if b["type"] == "actions"]  # the last page has no button


def test_search_next_bad_value_is_a_one_line_note(tmp_path: Path) -> None:
    for value in ("", "12", '{"q": "x", "o": -1}', "not json"):
        (answer,) = click(value, tmp_path / value.replace('"', "").replace(" ", "_")[:10])
        assert answer["replace_original"] is False and "search again" in answer["text"]
