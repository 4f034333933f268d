"""The attribution chain as data: claim_hops, one row per hop from the publishing outlet to the
original source. The free-text chain (claims.attribution_chain) stays as it is, shown as the
claim's chain note: nothing is dropped.

Revision ID: 0009_attribution_hops
Revises: 0008_blind_sources
Create Date: 2026-12-03 09:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009_attribution_hops'
down_revision = '0008_blind_sources'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'claim_hops',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=True),
        sa.Column('entry_kind', sa.String(length=20), nullable=False),
        sa.Column('relation', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name='fk_claim_hops_claim_id_claims'),
        sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name='fk_claim_hops_source_id_sources'),
        sa.PrimaryKeyConstraint('id', name='pk_claim_hops'),
        sa.UniqueConstraint('claim_id', 'position', name='uq_claim_hops_claim_id_position'),
    )
    op.create_index('ix_claim_hops_claim_id', 'claim_hops', ['claim_id'])
    op.create_index('ix_claim_hops_source_id', 'claim_hops', ['source_id'])


def downgrade():
    op.drop_index('ix_claim_hops_source_id', table_name='claim_hops')
    op.drop_index('ix_claim_hops_claim_id', table_name='claim_hops')
    op.drop_table('claim_hops')
