"""Sign-in throttle per account name and source address; who added a project member, and when

Revision ID: 0006_auth
Revises: 0005
Create Date: 2026-12-02 07:10:00

The throttle's counts are short-lived, so its table is made anew (counts in it are dropped).
Memberships keep every row and gain two empty columns.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006_auth'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('login_throttles')
    op.create_table(
        'login_throttles',
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('source', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('username', 'source', name=op.f('pk_login_throttles')),
    )
    with op.batch_alter_table('memberships') as batch:
        batch.add_column(sa.Column('added_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('added_at', sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(op.f('fk_memberships_added_by_id_users'), 'users',
                                 ['added_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('memberships') as batch:
        batch.drop_constraint(op.f('fk_memberships_added_by_id_users'), type_='foreignkey')
        batch.drop_column('added_at')
        batch.drop_column('added_by_id')
    op.drop_table('login_throttles')
    op.create_table(
        'login_throttles',
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('username', name=op.f('pk_login_throttles')),
    )
