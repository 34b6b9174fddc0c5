"""Alembic environment: run programmatically by `bot.store.engine.upgrade` (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

from bot.store.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("newsbot runs migrations with a connection; use `newsbot db upgrade`")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
