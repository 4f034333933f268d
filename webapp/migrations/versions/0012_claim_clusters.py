"""Claim clusters: the reports of one claim across articles, with the grade last computed.

Revision ID: 0012_claim_clusters
Revises: 0011_claim_figures
Create Date: 2026-12-03 09:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012_claim_clusters'
down_revision = '0011_claim_figures'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'claim_clusters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('grade', sa.String(length=20), nullable=False),
        sa.Column('grade_reason', sa.Text(), nullable=False),
        sa.Column('reports', sa.Integer(), nullable=False),
        sa.Column('origins', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name='fk_claim_clusters_project_id_projects'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_claim_clusters_created_by_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_claim_clusters'),
    )
    op.create_index('ix_claim_clusters_project_id', 'claim_clusters', ['project_id'])
    op.create_index('ix_claim_clusters_project_grade', 'claim_clusters', ['project_id', 'grade'])
    op.create_table(
        'cluster_members',
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('cluster_id', sa.Integer(), nullable=False),
        sa.Column('admission', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('linked_by_id', sa.Integer(), nullable=False),
        sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name='fk_cluster_members_claim_id_claims'),
        sa.ForeignKeyConstraint(['cluster_id'], ['claim_clusters.id'], name='fk_cluster_members_cluster_id_claim_clusters'),
        sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'], name='fk_cluster_members_linked_by_id_users'),
        sa.PrimaryKeyConstraint('claim_id', name='pk_cluster_members'),
    )
    op.create_index('ix_cluster_members_cluster_id', 'cluster_members', ['cluster_id'])


def downgrade():
    op.drop_index('ix_cluster_members_cluster_id', table_name='cluster_members')
    op.drop_table('cluster_members')
    op.drop_index('ix_claim_clusters_project_grade', table_name='claim_clusters')
    op.drop_index('ix_claim_clusters_project_id', table_name='claim_clusters')
    op.drop_table('claim_clusters')
