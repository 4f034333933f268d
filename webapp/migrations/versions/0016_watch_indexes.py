"""Indexes for watching: articles.attention (the queue's "pages that changed or were removed"
reads it for every person's queue; almost every article has none) and
article_watches.last_checked_at (the rate per minute counts the last minute's checks).

Revision ID: 0016_watch_indexes
Revises: 0015_watching
Create Date: 2026-12-06 22:40:00

"""
from alembic import op

revision = '0016_watch_indexes'
down_revision = '0015_watching'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_articles_attention', 'articles', ['attention'])
    op.create_index('ix_article_watches_last_checked_at', 'article_watches', ['last_checked_at'])


def downgrade():
    op.drop_index('ix_article_watches_last_checked_at', table_name='article_watches')
    op.drop_index('ix_articles_attention', table_name='articles')
