"""Figures as data: claim_figures (a claim's figures, each bounded, counted, and as written) and
project_vague_terms (each project's table coding vague quantities, seeded with ACLED's
defaults); existing free-text figures are read into rows where every line reads one way

Revision ID: 0011_claim_figures
Revises: 0010_article_copies
Create Date: 2026-12-09 09:00:00

The free-text ``claims.figures`` column is kept as it is, on every claim: it becomes the note
beside the structured figures, so nothing written is lost and a claim whose text could not be
read is still as it was. Reading writes no event in the trail (no person made the change; the
text it was read from is in the trail already) and leaves the claims' versions alone.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011_claim_figures'
down_revision = '0010_article_copies'
branch_labels = None
depends_on = None

# As of this revision (webapp.corroboration.vague_terms may change its defaults later).
ACLED_DEFAULTS = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000}
KINDS = ("exact", "about", "at_least", "more_than", "at_most", "up_to", "range", "vague")
BATCH = 1000


def upgrade():
    op.create_table(
        'claim_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('low', sa.Integer(), nullable=True),
        sa.Column('high', sa.Integer(), nullable=True),
        sa.Column('term', sa.String(length=60), nullable=False),
        sa.Column('counts', sa.String(length=30), nullable=False),
        sa.Column('who', sa.String(length=30), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in KINDS) + ")",
                           name=op.f('ck_claim_figures_kind')),
        sa.CheckConstraint('low IS NULL OR high IS NULL OR low <= high',
                           name=op.f('ck_claim_figures_low_high')),
        sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_figures_claim_id_claims')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_figures')),
        sa.UniqueConstraint('claim_id', 'position', name=op.f('uq_claim_figures_claim_id_position')),
    )
    op.create_index(op.f('ix_claim_figures_claim_id'), 'claim_figures', ['claim_id'], unique=False)
    op.create_table(
        'project_vague_terms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('term', sa.String(length=60), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.CheckConstraint('value >= 0', name=op.f('ck_project_vague_terms_value')),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_project_vague_terms_project_id_projects')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_project_vague_terms')),
        sa.UniqueConstraint('project_id', 'term', name=op.f('uq_project_vague_terms_project_id_term')),
    )
    op.create_index(op.f('ix_project_vague_terms_project_id'), 'project_vague_terms', ['project_id'],
                    unique=False)
    conn = op.get_bind()
    project_ids = [row[0] for row in conn.execute(sa.text("SELECT id FROM projects"))]
    terms = sa.table('project_vague_terms', sa.column('project_id'), sa.column('term'), sa.column('value'))
    if project_ids:
        op.bulk_insert(terms, [{"project_id": p, "term": t, "value": v}
                               for p in project_ids for t, v in ACLED_DEFAULTS.items()])
    _read_free_text(conn)


def _read_free_text(conn) -> None:
    """Each claim's figures text, read with the parser of this release: all its lines or none."""
    from webapp.corroboration.figures import parse_lines
    figures = sa.table('claim_figures', *(sa.column(c) for c in (
        'claim_id', 'position', 'kind', 'low', 'high', 'term', 'counts', 'who', 'text')))
    last_id = 0
    while True:
        rows = conn.execute(sa.text(
            "SELECT id, figures FROM claims WHERE id > :last AND figures <> '' ORDER BY id LIMIT :n"),
            {"last": last_id, "n": BATCH}).all()
        if not rows:
            return
        found = [{"claim_id": claim_id, "position": n, **figure}
                 for claim_id, text in rows
                 for n, figure in enumerate(parse_lines(text, ACLED_DEFAULTS) or [])]
        if found:
            op.bulk_insert(figures, found)
        last_id = rows[-1][0]


def downgrade():
    op.drop_index(op.f('ix_project_vague_terms_project_id'), table_name='project_vague_terms')
    op.drop_table('project_vague_terms')
    op.drop_index(op.f('ix_claim_figures_claim_id'), table_name='claim_figures')
    op.drop_table('claim_figures')
