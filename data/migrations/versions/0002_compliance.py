"""compliance rules per unit, recorded violations, absence-incident evidence

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('compliance_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False, comment='uniform | badge | privacy'),
    sa.Column('params', sa.JSON(), nullable=False, comment="the fields of that rule's block in the sites file"),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_compliance_rule_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_rule')),
    sa.UniqueConstraint('unit_id', 'rule', name='uq_compliance_rule_unit_rule')
    )
    op.create_table('compliance_violation',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False, comment='badge | uniform'),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('evidence_path', sa.Text(), nullable=True, comment='face-blurred JPEG under var/evidence'),
    sa.Column('samples', sa.Integer(), nullable=False),
    sa.Column('fail_samples', sa.Integer(), nullable=False),
    sa.CheckConstraint('end_at >= start_at', name=op.f('ck_compliance_violation_order')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_compliance_violation_desk_id_desk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_violation'))
    )
    with op.batch_alter_table('compliance_violation', schema=None) as batch_op:
        batch_op.create_index('ix_compliance_violation_desk_start', ['desk_id', 'start_at'], unique=False)

    op.create_table('absence_evidence',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('absent_since', sa.DateTime(timezone=True), nullable=False, comment='start of the ABSENT run'),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('evidence_path', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_absence_evidence_desk_id_desk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absence_evidence')),
    sa.UniqueConstraint('desk_id', 'absent_since', name='uq_absence_evidence_desk_since')
    )


def downgrade() -> None:
    op.drop_table('absence_evidence')
    with op.batch_alter_table('compliance_violation', schema=None) as batch_op:
        batch_op.drop_index('ix_compliance_violation_desk_start')
    op.drop_table('compliance_violation')
    op.drop_table('compliance_rule')
