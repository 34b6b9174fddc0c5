"""Tenant isolation through the Slack handlers, over real signed HTTP: workspace A stores two articles with
a finding, workspace B stores its own; B's commands, buttons and Home tab never show, change or vote on
A's findings, search results, digest items or aliases."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

import pytest
from sqlalchemy import select

from bot.store.schema import ArticleRow, ClaimRow, FindingRow
from handlers.actions.verdict import GONE
from handlers.blocks import SEARCH_NEXT
from tests.handlers import test_app_http as app_http
from tests.handlers.fake_slack import TEAM_ID, block_action, event_callback, slash_command

pytestmark = pytest.mark.slow

running = app_http.running  # the app tests' fixture: the app on a loopback port, a worker, a fake Slack
A, B = TEAM_ID, "T0OTHERWS"
B_ARTICLE = "Budget passes\nThe council approved 3% more spending, and the budget is contested by some."


def as_team(body: str, team: str) -> str:
    """A request body as workspace `team` would send it (form fields, or an interactive payload)."""
    fields = dict(parse_qsl(body))
    if "payload" in fields:
        payload = json.loads(fields["payload"])
        payload["team"] = {**payload["team"], "id": team}
        payload["user"] = {**payload["user"], "team_id": team}
        return urlencode({"payload": json.dumps(payload)})
    return urlencode({**fields, "team_id": team})


def event_as_team(event: dict, event_id: str, team: str) -> str:
    body = json.loads(event_callback(event, event_id))
    body["team_id"] = team
    body["authorizations"][0]["team_id"] = team
    return json.dumps(body)


def quote_claim(running, workspace: str, text: str) -> None:
    """A searchable quote on the workspace's newest article (the fake analyzer indexes no claims)."""
    with running.store.session() as session:
        newest = select(ArticleRow).where(ArticleRow.workspace == workspace).order_by(ArticleRow.id.desc())
        article = session.scalars(newest).first()
        session.add(
            ClaimRow(
                article_id=article.id,
                workspace=workspace,
                kind="quote",
                subkind="direct",
                text=text,
                start_char=0,
                end_char=len(text),
                speaker="Test Speaker",
            )
        )


def replies_text(calls) -> str:
    return json.dumps([c.args for c in calls], ensure_ascii=False)


@pytest.fixture
def two_teams(running):
    """A: two articles and a finding (its id returned with the message); B: one article of its own."""
    message, finding_id = app_http.two_articles_with_a_finding(running)
    running.post(as_team(slash_command(B_ARTICLE, running.fake.response_url("b0")), B))
    app_http.verdicts(running.fake, count=3)
    quote_claim(running, A, "The region is still contested, officials said.")
    quote_claim(running, B, "The budget is contested, the council said.")
    return running, message, finding_id


def test_tenancy_http_other_workspace_cannot_vote_on_or_dismiss_a_finding(two_teams) -> None:
    running, message, finding_id = two_teams
    b_verdict = app_http.verdicts(running.fake, count=3)[2].args
    assert not [b for b in b_verdict["blocks"] if b["type"] == "actions"]  # B's article: no findings
    for n, action in enumerate(("verdict_correct", "dismiss_not_contradiction", "dismiss_different_event")):
        click = block_action(action, str(finding_id), message, running.fake.response_url(f"bv{n}"))
        assert running.post(as_team(click, B)).status == 200
    notes = running.fake.wait_calls("response_url", count=3)
    assert sorted((c.path, c.args["text"]) for c in notes) == [(f"/response/bv{n}", GONE) for n in range(3)]
    assert running.fake.of("chat.update") == []
    assert running.store.feedback() == []
    with running.store.session() as session:
        assert not session.get(FindingRow, finding_id).dismissed
    assert [r.id for r in running.store.recent_findings(A)] == [finding_id]


def test_tenancy_http_home_shows_only_the_workspace_own_findings(two_teams) -> None:
    running, _, finding_id = two_teams
    opened = {"type": "app_home_opened", "user": "U0USER01", "channel": "D0001", "tab": "home"}
    running.post(event_as_team(opened, "EvHomeA", A), "application/json")
    running.post(event_as_team(opened, "EvHomeB", B), "application/json")
    home_a, home_b = (c.args["view"] for c in running.fake.wait_calls("views.publish", count=2))
    assert f"finding-{finding_id}-text" in json.dumps(home_a)
    assert f"finding-{finding_id}" not in json.dumps(home_b) and "Talks" not in json.dumps(home_b)


def test_tenancy_http_search_digest_and_aliases_stay_in_their_workspace(two_teams) -> None:
    running, _, _ = two_teams
    before = len(running.fake.of("response_url"))
    running.post(as_team(slash_command("search contested", running.fake.response_url("bs")), B))
    running.post(as_team(slash_command("digest now", running.fake.response_url("bd")), B))
    running.post(as_team(slash_command("alias Spokes = Test Speaker", running.fake.response_url("ba")), B))
    next_page = {"q": "contested", "o": 0}
    button = block_action(SEARCH_NEXT, json.dumps(next_page), {"ts": "1.2"}, running.fake.response_url("bn"))
    running.post(as_team(button, B))
    running.post(slash_command("search contested", running.fake.response_url("as")))
    calls = running.fake.wait_calls("response_url", count=before + 5)
    by_path: dict[str, list] = {}
    for call in calls:
        by_path.setdefault(call.path.removeprefix("/response/"), []).append(call)
    for path in ("bs", "bd", "bn"):
        shown = replies_text(by_path[path])
        assert "Budget passes" in shown and "Talks" not in shown and "region is still contested" not in shown
    assert "region is still contested" in replies_text(by_path["as"])
    assert "budget is contested" not in replies_text(by_path["as"])
    assert running.store.workspace_aliases(B) == [("Spokes", "Test Speaker")]
    assert running.store.workspace_aliases(A) == []
