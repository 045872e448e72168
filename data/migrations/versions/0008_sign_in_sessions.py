"""sign-in sessions that survive a refresh: one row per signed-in browser, hashes only

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

The cookie holds a random token; the store keeps its SHA-256 (and that of the one-time code that
hands the cookie to the browser), so a copy of the store signs nobody in. Deleting a row ends the
session in every tab (issue 13).
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sign_in_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True,
              comment="sha256 of the cookie's token; NULL until the browser has it"),
    sa.Column('handoff_hash', sa.String(length=64), nullable=True,
              comment='sha256 of the one-time code that sets the cookie; NULL once used'),
    sa.Column('handoff_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=False, comment='password | oidc'),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False, comment='for the idle limit'),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False, comment='the absolute limit'),
    sa.ForeignKeyConstraint(['account_id'], ['user_account.id'], ondelete='CASCADE',
                            name=op.f('fk_sign_in_session_account_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_session_token_hash')),
    sa.UniqueConstraint('handoff_hash', name=op.f('uq_sign_in_session_handoff_hash')),
    sqlite_autoincrement=True,  # a deleted session's id is never handed to a later sign-in
    )
    op.create_index('ix_sign_in_session_account_id', 'sign_in_session', ['account_id'])


def downgrade() -> None:
    op.drop_index('ix_sign_in_session_account_id', table_name='sign_in_session')
    op.drop_table('sign_in_session')
