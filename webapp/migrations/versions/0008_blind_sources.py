"""Sources: who registered each one, and the article whose claim form it was registered from
(a source registered there during blind double review stays hidden like that article's claims)

Revision ID: 0008_blind_sources
Revises: 0007_annotation_imports
Create Date: 2026-12-02 07:15:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_blind_sources'
down_revision = '0007_annotation_imports'
branch_labels = None
depends_on = None

COLUMNS = (('created_by_id', 'users'), ('claim_form_article_id', 'articles'))


def upgrade():
    # Plain ADD COLUMN (the foreign key inline on SQLite) rather than a batch rebuild: rebuilding
    # `sources` on SQLite would drop a table that claims point at. Existing sources get NULL in
    # both: registered before this was recorded, they stay visible to every member as before.
    for column, table in COLUMNS:
        name = f'fk_sources_{column}_{table}'
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE sources ADD COLUMN {column} INTEGER "
                       f"CONSTRAINT {name} REFERENCES {table} (id)")
        else:
            op.add_column('sources', sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(name, 'sources', table, [column], ['id'])
    op.create_index('ix_sources_claim_form_article_id', 'sources', ['claim_form_article_id'])


def downgrade():
    op.drop_index('ix_sources_claim_form_article_id', table_name='sources')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        for column, table in reversed(COLUMNS):
            if op.get_bind().dialect.name != "sqlite":
                batch_op.drop_constraint(f'fk_sources_{column}_{table}', type_='foreignkey')
            batch_op.drop_column(column)
