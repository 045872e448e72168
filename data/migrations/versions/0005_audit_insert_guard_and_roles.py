"""audit_log: no INSERT may replace an existing row (SQLite REPLACE / upsert); app role grants on PostgreSQL

SQLite's INSERT OR REPLACE deletes the old row without firing DELETE triggers
(recursive_triggers is off by default, and a pragma would only hold for the
connections that set it), so a trigger in the file refuses an INSERT whose id
already exists. In a BEFORE INSERT trigger an id left to SQLite reads -1, so
an AFTER INSERT trigger refuses ids below 1: no row -1 can ever exist to block
ordinary appends. On PostgreSQL INSERT … ON CONFLICT DO UPDATE fires the
BEFORE UPDATE trigger of 0004 and is refused already; there the owner could
DISABLE TRIGGER, so when MONITOR_APP_ROLE names the app's role it gets exactly
the app's privileges (data/roles.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from alembic import op

from data.roles import app_role_from_env, grant_app_role

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
    "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_positive_id AFTER INSERT ON audit_log WHEN NEW.id < 1 "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: ids start at 1'); END",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
    elif bind.dialect.name == 'postgresql' and (role := app_role_from_env()):
        grant_app_role(bind, role)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TRIGGER audit_log_positive_id")
        op.execute("DROP TRIGGER audit_log_no_replace")
