"""Alembic environment: the store passes its own connection (see ``truceline.store.db.migrate``).

Run from the command line too: ``alembic -c truceline/store/migrations/alembic.ini -x db=URL upgrade head``.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from truceline.store.schema import include_object, metadata

config = context.config


def _run(connection: sa.Connection) -> None:
    # Batch mode lets later revisions alter tables on SQLite, which has almost no ALTER TABLE.
    context.configure(connection=connection, target_metadata=metadata, include_object=include_object,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database: alembic -x db=URL ...")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
