"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False, comment='dossiers | dossier_summary'),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_imported', sa.Integer(), nullable=False),
    sa.Column('rows_rejected', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False, comment='running | done | rejected | failed'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('unit_level',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_vi', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False, comment='0 = province; larger = lower'),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_unit_level'))
    )
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False, comment='fold(name)'),
    sa.Column('level_code', sa.String(length=32), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=400), nullable=False, comment="materialised path '/1/5/23/' for subtree queries"),
    sa.Column('code', sa.String(length=64), nullable=True),
    sa.Column('friendly_model', sa.Boolean(), server_default=sa.text('(false)'), nullable=False, comment="runs the 'friendly government' (chính quyền thân thiện) model"),
    sa.ForeignKeyConstraint(['level_code'], ['unit_level.code'], name=op.f('fk_unit_level_code_unit_level')),
    sa.ForeignKeyConstraint(['parent_id'], ['unit.id'], name=op.f('fk_unit_parent_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('parent_id', 'name_key', name='uq_unit_parent_name')
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_path'), ['path'], unique=False)

    op.create_table('camera',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source', sa.Text(), nullable=False, comment='may hold credentials: never log or show'),
    sa.Column('enabled', sa.Boolean(), server_default=sa.text('(true)'), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_camera_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_camera')),
    sa.UniqueConstraint('code', name=op.f('uq_camera_code'))
    )
    with op.batch_alter_table('camera', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_camera_unit_id'), ['unit_id'], unique=False)

    op.create_table('dossier',
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('procedure', sa.Text(), nullable=True),
    sa.Column('field', sa.String(length=300), nullable=True, comment='lĩnh vực'),
    sa.Column('channel', sa.String(length=8), nullable=False, comment='direct | online | postal'),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_day', sa.Date(), nullable=False, comment='local date of received_at'),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=8), nullable=True, comment='early | on_time | late by local calendar date; NULL while in progress'),
    sa.Column('status', sa.String(length=200), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("channel IN ('direct','online','postal')", name=op.f('ck_dossier_channel')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_dossier_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_dossier_unit_id_unit')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_dossier'))
    )
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_pending_due', ['due_at'], unique=False, sqlite_where=sa.text('resolved_at IS NULL'), postgresql_where=sa.text('resolved_at IS NULL'))
        batch_op.create_index('ix_dossier_unit_day', ['unit_id', 'received_day'], unique=False)

    op.create_table('dossier_daily',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False, comment='first day of the month of day'),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('online', sa.Integer(), nullable=False),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.Column('early', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.Column('late', sa.Integer(), nullable=False),
    sa.Column('in_progress', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_dossier_daily_unit_id_unit')),
    sa.PrimaryKeyConstraint('unit_id', 'day', name=op.f('pk_dossier_daily'))
    )
    with op.batch_alter_table('dossier_daily', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_daily_day', ['day'], unique=False)

    op.create_table('dossier_summary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False, comment='first day of the month'),
    sa.Column('field', sa.String(length=300), nullable=False, comment="lĩnh vực; '' = all fields"),
    sa.Column('received_online', sa.Integer(), nullable=False),
    sa.Column('received_direct', sa.Integer(), nullable=False, comment='direct + postal'),
    sa.Column('carried_over', sa.Integer(), nullable=False),
    sa.Column('resolved_early', sa.Integer(), nullable=False),
    sa.Column('resolved_on_time', sa.Integer(), nullable=False),
    sa.Column('resolved_late', sa.Integer(), nullable=False),
    sa.Column('pending_in_time', sa.Integer(), nullable=False),
    sa.Column('pending_overdue', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_dossier_summary_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_dossier_summary_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_summary')),
    sa.UniqueConstraint('unit_id', 'month', 'field', name='uq_dossier_summary_key')
    )
    with op.batch_alter_table('dossier_summary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_summary_unit_id'), ['unit_id'], unique=False)

    op.create_table('holiday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('working_day', sa.Boolean(), server_default=sa.text('(false)'), nullable=False, comment='true = a weekend day worked in exchange for a holiday'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_holiday_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday'))
    )
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holiday_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_holiday_unit_id'), ['unit_id'], unique=False)

    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='scheduled | unannounced | camera_review'),
    sa.Column('inspectors', sa.Text(), nullable=False),
    sa.Column('conclusion', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_inspection_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection'))
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_unit_id'), ['unit_id'], unique=False)

    op.create_table('office_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('weekday', sa.Integer(), nullable=False, comment='0 = Monday'),
    sa.Column('start_local', sa.Time(), nullable=False),
    sa.Column('end_local', sa.Time(), nullable=False),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_office_schedule_weekday')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_office_schedule_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office_schedule'))
    )
    with op.batch_alter_table('office_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_schedule_unit_id'), ['unit_id'], unique=False)

    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=True),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.text('(true)'), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_staff_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_unit_id'), ['unit_id'], unique=False)

    op.create_table('camera_health_interval',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('camera_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False, comment='ONLINE | OFFLINE | FROZEN'),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['camera_id'], ['camera.id'], name=op.f('fk_camera_health_interval_camera_id_camera')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_camera_health_interval'))
    )
    with op.batch_alter_table('camera_health_interval', schema=None) as batch_op:
        batch_op.create_index('ix_camera_health_camera_start', ['camera_id', 'start_at'], unique=False)

    op.create_table('desk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('camera_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('staff_zone', sa.JSON(), nullable=True, comment='normalised polygon [[x, y], ...]'),
    sa.Column('active', sa.Boolean(), server_default=sa.text('(true)'), nullable=False),
    sa.ForeignKeyConstraint(['camera_id'], ['camera.id'], name=op.f('fk_desk_camera_id_camera')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_desk_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk')),
    sa.UniqueConstraint('unit_id', 'code', name='uq_desk_unit_code')
    )
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_camera_id'), ['camera_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_unit_id'), ['unit_id'], unique=False)

    op.create_table('compliance_observation',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('observed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False, comment='badge | uniform'),
    sa.Column('result', sa.String(length=8), nullable=False, comment='PASS | FAIL | UNKNOWN'),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('evidence_path', sa.Text(), nullable=True),
    sa.CheckConstraint("result IN ('PASS','FAIL','UNKNOWN')", name=op.f('ck_compliance_observation_result')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_compliance_observation_desk_id_desk')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_compliance_observation_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_observation'))
    )
    with op.batch_alter_table('compliance_observation', schema=None) as batch_op:
        batch_op.create_index('ix_compliance_desk_time', ['desk_id', 'observed_at'], unique=False)

    op.create_table('inspection_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False, comment='absent | no_badge | wrong_outfit | attitude | procedure'),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('desk_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_inspection_finding_desk_id_desk')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_inspection_finding_inspection_id_inspection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_inspection_finding_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_finding'))
    )
    with op.batch_alter_table('inspection_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_finding_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('presence_interval',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('start_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('end_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False, comment='worker | replay | demo'),
    sa.CheckConstraint("state IN ('PRESENT','ABSENT','OFFLINE','OFF_HOURS')", name=op.f('ck_presence_interval_state')),
    sa.CheckConstraint('end_at >= start_at', name=op.f('ck_presence_interval_order')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_presence_interval_desk_id_desk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_presence_interval'))
    )
    with op.batch_alter_table('presence_interval', schema=None) as batch_op:
        batch_op.create_index('ix_presence_desk_start', ['desk_id', 'start_at'], unique=False)

    op.create_table('roster_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('day_from', sa.Date(), nullable=False),
    sa.Column('day_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_roster_entry_desk_id_desk')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_roster_entry_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_entry'))
    )
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_entry_desk_id'), ['desk_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_entry_staff_id'), ['staff_id'], unique=False)


    # Levels are data; these are the ones Vietnamese local government uses
    # before and after the 2025 reform.
    levels = sa.table(
        "unit_level", sa.column("code", sa.String), sa.column("name_vi", sa.String),
        sa.column("name_en", sa.String), sa.column("rank", sa.Integer),
    )
    op.bulk_insert(levels, [
        {"code": "province", "name_vi": "Cấp tỉnh", "name_en": "Province", "rank": 0},
        {"code": "province_agency", "name_vi": "Cơ quan cấp tỉnh", "name_en": "Provincial agency", "rank": 1},
        {"code": "district", "name_vi": "Cấp huyện", "name_en": "District", "rank": 1},
        {"code": "commune", "name_vi": "Cấp xã", "name_en": "Commune", "rank": 2},
    ])


def downgrade() -> None:
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_entry_staff_id'))
        batch_op.drop_index(batch_op.f('ix_roster_entry_desk_id'))

    op.drop_table('roster_entry')
    with op.batch_alter_table('presence_interval', schema=None) as batch_op:
        batch_op.drop_index('ix_presence_desk_start')

    op.drop_table('presence_interval')
    with op.batch_alter_table('inspection_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_finding_inspection_id'))

    op.drop_table('inspection_finding')
    with op.batch_alter_table('compliance_observation', schema=None) as batch_op:
        batch_op.drop_index('ix_compliance_desk_time')

    op.drop_table('compliance_observation')
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_unit_id'))
        batch_op.drop_index(batch_op.f('ix_desk_camera_id'))

    op.drop_table('desk')
    with op.batch_alter_table('camera_health_interval', schema=None) as batch_op:
        batch_op.drop_index('ix_camera_health_camera_start')

    op.drop_table('camera_health_interval')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_unit_id'))

    op.drop_table('staff')
    with op.batch_alter_table('office_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_schedule_unit_id'))

    op.drop_table('office_schedule')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_unit_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_day'))

    op.drop_table('inspection')
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holiday_unit_id'))
        batch_op.drop_index(batch_op.f('ix_holiday_day'))

    op.drop_table('holiday')
    with op.batch_alter_table('dossier_summary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_summary_unit_id'))

    op.drop_table('dossier_summary')
    with op.batch_alter_table('dossier_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_daily_day')

    op.drop_table('dossier_daily')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_unit_day')
        batch_op.drop_index('ix_dossier_pending_due', sqlite_where=sa.text('resolved_at IS NULL'), postgresql_where=sa.text('resolved_at IS NULL'))

    op.drop_table('dossier')
    with op.batch_alter_table('camera', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_camera_unit_id'))

    op.drop_table('camera')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_path'))
        batch_op.drop_index(batch_op.f('ix_unit_parent_id'))
        batch_op.drop_index(batch_op.f('ix_unit_name_key'))

    op.drop_table('unit')
    op.drop_table('unit_level')
    op.drop_table('import_batch')
