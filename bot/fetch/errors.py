"""Why a link could not be read, in words a reporter can act on."""

from __future__ import annotations

from typing import Literal

FetchErrorKind = Literal[
    "blocked_address",
    "timeout",
    "too_large",
    "bad_content_type",
    "http_error",
    "not_an_article",
    "unreachable",
    "bad_url",
    "too_many_redirects",
]

USER_MESSAGES: dict[str, str] = {
    "blocked_address": "I can't open that link: it points to a private or internal address.",
    "timeout": "That site took too long to answer. Try again later, or paste the article text.",
    "too_large": "That page is too large for me to read. Paste the article text instead.",
    "bad_content_type": "That link isn't a web page (it looks like an image, PDF or other file). "
    "Paste the article text instead.",
    "http_error": "The site refused the request. Paste the article text instead.",
    "not_an_article": "I couldn't find article text on that page. It may be behind a paywall or a login, "
    "or be mostly navigation. Paste the article text instead.",
    "unreachable": "I couldn't reach that site. Check the link, or paste the article text.",
    "bad_url": "That doesn't look like a web link I can open (only http and https links work).",
    "too_many_redirects": "That link redirects too many times for me to follow.",
}


class FetchError(Exception):
    """A refused or failed fetch. `kind` is for code and logs, `user_message` is for the reporter."""

    def __init__(self, kind: FetchErrorKind, detail: str = "", *, user_message: str | None = None) -> None:
        self.kind: FetchErrorKind = kind
        self.detail = detail
        self.user_message = user_message or USER_MESSAGES[kind]
        super().__init__(f"{kind}: {detail}" if detail else kind)
