"""Suggestions: likely claims pointed out in an article by the rules (the span, its figures,
attribution and hedges, and whether a person accepted or rejected it), and the project's
setting that turns them off.

Revision ID: 0017_suggestions
Revises: 0016_watch_indexes
Create Date: 2026-12-06 22:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0017_suggestions'
down_revision = '0016_watch_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'suggestions',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('project_id', sa.Integer(), sa.ForeignKey('projects.id'), nullable=False),
        sa.Column('article_id', sa.Integer(), sa.ForeignKey('articles.id'), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('start_offset', sa.Integer(), nullable=False),
        sa.Column('end_offset', sa.Integer(), nullable=False),
        sa.Column('quote', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(60), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('attribution_text', sa.Text(), nullable=False),
        sa.Column('speaker', sa.Text(), nullable=False),
        sa.Column('source_type', sa.String(60), nullable=False),
        sa.Column('named', sa.String(60), nullable=False),
        sa.Column('hedging', sa.String(500), nullable=False),
        sa.Column('parts', sa.JSON(), nullable=False),
        sa.Column('language', sa.String(10), nullable=False),
        sa.Column('rules_version', sa.String(20), nullable=False),
        sa.Column('status', sa.String(10), nullable=False),
        sa.Column('claim_id', sa.Integer(), sa.ForeignKey('claims.id'), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_suggestions_article_status', 'suggestions', ['article_id', 'status'])
    op.create_index('ix_suggestions_project_status', 'suggestions', ['project_id', 'status'])
    op.add_column('projects', sa.Column('suggestions_enabled', sa.Boolean(), nullable=False,
                                        server_default=sa.true()))


def downgrade():
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('suggestions_enabled')
    op.drop_index('ix_suggestions_project_status', table_name='suggestions')
    op.drop_index('ix_suggestions_article_status', table_name='suggestions')
    op.drop_table('suggestions')
