"""dress-code confirmation: violation status and decision, PASS samples, count mode, labels, model registry

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Violations stored before this revision become `pending`: none of them was confirmed by anyone,
so none counts until a supervisor looks at it (issue 12).
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('compliance_violation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), server_default=sa.text("'pending'"),
                                      nullable=False, comment='pending | confirmed | rejected'))
        batch_op.add_column(sa.Column('decided_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('person_box', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('crop_path', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('model_version', sa.String(length=64), nullable=True))
        batch_op.create_check_constraint('status', "status IN ('pending','confirmed','rejected')")
        batch_op.create_index('ix_compliance_violation_status_start', ['status', 'start_at'], unique=False)

    op.create_table('compliance_pass_sample',
    sa.Column('id', _ID, nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('observed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('person_box', sa.JSON(), nullable=True),
    sa.Column('badge_box', sa.JSON(), nullable=True),
    sa.Column('evidence_path', sa.Text(), nullable=True),
    sa.Column('crop_path', sa.Text(), nullable=True),
    sa.Column('evidence_purged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('model_version', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), server_default=sa.text("'pending'"), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('pending','agreed','disagreed')", name=op.f('ck_compliance_pass_sample_status')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_compliance_pass_sample_desk_id_desk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_pass_sample')),
    sa.UniqueConstraint('desk_id', 'rule', 'observed_at', name='uq_compliance_pass_sample_key')
    )
    op.create_index('ix_compliance_pass_sample_status_at', 'compliance_pass_sample', ['status', 'observed_at'])

    op.create_table('compliance_count_mode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('without_confirmation', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('precision', sa.Float(), nullable=True),
    sa.Column('decisions', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_compliance_count_mode_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_count_mode')),
    sa.UniqueConstraint('unit_id', 'rule', name='uq_compliance_count_mode_unit_rule')
    )

    op.create_table('compliance_label',
    sa.Column('id', _ID, nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('camera_id', sa.Integer(), nullable=True),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('violation_id', _ID, nullable=True),
    sa.Column('pass_sample_id', _ID, nullable=True),
    sa.Column('image', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('badge_box', sa.JSON(), nullable=True),
    sa.Column('mean_grey', sa.Float(), nullable=False),
    sa.Column('model_version', sa.String(length=64), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('split', sa.String(length=8), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("label IN ('violation','compliant')", name=op.f('ck_compliance_label_label')),
    sa.CheckConstraint("source IN ('confirmed','rejected','pass_agreed','pass_disagreed')",
                       name=op.f('ck_compliance_label_source')),
    sa.CheckConstraint("split IN ('train','test')", name=op.f('ck_compliance_label_split')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_compliance_label_unit_id_unit')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_compliance_label_desk_id_desk')),
    sa.ForeignKeyConstraint(['camera_id'], ['camera.id'], name=op.f('fk_compliance_label_camera_id_camera')),
    sa.ForeignKeyConstraint(['violation_id'], ['compliance_violation.id'],
                            name=op.f('fk_compliance_label_violation_id_compliance_violation')),
    sa.ForeignKeyConstraint(['pass_sample_id'], ['compliance_pass_sample.id'],
                            name=op.f('fk_compliance_label_pass_sample_id_compliance_pass_sample')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_label')),
    sa.UniqueConstraint('violation_id', name=op.f('uq_compliance_label_violation_id')),
    sa.UniqueConstraint('pass_sample_id', name=op.f('uq_compliance_label_pass_sample_id'))
    )
    op.create_index('ix_compliance_label_rule_unit', 'compliance_label', ['rule', 'unit_id'])

    op.create_table('rule_model_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('parent_version', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=12), server_default=sa.text("'candidate'"), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=True),
    sa.Column('promoted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('promoted_by', sa.String(length=200), nullable=True),
    sa.CheckConstraint("status IN ('candidate','live','retired')", name=op.f('ck_rule_model_version_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_model_version')),
    sa.UniqueConstraint('rule', 'version', name='uq_rule_model_version_rule_version')
    )
    op.create_index('uq_rule_model_version_one_live', 'rule_model_version', ['rule'], unique=True,
                    sqlite_where=sa.text("status = 'live'"), postgresql_where=sa.text("status = 'live'"))


def downgrade() -> None:
    op.drop_index('uq_rule_model_version_one_live', table_name='rule_model_version')
    op.drop_table('rule_model_version')
    op.drop_index('ix_compliance_label_rule_unit', table_name='compliance_label')
    op.drop_table('compliance_label')
    op.drop_table('compliance_count_mode')
    op.drop_index('ix_compliance_pass_sample_status_at', table_name='compliance_pass_sample')
    op.drop_table('compliance_pass_sample')
    with op.batch_alter_table('compliance_violation', schema=None) as batch_op:
        batch_op.drop_index('ix_compliance_violation_status_start')
        batch_op.drop_constraint(op.f('ck_compliance_violation_status'), type_='check')
        for col in ('model_version', 'crop_path', 'person_box', 'score', 'decision_note', 'decided_at',
                    'decided_by', 'status'):
            batch_op.drop_column(col)
