"""Dashboard snapshots; indexes for the data version, the lists and the outlet choices

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 21:15:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'dashboard_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('filters_key', sa.String(length=1200), nullable=False),
        sa.Column('version', sa.String(length=200), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('seconds', sa.Double(), nullable=False),
        sa.Column('refresh_requested_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('project_id', 'scope', 'filters_key'),
    )
    op.create_index('ix_dashboard_snapshots_project_id', 'dashboard_snapshots', ['project_id'], unique=False)
    op.create_index('ix_claim_events_project_id_id', 'claim_events', ['project_id', 'id'], unique=False)
    op.create_index('ix_article_events_project_id_id', 'article_events', ['project_id', 'id'], unique=False)
    op.create_index('ix_articles_project_captured', 'articles', ['project_id', 'captured_at', 'id'], unique=False)
    op.create_index('ix_articles_project_site', 'articles', ['project_id', 'site_name'], unique=False)
    op.create_index('ix_articles_project_outlet', 'articles', ['project_id', 'original_outlet'], unique=False)
    op.create_index('ix_claims_project_live', 'claims', ['project_id', 'id'], unique=False,
                    postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))


def downgrade():
    op.drop_index('ix_claims_project_live', table_name='claims')
    op.drop_index('ix_articles_project_outlet', table_name='articles')
    op.drop_index('ix_articles_project_site', table_name='articles')
    op.drop_index('ix_articles_project_captured', table_name='articles')
    op.drop_index('ix_article_events_project_id_id', table_name='article_events')
    op.drop_index('ix_claim_events_project_id_id', table_name='claim_events')
    op.drop_index('ix_dashboard_snapshots_project_id', table_name='dashboard_snapshots')
    op.drop_table('dashboard_snapshots')
