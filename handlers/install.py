"""Installing newsbot to many workspaces: Bolt's OAuth flow on slack_sdk's SQLAlchemy stores.

OAuth mode is on when `SLACK_CLIENT_ID` is set. `GET /slack/install` issues a one-time state (table
`slack_oauth_states`, also set as a cookie in the installer's browser) and links to Slack's consent
page; Slack sends the installer back to `GET /slack/oauth_redirect` with a code, which Bolt exchanges
(`oauth.v2.access`) for the workspace's bot token, stored in `slack_installations` and `slack_bots`.
The tables live in newsbot's own database (migration 0005_oauth). After that, Bolt finds each request's
token by its workspace (`StoredTokens`), and work that no request triggers finds it the same way
(`handlers.tokens.client_for`). Both look tokens up with `find_bot` and save refreshed rotating tokens
with `save_bot`, so the web process and the worker read and write the same rows.
"""

from __future__ import annotations

import html
import logging
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.settings import Settings

log = logging.getLogger("newsbot.slack.install")

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # how long an install link stays valid (Bolt's default)

# Why an installation did not complete, as the installer reads it (Bolt's failure reasons).
FAILURES = {
    "invalid_browser": "This install link was opened in another browser than the one it was started "
    "in, or its cookie expired.",
    "invalid_state": "This install link has expired or was already used.",
    "access_denied": "The installation was cancelled in Slack.",
    "missing_code": "Slack's answer carried no authorization code.",
    "invalid_code": "Slack refused the authorization code (it expired or was already used).",
    "storage_error": "The installation could not be saved. Please try again in a minute.",
}
FAILURE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>newsbot was not installed</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>newsbot was not installed</h1>
<p>{reason}</p>
<p><a href="{install}">Start the installation again</a>.</p>
</body></html>
"""


class SlackOAuthConfigError(RuntimeError):
    """OAuth mode is asked for (SLACK_CLIENT_ID) but a setting it needs is missing."""


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    """slack_sdk's installation store on newsbot's database (one per engine and app)."""
    if not settings.slack_client_id:
        raise SlackOAuthConfigError("SLACK_CLIENT_ID is not set")
    return _installation_store(settings.slack_client_id, engine)


@lru_cache(maxsize=8)
def _installation_store(client_id: str, engine: Engine) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=log)


def client_secret(settings: Settings) -> str:
    if settings.slack_client_secret is None:
        raise SlackOAuthConfigError("SLACK_CLIENT_SECRET is not set (needed with SLACK_CLIENT_ID)")
    return settings.slack_client_secret.get_secret_value()


class StoredTokens(InstallationStoreAuthorize):
    """Bolt's authorization from the installation store, saying in newsbot's log when a request comes
    from a workspace without an installation (never installed, or uninstalled)."""

    def __call__(self, **kwargs: Any) -> AuthorizeResult | None:
        result = super().__call__(**kwargs)
        if result is None:
            log.warning(
                "request from a workspace newsbot is not installed in; not run",
                extra={"workspace": kwargs.get("team_id"), "enterprise": kwargs.get("enterprise_id")},
            )
        return result


def oauth_options(settings: Settings, engine: Engine, client: WebClient) -> dict[str, Any]:
    """The `App(...)` arguments of OAuth mode: the flow's settings and the note a user of an
    uninstalled workspace gets. `client` (no token, base URL from settings) makes the flow's calls."""
    store = installation_store(settings, engine)
    secret = client_secret(settings)
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret,
        scopes=[s.strip() for s in settings.slack_scopes.split(",") if s.strip()],
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        callback_options=CallbackOptions(success=installed, failure=not_installed_page),
        installation_store=store,
        installation_store_bot_only=True,
        token_rotation_expiration_minutes=settings.token_rotation_minutes,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine, logger=log),
        state_expiration_seconds=STATE_SECONDS,
        logger=log,
    )
    # Bolt's own authorize would refresh rotating tokens through slack.com whatever SLACK_API_URL says,
    # and call auth.test on every request; this one uses `client` and remembers each token's auth.test.
    oauth.authorize = StoredTokens(
        logger=log,
        installation_store=store,
        client_id=settings.slack_client_id,
        client_secret=secret,
        token_rotation_expiration_minutes=settings.token_rotation_minutes,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )
    return {"oauth_settings": oauth, "user_facing_authorize_error_message": not_installed_note(settings)}


def install_url(settings: Settings) -> str | None:
    """The public address of `/slack/install`, known when `SLACK_REDIRECT_URI` is set."""
    if not settings.slack_redirect_uri:
        return None
    parts = urlsplit(settings.slack_redirect_uri)
    return urlunsplit((parts.scheme, parts.netloc, INSTALL_PATH, "", ""))


def not_installed_note(settings: Settings) -> str:
    """What a user of a workspace without an installation reads instead of an answer."""
    where = install_url(settings)
    again = f" from {where}" if where else ""
    return f"newsbot is not installed in this workspace. A workspace admin can install it{again}."


def installed(args: SuccessArgs) -> BoltResponse:
    """Bolt's success page (it opens Slack), and a log line naming the workspace."""
    installation = args.installation
    log.info(
        "installed",
        extra={"workspace": installation.team_id, "enterprise": installation.enterprise_id},
    )
    return args.default.success(args)


def not_installed_page(args: FailureArgs) -> BoltResponse:
    """A page that says why the installation did not complete, with a link to start again."""
    reason = FAILURES.get(args.reason, f"Slack answered “{args.reason}”.")
    log.warning("installation refused", extra={"reason": args.reason, "status": args.suggested_status_code})
    body = FAILURE_PAGE.format(reason=html.escape(reason), install=html.escape(args.settings.install_path))
    return BoltResponse(
        status=args.suggested_status_code,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion(),
        },
        body=body,
    )
