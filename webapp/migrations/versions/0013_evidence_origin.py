"""Evidence: its recorded origin (an entry of the source registry), so that "confirmed" can ask
for corroboration from an origin other than the claim's own. Existing evidence has none.

Revision ID: 0013_evidence_origin
Revises: 0012_claim_clusters
Create Date: 2026-12-03 10:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_evidence_origin'
down_revision = '0012_claim_clusters'
branch_labels = None
depends_on = None

NAME = 'fk_evidence_origin_source_id_sources'


def upgrade():
    # A plain ADD COLUMN (the foreign key inline on SQLite): rebuilding `evidence` there would
    # drop a table that claim_evidence points at.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE evidence ADD COLUMN origin_source_id INTEGER "
                   f"CONSTRAINT {NAME} REFERENCES sources (id)")
    else:
        op.add_column('evidence', sa.Column('origin_source_id', sa.Integer(), nullable=True))
        op.create_foreign_key(NAME, 'evidence', 'sources', ['origin_source_id'], ['id'])
    op.create_index('ix_evidence_origin_source_id', 'evidence', ['origin_source_id'])


def downgrade():
    op.drop_index('ix_evidence_origin_source_id', table_name='evidence')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        if op.get_bind().dialect.name != "sqlite":
            batch_op.drop_constraint(NAME, type_='foreignkey')
        batch_op.drop_column('origin_source_id')
