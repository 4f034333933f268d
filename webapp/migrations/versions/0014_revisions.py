"""Revisions: article_revisions (an article's later texts, verbatim, with their hash and
capture) and claim_anchors (where each claim is in each revision); articles.revision (the
latest number, 1 for every existing article), claims.revision and claims.anchor_state.

Revision ID: 0014_revisions
Revises: 0013_evidence_origin
Create Date: 2026-12-04 02:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_revisions'
down_revision = '0013_evidence_origin'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'article_revisions',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('article_id', sa.Integer(), sa.ForeignKey('articles.id'), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('content_hash', sa.String(64), nullable=False),
        sa.Column('body_start', sa.Integer(), nullable=False),
        sa.Column('body_end', sa.Integer(), nullable=False),
        sa.Column('captured_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('captured_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('how', sa.String(20), nullable=False),
        sa.UniqueConstraint('article_id', 'number'),
    )
    op.create_index('ix_article_revisions_article_id', 'article_revisions', ['article_id'])
    op.create_table(
        'claim_anchors',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('claim_id', sa.Integer(), sa.ForeignKey('claims.id'), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('start_offset', sa.Integer(), nullable=True),
        sa.Column('end_offset', sa.Integer(), nullable=True),
        sa.Column('quote', sa.Text(), nullable=False),
        sa.Column('state', sa.String(12), nullable=False),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('how', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('claim_id', 'revision'),
    )
    op.create_index('ix_claim_anchors_claim_id', 'claim_anchors', ['claim_id'])
    # Plain ADD COLUMNs with a default (no table rebuild on SQLite: other tables point here).
    op.add_column('articles', sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
    op.add_column('claims', sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
    op.add_column('claims', sa.Column('anchor_state', sa.String(12), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('anchor_state')
        batch_op.drop_column('revision')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('revision')
    op.drop_index('ix_claim_anchors_claim_id', table_name='claim_anchors')
    op.drop_table('claim_anchors')
    op.drop_index('ix_article_revisions_article_id', table_name='article_revisions')
    op.drop_table('article_revisions')
