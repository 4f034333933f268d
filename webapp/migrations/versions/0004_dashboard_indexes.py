"""Indexes for the dashboard: backlog age, throughput over time, articles by published date

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 19:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_claims_project_status_created', 'claims',
                    ['project_id', 'status', 'created_at'], unique=False)
    op.create_index('ix_claim_events_project_action_created', 'claim_events',
                    ['project_id', 'action', 'created_at'], unique=False)
    op.create_index('ix_articles_project_published', 'articles',
                    ['project_id', 'published_on'], unique=False)


def downgrade():
    op.drop_index('ix_articles_project_published', table_name='articles')
    op.drop_index('ix_claim_events_project_action_created', table_name='claim_events')
    op.drop_index('ix_claims_project_status_created', table_name='claims')
