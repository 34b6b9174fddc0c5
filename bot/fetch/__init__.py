"""Fetching article links safely. See `client.py` for the steps of one fetch."""

from bot.fetch.client import FetchedPage, clear_cache, fetch_page
from bot.fetch.errors import FetchError

__all__ = ["FetchError", "FetchedPage", "clear_cache", "fetch_page"]
