"""Imported annotations: another tool's annotation ids, so that a second import of the same
file makes no second claim

Revision ID: 0007_annotation_imports
Revises: 0006_auth
Create Date: 2026-12-02 07:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_annotation_imports'
down_revision = '0006_auth'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'imported_annotations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('annotation_id', sa.String(length=500), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.Integer(), nullable=True),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name='fk_imported_annotations_project_id_projects'),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'],
                                name='fk_imported_annotations_article_id_articles'),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'],
                                name='fk_imported_annotations_claim_id_claims'),
        sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name='fk_imported_annotations_job_id_jobs'),
        sa.PrimaryKeyConstraint('id', name='pk_imported_annotations'),
        sa.UniqueConstraint('article_id', 'annotation_id',
                            name='uq_imported_annotations_article_id_annotation_id'),
    )
    op.create_index('ix_imported_annotations_project_id', 'imported_annotations', ['project_id'],
                    unique=False)
    op.create_index('ix_imported_annotations_claim_id', 'imported_annotations', ['claim_id'],
                    unique=False)


def downgrade():
    op.drop_index('ix_imported_annotations_claim_id', table_name='imported_annotations')
    op.drop_index('ix_imported_annotations_project_id', table_name='imported_annotations')
    op.drop_table('imported_annotations')
