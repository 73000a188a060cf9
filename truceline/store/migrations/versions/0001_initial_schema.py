"""Initial schema: documents, merged entities, reports, near-duplicate bands, full-text search.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 22:17:19.469281
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    _create_tables()
    _create_search()


def _create_tables() -> None:
    op.create_table('actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=512), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('wikidata', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors')),
    sa.UniqueConstraint('key', name=op.f('uq_actors_key'))
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_country'), ['country'], unique=False)

    op.create_table('agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=512), nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('parties', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements')),
    sa.UniqueConstraint('key', name=op.f('uq_agreements_key'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreements_subject'), ['subject'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=512), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('canonical_id', sa.Integer(), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('duplicate_reason', sa.Text(), nullable=True),
    sa.Column('signature', sa.LargeBinary(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['canonical_id'], ['documents.id'], name=op.f('fk_documents_canonical_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_documents_content_hash'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_canonical_id'), ['canonical_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)

    op.create_table('acts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('plover', sa.String(length=32), nullable=True),
    sa.Column('cameo', sa.String(length=8), nullable=True),
    sa.Column('conditional', sa.Boolean(), nullable=False),
    sa.Column('ev_start', sa.Integer(), nullable=True),
    sa.Column('ev_end', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_acts_actor_id_actors')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_acts_document_id_documents'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['actors.id'], name=op.f('fk_acts_target_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acts'))
    )
    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_acts_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_acts_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_acts_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_acts_subject'), ['subject'], unique=False)

    op.create_table('agreement_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('parties', sa.JSON(), nullable=False),
    sa.Column('scope', sa.JSON(), nullable=False),
    sa.Column('duration_days', sa.Integer(), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('ev_start', sa.Integer(), nullable=True),
    sa.Column('ev_end', sa.Integer(), nullable=True),
    sa.Column('merge_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'],
                            name=op.f('fk_agreement_reports_agreement_id_agreements')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_agreement_reports_document_id_documents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_reports'))
    )
    with op.batch_alter_table('agreement_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_reports_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_reports_document_id'), ['document_id'], unique=False)

    op.create_table('document_actors',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('local_id', sa.String(length=128), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('merge_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_document_actors_actor_id_actors')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_actors_document_id_documents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'local_id', name=op.f('pk_document_actors'))
    )
    with op.batch_alter_table('document_actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_actors_actor_id'), ['actor_id'], unique=False)

    op.create_table('document_bands',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_bands_document_id_documents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', 'document_id', name=op.f('pk_document_bands'))
    )
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.Integer(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('place_key', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('admin1', sa.String(length=16), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=32), nullable=False),
    sa.Column('target_class', sa.String(length=32), nullable=False),
    sa.Column('weapon', sa.String(length=16), nullable=True),
    sa.Column('perpetrator_id', sa.Integer(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('reports', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['perpetrator_id'], ['actors.id'], name=op.f('fk_incidents_perpetrator_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_perpetrator_id'), ['perpetrator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_place_key'), ['place_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_target_class'), ['target_class'], unique=False)

    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('cue', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('ev_start', sa.Integer(), nullable=True),
    sa.Column('ev_end', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_statements_document_id_documents'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['actors.id'], name=op.f('fk_statements_speaker_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statements'))
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statements_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statements_speaker_id'), ['speaker_id'], unique=False)

    op.create_table('incident_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.Integer(), nullable=True),
    sa.Column('location', sa.JSON(), nullable=True),
    sa.Column('target', sa.String(length=32), nullable=False),
    sa.Column('weapon', sa.String(length=16), nullable=True),
    sa.Column('perpetrator_id', sa.Integer(), nullable=True),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('denied_by', sa.JSON(), nullable=False),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('ev_start', sa.Integer(), nullable=True),
    sa.Column('ev_end', sa.Integer(), nullable=True),
    sa.Column('merge_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['actors.id'], name=op.f('fk_incident_reports_claimed_by_id_actors')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_incident_reports_document_id_documents'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_reports_incident_id_incidents')),
    sa.ForeignKeyConstraint(['perpetrator_id'], ['actors.id'], name=op.f('fk_incident_reports_perpetrator_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_reports'))
    )
    with op.batch_alter_table('incident_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_reports_claimed_by_id'), ['claimed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_reports_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_reports_incident_id'), ['incident_id'], unique=False)



def downgrade() -> None:
    _drop_search()
    with op.batch_alter_table('incident_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_reports_incident_id'))
        batch_op.drop_index(batch_op.f('ix_incident_reports_document_id'))
        batch_op.drop_index(batch_op.f('ix_incident_reports_claimed_by_id'))

    op.drop_table('incident_reports')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statements_speaker_id'))
        batch_op.drop_index(batch_op.f('ix_statements_document_id'))

    op.drop_table('statements')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_target_class'))
        batch_op.drop_index(batch_op.f('ix_incidents_place_key'))
        batch_op.drop_index(batch_op.f('ix_incidents_perpetrator_id'))
        batch_op.drop_index(batch_op.f('ix_incidents_date'))
        batch_op.drop_index(batch_op.f('ix_incidents_country'))

    op.drop_table('incidents')
    op.drop_table('document_bands')
    with op.batch_alter_table('document_actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_actors_actor_id'))

    op.drop_table('document_actors')
    with op.batch_alter_table('agreement_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_reports_document_id'))
        batch_op.drop_index(batch_op.f('ix_agreement_reports_agreement_id'))

    op.drop_table('agreement_reports')
    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acts_subject'))
        batch_op.drop_index(batch_op.f('ix_acts_document_id'))
        batch_op.drop_index(batch_op.f('ix_acts_date'))
        batch_op.drop_index(batch_op.f('ix_acts_actor_id'))

    op.drop_table('acts')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_doc_id'))
        batch_op.drop_index(batch_op.f('ix_documents_canonical_id'))

    op.drop_table('documents')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreements_subject'))

    op.drop_table('agreements')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_country'))

    op.drop_table('actors')


# Full-text search differs by backend; both index the title and the cleaned body.
def _create_search() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5: the text lives once, in documents; triggers keep the index in step.
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
                   "content_rowid='id', tokenize='porter unicode61')")
        op.execute("CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
        op.execute("CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.id, old.title, old.text); END")
        op.execute("CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
                   "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                   "VALUES ('delete', old.id, old.title, old.text); "
                   "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
    else:
        op.execute("ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS ("
                   "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                   "setweight(to_tsvector('english', text), 'B')) STORED")
        op.execute("CREATE INDEX ix_documents_search ON documents USING gin (search)")


def _drop_search() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_documents_search")
        op.execute("ALTER TABLE documents DROP COLUMN IF EXISTS search")
