"""incident notes (excuses, explanations), settings, accounts, append-only audit log;
who recorded an inspection; evidence purge times

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
_PG_TRIGGERS = (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)


def upgrade() -> None:
    op.create_table('incident_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('desk_id', sa.Integer(), nullable=False),
    sa.Column('incident_kind', sa.String(length=16), nullable=False, comment='absence | badge | uniform'),
    sa.Column('incident_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False, comment='excuse | withdraw | explain'),
    sa.Column('text', sa.Text(), nullable=False, comment='the reason or the explanation'),
    sa.Column('author', sa.String(length=200), nullable=False, comment='username of who wrote it'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("incident_kind IN ('absence','badge','uniform')", name=op.f('ck_incident_note_incident_kind')),
    sa.CheckConstraint("action IN ('excuse','withdraw','explain')", name=op.f('ck_incident_note_action')),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_incident_note_desk_id_desk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_note'))
    )
    op.create_index('ix_incident_note_desk_start', 'incident_note', ['desk_id', 'incident_start'])
    op.create_table('app_setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_setting'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=200), nullable=False, comment='login name or OIDC e-mail'),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=True, comment='argon2id; NULL for OIDC-only accounts'),
    sa.Column('oidc_subject', sa.String(length=200), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False, comment='admin | viewer | inspector | staff'),
    sa.Column('unit_id', sa.Integer(), nullable=True, comment='scope root; NULL = whole province'),
    sa.Column('staff_id', sa.Integer(), nullable=True, comment='the staff member, for role staff'),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('admin','viewer','inspector','staff')", name=op.f('ck_user_account_role')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_user_account_staff_id_staff')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_user_account_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('oidc_subject', name=op.f('uq_user_account_oidc_subject')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False, comment="username, or 'system' for the worker and commands"),
    sa.Column('action', sa.String(length=32), nullable=False, comment='sign_in | sign_in_failed | live_view | evidence_view | export | ...'),
    sa.Column('target', sa.Text(), nullable=True, comment="what was looked at or changed, e.g. 'desk:12'"),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_audit_log_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.create_index('ix_audit_log_actor_at', 'audit_log', ['actor', 'at'])
    with op.batch_alter_table('inspection') as batch:
        batch.add_column(sa.Column('created_by', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('updated_by', sa.String(length=200), nullable=True))
    with op.batch_alter_table('compliance_violation') as batch:
        batch.add_column(sa.Column('evidence_purged_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('absence_evidence') as batch:
        batch.alter_column('evidence_path', existing_type=sa.Text(), nullable=True, comment='NULL once purged')
        batch.add_column(sa.Column('evidence_purged_at', sa.DateTime(timezone=True), nullable=True))
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_TRIGGERS if dialect == 'sqlite' else _PG_TRIGGERS if dialect == 'postgresql' else ():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    with op.batch_alter_table('absence_evidence') as batch:
        batch.drop_column('evidence_purged_at')
        batch.alter_column('evidence_path', existing_type=sa.Text(), nullable=False, comment=None)
    with op.batch_alter_table('compliance_violation') as batch:
        batch.drop_column('evidence_purged_at')
    with op.batch_alter_table('inspection') as batch:
        batch.drop_column('updated_by')
        batch.drop_column('updated_at')
        batch.drop_column('created_by')
    op.drop_index('ix_audit_log_actor_at', table_name='audit_log')
    op.drop_index('ix_audit_log_at', table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_table('user_account')
    op.drop_table('app_setting')
    op.drop_index('ix_incident_note_desk_start', table_name='incident_note')
    op.drop_table('incident_note')
