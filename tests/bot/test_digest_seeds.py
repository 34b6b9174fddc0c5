"""`newsbot digest` on the five seeds, as `make demo` ends (the CLI's `main`; a real SQLite file, or
PostgreSQL with NEWSBOT_TEST_DATABASE=postgres; the model is the one the session already loaded).

It leads with the story holding the 5% vs 18% territory discrepancy, then the Kirby briefing story
with its quote wording differences; a dismissed finding never appears.
"""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from bot.store import Store
from tests.conftest import SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("root_logging_restored")]


def newsbot(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_digest_of_the_seeds_leads_with_the_figure_and_kirby_quote_conflicts(
    database_url: str, capsys: pytest.CaptureFixture[str], nlp
) -> None:
    db = database_url
    newsbot(capsys, "analyze", str(SEEDS), "--db", db)
    digest = json.loads(newsbot(capsys, "digest", "--json", "--db", db))
    assert digest["articles"] == 5
    first, second = digest["stories"][:2]
    figure = first["conflicts"][0]
    assert figure["type"] == "numeric_discrepancy"
    assert {figure["a"]["text"], figure["b"]["text"]} == {"18%", "about 5%"}
    kirby = [c for c in second["conflicts"] if c["type"] == "quote_wording"]
    assert len(kirby) >= 3 and all(c["a"]["speaker"] == "John Kirby" for c in kirby)
    assert len(second["articles"]) == 2

    text = newsbot(capsys, "digest", "--db", db)
    assert text.index("18%") < text.index("Quote worded differently")
    store = Store.open(db)
    store.dismiss("local", kirby[0]["id"], "not_contradiction", "U1")
    store.close()
    after = json.loads(newsbot(capsys, "digest", "--json", "--db", db))
    shown = {c["id"] for s in after["stories"] for c in s["conflicts"]}
    assert kirby[0]["id"] not in shown and kirby[1]["id"] in shown
    assert kirby[0]["explanation"] not in newsbot(capsys, "digest", "--db", db)
