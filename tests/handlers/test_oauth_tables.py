"""Migration 0005_oauth makes the tables slack_sdk's installation and OAuth state stores declare, and
after `newsbot db upgrade` (no `create_tables`) the stores save, find and delete in them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData

from bot.store import make_engine
from bot.store.schema import SLACK_SDK_TABLES

CLIENT_ID = "1111.2222"


def slack_sdk_metadata() -> MetaData:
    """The three tables as the installed slack_sdk declares them (what its `create_tables` would make)."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


@pytest.fixture
def upgraded(db_url: str) -> Iterator[Engine]:
    """The database after `newsbot db upgrade`, as an operator runs it (the Procfile's `release:`)."""
    newsbot = Path(sys.executable).with_name("newsbot")
    done = subprocess.run(
        [str(newsbot), "db", "upgrade"],
        env={**os.environ, "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_oauth_tables_migrated_are_the_ones_slack_sdk_declares(upgraded: Engine) -> None:
    metadata = slack_sdk_metadata()
    assert set(metadata.tables) == SLACK_SDK_TABLES

    def slack_tables_only(name, type_, parent_names) -> bool:
        return type_ != "table" or name in SLACK_SDK_TABLES

    with upgraded.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": slack_tables_only, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_oauth_stores_save_find_and_delete_after_db_upgrade(upgraded: Engine) -> None:
    store = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=upgraded)
    for team, token in (("T0AAAAAA", "xoxb-a"), ("T0BBBBBB", "xoxe.xoxb-b")):
        store.save(
            Installation(
                app_id="A0TEST01",
                team_id=team,
                team_name=f"team {team}",
                bot_token=token,
                bot_id="B0TEST01",
                bot_user_id="UBOT0001",
                bot_scopes="commands,chat:write",
                bot_refresh_token="xoxe-1-refresh" if token.startswith("xoxe") else None,
                bot_token_expires_in=43200 if token.startswith("xoxe") else None,
                user_id="U0ADMIN1",
            )
        )
    bot = store.find_bot(enterprise_id=None, team_id="T0BBBBBB")
    assert bot is not None and (bot.bot_token, bot.bot_refresh_token) == ("xoxe.xoxb-b", "xoxe-1-refresh")
    assert abs(bot.bot_token_expires_at - (time.time() + 43200)) < 120
    installation = store.find_installation(enterprise_id=None, team_id="T0AAAAAA")
    assert installation is not None and installation.bot_token == "xoxb-a"
    assert installation.bot_token_expires_at is None

    store.delete_all(enterprise_id=None, team_id="T0AAAAAA")
    assert store.find_bot(enterprise_id=None, team_id="T0AAAAAA") is None
    assert store.find_installation(enterprise_id=None, team_id="T0AAAAAA") is None
    assert store.find_bot(enterprise_id=None, team_id="T0BBBBBB") is not None

    states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=upgraded)
    state = states.issue()
    assert states.consume(state) and not states.consume(state)  # a state works once
    expired = SQLAlchemyOAuthStateStore(expiration_seconds=-1, engine=upgraded).issue()
    assert not states.consume(expired)
