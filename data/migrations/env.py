"""Alembic environment: always driven from data.db.upgrade with a live connection."""
from alembic import context

from data.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via `alembic` CLI
    from data.db import make_engine

    connection = make_engine().connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite needs table rebuilds for ALTER
)
with context.begin_transaction():
    context.run_migrations()
