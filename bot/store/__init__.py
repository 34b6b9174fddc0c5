"""Storage: SQLAlchemy 2 tables, Alembic migrations, and the `Store` that the pipeline talks to."""

from bot.store.engine import make_engine, upgrade
from bot.store.repository import DatabaseUnavailable, Store

__all__ = ["DatabaseUnavailable", "Store", "make_engine", "upgrade"]
