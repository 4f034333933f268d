"""Watching and proof of capture: article_captures (each fetch as a WARC record with its
SHA-256), article_watches (the schedule of watched articles), articles.removed_at /
removed_reason / attention, claims.anchor_finding / anchor_finding_revision, and the
project's watch and same-address import settings.

Revision ID: 0015_watching
Revises: 0014_revisions
Create Date: 2026-12-06 22:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015_watching'
down_revision = '0014_revisions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'article_captures',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('article_id', sa.Integer(), sa.ForeignKey('articles.id'), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(2000), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('captured_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('how', sa.String(20), nullable=False),
        sa.Column('warc', sa.LargeBinary(), nullable=False),
        sa.Column('warc_sha256', sa.String(64), nullable=False),
        sa.Column('payload_sha256', sa.String(64), nullable=False),
    )
    op.create_index('ix_article_captures_article_id', 'article_captures', ['article_id'])
    op.create_table(
        'article_watches',
        sa.Column('article_id', sa.Integer(), sa.ForeignKey('articles.id'), primary_key=True),
        sa.Column('project_id', sa.Integer(), sa.ForeignKey('projects.id'), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_checked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_changed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('checks', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_result', sa.String(20), nullable=False),
        sa.Column('last_note', sa.Text(), nullable=False),
        sa.Column('started_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
    )
    op.create_index('ix_article_watches_project_id', 'article_watches', ['project_id'])
    op.create_index('ix_article_watches_next_check_at', 'article_watches', ['next_check_at'])
    # Plain ADD COLUMNs with a default (no table rebuild on SQLite: other tables point here).
    op.add_column('articles', sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('articles', sa.Column('removed_reason', sa.Text(), nullable=False, server_default=''))
    op.add_column('articles', sa.Column('attention', sa.String(12), nullable=False, server_default=''))
    op.add_column('claims', sa.Column('anchor_finding', sa.String(12), nullable=False, server_default=''))
    op.add_column('claims', sa.Column('anchor_finding_revision', sa.Integer(), nullable=True))
    op.add_column('projects', sa.Column('watch_new', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('projects', sa.Column('watch_min_minutes', sa.Integer(), nullable=False, server_default='30'))
    op.add_column('projects', sa.Column('watch_max_minutes', sa.Integer(), nullable=False, server_default='10080'))
    op.add_column('projects', sa.Column('watch_per_minute', sa.Integer(), nullable=False, server_default='30'))
    op.add_column('projects', sa.Column('same_url_import', sa.String(10), nullable=False, server_default='revision'))


def downgrade():
    with op.batch_alter_table('projects', schema=None) as batch_op:
        for column in ('same_url_import', 'watch_per_minute', 'watch_max_minutes',
                       'watch_min_minutes', 'watch_new'):
            batch_op.drop_column(column)
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('anchor_finding_revision')
        batch_op.drop_column('anchor_finding')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        for column in ('attention', 'removed_reason', 'removed_at'):
            batch_op.drop_column(column)
    op.drop_index('ix_article_watches_next_check_at', table_name='article_watches')
    op.drop_index('ix_article_watches_project_id', table_name='article_watches')
    op.drop_table('article_watches')
    op.drop_index('ix_article_captures_article_id', table_name='article_captures')
    op.drop_table('article_captures')
