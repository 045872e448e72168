"""decisions on explanations (reject) and why an absence incident has no picture

`incident_note.action` may now be `reject`: a supervisor turns down a staff member's
explanation with a reason; like an excuse or a withdrawal it decides the dispute (issue 13).
`absence_evidence.missing_reason` says why the worker wrote no picture for an incident it saw
(`face_model`: the face model could not load, and no picture is written unblurred;
`write_failed`: the file could not be written); NULL when the picture was written.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incident_note', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_incident_note_action'), type_='check')
        batch_op.create_check_constraint('action', "action IN ('excuse','withdraw','explain','reject')")
        batch_op.alter_column('action', existing_type=sa.String(length=16), existing_nullable=False,
                              comment='excuse | withdraw | explain | reject')
    with op.batch_alter_table('absence_evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('missing_reason', sa.String(length=16), nullable=True,
                                      comment='why no picture was written: face_model | write_failed'))
        batch_op.create_check_constraint('missing_reason', "missing_reason IN ('face_model','write_failed')")


def downgrade() -> None:
    with op.batch_alter_table('absence_evidence', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_absence_evidence_missing_reason'), type_='check')
        batch_op.drop_column('missing_reason')
    # Notes are never deleted: a store holding rejections cannot go back to a schema without them.
    if op.get_bind().execute(sa.text("SELECT count(*) FROM incident_note WHERE action = 'reject'")).scalar():
        raise RuntimeError("incident_note holds rejections; downgrade below 0009 would have to delete them")
    with op.batch_alter_table('incident_note', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_incident_note_action'), type_='check')
        batch_op.create_check_constraint('action', "action IN ('excuse','withdraw','explain')")
        batch_op.alter_column('action', existing_type=sa.String(length=16), existing_nullable=False,
                              comment='excuse | withdraw | explain')
