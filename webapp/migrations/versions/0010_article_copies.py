"""Copies: each article's MinHash signature, and the pairs of articles found to share a text

Revision ID: 0010_article_copies
Revises: 0009_attribution_hops
Create Date: 2026-12-04 09:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010_article_copies'
down_revision = '0009_attribution_hops'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'article_signatures',
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('signature', sa.LargeBinary(), nullable=False),
        sa.Column('shingles', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], ),
        sa.PrimaryKeyConstraint('article_id'),
    )
    op.create_index('ix_article_signatures_project_id', 'article_signatures', ['project_id'], unique=False)
    op.create_table(
        'article_copies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('original_id', sa.Integer(), nullable=False),
        sa.Column('copy_id', sa.Integer(), nullable=False),
        sa.Column('share', sa.Float(), nullable=False),
        sa.Column('found_by', sa.String(length=20), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], ),
        sa.ForeignKeyConstraint(['original_id'], ['articles.id'], ),
        sa.ForeignKeyConstraint(['copy_id'], ['articles.id'], ),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('original_id', 'copy_id'),
    )
    for name, columns in (('ix_article_copies_project_id', ['project_id']),
                          ('ix_article_copies_original_id', ['original_id']),
                          ('ix_article_copies_copy_id', ['copy_id']),
                          ('ix_article_copies_project_copy', ['project_id', 'copy_id'])):
        op.create_index(name, 'article_copies', columns, unique=False)


def downgrade():
    op.drop_table('article_copies')
    op.drop_table('article_signatures')
