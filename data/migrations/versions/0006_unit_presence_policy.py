"""unit_presence_policy: presence thresholds and sample_fps per unit (NULL unit = province default)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('unit_presence_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('present_after_s', sa.Float(), nullable=False),
    sa.Column('absent_grace_s', sa.Float(), nullable=False),
    sa.Column('incident_min_s', sa.Float(), nullable=False),
    sa.Column('sample_fps', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=True),
    sa.CheckConstraint('present_after_s >= 0 AND absent_grace_s >= 0 AND incident_min_s >= 0',
                       name=op.f('ck_unit_presence_policy_seconds')),
    sa.CheckConstraint('sample_fps > 0 AND sample_fps <= 30', name=op.f('ck_unit_presence_policy_sample_fps')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_presence_policy_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_presence_policy')),
    sa.UniqueConstraint('unit_id', name=op.f('uq_unit_presence_policy_unit_id'))
    )


def downgrade() -> None:
    op.drop_table('unit_presence_policy')
